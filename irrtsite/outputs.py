"""What a renderer returns: one file of the built site, made now or when it is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(slots=True)  # never changed once made (not frozen: made ten thousand times a
class Output:  # build, it is made three times faster without frozen's checks)
    path: str  # posix, relative to the output folder
    data: bytes | None = None  # the file's bytes, or
    source: Path | None = None  # a file to copy byte for byte, or
    make: Callable[[], bytes] | None = None  # what renders the bytes, called when needed
    origin: str = ""  # the content file it was made from, for messages
    key: str = ""  # what its bytes depend on (keys.py); "" when unknown
    # a lazy output that can also write itself straight into a file (search.json: most of
    # it copied from the last one, file to file), always written, never compared first
    stream: Callable[[BinaryIO], None] | None = None
    # ``source`` is a copy the build's cache keeps of a file it wrote (never an editor's
    # file): it may be hard-linked into place, the very file (bytes, size and mtime) the
    # output was when the cache kept it, with no data written again
    linkable: bool = False

    def __post_init__(self) -> None:
        given = (self.data is not None) + (self.source is not None) + (self.make is not None)
        if given != 1:  # (not a sum over a generator: a large site makes thousands)
            raise ValueError(f"output {self.path}: give one of data, a source file or make")

    def bytes(self) -> bytes:
        """The file's bytes (rendered now for a lazy output; read for a copied file)."""
        if self.data is not None:
            return self.data
        if self.make is not None:
            return self.make()
        assert self.source is not None
        return self.source.read_bytes()

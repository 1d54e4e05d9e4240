"""What a renderer returns: one file of the built site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: str  # posix, relative to the output folder
    data: bytes | None = None  # the file's bytes, or
    source: Path | None = None  # a file to copy byte for byte
    origin: str = ""  # the content file it was made from, for messages

    def __post_init__(self) -> None:
        if (self.data is None) == (self.source is None):
            raise ValueError(f"output {self.path}: give either data or a source file")

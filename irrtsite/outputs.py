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

"""How far a build got, on one terminal line redrawn in place (the command line's, for long
builds): "irrtsite: reading files 1,234/5,000 25%", then "irrtsite: rendering...".

The build tells a callback ``(stage, done, total)`` (``total`` 0: a stage without a count);
``ProgressLine`` is that callback for a terminal. It draws nothing in the first ``delay``
seconds (a quick build shows no flicker), redraws at most every ``every`` seconds, and
``clear()`` leaves the line empty for the messages that follow. ``terminal_progress`` gives
one only where someone watches: stderr is a terminal and CI is not set.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

DELAY = 0.3  # seconds before the first line is drawn
EVERY = 0.1  # seconds between two redraws of the same stage


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Progress is for a person at a terminal: not for a pipe, a file, CI or a dumb terminal."""
    return stream.isatty() and not environ.get("CI") and environ.get("TERM") != "dumb"


class ProgressLine:
    def __init__(
        self,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
        delay: float = DELAY,
        every: float = EVERY,
    ) -> None:
        self.stream, self.clock, self.every = stream, clock, every
        self.start = clock() + delay  # nothing is drawn before
        self.drawn_at = float("-inf")
        self.stage = ""
        self.width = 0  # of the line on screen

    @staticmethod
    def text(stage: str, done: int, total: int) -> str:
        if total <= 0:
            return f"irrtsite: {stage}..."
        return f"irrtsite: {stage} {done:,}/{total:,} {100 * done // total}%"

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        new_stage = stage != self.stage
        self.stage = stage
        if now < self.start or (not new_stage and now - self.drawn_at < self.every):
            return
        self.drawn_at = now
        self._show(self.text(stage, done, total))

    def _show(self, text: str) -> None:
        """Back to the start of the line, the text, blanks over the rest of the last one."""
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        """An empty line, the cursor at its start (nothing when nothing was drawn)."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


@contextmanager
def terminal_progress(
    stream: TextIO, environ: Mapping[str, str] = os.environ
) -> Iterator[ProgressLine | None]:
    """A ``ProgressLine`` on ``stream`` when someone watches it (else None), cleared at the
    end, whatever happens, so that the messages after it start on an empty line."""
    line = ProgressLine(stream, delay=DELAY, every=EVERY) if wanted(stream, environ) else None
    try:
        yield line
    finally:
        if line is not None:
            line.clear()

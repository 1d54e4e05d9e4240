"""Problems found in content, each with the file and line it belongs to, and the
ways writing the output folder can stop.

Every stage collects problems into a list instead of stopping at the first;
the CLI prints them all as ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .text import visible


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as shown to the editor, relative to the content folder's parent
    line: int  # 1-based; 0 when the problem is about the file as a whole (shown as 1)
    message: str
    warning: bool = False

    def __str__(self) -> str:
        """``path:line: message``, invisible characters escaped (``text.visible``): a file
        name or value holding one reads as wrong as it is."""
        where = f"{visible(self.path)}:{self.line or 1}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{visible(self.message)}"


class ContentError(Exception):
    """Raised by a stage when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """The output folder cannot be used safely (a refusal, not a content mistake)."""


class PartialWrite(KeyboardInterrupt):
    """Ctrl-C after the output folder began to change: some files are new, some still old.

    Raised instead of the plain KeyboardInterrupt, which means the folder was not changed.
    Still a KeyboardInterrupt, so nothing that catches Exception swallows it. The marker
    already lists every file, old and new, so the next build finishes the job.
    """

    def __init__(self, output: Path, replaced: int, removed: int) -> None:
        self.output = output
        self.replaced = replaced  # files renamed into place before the interrupt
        self.removed = removed  # files removed before it
        super().__init__(
            f"interrupted while updating {output}: {replaced} files replaced, {removed} removed"
        )


#: How much of a value a message quotes.
QUOTE_LIMIT = 80


def shorten(value: str, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as a message shows it: its first ``limit`` characters, then "…" if longer."""
    return value if len(value) <= limit else value[:limit] + "…"


def quoted(value: str, limit: int = QUOTE_LIMIT) -> str:
    """``value`` in quotes for a message, shortened (``shorten``)."""
    return f"'{shorten(value, limit)}'"


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def as_errors(problems: list[Problem]) -> list[Problem]:
    """Every problem as an error: what ``--strict`` makes of warnings."""
    return [replace(p, warning=False) for p in problems]


def count(n: int, noun: str) -> str:
    """ "1 error", "2 errors": how messages count problems."""
    return f"{n} {noun}{'s' * (n != 1)}"

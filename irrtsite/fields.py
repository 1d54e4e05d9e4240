"""Closed, typed front matter: each read checks one field; unknown keys are errors.

A ``Fields`` wraps one file's mapping. Each accessor returns a clean value (or
None) and records a problem at the key's line when the value is wrong, so that
every mistake in a file is reported at once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Problem
from .languages import normalize_code, valid_language_code
from .yamlload import TimeLike

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s:/<>\"']+@[^@\s:/<>\"']+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", re.I)
MAX_LIST = 50  # entries in a list field (tags, authors, ...): more is a mistake
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
YEARS = (1900, 2199)  # dates outside are typing mistakes (and overflow near year 1 or 9999)


def zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        return None
    if name in _NOT_ZONES or name.startswith(("posix/", "right/")):
        return None  # files of the machine's zone database, not zones an editor means
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def describe(value) -> str:
    """How an editor would call a value of the wrong type."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, TimeLike):
        return "a time-like value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _yaml_text(value) -> str:
    """A value as the editor wrote it (numbers keep their spelling: 1.10, not 1.1)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return getattr(value, "text", None) or str(value)


class Fields:
    """The front matter of one file, read field by field."""

    def __init__(self, meta: dict, lines: dict, path: str, problems: list[Problem]):
        self.meta, self.lines, self.path = meta, lines, path
        self.problems = problems
        self.used: set[str] = set()

    # -- bookkeeping ------------------------------------------------------
    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key) if key else 1, message))

    def warn(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key) if key else 1, message, True))

    def raw(self, key: str, required: bool = False):
        self.used.add(key)
        value = self.meta.get(key)
        if value is None and required:
            if key in self.meta:
                self.error(key, f"'{key}' has no value: fill it in")
            else:
                self.error(None, f"missing required field '{key}': add a line '{key}: ...'")
        return value

    def finish(self) -> None:
        """Report every key that no accessor asked for."""
        known = sorted(self.used)
        for key in self.meta:
            if key not in self.used:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = (
                    f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(known)}"
                )
                self.error(key, f"unknown field '{key}'{hint}")

    # -- scalars ----------------------------------------------------------
    def _clean_text(self, key: str, value: str) -> str:
        cleaned = _CONTROL.sub("", value)
        if cleaned != value:
            self.warn(key, f"control characters removed from '{key}'")
        return unicodedata.normalize("NFC", cleaned).strip()

    def _as_text(self, key: str, value) -> str | None:
        if isinstance(value, (list, dict)):
            self.error(key, f"'{key}' expected text, got {describe(value)}")
            return None
        if isinstance(value, TimeLike) or not isinstance(value, str):
            self.error(
                key,
                f"'{key}' expected text, got {describe(value)}: quote it, "
                f'e.g. {key}: "{_yaml_text(value)}"',
            )
            return None
        return self._clean_text(key, value)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        text = self._as_text(key, value)
        if text == "" and required:
            self.error(key, f"'{key}' must not be empty")
            return None
        return text

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
            self.error(
                key,
                f"'{key}' expected true or false, got '{_yaml_text(value)}'"
                + (": write it without quotes" if quoted else ""),
            )
            return default
        return value

    def integer(self, key: str, required: bool = False, minimum: int | None = None) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"'{key}' expected a whole number, got '{_yaml_text(value)}'")
            return None
        if minimum is not None and value < minimum:
            self.error(key, f"'{key}' must be {minimum} or more, got {_yaml_text(value)}")
            return None
        return int(value)

    def choice(self, key: str, options: tuple[str, ...], required: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or value not in options:
            self.error(
                key, f"'{key}' must be one of {', '.join(options)}; got '{_yaml_text(value)}'"
            )
            return None
        return value

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of text; a single text value counts as a list of one."""
        value = self.raw(key, required)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            text = self._as_text(key, item)
            if text:
                out.append(text)
            elif text == "":
                self.error(key, f"'{key}' has an empty entry")
        if required and not out and isinstance(value, list) and not value:
            self.error(key, f"'{key}' is an empty list: give at least one")
        if len(out) > MAX_LIST:
            self.error(key, f"'{key}' has {len(out)} entries: at most {MAX_LIST} are allowed")
            return tuple(out[:MAX_LIST])
        return tuple(out)

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value and not _URL.match(value):
            self.error(key, f"'{key}' expected a web address starting with https://, got '{value}'")
            return None
        return value

    def url_or_email(self, key: str) -> str | None:
        value = self.text(key)
        if not value:
            return None
        address = value[7:] if value.lower().startswith("mailto:") else value
        if _EMAIL.match(address):
            return "mailto:" + address
        if _URL.match(value):
            return value
        self.error(
            key, f"'{key}' expected an e-mail address or a web address (https://...), got '{value}'"
        )
        return None

    def language(self, key: str, default: str) -> str:
        value = self.raw(key)
        if value is None:
            return default
        text = self._as_text(key, value)
        if text is None:
            return default
        if not valid_language_code(text):
            self.error(
                key,
                f"'{key}' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): '{text}'",
            )
            return default
        return normalize_code(text)

    def timezone(self, key: str, default: str) -> str:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str) or zone(value) is None:
            self.error(
                key,
                f"'{key}' is not an IANA time zone (e.g. America/Chicago): '{_yaml_text(value)}'",
            )
            return default
        return value

    def moment(self, key: str, tz: str, required: bool = False) -> datetime | None:
        """A date or date-time as an aware datetime.

        A plain date is midnight of that day in ``tz``; a naive date-time is in
        ``tz``; an offset date-time must match ``tz``'s offset at that instant
        when ``tz`` was given explicitly (``readers`` checks that).
        """
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or isinstance(value, TimeLike):
            self.error(
                key,
                f"'{key}' expected a date like 2026-09-15 or a date-time like "
                f"2026-09-15T18:30:00, got {describe(value)}",
            )
            return None
        text = value.strip()
        try:
            if _DATE.match(text):
                moment = datetime.combine(date.fromisoformat(text), time(), ZoneInfo(tz))
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            if re.match(r"^\d{4}-\d{2}-\d{2}", text):
                self.error(key, f"'{key}' is not a real date or time: '{text}'")
            else:
                self.error(
                    key,
                    f"'{key}' expected a date like 2026-09-15 or a date-time like "
                    f"2026-09-15T18:30:00, got '{text}'",
                )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(tz))
        if not YEARS[0] <= moment.year <= YEARS[1]:
            self.error(
                key, f"'{key}' must be between the years {YEARS[0]} and {YEARS[1]}, got '{text}'"
            )
            return None
        return moment

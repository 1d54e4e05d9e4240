"""Closed, typed front matter: each read checks one field; unknown keys are errors.

A ``Fields`` wraps one file's mapping. Each accessor returns a clean value (or
None, or its default) and records a problem at the key's line when the value is
wrong, so that every mistake in a file is reported at once.

The checks themselves are plain functions below the class: each takes the key and
the value as YAML gave it, returns the clean value, or raises ``_Wrong`` with the
message the editor sees.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from functools import partial
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Problem
from .languages import normalize_code, valid_language_code
from .markup import hide_emails
from .text import EMAIL, clean, parse_url
from .yamlload import TimeLike, YamlValue, as_written, describe

#: What the warning about an e-mail address in a free-text field advises, but in a listing.
EMAIL_HINT = (
    "fields are published in feeds and the search index; write the address in the text, "
    "as a link, if it is meant to be public"
)
MAX_LIST = 50  # entries in a list field (tags, authors, ...): more is a mistake
YEARS = (1900, 2199)  # dates outside are typing mistakes (and overflow near year 1 or 9999)
_URL = re.compile(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[Tt ])(\d:\d.*)$")
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

V = TypeVar("V")
T = TypeVar("T")
D = TypeVar("D")


class _Wrong(Exception):
    """A value that is not what its field needs; the message is what the editor reads."""


class Fields:
    """The front matter of one file, read field by field."""

    def __init__(
        self,
        meta: Mapping[str, YamlValue],
        lines: Mapping[str, int],
        path: str,
        problems: list[Problem],
    ) -> None:
        self.meta, self.lines, self.path = meta, lines, path
        self.problems = problems
        self.used: set[str] = set()
        self.email_hint = EMAIL_HINT  # what the e-mail warning advises (a listing: 'contact')
        self.emailed: set[str] = set()  # the fields already warned about

    # -- bookkeeping: where each key is, which keys were read, what was wrong -----------
    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key) if key else 1, message))

    def warn(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key) if key else 1, message, True))

    def raw(self, key: str, required: bool = False) -> YamlValue:
        """The value as YAML gave it (None when absent); a missing required key is an error.

        A value between curly quotes (“...”, pasted from a word processor) is read as if
        it were between straight ones, with a warning.
        """
        first = key not in self.used
        self.used.add(key)
        value = self._uncurl(key, self.meta.get(key), first)
        if value is None and required:
            if key in self.meta:
                self.error(key, f"'{key}' has no value: fill it in")
            else:
                self.error(None, f"missing required field '{key}': add a line '{key}: ...'")
        return value

    def _uncurl(self, key: str, value: YamlValue, warn: bool) -> YamlValue:
        """``value`` (or each of its entries) without its curly quotes; a warning saying what
        to type instead when ``warn``."""
        entries = value if isinstance(value, list) else [value]
        inner = [uncurled(entry) for entry in entries]
        if inner == [None] * len(entries):
            return value
        clean = [
            entry if text is None else text for entry, text in zip(entries, inner, strict=True)
        ]
        if warn:
            typed = ", ".join(_straight(entry) for entry in clean)
            typed = f"[{typed}]" if isinstance(value, list) else typed
            self.warn(
                key,
                f"'{key}' is between curly quotes (“ ” or ‘ ’), which YAML does not take "
                f"for quotes: write {key}: {typed}",
            )
        return clean if isinstance(value, list) else clean[0]

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

    def _check(self, key: str, value: V, check: Callable[[str, V], T], wrong: D) -> T | D:
        """``check(key, value)``; when it raises _Wrong, the error at ``key`` and ``wrong``."""
        try:
            return check(key, value)
        except _Wrong as problem:
            self.error(key, str(problem))
            return wrong

    def _read(
        self, key: str, check: Callable[[str, YamlValue], T], default: D, required: bool = False
    ) -> T | D:
        """The value of ``key`` through ``check``; ``default`` when it is absent or wrong."""
        value = self.raw(key, required)
        return default if value is None else self._check(key, value, check, default)

    def _clean_text(self, key: str, value: YamlValue) -> str:
        """Text, NFC-normalised and stripped; a warning when control characters go."""
        text = _as_text(key, value)
        cleaned = clean(text)
        if cleaned != text:
            self.warn(key, f"control characters removed from '{key}'")
        return unicodedata.normalize("NFC", cleaned).strip()

    def no_email(self, key: str, value: str) -> str:
        """``value`` with every e-mail address shown as "[e-mail]", and a warning at ``key``'s
        line: the one way addresses are kept out of what is published as text (free-text
        fields of every type; a listing's body: readers._listing_body)."""
        hidden = hide_emails(value)
        place = f"'{key}'"
        if hidden != value and place not in self.emailed:  # one warning per field
            self.emailed.add(place)
            self.warn(key, f"e-mail address in {place} shown as [e-mail]: {self.email_hint}")
        return hidden

    def _language(self, key: str, value: YamlValue) -> str:
        return _as_language(key, self._clean_text(key, value))

    # -- scalars ------------------------------------------------------------------------
    def text(self, key: str, required: bool = False) -> str | None:
        """Free text (a title, a summary, a name): e-mail addresses hidden (``no_email``)."""
        text = self.address(key, required)
        return text if text is None else self.no_email(key, text)

    def address(self, key: str, required: bool = False) -> str | None:
        """Text that is an address (a web address, base_url): read as written."""
        text = self._read(key, self._clean_text, None, required)
        if text == "" and required:
            self.error(key, f"'{key}' must not be empty")
            return None
        return text

    def boolean(self, key: str, default: bool = False) -> bool:
        return self._read(key, _as_boolean, default)

    def integer(self, key: str, required: bool = False, minimum: int | None = None) -> int | None:
        return self._read(key, partial(_as_integer, minimum=minimum), None, required)

    def choice(self, key: str, options: tuple[str, ...], required: bool = False) -> str | None:
        return self._read(key, partial(_as_choice, options=options), None, required)

    def language(self, key: str, default: str) -> str:
        return self._read(key, self._language, default)

    def timezone(self, key: str, default: str) -> str:
        return self._read(key, _as_timezone, default)

    def moment(self, key: str, tz: str, required: bool = False) -> datetime | None:
        """A date or date-time as an aware datetime (see ``_as_moment``)."""
        return self._read(key, partial(_as_moment, tz=tz), None, required)

    def url(self, key: str) -> str | None:
        value = self.address(key)
        return self._check(key, value, _as_url, None) if value else value

    def url_or_email(self, key: str) -> str | None:
        value = self.address(key)
        return self._check(key, value, _as_url_or_email, None) if value else None

    # -- lists --------------------------------------------------------------------------
    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of text; a single text value counts as a list of one."""
        value = self.raw(key, required)
        if value is None:
            return ()
        out = []
        for item in value if isinstance(value, list) else [value]:
            text = self._check(key, item, self._clean_text, None)
            if text:
                out.append(self.no_email(key, text))
            elif text == "":
                self.error(key, f"'{key}' has an empty entry")
        if required and value == []:
            self.error(key, f"'{key}' is an empty list: give at least one")
        if len(out) > MAX_LIST:
            self.error(key, f"'{key}' has {len(out)} entries: at most {MAX_LIST} are allowed")
        return tuple(out[:MAX_LIST])


# -- the checks: a value as YAML gave it -> a clean value, or _Wrong ------------------------

#: Curly quotes a word processor puts around a value in place of the straight ones YAML reads.
CURLY = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c"}


def _straight(value: YamlValue) -> str:
    """A value as it is best typed: text in straight quotes; yes/no values and numbers
    without (in quotes, they would be text)."""
    if not isinstance(value, str):
        return as_written(value)
    plain = value.strip()
    if plain.lower() in ("true", "false") or re.fullmatch(r"[-+]?\d+(\.\d+)?", plain):
        return plain.lower()
    return f'"{value}"'


def uncurled(value: YamlValue) -> str | None:
    """The text between a value's curly quotes (“...”, ‘...’), or None if it has none."""
    if not isinstance(value, str) or isinstance(value, TimeLike) or len(value) < 2:
        return None
    closing = CURLY.get(value[0])
    if not closing or value[-1] not in (closing, "\u201d"):
        return None
    inner = value[1:-1]
    return None if value[0] in inner or value[-1] in inner else inner  # “A” and “B”


def _as_text(key: str, value: YamlValue) -> str:
    if isinstance(value, (list, dict)):
        raise _Wrong(f"'{key}' expected text, got {describe(value)}")
    if isinstance(value, TimeLike) or not isinstance(value, str):
        raise _Wrong(
            f"'{key}' expected text, got {describe(value)}: quote it, "
            f'e.g. {key}: "{as_written(value)}"'
        )
    return value


def _as_boolean(key: str, value: YamlValue) -> bool:
    if isinstance(value, bool):
        return value
    quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
    raise _Wrong(
        f"'{key}' expected true or false, got '{as_written(value)}'"
        + (": write it without quotes" if quoted else "")
    )


def _as_integer(key: str, value: YamlValue, minimum: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Wrong(f"'{key}' expected a whole number, got '{as_written(value)}'")
    if minimum is not None and value < minimum:
        raise _Wrong(f"'{key}' must be {minimum} or more, got {as_written(value)}")
    return int(value)


def _as_choice(key: str, value: YamlValue, options: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in options:
        raise _Wrong(f"'{key}' must be one of {', '.join(options)}; got '{as_written(value)}'")
    return value


def _as_language(key: str, text: str) -> str:
    if not valid_language_code(text):
        raise _Wrong(
            f"'{key}' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): '{text}'"
        )
    return normalize_code(text)


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


def _as_timezone(key: str, value: YamlValue) -> str:
    if not isinstance(value, str) or zone(value) is None:
        raise _Wrong(
            f"'{key}' is not an IANA time zone (e.g. America/Chicago): '{as_written(value)}'"
        )
    return value


def _as_moment(key: str, value: YamlValue, tz: str) -> datetime:
    """A date or date-time as an aware datetime.

    A plain date is midnight of that day in ``tz``; a naive date-time is in
    ``tz``; an offset date-time must match ``tz``'s offset at that instant
    when ``tz`` was given explicitly (``readers`` checks that).
    """
    expected = f"'{key}' expected a date like 2026-09-15 or a date-time like 2026-09-15T18:30:00"
    if not isinstance(value, str) or isinstance(value, TimeLike):
        raise _Wrong(f"{expected}, got {describe(value)}")
    text = value.strip()
    try:
        if _DATE.match(text):
            result = datetime.combine(date.fromisoformat(text), time(), ZoneInfo(tz))
        else:
            result = datetime.fromisoformat(text)
    except ValueError:
        hour = _ONE_DIGIT_HOUR.match(text)
        if hour:
            fixed = f"{hour[1]}0{hour[2]}"
            raise _Wrong(
                f"'{key}' needs two digits for the hour: write {fixed}, not {text}"
            ) from None
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            raise _Wrong(f"'{key}' is not a real date or time: '{text}'") from None
        raise _Wrong(f"{expected}, got '{text}'") from None
    if result.tzinfo is None:
        result = result.replace(tzinfo=ZoneInfo(tz))
    if not YEARS[0] <= result.year <= YEARS[1]:
        raise _Wrong(f"'{key}' must be between the years {YEARS[0]} and {YEARS[1]}, got '{text}'")
    return result


def _web_address(text: str) -> bool:
    """An http(s) address with a host a browser can read (``text.parse_url``)."""
    parts = parse_url(text) if _URL.match(text) else None
    return parts is not None and bool(parts.hostname)


def _as_url(key: str, text: str) -> str:
    if not _web_address(text):
        raise _Wrong(f"'{key}' expected a web address starting with https://, got '{text}'")
    return text


def _as_url_or_email(key: str, text: str) -> str:
    """An e-mail address as "mailto:address" (with or without "mailto:"), or a web address."""
    email = EMAIL.fullmatch(text)
    if email:
        return "mailto:" + email["address"]
    if _web_address(text):
        return text
    raise _Wrong(f"'{key}' expected an e-mail address or a web address (https://...), got '{text}'")

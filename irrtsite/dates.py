"""Dates and times in the reader's conventions, from CLDR (Babel).

``en`` reads "June 25, 2027" and, for an event, "Friday, June 25, 2027, 6:00 – 8:00 PM CDT";
``es`` "viernes, 25 de junio de 2027, 18:00–20:00 CDT"; ``zh-Hans``, ``fr``, ``ar``... each in
its own order, words and clock (12 or 24 hours, as the locale's short time format has it).
Month and day names, patterns and range separators all come from CLDR; nothing is written
here by hand.

A time zone is named by its tz-database abbreviation when it has one of letters ("CDT",
"EST", "BST", "UTC"), else by CLDR's GMT format in the reader's language ("GMT+08:00",
"UTC−03:00"). An event whose two ends fall on different sides of a change of clocks names
the zone at each end ("1:30 AM CDT – 3:30 AM CST").

A language Babel does not know is shown in the conventions of its base language, else of
English (``date_lang`` says which, for the ``lang`` attribute).

Every function is pure; results are cached by value (the local wall time, its offset and
abbreviation, the locale), never by the instant alone: two equal ``datetime``s in
different zones read differently.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import (
    DateTimePattern,
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_date_format,
    get_timezone_gmt,
)

FALLBACK = "en"

Wall = tuple[datetime, timedelta, str]  # naive local time, its UTC offset, its abbreviation


@lru_cache(maxsize=256)
def date_lang(lang: str) -> str:
    """The language whose conventions dates in ``lang`` are shown in: ``lang`` itself, else
    its base language ("xx" of "xx-YY"), else English."""
    for code in (lang, lang.split("-")[0]):
        try:
            Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
        return code
    return FALLBACK


@lru_cache(maxsize=256)
def _locale(lang: str) -> Locale:
    return Locale.parse(date_lang(lang), sep="-")


def month_names(lang: str = FALLBACK) -> tuple[str, ...]:
    """The twelve month names as a date in ``lang`` writes them ("January"..., "enero"...)."""
    return tuple(str(_locale(lang).months["format"]["wide"][m]) for m in range(1, 13))


def date_pattern(lang: str = FALLBACK) -> str:
    """CLDR's pattern of ``long_date`` in ``lang``: "MMMM d, y", "d 'de' MMMM 'de' y"..."""
    return str(_locale(lang).date_formats["long"].pattern)


MONTHS = month_names(FALLBACK)  # "January"...


def _wall(moment: datetime) -> Wall:
    offset = moment.utcoffset() or timedelta(0)
    return moment.replace(tzinfo=None), offset, moment.tzname() or ""


def long_date(moment: datetime, tz: str | None = None, lang: str = FALLBACK) -> str:
    """'June 25, 2027' in ``lang`` (the day in ``tz`` when given, else in the moment's zone)."""
    if tz:
        moment = moment.astimezone(ZoneInfo(tz))
    return _long_date(moment.date(), lang)


@lru_cache(maxsize=4096)
def _long_date(day: date, lang: str) -> str:
    return str(_long_pattern(lang).apply(day, _locale(lang)))  # what format_date(day, "long") does


@lru_cache(maxsize=256)
def _long_pattern(lang: str) -> DateTimePattern:
    """CLDR's long date pattern of ``lang``, parsed once (a tag's page shows hundreds of dates)."""
    return get_date_format("long", locale=_locale(lang))


def month_year(moment: datetime, lang: str = FALLBACK) -> str:
    """'September 2026' in ``lang``."""
    return format_skeleton("yMMMM", moment.replace(tzinfo=None), locale=_locale(lang))


def _clock(locale: Locale) -> str:
    """The skeleton of hours and minutes on the locale's clock: 'hm' (12 h) or 'Hm' (24 h)."""
    return "Hm" if "H" in str(locale.time_formats["short"].pattern) else "hm"


def zone_name(moment: datetime, lang: str = FALLBACK) -> str:
    return _zone_name(_wall(moment), lang)


@lru_cache(maxsize=1024)
def _zone_name(wall: Wall, lang: str) -> str:
    local, offset, abbreviation = wall
    if abbreviation.isascii() and abbreviation.isalpha():
        return abbreviation
    fixed = local.replace(tzinfo=timezone(offset))
    return str(get_timezone_gmt(fixed, "long", locale=_locale(lang)))


def event_when(start: datetime, end: datetime, lang: str = FALLBACK) -> str:
    """When an event takes place, in ``lang``, in the event's zone (``start``'s):
    'Friday, June 25, 2027, 6:00 – 8:00 PM CDT'; over several days, a range of dates
    and times; across a change of clocks, the zone at each end."""
    if start.tzinfo is not None:
        end = end.astimezone(start.tzinfo)
    return _event_when(_wall(start), _wall(end), lang)


@lru_cache(maxsize=4096)
def _event_when(start: Wall, end: Wall, lang: str) -> str:
    locale = _locale(lang)
    clock = _clock(locale)
    fallback = str(locale.interval_formats[None])  # "{0} – {1}"
    joined = str(locale.datetime_formats["full"])  # "{1}, {0}": date, then time
    first, last = start[0], end[0]
    same_zone = start[1:] == end[1:]

    def time(wall: Wall, zone: bool) -> str:
        text = format_time(wall[0], "short", locale=locale)
        return f"{text} {_zone_name(wall, lang)}" if zone else text

    def full(wall: Wall, zone: bool) -> str:
        day = format_date(wall[0].date(), "full", locale=locale)
        return joined.replace("{1}", day).replace("{0}", time(wall, zone))

    if first.date() == last.date():
        day = format_date(first.date(), "full", locale=locale)
        if same_zone:
            hours = f"{format_interval(first, last, clock, locale=locale)} {_zone_name(end, lang)}"
        else:
            hours = fallback.replace("{0}", time(start, True)).replace("{1}", time(end, True))
        return joined.replace("{1}", day).replace("{0}", hours)
    return fallback.replace("{0}", full(start, not same_zone)).replace("{1}", full(end, True))


def iso(moment: datetime) -> str:
    return moment.isoformat()

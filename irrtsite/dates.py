"""Dates as readers everywhere understand them: 22 November 2026, 18:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(moment: datetime, tz: str | None = None) -> str:
    """'22 November 2026' (in ``tz`` when given)."""
    if tz:
        moment = moment.astimezone(ZoneInfo(tz))
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def month_year(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.year}"


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def event_when(start: datetime, end: datetime) -> str:
    """'Friday 25 June 2027, 18:00–19:30 CDT' or a span over several days."""
    zone = start.tzname() or ""
    if start.date() == end.date():
        day = f"{DAYS[start.weekday()]} {long_date(start)}"
        return f"{day}, {clock(start)}–{clock(end)} {zone}".strip()
    return (
        f"{DAYS[start.weekday()]} {long_date(start)}, {clock(start)} – "
        f"{DAYS[end.weekday()]} {long_date(end)}, {clock(end)} {end.tzname() or ''}"
    ).strip()


def iso(moment: datetime) -> str:
    return moment.isoformat()

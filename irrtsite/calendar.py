"""The events calendar (RFC 5545): ``events/calendar.ics`` and one ``events/<slug>.ics`` each.

UID from the source file. DTSTAMP is when the event's text last changed by its own dates
(``updated``, else ``published``) when that is not after the build's now, else when the site
last published something (``routes.last_published``: a content date, so a rebuild later the
same day gives the same bytes); never the event's start (a date in the future). Times keep
the event's IANA zone (TZID).

Every file carries, for each TZID it uses, the same VTIMEZONE: one span of whole years for the
whole site (from the first year any event starts to the year after the last one ends), so a
client that keeps the first definition of a TZID it meets (vobject does) reads every file
right. icalendar escapes text and folds lines at 75 octets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone, vText
from icalendar import Event as VEvent

from . import markup, urls
from .config import Config
from .keys import Fingerprint
from .models import Event
from .outputs import Output
from .routes import last_published
from .site import Site

DESCRIPTION_LIMIT = 1000  # characters of body text in DESCRIPTION


@dataclass(frozen=True)
class Span:
    """The years every VTIMEZONE of the site covers: [first, last)."""

    first: date
    last: date


def site_span(events: Sequence[Event]) -> Span | None:
    """From 1 January of the first year an event starts to 1 January after the last one ends."""
    if not events:
        return None
    return Span(
        date(min(e.start.year for e in events), 1, 1),
        date(max(e.end.year for e in events) + 1, 1, 1),
    )


def render_calendars(site: Site, fp: Fingerprint | None = None) -> list[Output]:
    """events/calendar.ics with every published event, and one .ics per event."""
    fp = fp or Fingerprint()
    names, span, now = site.tag_names, site_span(site.events), site.now
    quiet = last_published(site.items(), now)
    stamps = tuple(dtstamp(e, now, quiet) for e in site.events)
    modified = tuple(last_modified(e, now) for e in site.events)
    whole = partial(calendar, site.config, site.events, names, span, stamps, modified)
    outputs = [
        Output(
            urls.EVENTS_CALENDAR,
            make=whole,
            key=fp.of("calendar", site.events, names, span, stamps, modified),
        )
    ]
    for event, stamp, changed in zip(site.events, stamps, modified, strict=True):
        outputs.append(
            Output(
                urls.event_ics(event.slug),
                make=partial(calendar, site.config, (event,), names, span, (stamp,), (changed,)),
                key=fp.of("calendar", event, names, span, stamp, changed),
            )
        )
    return outputs


def last_modified(event: Event, now: datetime) -> datetime | None:
    """The event's LAST-MODIFIED: its ``updated``, unless after now."""
    return event.updated if event.updated is not None and event.updated <= now else None


def calendar(
    config: Config,
    events: Sequence[Event],
    names: dict[str, str],
    span: Span | None,
    stamps: Sequence[datetime],
    modified: Sequence[datetime | None],
) -> bytes:
    """One VCALENDAR holding ``events`` (in the order given, each with its DTSTAMP from
    ``stamps`` and LAST-MODIFIED from ``modified``), with their VTIMEZONEs first."""
    cal = Calendar()
    cal.add("prodid", f"-//irrtsite//{_host(config)}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = vText(f"{config.title}: Events")  # icalendar would leave these unescaped
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    for event, stamp, changed in zip(events, stamps, modified, strict=True):
        cal.add_component(vevent(config, event, names, stamp, changed))
    cal.subcomponents[:0] = timezones(cal, span)
    data: bytes = cal.to_ical()
    return data


def timezones(cal: Calendar, span: Span | None) -> list[Timezone]:
    """A VTIMEZONE for every TZID the events use, by name, each over the site's span (so the
    same in every file, and independent of the build date)."""
    if span is None:
        return []
    return [
        Timezone.from_tzid(tzid, first_date=span.first, last_date=span.last)
        for tzid in sorted(cal.get_used_tzids())
    ]


def dtstamp(event: Event, now: datetime, quiet: datetime) -> datetime:
    """When the event's text last changed (``updated``, else ``published``) when not after
    now, else ``quiet``, when the site last published something
    (``routes.last_published``); in UTC."""
    known = [d for d in (event.updated, event.published) if d is not None and d <= now]
    return max(known, default=quiet).astimezone(UTC)


def vevent(
    config: Config,
    event: Event,
    names: dict[str, str],
    stamp: datetime,
    modified: datetime | None,
) -> VEvent:
    v = VEvent()
    v.add("uid", event_uid(config, event.rel))
    v.add("dtstamp", stamp)
    if modified is not None:
        v.add("last-modified", modified.astimezone(UTC))
    v.add("dtstart", event.start)
    v.add("dtend", event.end)
    v.add("summary", event.title, parameters={"LANGUAGE": event.lang})
    place = ", ".join(p for p in (event.location, event.city) if p)
    if place:
        v.add("location", place)
    v.add("url", urls.absolute(config, event.url))
    text = description(event)
    if text:
        v.add("description", text, parameters={"LANGUAGE": event.lang})
    categories = [names[s] for s in event.tag_slugs if s in names]
    if categories:
        v.add("categories", categories)
    return v


def event_uid(config: Config, rel: str) -> str:
    """``events/annual-2027-reception.md@irrt.example.org`` (base path, if any, in front)."""
    return f"{config.base_path[1:]}{rel}@{_host(config)}"


def description(event: Event) -> str:
    """The summary, then the body as plain text, cut at a word near DESCRIPTION_LIMIT."""
    body = markup.excerpt(event.text, DESCRIPTION_LIMIT)
    return "\n\n".join(part for part in (event.summary, body) if part)


def _host(config: Config) -> str:
    return urlsplit(config.base_url).hostname or "localhost"

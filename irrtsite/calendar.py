"""The events calendar (RFC 5545): ``events/calendar.ics`` and one ``events/<slug>.ics`` each.

Every value comes from the content, never from the clock, so an unchanged event keeps the
same bytes from one build to the next: UID from the source file, DTSTAMP from ``updated``
(else the start), in UTC. Times keep the event's IANA zone (TZID) and each zone used gets a
VTIMEZONE covering the calendar's years. icalendar escapes text and folds lines at 75 octets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date
from functools import partial
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone, vText
from icalendar import Event as VEvent

from . import markup, urls
from .config import Config
from .keys import Fingerprint
from .models import Event
from .outputs import Output
from .site import Site

DESCRIPTION_LIMIT = 1000  # characters of body text in DESCRIPTION


def render_calendars(site: Site, fp: Fingerprint | None = None) -> list[Output]:
    """events/calendar.ics with every published event, and one .ics per event."""
    fp = fp or Fingerprint()
    names = site.tag_names
    outputs = [
        Output(
            urls.EVENTS_CALENDAR,
            make=partial(calendar, site.config, site.events, names),
            key=fp.of("calendar", site.events, names),
        )
    ]
    for event in site.events:
        outputs.append(
            Output(
                urls.event_ics(event.slug),
                make=partial(calendar, site.config, (event,), names),
                key=fp.of("calendar", event, names),
            )
        )
    return outputs


def calendar(config: Config, events: Sequence[Event], names: dict[str, str]) -> bytes:
    """One VCALENDAR holding ``events`` (in the order given), with their VTIMEZONEs first."""
    cal = Calendar()
    cal.add("prodid", f"-//irrtsite//{_host(config)}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = vText(f"{config.title}: Events")  # icalendar would leave these unescaped
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(vevent(config, event, names))
    cal.subcomponents[:0] = timezones(cal, events)
    data: bytes = cal.to_ical()
    return data


def timezones(cal: Calendar, events: Sequence[Event]) -> list[Timezone]:
    """A VTIMEZONE for every TZID the events use, by name, covering whole years around them
    (derived from the events, so the bytes do not depend on the build date)."""
    if not events:
        return []
    first = date(min(e.start.year for e in events), 1, 1)
    last = date(max(e.end.year for e in events) + 1, 1, 1)
    return [
        Timezone.from_tzid(tzid, first_date=first, last_date=last)
        for tzid in sorted(cal.get_used_tzids())
    ]


def vevent(config: Config, event: Event, names: dict[str, str]) -> VEvent:
    v = VEvent()
    v.add("uid", event_uid(config, event.rel))
    v.add("dtstamp", (event.updated or event.start).astimezone(UTC))
    if event.updated:
        v.add("last-modified", event.updated.astimezone(UTC))
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

"""The iCalendar files: instants across zones and DST, VTIMEZONEs, UIDs, folding, escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import NOW
from icalendar import Calendar, vText

from irrtsite.calendar import render_calendars
from irrtsite.errors import errors_only
from irrtsite.loader import load_site

UTC = UTC
LONG_AR = " ".join(
    ["اجتماع لجنة المكتبات الشقيقة لمناقشة الشراكات الجديدة بين المكتبات العامة"] * 3
)
LONG_ZH = "乡村图书馆的阅读推广活动与国际合作交流会议" * 6


def event(
    title: str,
    start: str,
    end: str,
    zone: str | None = None,
    extra: str = "",
    body: str = "Body text.",
) -> str:
    tz = f"timezone: {zone}\n" if zone else ""
    return f'---\ntitle: "{title}"\nstart: {start}\nend: {end}\n{tz}{extra}---\n{body}\n'


FILES = {
    "events/la.md": event(
        "Evening in LA",
        "2026-11-30T18:00:00",
        "2026-11-30T20:00:00",
        "America/Los_Angeles",
        "location: Room 5, Hall B\ncity: Los Angeles\nsummary: Come along.\n"
        "tags: [Sister libraries, Online]\n",
    ),
    "events/before-dst.md": event(
        "Before DST", "2027-03-13T10:00:00", "2027-03-13T11:00:00", "America/New_York"
    ),
    "events/after-dst.md": event(
        "After DST", "2027-03-15T10:00:00", "2027-03-15T11:00:00", "America/New_York"
    ),
    "events/tokyo.md": event(
        "Reception, dinner; talk \\\\ more",
        "2027-01-10T19:00:00",
        "2027-01-10T21:00:00",
        "Asia/Tokyo",
    ),
    "events/utc.md": event("UTC call", "2027-02-01T15:00:00Z", "2027-02-01T16:00:00Z", "UTC"),
    "events/past.md": event(
        "Long ago",
        "2025-06-28T13:00:00",
        "2025-06-28T14:00:00",
        extra="updated: 2025-07-01T09:30:00\n",
    ),
    "events/long.md": event(
        LONG_AR,
        "2027-05-01T10:00:00",
        "2027-05-01T12:00:00",
        "Asia/Riyadh",
        f"location: {LONG_ZH}\ncity: 北京\nlang: ar\n",
        body=LONG_ZH * 20,
    ),
    "events/hidden.md": event(
        "Draft", "2027-01-01T10:00:00", "2027-01-01T11:00:00", extra="draft: true\n"
    ),
}


@pytest.fixture
def calendars(make_content):
    def make(changes: dict | None = None, now: datetime = NOW, name: str = "content"):
        content = make_content({**FILES, **(changes or {})}, name=name)
        site, problems = load_site(content, now)
        assert site is not None and not errors_only(problems), problems
        outputs = render_calendars(site)
        assert len({o.path for o in outputs}) == len(outputs)
        return {o.path: o.bytes() for o in outputs}

    return make


def vevents(data: bytes) -> dict[str, object]:
    """{SUMMARY: VEVENT} of a calendar file."""
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def utc(component, key: str) -> datetime:
    return component.decoded(key).astimezone(UTC)


def test_files_for_every_published_event(calendars):
    built = calendars()
    slugs = ["after-dst", "before-dst", "la", "long", "past", "tokyo", "utc"]
    assert sorted(built) == sorted(["events/calendar.ics", *(f"events/{s}.ics" for s in slugs)])
    assert len(vevents(built["events/calendar.ics"])) == len(slugs)  # past ones too, no draft
    for slug in slugs:
        assert len(Calendar.from_ical(built[f"events/{slug}.ics"]).walk("VEVENT")) == 1


def test_calendar_properties(calendars):
    cal = Calendar.from_ical(calendars()["events/calendar.ics"])
    assert str(cal["VERSION"]) == "2.0" and str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["PRODID"]).startswith("-//irrtsite//")
    assert vText.from_ical(str(cal["X-WR-CALNAME"])) == "Test Round Table: Events"


def test_instant_across_time_zones(calendars):
    built = calendars()
    la = vevents(built["events/calendar.ics"])["Evening in LA"]
    assert utc(la, "DTSTART") == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=America/Los_Angeles:20261130T180000\r\n" in built["events/la.ics"]
    tokyo = vevents(built["events/calendar.ics"])["Reception, dinner; talk \\ more"]
    assert utc(tokyo, "DTSTART") == datetime(2027, 1, 10, 10, 0, tzinfo=UTC)
    call = vevents(built["events/calendar.ics"])["UTC call"]
    assert utc(call, "DTEND") == datetime(2027, 2, 1, 16, 0, tzinfo=UTC)


def test_instants_across_a_daylight_saving_change(calendars):
    found = vevents(calendars()["events/calendar.ics"])
    gap = utc(found["After DST"], "DTSTART") - utc(found["Before DST"], "DTSTART")
    assert gap == timedelta(hours=47)


def test_vtimezone_for_every_tzid_and_it_agrees_with_the_zone(calendars):
    for path, data in calendars().items():
        cal = Calendar.from_ical(data)
        defined = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
        assert cal.get_used_tzids() == set(defined), path
        for ev in cal.walk("VEVENT"):
            start = ev.decoded("DTSTART")
            tzid = ev["DTSTART"].params.get("TZID")
            if tzid:  # the VTIMEZONE alone gives the same instant as the IANA zone
                own = start.replace(tzinfo=defined[tzid].to_tz(lookup_tzid=False))
                assert own.astimezone(UTC) == start.astimezone(UTC), (path, tzid)
    assert b"TZID:America/New_York" in calendars()["events/calendar.ics"]


def test_uids_unique_and_stable_after_title_edit(calendars):
    before = {str(e["UID"]) for e in vevents(calendars()["events/calendar.ics"]).values()}
    assert len(before) == 7 and "events/la.md@irrt.example.org" in before
    edited = calendars(
        {
            "events/la.md": event(
                "A new name", "2026-11-30T19:00:00", "2026-11-30T20:00:00", "America/Los_Angeles"
            )
        },
        name="edited",
    )
    after = vevents(edited["events/calendar.ics"])
    assert {str(e["UID"]) for e in after.values()} == before
    assert str(after["A new name"]["UID"]) == "events/la.md@irrt.example.org"


def test_lines_folded_at_75_octets_without_splitting_characters(calendars):
    for path, data in calendars().items():
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines)
        for line in lines:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # each physical line is whole UTF-8
    long = vevents(calendars()["events/long.ics"])[LONG_AR]
    assert str(long["LOCATION"]) == f"{LONG_ZH}, 北京"
    assert long["SUMMARY"].params["LANGUAGE"] == "ar"


def test_text_escaped_and_round_trips(calendars):
    built = calendars()
    assert (
        b"SUMMARY;LANGUAGE=en:Reception\\, dinner\\; talk \\\\ more\r\n"
        in built["events/tokyo.ics"]
    )
    la = vevents(built["events/la.ics"])["Evening in LA"]
    assert str(la["LOCATION"]) == "Room 5, Hall B, Los Angeles"
    assert str(la["DESCRIPTION"]) == "Come along.\n\nBody text."
    assert str(la["URL"]) == "https://irrt.example.org/events/la/"
    assert [str(c) for c in la["CATEGORIES"].cats] == ["Sister libraries", "Online"]  # as tagged


def test_long_description_is_cut(calendars):
    long = vevents(calendars()["events/long.ics"])[LONG_AR]
    text = str(long["DESCRIPTION"])
    assert len(text) <= 1010 and text.endswith("…")


def test_dtstamp_is_the_contents_last_change_or_the_sites_last_news_never_the_start(calendars):
    first = calendars(
        {
            "events/announced.md": event(
                "Announced", "2027-04-01T10:00:00", "2027-04-01T11:00:00",
                extra="published: 2026-10-01\nupdated: 2027-01-01\n",  # updated: in the future
            )
        }
    )  # fmt: skip
    for data in first.values():
        for ev in Calendar.from_ical(data).walk("VEVENT"):
            stamp = utc(ev, "DTSTAMP")
            assert stamp.tzinfo is not None and stamp <= NOW
            assert stamp != utc(ev, "DTSTART")
    found = vevents(first["events/calendar.ics"])
    assert utc(found["Long ago"], "DTSTAMP") == datetime(2025, 7, 1, 14, 30, tzinfo=UTC)  # updated
    assert utc(found["Long ago"], "LAST-MODIFIED") == datetime(2025, 7, 1, 14, 30, tzinfo=UTC)
    announced = found["Announced"]
    assert utc(announced, "DTSTAMP") == datetime(2026, 10, 1, 5, 0, tzinfo=UTC)  # published
    assert "LAST-MODIFIED" not in announced  # a change dated after now is not shown
    # no date of its own: when the site last published something ("Announced", announced)
    assert utc(found["Evening in LA"], "DTSTAMP") == datetime(2026, 10, 1, 5, 0, tzinfo=UTC)
    # on a later day no file changes while no date of the content falls between
    base = calendars(name="base")
    later = calendars(now=NOW + timedelta(days=3), name="later")
    assert later == base
    assert later["events/past.ics"] == first["events/past.ics"]
    last_news = utc(vevents(base["events/past.ics"])["Long ago"], "DTSTART")  # its start
    assert utc(vevents(later["events/la.ics"])["Evening in LA"], "DTSTAMP") == last_news


def _all_vtimezones(built: dict[str, bytes]) -> dict[str, set[bytes]]:
    """TZID -> the distinct VTIMEZONEs defining it, over every file."""
    found: dict[str, set[bytes]] = {}
    for data in built.values():
        for tz in Calendar.from_ical(data).walk("VTIMEZONE"):
            found.setdefault(str(tz["TZID"]), set()).add(tz.to_ical())
    return found


def test_one_identical_vtimezone_per_zone_in_every_file(calendars):
    built = calendars()
    found = _all_vtimezones(built)
    assert sorted(found) == [
        "America/Chicago", "America/Los_Angeles", "America/New_York", "Asia/Riyadh", "Asia/Tokyo",
    ]  # fmt: skip
    assert all(len(versions) == 1 for versions in found.values()), found.keys()
    for data in built.values():  # and the same bytes in the file, not only once parsed
        for versions in found.values():
            definition = next(iter(versions))
            tzid = Calendar.from_ical(definition)["TZID"]
            if f"TZID={tzid}:".encode() in data:
                assert definition in data


def test_a_client_keeping_the_first_vtimezone_it_reads_gets_every_instant(calendars):
    """vobject keeps the first definition of a TZID over all the files it reads: each event
    of each file, read with the zone of the first file, is still at its true instant."""
    built = calendars(
        {  # a zone used in two years: the files of different years must agree
            "events/ny-2025.md": event(
                "NY 2025", "2025-11-02T10:00:00", "2025-11-02T11:00:00", "America/New_York"
            ),
            "events/ny-2028.md": event(
                "NY 2028", "2028-07-04T10:00:00", "2028-07-04T11:00:00", "America/New_York"
            ),
        }
    )
    kept: dict[str, object] = {}
    checked = 0
    for path in sorted(built, key=lambda p: (p != "events/ny-2025.ics", p)):
        cal = Calendar.from_ical(built[path])
        for tz in cal.walk("VTIMEZONE"):
            kept.setdefault(str(tz["TZID"]), tz.to_tz(lookup_tzid=False))  # not by name
        for ev in cal.walk("VEVENT"):
            for key in ("DTSTART", "DTEND"):
                tzid = ev[key].params.get("TZID")
                if tzid:
                    moment = ev.decoded(key)
                    read = moment.replace(tzinfo=kept[tzid])
                    assert read.astimezone(UTC) == moment.astimezone(UTC), (path, key)
                    checked += 1
    assert checked >= 2 * 9
    summer = vevents(built["events/ny-2028.ics"])["NY 2028"]
    assert utc(summer, "DTSTART") == datetime(2028, 7, 4, 14, 0, tzinfo=UTC)  # EDT
    autumn = vevents(built["events/ny-2025.ics"])["NY 2025"]
    assert utc(autumn, "DTSTART") == datetime(2025, 11, 2, 15, 0, tzinfo=UTC)  # EST that day


def test_no_events_still_gives_a_calendar(make_content):
    site, _ = load_site(make_content({"pages/about.md": "---\ntitle: About\n---\nHi"}), NOW)
    outputs = render_calendars(site)
    assert [o.path for o in outputs] == ["events/calendar.ics"]
    assert Calendar.from_ical(outputs[0].bytes()).walk("VEVENT") == []


def test_the_sample_sites_calendars_agree_on_every_zone(sample_site):
    built = {p.name: p.read_bytes() for p in (sample_site / "events").glob("*.ics")}
    assert len(built) > 5
    found = _all_vtimezones(built)
    assert "America/Chicago" in found and all(len(v) == 1 for v in found.values()), found.keys()
    for data in built.values():
        for ev in Calendar.from_ical(data).walk("VEVENT"):
            assert utc(ev, "DTSTAMP") <= NOW and utc(ev, "DTSTAMP") != utc(ev, "DTSTART")

"""Dates and times as readers see them: CLDR conventions of the page's language (Babel),
time-zone abbreviations from the tz database, a zone at each end across a change of clocks,
date ranges, conference labels; machine dates (``datetime``, feeds, calendars) stay ISO."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import NOW, SITE_YAML, html, write_tree
from icalendar import Calendar

from irrtsite import dates

THIN, NARROW = "\u2009", "\u202f"  # CLDR's spaces around a range's dash and before AM/PM


def post(lang: str, title: str) -> str:
    return (
        f"---\ntitle: {title}\nauthor: Ana\ndate: 2026-09-15T10:00:00\nlang: {lang}\n"
        "updated: 2026-10-02\n---\nText.\n"
    )


def event(title: str, start: str, end: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nstart: {start}\nend: {end}\ntimezone: America/Chicago\n"
        f"{extra}---\nBody.\n"
    )


FILES = {
    "blog/2026-09-15-en.md": post("en", "English post"),
    "blog/2026-09-15-es.md": post("es", "Entrada"),
    "blog/2026-09-15-fr.md": post("fr", "Billet"),
    "blog/2026-09-15-ar.md": post("ar", "تدوينة"),
    "blog/2026-09-15-zh.md": post("zh-Hans", "博文"),
    "leads/2026-09/index.md": "---\nvolume: 40\nnumber: 3\ndate: 2026-09-15\n---\nNote.\n",
    "leads/2026-09/salas.es.md": "---\ntitle: Salas\nauthor: Rosa\noriginal: true\n---\nTexto.\n",
    "leads/2026-09/salas.ar.md": "---\ntitle: قاعات\nauthor: روزا\n---\nنص.\n",
    "leads/2026-09/salas.zh-Hans.md": "---\ntitle: 阅览室\nauthor: 罗莎\n---\n文字。\n",
    "leads/2026-09/salas.fr.md": "---\ntitle: Salles\nauthor: Rosa\n---\nTexte.\n",
    "events/orientation.md": event(
        "Orientation", "2027-06-25T18:00:00", "2027-06-25T20:00:00", "conference: annual\n"
    ),
    "events/orientacion.md": event(
        "Orientación",
        "2027-06-25T18:00:00",
        "2027-06-25T20:00:00",
        "lang: es\npublished: 2026-01-10\n",
    ),
    # the clocks go back at 02:00 CDT on 1 November 2026: 01:30 CDT to 03:30 CST is 3 hours
    "events/night.md": event("Night", "2026-11-01T01:30:00-05:00", "2026-11-01T03:30:00-06:00"),
    "events/retreat.md": event("Retreat", "2027-06-25T18:00:00", "2027-06-27T20:00:00"),
    "events/llx.md": event(
        "LibLearnX reception",
        "2027-01-22T18:00:00",
        "2027-01-22T19:30:00",
        "conference: liblearnx\n",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from irrtsite.pipeline import build

    root = tmp_path_factory.mktemp("dates")
    write_tree(root / "content", {"site.yaml": SITE_YAML, **FILES})
    build(root / "content", root / "out", NOW)
    return root / "out"


def shown(element) -> str:
    """The text exactly as written (no space folded: CLDR's thin spaces are part of it)."""
    return element.text_content()


# -- the functions ------------------------------------------------------------------------


CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2027, 6, 25, 18, 0, tzinfo=CHICAGO)
END = datetime(2027, 6, 25, 20, 0, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", f"Friday, June 25, 2027, 6:00{THIN}–{THIN}8:00{NARROW}PM CDT"),
        ("es", "viernes, 25 de junio de 2027, 18:00–20:00 CDT"),
        ("fr", f"vendredi 25 juin 2027, 18:00{THIN}–{THIN}20:00 CDT"),
        ("ar", "الجمعة، 25 يونيو 2027، 6:00–8:00 م CDT"),
        ("zh-Hans", "2027年6月25日星期五 18:00–20:00 CDT"),
    ],
)
def test_an_evening_in_each_language(lang, expected):
    assert dates.event_when(START, END, lang) == expected


@pytest.mark.parametrize(
    ("zone", "june", "january"),
    [
        ("America/New_York", "EDT", "EST"),
        ("America/Chicago", "CDT", "CST"),
        ("America/Denver", "MDT", "MST"),
        ("America/Phoenix", "MST", "MST"),
        ("America/Los_Angeles", "PDT", "PST"),
        ("America/Anchorage", "AKDT", "AKST"),
        ("Pacific/Honolulu", "HST", "HST"),
        ("Europe/London", "BST", "GMT"),
        ("UTC", "UTC", "UTC"),
    ],
)
def test_us_zones_read_as_their_abbreviations(zone, june, january):
    tz = ZoneInfo(zone)
    assert dates.zone_name(datetime(2027, 6, 25, 18, tzinfo=tz)) == june
    assert dates.zone_name(datetime(2027, 1, 25, 18, tzinfo=tz)) == january


def test_a_zone_without_a_lettered_abbreviation_reads_as_its_offset():
    moment = datetime(2027, 3, 1, 10, tzinfo=ZoneInfo("America/Sao_Paulo"))  # tz: "-03"
    assert dates.zone_name(moment, "en") == "GMT-03:00"
    assert dates.zone_name(moment, "fr") == "UTC-03:00"


def test_same_instant_in_two_zones_is_not_one_cached_text():
    new_york = START.astimezone(ZoneInfo("America/New_York"))
    assert new_york == START  # equal instants, so a cache keyed on them would mix them up
    assert dates.event_when(new_york, END, "en").endswith(f"7:00{THIN}–{THIN}9:00{NARROW}PM EDT")
    assert dates.event_when(START, END, "en").endswith(f"6:00{THIN}–{THIN}8:00{NARROW}PM CDT")


def test_an_unknown_language_falls_back_to_its_base_then_english():
    assert dates.date_lang("es-419") == "es-419"
    assert dates.date_lang("fr-XX") == "fr"
    assert dates.date_lang("tlh") == "en"
    assert dates.long_date(START, lang="tlh") == "June 25, 2027"


def test_month_names_come_from_cldr():
    assert dates.MONTHS[0] == "January" and dates.MONTHS[11] == "December"
    assert dates.month_year(START, "es") == "junio de 2027"


# -- what pages show ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "lang", "published"),
    [
        ("en", "en", "September 15, 2026"),
        ("es", "es", "15 de septiembre de 2026"),
        ("fr", "fr", "15 septembre 2026"),
        ("ar", "ar", "15 سبتمبر 2026"),
        ("zh", "zh-Hans", "2026年9月15日"),
    ],
)
def test_a_post_page_dates_itself_in_its_language(site, slug, lang, published):
    doc = html(site / f"blog/2026/09/{slug}/index.html")
    first, updated = doc.xpath("//main//p[@class='meta']//time")
    assert shown(first) == published
    assert first.get("datetime") == "2026-09-15T10:00:00-05:00"  # ISO, unchanged
    assert first.get("lang") is None  # in the page's own language
    # "updated <date>" is a site-language phrase: its date too
    assert shown(updated) == "October 2, 2026"
    assert updated.get("datetime") == "2026-10-02T00:00:00-05:00"
    if lang != "en":
        assert updated.xpath("ancestor::span[@lang='en']")


@pytest.mark.parametrize(
    ("lang", "published"),
    [
        ("es", "15 de septiembre de 2026"),
        ("fr", "15 septembre 2026"),
        ("ar", "15 سبتمبر 2026"),
        ("zh-hans", "2026年9月15日"),
    ],
)
def test_a_leads_article_dates_itself_in_its_language(site, lang, published):
    doc = html(site / f"leads/2026-09/salas/{lang}/index.html")
    (time,) = doc.xpath("//main//header//time")
    assert shown(time) == published
    assert time.get("datetime") == "2026-09-15T00:00:00-05:00"


def test_arabic_page_stays_right_to_left_with_its_date(site):
    doc = html(site / "leads/2026-09/salas/ar/index.html")
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    (time,) = doc.xpath("//main//header//time")
    assert time.get("lang") is None and shown(time) == "15 سبتمبر 2026"


def test_listings_date_every_item_in_the_site_language(site):
    doc = html(site / "blog/index.html")
    cards = {c.xpath("string(.//h2)"): c for c in doc.xpath("//main//article")}
    for title in ("Entrada", "Billet", "تدوينة", "博文", "English post"):
        (time,) = cards[title].xpath(".//time")
        assert shown(time) == "September 15, 2026", title
        assert time.get("lang") == ("en" if title != "English post" else None)
    assert cards["تدوينة"].xpath(".//time/@dir") == ["ltr"]


def test_event_page_in_english_and_in_spanish(site):
    doc = html(site / "events/orientation/index.html")
    (time,) = doc.xpath("//dl//time")
    assert shown(time) == f"Friday, June 25, 2027, 6:00{THIN}–{THIN}8:00{NARROW}PM CDT"
    assert time.get("datetime") == "2027-06-25T18:00:00-05:00"
    doc = html(site / "events/orientacion/index.html")
    (time,) = doc.xpath("//dl//time")
    assert shown(time) == "viernes, 25 de junio de 2027, 18:00–20:00 CDT"
    assert time.get("lang") is None and time.get("datetime") == "2027-06-25T18:00:00-05:00"


def test_an_event_across_the_change_of_clocks_names_both_zones(site):
    doc = html(site / "events/night/index.html")
    (time,) = doc.xpath("//dl//time")
    assert (
        shown(time)
        == f"Sunday, November 1, 2026, 1:30{NARROW}AM CDT{THIN}–{THIN}3:30{NARROW}AM CST"
    )


def test_an_event_over_several_days_shows_a_range_of_dates(site):
    doc = html(site / "events/retreat/index.html")
    (time,) = doc.xpath("//dl//time")
    assert shown(time) == (
        f"Friday, June 25, 2027, 6:00{NARROW}PM{THIN}–{THIN}Sunday, June 27, 2027, 8:00{NARROW}PM CDT"
    )


def test_events_listing_in_the_site_language_and_liblearnx_under_its_own_name(site):
    doc = html(site / "events/index.html")
    groups = {
        s.xpath("string(h3)"): s
        for s in doc.xpath("//section[@aria-labelledby='h-upcoming']/section")
    }
    # groups in the order of their first event (orientacion, "other", sorts before orientation)
    assert list(groups) == ["ALA LibLearnX 2027", "Other events 2027", "ALA Annual Conference 2027"]
    assert [a.text for a in groups["ALA LibLearnX 2027"].xpath(".//h4/a")] == [
        "LibLearnX reception"
    ]
    card = next(
        c for c in doc.xpath("//main//article") if c.xpath("string(.//h4)") == "Orientación"
    )
    (time,) = card.xpath(".//time")
    assert shown(time) == f"Friday, June 25, 2027, 6:00{THIN}–{THIN}8:00{NARROW}PM CDT"
    assert time.get("lang") == "en"
    page = html(site / "events/llx/index.html")
    assert "ALA LibLearnX" in page.xpath("string(//dl)")
    assert "Midwinter" not in page.xpath("string(//main)")


def test_feeds_and_calendars_keep_machine_dates(site):
    feed = feedparser.parse((site / "events/atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Orientación")
    assert entry.published == entry.updated == "2026-01-10T00:00:00-06:00"  # its `published`
    cal = Calendar.from_ical((site / "events/orientacion.ics").read_bytes())
    (vevent,) = cal.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert start == datetime(2027, 6, 25, 18, tzinfo=ZoneInfo("America/Chicago"))
    assert start.utcoffset() is not None


def test_the_site_language_from_site_yaml_dates_the_listings(make_content, build):
    content = make_content(
        {
            "blog/2026-09-15-en.md": post("en", "English post"),
            "leads/2026-09/index.md": "---\nvolume: 1\nnumber: 1\ndate: 2026-09-15\n---\nNota.\n",
        },
        site_yaml=SITE_YAML + "language: es\n",
    )
    out = build(content)
    (time,) = html(out / "blog/index.html").xpath("//main//article//time")
    assert shown(time) == "15 de septiembre de 2026" and time.get("lang") == "es"
    # the English post's own page: its date in English
    first = html(out / "blog/2026/09/en/index.html").xpath("//main//p[@class='meta']//time")[0]
    assert shown(first) == "September 15, 2026" and first.get("lang") is None
    # an issue without a title is named by its month, in its language
    assert (
        html(out / "leads/2026-09/index.html")
        .xpath("string(//h1)")
        .strip()
        .endswith("septiembre de 2026")
    )

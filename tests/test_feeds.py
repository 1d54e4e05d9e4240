"""RSS and Atom feeds: ids, links, dates, order, language, escaping, determinism."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from conftest import NOW, SITE_YAML, html, snapshot
from lxml import etree
from lxml import html as lxml_html

from irrtsite import cache, pipeline
from irrtsite.errors import errors_only
from irrtsite.feeds import absolute_links, render_feeds
from irrtsite.loader import load_site

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")

POST = """---
title: {title}
author: [Ana Lima, Bo Chen]
date: {date}
summary: Proposals are open.
tags: [Call for proposals, Sister libraries]
---
Read [the poster page](/events/poster/), see ![A poster](/static/p.png),
[this note](#note), [elsewhere](https://other.example.net/x) and [up](../).
"""

FILES = {
    "blog/2026-06-15-call.md": POST.format(title="Call for posters", date="2026-06-15T09:00:00"),
    "blog/2026-10-05-story.md": """---
title: "<script>x</script> & friends"
author: Sister Libraries Committee
date: 2026-10-05
tags: [Bibliotecas Públicas]
---
A story.
""",
    "blog/2026-12-01-future.md": """---
title: Not yet
author: Someone
date: 2026-12-01
tags: [Future only, Call for proposals]
---
Later.
""",
    "blog/2026-09-01-hidden.md": """---
title: Hidden
author: Someone
date: 2026-09-01
draft: true
tags: [Draft only]
---
Draft.
""",
    "events/meetup.md": """---
title: Online meetup
start: 2026-11-30T18:00:00
end: 2026-11-30T19:00:00
timezone: America/Los_Angeles
conference: online
location: Zoom
published: 2026-11-02T10:00:00
summary: Meet the committee.
tags: [Sister libraries]
---
Bring questions.
""",
    "events/unannounced.md": """---
title: Not announced yet
start: 2027-06-27T10:00:00
end: 2027-06-27T11:00:00
tags: [Unannounced only, Sister libraries]
---
Later.
""",
    "events/talk.md": """---
title: A past talk
start: 2026-10-20T14:00:00
end: 2026-10-20T15:00:00
---
Held.
""",
    "blog/2026-08-01-arabic.md": """---
title: مكتبات عامة
author: Mariam Haddad
date: 2026-08-01
lang: ar
updated: 2027-01-15
---
نص **المقال**.
""",
    "leads/2026-09/index.md": """---
volume: 40
number: 3
date: 2026-09-15
editors: [Mariam Haddad]
---
Editor's note.
""",
    "leads/2026-09/reading.en.md": """---
title: Reading rooms
author: Rosa Huamán
---
English text.
""",
    "leads/2026-09/reading.es.md": """---
title: Salas de lectura
author: Rosa Huamán
original: true
tags: [bibliotecas publicas]
---
Texto en español.
""",
    "sisters/fjord.md": """---
library: Fjord Library
country: NO
city: Stavanger
type: public
status: seeking
contact: "mailto:librarian@fjord.example.no"
listed: 2023-04-12
---
A library by the fjord.
""",
    "pages/about.md": """---
title: About
tags: [Page only]
---
About us.
""",
}


@pytest.fixture
def feeds(make_content):
    """Build FILES (plus changes) into {path: bytes} of every feed."""

    def make(
        changes: dict | None = None,
        now: datetime = NOW,
        site_yaml: str = SITE_YAML,
        name: str = "content",
    ) -> dict[str, bytes]:
        content = make_content({**FILES, **(changes or {})}, site_yaml=site_yaml, name=name)
        site, problems = load_site(content, now)
        assert site is not None and not errors_only(problems), problems
        outputs = render_feeds(site)
        assert len({o.path for o in outputs}) == len(outputs)
        return {o.path: o.bytes() for o in outputs}

    return make


def parse(data: bytes):
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _shown(detail) -> str:
    """What a reader shows of a feedparser value: HTML parsed (no element may appear), text as
    it is."""
    if detail.type != "text/html":
        return detail.value
    root = lxml_html.fragment_fromstring(detail.value, create_parent="div")
    assert [e.tag for e in root.iter()] == ["div"], detail.value  # no element, no attribute
    return root.text_content()


def ids(data: bytes) -> list[str]:
    return [e.id for e in parse(data).entries]


FOLDERS = ("", "blog/", "events/", "leads/", "sisters/")


def test_every_feed_exists_and_parses(feeds):
    built = feeds()
    for folder in FOLDERS:
        for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
            assert parse(built[folder + name]).version == version


def test_entries_have_id_absolute_link_and_dated_offset(feeds):
    for path, data in feeds().items():
        parsed = parse(data)
        entry_ids = [e.id for e in parsed.entries]
        assert len(entry_ids) == len(set(entry_ids)), path
        for entry in parsed.entries:
            assert entry.id.startswith("tag:irrt.example.org,2026:"), path
            assert entry.link.startswith("https://irrt.example.org/"), path
            assert entry.published_parsed is not None
            if path.endswith("atom.xml"):
                assert OFFSET.search(entry.published), entry.published
                assert OFFSET.search(entry.updated), entry.updated
            else:
                assert re.search(r" [+-]\d{4}$", entry.published), entry.published


def test_whole_site_feed_has_all_dated_items_but_no_pages(feeds):
    entry_ids = ids(feeds()["atom.xml"])
    assert sorted(i.split(":", 2)[2] for i in entry_ids) == [
        "blog/2026-06-15-call.md",
        "blog/2026-08-01-arabic.md",
        "blog/2026-10-05-story.md",
        "events/meetup.md",
        "events/talk.md",
        "leads/2026-09/index.md",
        "leads/2026-09/reading.en.md",
        "leads/2026-09/reading.es.md",
        "sisters/fjord.md",
    ]


def test_ids_do_not_change_when_title_or_date_change(feeds):
    before = feeds()
    after = feeds(
        {"blog/2026-06-15-call.md": POST.format(title="A new title", date="2026-06-15T17:45:00")},
        name="edited",
    )
    for folder in ("", "blog/"):
        for name in ("feed.xml", "atom.xml"):
            assert sorted(ids(before[folder + name])) == sorted(ids(after[folder + name]))
    assert "A new title" in [e.title for e in parse(after["blog/atom.xml"]).entries]


def test_newest_first(feeds):
    for path, data in feeds().items():
        stamps = [e.published_parsed for e in parse(data).entries]
        assert stamps == sorted(stamps, reverse=True), path


def test_language_on_feed_and_entries(feeds):
    built = feeds()
    assert parse(built["feed.xml"]).feed.language == "en"
    atom = etree.fromstring(built["leads/atom.xml"])
    assert atom.get(XML_LANG) == "en"
    langs = {e.findtext(ATOM + "title"): e.get(XML_LANG) for e in atom.iter(ATOM + "entry")}
    assert langs["Salas de lectura"] == "es" and langs["Reading rooms"] == "en"
    rss = etree.fromstring(built["leads/feed.xml"])
    rss_langs = [i.findtext("{http://purl.org/dc/elements/1.1/}language") for i in rss.iter("item")]
    assert sorted(rss_langs) == ["en", "en", "es"]
    # feedparser sees them too: xml:lang (Atom) and dc:language (RSS)
    assert sorted(e.title_detail.language for e in parse(built["leads/atom.xml"]).entries) == [
        "en",
        "en",
        "es",
    ]
    assert sorted(e.language for e in parse(built["leads/feed.xml"]).entries) == ["en", "en", "es"]


def test_self_links(feeds):
    built = feeds()
    atom = etree.fromstring(built["blog/atom.xml"])
    assert (
        atom.find(ATOM + "link[@rel='self']").get("href")
        == "https://irrt.example.org/blog/atom.xml"
    )
    rss = etree.fromstring(built["blog/feed.xml"])
    assert (
        rss.find(f"channel/{ATOM}link[@rel='self']").get("href")
        == "https://irrt.example.org/blog/feed.xml"
    )


def _content_links(data: bytes, url_part: str) -> list[str]:
    entry = next(e for e in parse(data).entries if url_part in e.link)
    html = entry.content[0].value
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_links_inside_content_are_absolute(feeds):
    built = feeds()
    for name in ("feed.xml", "atom.xml"):
        links = _content_links(built["blog/" + name], "call")
        assert links == [
            "https://irrt.example.org/events/poster/",
            "https://irrt.example.org/static/p.png",
            "https://irrt.example.org/blog/2026/06/call/#note",
            "https://other.example.net/x",
            "https://irrt.example.org/blog/2026/06/",
        ]


def test_links_under_a_base_path(feeds):
    built = feeds(
        site_yaml=SITE_YAML.replace("https://irrt.example.org/", "https://example.org/intl/")
    )
    links = _content_links(built["blog/atom.xml"], "call")
    assert links[:2] == [
        "https://example.org/intl/events/poster/",
        "https://example.org/intl/static/p.png",
    ]
    entry = parse(built["blog/atom.xml"]).entries[0]
    assert entry.link.startswith("https://example.org/intl/blog/")
    assert entry.id.startswith("tag:example.org,2026:intl/blog/")


def test_feed_updated_is_newest_item_not_the_clock(feeds):
    first = feeds()
    blog = parse(first["blog/atom.xml"])
    assert blog.feed.updated == blog.entries[0].published == "2026-10-05T00:00:00-05:00"
    # A later "now" that publishes nothing new gives identical bytes.
    assert feeds(now=NOW + timedelta(days=3), name="later") == first


def test_no_feed_for_a_tag_without_entries(feeds):
    built = feeds()  # "Page only" tags just a page; "Unannounced only" an unannounced event
    for slug in ("page-only", "unannounced-only"):
        assert not any(p.startswith(f"tags/{slug}/") for p in built)
    assert "tags/sister-libraries/atom.xml" in built


def test_tag_pages_link_only_feeds_that_exist(make_content, build):
    out = build(make_content(FILES))
    feeds = {p.relative_to(out).as_posix() for p in out.rglob("*.xml")}
    for page in out.glob("tags/*/index.html"):
        doc = html(page)
        links = doc.xpath("//link[@rel='alternate']/@href") + doc.xpath("//main//a/@href")
        targets = [urlsplit(u).path.lstrip("/") for u in links if u.endswith(".xml")]
        assert all(t in feeds for t in targets), (page, targets)
    page_only = html(out / "tags/page-only/index.html")
    assert not [u for u in page_only.xpath("//@href") if "tags/page-only/" in u and ".xml" in u]
    assert page_only.xpath("//main//a/@href") == ["/tags/", "/about/"]
    sisters = html(out / "tags/sister-libraries/index.html")
    assert "/tags/sister-libraries/feed.xml" in sisters.xpath("//main//a/@href")
    assert "https://irrt.example.org/tags/sister-libraries/atom.xml" in sisters.xpath(
        "//link[@rel='alternate']/@href"
    )


def _stamps(parsed) -> list[datetime]:
    found = [parsed.feed.updated]
    for entry in parsed.entries:
        found += [entry.published, entry.updated]
    return [datetime.fromisoformat(s) for s in found]


def test_no_entry_and_no_feed_dated_after_now(feeds):
    for path, data in feeds().items():
        if path.endswith("atom.xml"):
            assert all(s <= NOW for s in _stamps(parse(data))), path
        for entry in parse(data).entries:  # RSS: pubDate
            assert datetime(*entry.published_parsed[:6], tzinfo=UTC) <= NOW, path
    events = parse(feeds()["events/atom.xml"])
    assert [e.title for e in events.entries] == ["Online meetup", "A past talk"]
    assert events.feed.updated == "2026-11-02T10:00:00-06:00"  # announced, not the start
    arabic = next(e for e in parse(feeds()["atom.xml"]).entries if "arabic" in e.id)
    assert arabic.updated == arabic.published == "2026-08-01T00:00:00-05:00"  # updated: future


def test_event_entry_dated_when_announced_and_says_when_and_where(feeds):
    built = feeds()
    for name in ("atom.xml", "feed.xml"):
        meetup = next(e for e in parse(built["events/" + name]).entries if "meetup" in e.id)
        assert datetime(*meetup.published_parsed[:6]) == datetime(2026, 11, 2, 16, 0)
        for text in (meetup.summary, meetup.content[0].value):
            words = lxml_html.fragment_fromstring(text, create_parent="div").text_content()
            assert "When: Monday, November 30, 2026, 6:00\u2009–\u20097:00\u202fPM PST" in words, (
                text
            )
            assert "(America/Los_Angeles)" in words and "Where: Zoom" in words
        assert "Meet the committee." in meetup.summary


def test_event_without_published_joins_the_feeds_when_it_starts(feeds):
    later = feeds(now=datetime(2027, 6, 27, 15, 0, tzinfo=UTC), name="later")
    entries = parse(later["events/atom.xml"]).entries
    assert entries[0].title == "Not announced yet"
    assert entries[0].published == "2027-06-27T10:00:00-05:00"  # its start
    assert "tags/unannounced-only/atom.xml" in later
    # a build the same day before it starts: neither the entry nor the tag's feeds
    before = feeds(now=datetime(2027, 6, 27, 14, 59, tzinfo=UTC), name="before")
    assert "Not announced yet" not in [e.title for e in parse(before["events/atom.xml"]).entries]
    assert "tags/unannounced-only/atom.xml" not in before


def test_a_feed_with_no_entry_is_dated_by_the_sites_newest_entry(feeds):
    built = feeds()
    no_sisters = feeds(
        {"sisters/fjord.md": FILES["sisters/fjord.md"].replace("---\nA", "draft: true\n---\nA")},
        name="none",
    )
    assert parse(built["sisters/atom.xml"]).entries
    empty = parse(no_sisters["sisters/atom.xml"])
    # dated by the site's newest entry (a content date, not the build's now)
    site_feed = parse(no_sisters["atom.xml"])
    assert empty.entries == [] and empty.feed.updated == site_feed.entries[0].updated
    assert empty.feed.updated_parsed < NOW.timetuple()
    newest = parse(no_sisters["feed.xml"]).entries[0].published
    assert f"<lastBuildDate>{newest}</lastBuildDate>".encode() in no_sisters["sisters/feed.xml"]


def test_right_to_left_entry_content_has_dir(feeds):
    built = feeds()
    for name in ("atom.xml", "feed.xml"):
        entry = next(e for e in parse(built["blog/" + name]).entries if "arabic" in e.id)
        for text in (entry.summary, entry.content[0].value):
            root = lxml_html.fragment_fromstring(text, create_parent="span")[0]
            assert (root.tag, root.get("dir"), root.get("lang")) == ("div", "rtl", "ar"), text
        call = next(e for e in parse(built["blog/" + name]).entries if "call" in e.id)
        assert 'dir="rtl"' not in call.content[0].value


def test_email_contact_never_appears(feeds):
    for path, data in feeds().items():
        assert b"librarian@fjord.example.no" not in data, path
        assert b"mailto:" not in data, path


def test_markup_in_titles_is_escaped(feeds):
    built = feeds()
    assert b"<script>" not in built["blog/atom.xml"] and b"<script>" not in built["blog/feed.xml"]
    atom = etree.fromstring(built["blog/atom.xml"])  # Atom titles are text
    assert "<script>x</script> & friends" in [t.text for t in atom.iter(ATOM + "title")]
    rss = etree.fromstring(built["blog/feed.xml"])  # RSS titles are read as HTML
    assert "&lt;script&gt;x&lt;/script&gt; &amp; friends" in [t.text for t in rss.iter("title")]
    for name in ("atom.xml", "feed.xml"):
        titles = [_shown(e.title_detail) for e in parse(built["blog/" + name]).entries]
        assert "<script>x</script> & friends" in titles


def test_content_links_rewritten_only_in_tags():
    html = (
        '<p title="a &gt; b" lang="en">href="/not/a/link" <a title="x>y" href="/intl/a/?q=1&amp;r=2">'
        'a</a> <img alt="" src="pic.png"> <a href="mailto:x@example.org">m</a></p>'
    )
    assert absolute_links(html, "https://example.org/intl/blog/post/") == (
        '<p title="a &gt; b" lang="en">href="/not/a/link" <a title="x>y" '
        'href="https://example.org/intl/a/?q=1&amp;r=2">a</a> '
        '<img alt="" src="https://example.org/intl/blog/post/pic.png"> '
        '<a href="mailto:x@example.org">m</a></p>'
    )


def test_tag_feeds_only_for_published_items(feeds):
    built = feeds()
    for slug in ("call-for-proposals", "sister-libraries", "bibliotecas-publicas"):
        assert f"tags/{slug}/feed.xml" in built and f"tags/{slug}/atom.xml" in built
    for slug in ("future-only", "draft-only"):
        assert not any(p.startswith(f"tags/{slug}/") for p in built)
    call = ids(built["tags/call-for-proposals/atom.xml"])
    assert call == ["tag:irrt.example.org,2026:blog/2026-06-15-call.md"]  # not the future post
    spelled = etree.fromstring(built["tags/bibliotecas-publicas/atom.xml"])
    assert spelled.findtext(ATOM + "title") == "Test Round Table: Bibliotecas Públicas"
    assert len(ids(built["tags/bibliotecas-publicas/atom.xml"])) == 2


def test_authors_are_names_only(feeds):
    entry = next(e for e in parse(feeds()["blog/atom.xml"]).entries if "call" in e.link)
    assert [a.get("name") for a in entry.authors] == ["Ana Lima", "Bo Chen"]
    assert not any("email" in a for a in entry.authors)


def test_section_feeds_capped_at_fifty(make_content):
    posts = {
        f"blog/2026-01-{d:02d}-p{n}.md": f"---\ntitle: P{n}\nauthor: A\ndate: 2026-01-{d:02d}\n---\nx"
        for n in range(60)
        for d in [n % 28 + 1]
    }
    site, problems = load_site(make_content(posts), NOW)
    built = {o.path: o.bytes() for o in render_feeds(site)}
    assert len(parse(built["blog/atom.xml"]).entries) == 50
    assert len(parse(built["feed.xml"]).entries) == 50


def test_feeds_hold_the_newest_fifty_and_tag_feeds_twenty(make_content):
    from conftest import NOW

    from irrtsite.feeds import CAP, TAG_CAP
    from irrtsite.loader import load_site

    files = {
        f"blog/2026-01-{d:02d}-post-{d}.md": f"---\ntitle: Post {d}\nauthor: A\ndate: 2026-01-{d:02d}\ntags: [news]\n---\nBody {d}.\n"
        for d in range(1, 29)
    }
    files.update(
        {
            f"blog/2026-02-{d:02d}-more-{d}.md": f"---\ntitle: More {d}\nauthor: A\ndate: 2026-02-{d:02d}\ntags: [news]\n---\nBody.\n"
            for d in range(1, 29)
        }
    )
    site, problems = load_site(make_content(files), NOW)
    assert site is not None, problems
    out = {o.path: o.bytes() for o in render_feeds(site)}
    everything = feedparser.parse(out["feed.xml"])
    assert len(everything.entries) == CAP == 50
    assert everything.entries[0].title == "More 28"
    tag = feedparser.parse(out["tags/news/atom.xml"])
    assert len(tag.entries) == TAG_CAP == 20
    assert [e.title for e in tag.entries[:2]] == ["More 28", "More 27"]


HOSTILE = "<script>alert(1)</script> <svg onload=x> &amp; <b>b</b>"
HOSTILE_FILES = {
    "site.yaml": SITE_YAML.replace("Test Round Table", f'"Site {HOSTILE}"').replace(
        "A test site", f'"About {HOSTILE}"'
    ),
    "blog/2026-06-15-hostile.md": f"""---
title: "Post {HOSTILE}"
author: ["Author {HOSTILE}"]
date: 2026-06-15
summary: "Summary {HOSTILE}"
tags: ["Tag {HOSTILE}"]
---
Body.
""",
    "blog/2026-06-16-excerpt.md": """---
title: No summary
author: A
date: 2026-06-16
---
Compare 5 < 6 & 7 > 3.
""",
    "events/hostile.md": f"""---
title: "Event {HOSTILE}"
start: 2026-11-30T18:00:00
end: 2026-11-30T19:00:00
location: "Room {HOSTILE}"
city: "City {HOSTILE}"
published: 2026-11-01
tags: ["Tag {HOSTILE}"]
---
Body.
""",
    "leads/2026-09/index.md": f"""---
volume: 1
number: 1
date: 2026-09-15
title: "Issue {HOSTILE}"
editors: ["Editor {HOSTILE}"]
---
Note.
""",
    "sisters/fjord.md": f"""---
library: "Library {HOSTILE}"
country: NO
city: "Stavanger {HOSTILE}"
type: public
status: seeking
listed: 2023-04-12
summary: "Sister {HOSTILE}"
---
A library by the fjord.
""",
}
DANGEROUS = {"script", "svg", "b"}


def _safe_html(value: str) -> str:
    """Parse a value as HTML the way a reader renders it: none of the hostile markup may
    become an element or an attribute; returns the text a reader sees."""
    root = lxml_html.fragment_fromstring(value, create_parent="div")
    for element in root.iter():
        assert element.tag not in DANGEROUS, value
        assert not [a for a in element.attrib if a.startswith("on")], value
    return root.text_content()


def _details(parsed):
    yield parsed.feed.title_detail
    yield parsed.feed.subtitle_detail
    for entry in parsed.entries:
        yield entry.title_detail
        yield entry.summary_detail
        yield from entry.get("content", [])


def test_plain_text_never_becomes_markup_in_any_feed(make_content):
    content = make_content(HOSTILE_FILES, site_yaml=None)
    site, problems = load_site(content, NOW)
    assert site is not None and not errors_only(problems), problems
    built = {o.path: o.bytes() for o in render_feeds(site)}
    assert any(p.startswith("tags/tag-") for p in built)
    shown: dict[str, list[str]] = {}
    for path, data in built.items():
        parsed = parse(data)
        for detail in _details(parsed):  # feedparser: HTML values parsed, text values as is
            text = _safe_html(detail.value) if detail.type == "text/html" else detail.value
            shown.setdefault(path, []).append(text)
        for entry in parsed.entries:  # names and categories are text, shown as written
            people = {a["name"] for a in entry.get("authors", [])}
            assert people <= {"A", f"Author {HOSTILE}", f"Editor {HOSTILE}"}, (path, people)
            for tag in entry.get("tags", []):
                assert f"Tag {HOSTILE}" in (tag["term"], tag["label"]), (path, tag)
        root = etree.fromstring(data)  # lxml: every HTML-bearing element of the file
        for element in root.iter():
            rss_html = element.tag in ("title", "description", f"{CONTENT}encoded")
            if rss_html or element.get("type") == "html":
                _safe_html(element.text or "")
            elif element.tag == ATOM + "title":
                assert element.get("type") in (None, "text")
    texts = "\n".join(t for found in shown.values() for t in found)
    for field in ("Site", "About", "Post", "Summary", "Tag", "Event", "Room", "City", "Issue"):
        assert f"{field} {HOSTILE}" in texts, field  # reads literally, "&amp;" included
    for path in ("events/feed.xml", "events/atom.xml"):
        event = parse(built[path]).entries[0]
        assert f"Where: Room {HOSTILE}, City {HOSTILE}" in _safe_html(event.summary)
    blog = parse(built["blog/feed.xml"]).entries
    assert "Compare 5 < 6 & 7 > 3." in _safe_html(blog[0].summary)
    for path in ("blog/atom.xml", "blog/feed.xml"):
        names = [a.get("name") for e in parse(built[path]).entries for a in e.get("authors", [])]
        assert f"Author {HOSTILE}" in names, (path, names)


@pytest.mark.parametrize(
    "later",
    [
        datetime(2026, 11, 25, tzinfo=UTC),  # nothing new
        datetime(2027, 1, 20, tzinfo=UTC),  # past the Arabic post's 'updated'
        datetime(2027, 6, 27, 15, 0, tzinfo=UTC),  # the unannounced event has started
    ],
)
def test_a_cached_build_on_a_later_day_equals_a_clean_one(make_content, tmp_path, later):
    """What feeds, calendars and tag pages show depends on now: their keys must say so."""
    content = make_content({k: v for k, v in FILES.items() if "future" not in k})
    out, folder = tmp_path / "out", cache.folder_for(content)
    pipeline.build(content, out, NOW, cache_folder=folder, workers=1)
    pipeline.build(content, out, later, cache_folder=folder, workers=1)
    clean = tmp_path / "clean"
    pipeline.build(content, clean, later, workers=1)
    assert snapshot(out) == snapshot(clean)


def test_the_sample_sites_feeds_never_date_after_now(sample_site):
    feeds = sorted(sample_site.rglob("atom.xml"))
    assert len(feeds) > 10
    arabic = 0
    for path in feeds:
        parsed = parse(path.read_bytes())
        assert all(s <= NOW for s in _stamps(parsed)), path
        assert path.with_name("feed.xml").is_file()
        for entry in parsed.entries:
            if entry.title_detail.language == "ar":
                assert entry.content[0].value.startswith('<div dir="rtl" lang="ar">'), path
                arabic += 1
    assert arabic > 0
    for page in sample_site.glob("tags/*/index.html"):
        has_feed = page.with_name("atom.xml").is_file()
        own = f"tags/{page.parent.name}/atom.xml"
        assert (own in unquote(page.read_text(encoding="utf-8"))) == has_feed, page


def test_a_wrong_published_date_is_an_error_at_its_line(make_content):
    bad = FILES["events/meetup.md"].replace("published: 2026-11-02T10:00:00", "published: soon")
    site, problems = load_site(make_content({**FILES, "events/meetup.md": bad}), NOW)
    found = [str(p) for p in errors_only(problems)]
    assert found == [
        "content/events/meetup.md:8: 'published' expected a date like 2026-09-15 or a date-time "
        "like 2026-09-15T18:30:00, got 'soon'"
    ]

"""RSS and Atom feeds: ids, links, dates, order, language, escaping, determinism."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import feedparser
import pytest
from conftest import NOW, SITE_YAML
from lxml import etree

from irrtsite.errors import errors_only
from irrtsite.feeds import absolute_links, render_feeds
from irrtsite.loader import load_site

ATOM = "{http://www.w3.org/2005/Atom}"
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
summary: Meet the committee.
tags: [Sister libraries]
---
Bring questions.
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
        "blog/2026-10-05-story.md",
        "events/meetup.md",
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


def test_feed_with_no_dated_items_is_dated_1970(feeds):
    built = feeds()  # "Page only" tags just a page: its feed has no entries
    for name in ("feed.xml", "atom.xml"):
        parsed = parse(built["tags/page-only/" + name])
        assert parsed.entries == []
    assert parse(built["tags/page-only/atom.xml"]).feed.updated == "1970-01-01T00:00:00+00:00"
    assert b"Thu, 01 Jan 1970 00:00:00 +0000" in built["tags/page-only/feed.xml"]


def test_email_contact_never_appears(feeds):
    for path, data in feeds().items():
        assert b"librarian@fjord.example.no" not in data, path
        assert b"mailto:" not in data, path


def test_markup_in_titles_is_escaped(feeds):
    built = feeds()
    assert b"<script>" not in built["blog/atom.xml"] and b"<script>" not in built["blog/feed.xml"]
    for name in ("atom.xml", "feed.xml"):
        root = etree.fromstring(built["blog/" + name])
        titles = [t.text for t in root.iter(ATOM + "title", "title")]
        assert "<script>x</script> & friends" in titles
        assert "<script>x</script> & friends" in [
            e.title for e in parse(built["blog/" + name]).entries
        ]


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

"""urls.py decides every address: permalinks, fixed files, and links under the base path."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from irrtsite import urls
from irrtsite.config import Config

ROOT = Config("T", "https://example.org/")
INTL = Config("T", "https://example.org/intl/")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bibliotecas Públicas", "bibliotecas-publicas"),
        ("  ALA Annual -- 2027 ", "ala-annual-2027"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("图书馆 library", "图书馆-library"),
        ("المكتبات", "المكتبات"),
        ("!!!", ""),
    ],
)
def test_slugify(text, slug):
    assert urls.slugify(text) == slug


def test_slugify_caps_characters_and_bytes():
    assert len(urls.slugify("a" * 500)) == urls.MAX_SLUG
    assert urls.slugify("م" * 200) == "م" * 75  # 150 bytes: two a letter
    assert urls.slugify("م" * 74 + " " + "م" * 10) == "م" * 74  # cut at the space, no "-" left


def test_permalinks():
    day = datetime(2026, 3, 9, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert urls.page("about") == "about/"
    assert urls.post("call", day) == "blog/2026/03/call/"
    assert urls.blog_index(1) == "blog/" and urls.blog_index(3) == "blog/page/3/"
    assert urls.event("reception") == "events/reception/"
    assert urls.event_ics("reception") == "events/reception.ics"
    assert urls.leads_issue("2026-09") == "leads/2026-09/"
    assert urls.leads_article("2026-09", "reading", "zh-Hans") == "leads/2026-09/reading/zh-hans/"
    assert urls.sister("accra") == "sisters/accra/"
    assert urls.tag("ala-annual") == "tags/ala-annual/"


def test_fixed_files_and_feeds():
    assert urls.rss() == "feed.xml" and urls.atom() == "atom.xml"
    assert urls.rss(urls.tag("x")) == "tags/x/feed.xml"
    assert urls.atom(urls.BLOG) == "blog/atom.xml"
    assert urls.EVENTS_CALENDAR == "events/calendar.ics"
    assert urls.asset("style.css") == "assets/style.css"
    assert urls.SEARCH_DOCS == "search/docs/"


@pytest.mark.parametrize(
    ("path", "file"), [("", "index.html"), ("blog/", "blog/index.html"), ("404.html", "404.html")]
)
def test_output_file(path, file):
    assert urls.output_file(path) == file


def test_links_under_the_base_path():
    assert urls.href(ROOT, "blog/") == "/blog/"
    assert urls.href(INTL, "blog/") == "/intl/blog/"
    assert urls.href(INTL, "tags/ciencia ñ/") == "/intl/tags/ciencia%20%C3%B1/"
    assert urls.absolute(INTL, "feed.xml") == "https://example.org/intl/feed.xml"
    assert (
        urls.webcal(INTL, urls.EVENTS_CALENDAR) == "webcal://example.org/intl/events/calendar.ics"
    )


@pytest.mark.parametrize(
    ("written", "link"),
    [
        ("/about/", "/intl/about/"),
        ("https://ala.org/", "https://ala.org/"),
        ("//cdn.example/x", "//cdn.example/x"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("about/", "about/"),
    ],
)
def test_link_as_an_editor_wrote_it(written, link):
    assert urls.link(INTL, written) == link


def test_paths_object_for_templates():
    paths = urls.Paths(INTL)
    assert paths.url(paths.SEARCH) == "/intl/search/"
    assert paths.asset("search.js") == "/intl/assets/search.js"
    assert paths.absolute(paths.HOME) == "https://example.org/intl/"
    assert paths.link("/x/") == "/intl/x/"

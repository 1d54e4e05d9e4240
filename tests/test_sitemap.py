"""sitemap.xml and robots.txt: absolute URLs, every page, lastmod, hreflang alternates."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from conftest import NOW, write_tree
from lxml import etree

from irrtsite import urls
from irrtsite.errors import errors_only
from irrtsite.loader import load_site
from irrtsite.sitemap import render_sitemap

BASE = "https://irrt.example.org/intl/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")

SITE = f"""\
title: Test Round Table
base_url: {BASE}
timezone: America/Chicago
"""
FILES = {
    "site.yaml": SITE,
    "pages/about.md": "---\ntitle: About\nmenu: 1\n---\nHi.\n",
    "pages/join.md": "---\ntitle: Join\nupdated: 2026-03-04T10:00:00\n---\nJoin us.\n",
    "blog/2026-06-15-hello.md": "---\ntitle: Hello\nauthor: Sam\ndate: 2026-06-15T09:00:00\n"
    "updated: 2026-07-01\ntags: [Público]\n---\nHi.\n",
    "blog/2026-10-05-story.md": "---\ntitle: Story\nauthor: Sam\ndate: 2026-10-05\n---\nA story.\n",
    "blog/2027-01-01-future.md": "---\ntitle: Later\nauthor: Sam\ndate: 2027-01-01\n---\nNot yet.\n",
    "blog/2026-09-01-draft.md": "---\ntitle: Draft\nauthor: Sam\ndate: 2026-09-01\ndraft: true\n---\nx\n",
    "events/past.md": "---\ntitle: Past\nstart: 2026-06-29T18:30:00\nend: 2026-06-29T21:00:00\n---\nDone.\n",
    "events/future.md": "---\ntitle: Future\nstart: 2027-06-28T18:30:00\nend: 2027-06-28T21:00:00\n"
    "timezone: America/New_York\n---\nSoon.\n",
    "leads/2026-09/index.md": "---\nvolume: 40\nnumber: 3\ndate: 2026-09-15\n---\nWelcome.\n",
    "leads/2026-09/rooms.es.md": "---\ntitle: Salas\nauthor: Rosa\noriginal: true\n---\nHola.\n",
    "leads/2026-09/rooms.en.md": "---\ntitle: Rooms\nauthor: Rosa\n---\nHello.\n",
    "leads/2026-09/rooms.zh-Hans.md": "---\ntitle: 阅览室\nauthor: Rosa\n---\n你好。\n",
    "leads/2026-09/solo.en.md": "---\ntitle: Solo\nauthor: Li\n---\nOne language.\n",
    "sisters/asafo.md": "---\nlibrary: Asafo Library\ncountry: GH\ncity: Kumasi\ntype: public\n"
    "status: seeking\ncontact: librarian@asafo.example.org\nlisted: 2026-05-01\n"
    "tags: [Público, مكتبات]\n---\nBusy.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from irrtsite.pipeline import build

    root = tmp_path_factory.mktemp("sitemap")
    write_tree(root / "content", FILES)
    site, problems = load_site(root / "content", NOW)
    assert site is not None and not errors_only(problems), problems
    build(root / "content", root / "output", NOW)
    return site, {o.path: o.bytes() for o in render_sitemap(site)}, root / "output"


@pytest.fixture(scope="module")
def doc(built):
    return etree.fromstring(built[1]["sitemap.xml"])


@pytest.fixture(scope="module")
def entries(doc):
    return {u.findtext(f"{SM}loc"): u for u in doc.findall(f"{SM}url")}


def test_urlset(doc, built):
    assert doc.tag == f"{SM}urlset"
    assert built[1]["sitemap.xml"].startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_every_url_absolute_under_base_path(entries):
    assert entries
    for loc in entries:
        assert loc.startswith(BASE), loc


def test_every_page_listed(entries, built):
    site = built[0]
    expected = {"", "about/", "join/", "blog/", "events/", "leads/", "sisters/", "tags/", "search/"}
    expected |= {i.url for i in site.items()} | {urls.tag(t.slug) for t in site.tags}
    assert {unquote(loc[len(BASE) :]) for loc in entries} == expected
    assert BASE + "blog/2026/09/draft/" not in entries
    assert BASE + "blog/2027/01/later/" not in entries and BASE + "404.html" not in entries
    assert len(entries) == len(built[0].items()) + 7 + len(site.tags)


def test_no_duplicates(doc, entries):
    assert len(doc.findall(f"{SM}url")) == len(entries)


def test_every_url_is_a_built_page(entries, built):
    output = built[2]
    for loc in entries:
        assert (output / urls.output_file(unquote(loc[len(BASE) :]))).is_file(), loc


def test_tag_urls_are_escaped(entries):
    assert BASE + "tags/publico/" in entries
    assert BASE + "tags/%D9%85%D9%83%D8%AA%D8%A8%D8%A7%D8%AA/" in entries
    assert all(loc.isascii() for loc in entries)


def test_lastmod(entries):
    for loc, url in entries.items():
        mod = url.findtext(f"{SM}lastmod")
        if mod is not None:
            assert W3C.match(mod), (loc, mod)
    mod = lambda path: entries[BASE + path].findtext(f"{SM}lastmod")  # noqa: E731
    assert mod("blog/2026/06/hello/") == "2026-07-01T00:00:00-05:00"  # updated wins
    assert mod("blog/2026/10/story/") == "2026-10-05T00:00:00-05:00"
    assert mod("join/") == "2026-03-04T10:00:00-06:00"
    assert mod("about/") is None  # nothing to date it
    assert mod("events/past/") == "2026-06-29T18:30:00-05:00"
    assert mod("events/future/") is None  # never in the future
    assert mod("sisters/asafo/") == "2026-05-01T00:00:00-05:00"
    assert mod("leads/2026-09/rooms/en/") == "2026-09-15T00:00:00-05:00"  # the date
    assert mod("blog/") == mod("blog/2026/10/story/")  # newest listed
    assert mod("") == mod("blog/2026/10/story/")
    assert mod("search/") is None


def alternates(url):
    return {
        link.get("hreflang"): link.get("href")
        for link in url.findall(f"{XHTML}link")
        if link.get("rel") == "alternate"
    }


def test_hreflang_both_ways(entries):
    versions = {
        "es": BASE + "leads/2026-09/rooms/es/",
        "en": BASE + "leads/2026-09/rooms/en/",
        "zh-Hans": BASE + "leads/2026-09/rooms/zh-hans/",
    }
    for loc in versions.values():
        assert alternates(entries[loc]) == versions, loc
    assert alternates(entries[BASE + "leads/2026-09/solo/en/"]) == {}
    assert alternates(entries[BASE + "leads/2026-09/"]) == {}


def test_no_email(built):
    text = built[1]["sitemap.xml"].decode()
    assert "librarian" not in text and "mailto" not in text


def test_robots(built):
    text = built[1]["robots.txt"].decode("utf-8")
    lines = text.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert text.endswith("\n")


def test_root_site(make_content):
    content = make_content({"pages/about.md": "---\ntitle: About\n---\nHi.\n"})
    site, problems = load_site(content, NOW)
    out = {o.path: o.bytes() for o in render_sitemap(site)}
    locs = [u.findtext(f"{SM}loc") for u in etree.fromstring(out["sitemap.xml"]).iter(f"{SM}url")]
    assert locs[0] == "https://irrt.example.org/"
    assert "https://irrt.example.org/about/" in locs
    assert b"Sitemap: https://irrt.example.org/sitemap.xml\n" in out["robots.txt"]


def test_deterministic(built):
    site, first, _ = built
    assert {o.path: o.bytes() for o in render_sitemap(site)} == first

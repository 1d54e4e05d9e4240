"""The text gate (text.py): what no published text may hold, how messages show invisible
characters, how every web address is read, and e-mail addresses kept out of text fields.

Each class of issue 11 as a content tree: the exact ``path:line: message`` lines of
``irrtsite check``, or the built site parsed (lxml, feedparser, icalendar, json).
"""

from __future__ import annotations

import json

import feedparser
import icalendar
import lxml.html
import pytest
from conftest import NOW_ISO, SITE_YAML, html
from lxml import etree

from irrtsite.text import CONTROL, clean, parse_url, unwanted_references, visible

POST = "---\ntitle: News\nauthor: Ana Ruiz\ndate: 2026-03-01\n{extra}---\n{body}"
EVENT = "---\ntitle: Reception\nstart: 2026-10-01T18:00:00\nend: 2026-10-01T20:00:00\n---\nCome.\n"
SISTER = (
    "---\nlibrary: Asafo Library\ncountry: GH\ncity: Kumasi\ntype: public\nstatus: seeking\n"
    "listed: 2026-01-15\ncontact: desk@asafo.example.org\n---\nAbout us.\n"
)


def post(extra: str = "", body: str = "Body.\n") -> str:
    return POST.format(extra=extra, body=body)


def lines_of(run_cli, content, *more: str) -> tuple[int, list[str]]:
    code, out, err = run_cli("check", "--content", str(content), "--now", NOW_ISO, *more)
    assert "Traceback" not in out + err
    return code, [line for line in err.splitlines() if not line.startswith("irrtsite check:")]


# -- text.clean: the one set of characters removed -----------------------------------------


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufdd0", "\ufffe", "\uffff"]
    + ["\U0001fffe", "\U0010ffff", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\r"],
)
def test_clean_removes_what_xml_refuses_and_hidden_direction_controls(char):
    assert clean(f"a{char}b") == "ab"


@pytest.mark.parametrize(
    "char", ["\t", "\n", " ", "\xa0", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
)
def test_clean_keeps_tabs_line_feeds_marks_and_joiners(char):
    assert clean(f"a{char}b") == f"a{char}b"


def test_visible_escapes_what_cannot_be_seen_and_keeps_every_script():
    assert visible("about\u200b.md") == "about\\u200b.md"
    assert visible("a\tb\nc\rd") == "a\\tb\\nc\\rd"
    assert visible("\ud800\ufeff\U000e0001") == "\\ud800\\ufeff\\U000e0001"
    assert visible("Bibliothèque 图书馆 مكتبة ok") == "Bibliothèque 图书馆 مكتبة ok"


def test_references_to_removed_characters_are_found_with_their_line():
    body = "a &#x1; b\n&#12; &#65; &#xFFFE; &#0; &#x80; &#x81; &#xD800; &#99999999;\n&#x202e;"
    assert unwanted_references(body) == [
        (0, "&#x1;"),
        (1, "&#12;"),
        (1, "&#xFFFE;"),
        (1, "&#x81;"),  # &#x80; is "€" to HTML; &#0; and &#xD800; are U+FFFD
        (2, "&#x202e;"),
    ]


# -- text.parse_url: one reading of every address, never an exception ----------------------


@pytest.mark.parametrize(
    "url",
    [
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "javascript\x01:alert(1)",
        "java script:alert(1)",
        "java\u3000script:alert(1)",
        "//[intranet]/x",
        "http://[intranet]/x",
        "http://[::1",
        "http://example.org:99999/",
        "https://irrt.example.org/\nDisallow: /",
        "https://ex ample.org/",
        "/a\u202eb/",
    ],
)
def test_addresses_a_browser_would_read_otherwise_are_refused(url):
    assert parse_url(url) is None


@pytest.mark.parametrize(
    "url, scheme, netloc, path",
    [
        ("/blog/", "", "", "/blog/"),
        ("about/", "", "", "about/"),
        ("  HTTPS://Example.org/a b  ", "https", "Example.org", "/a b"),
        ("\x01javascript:alert(1)", "javascript", "", "alert(1)"),  # trimmed, as browsers do
        ("http://[::1]:8000/", "http", "[::1]:8000", "/"),
        ("mailto:a@b.example", "mailto", "", "a@b.example"),
    ],
)
def test_addresses_are_split_as_browsers_read_them(url, scheme, netloc, path):
    parts = parse_url(url)
    assert parts is not None
    assert (parts.scheme, parts.netloc, parts.path) == (scheme, netloc, path)


def test_the_set_matches_the_documented_one():
    """Every character of the BMP and of the ends of every plane, against the comment's
    list in text.py: XML's refusals and discouraged ones, direction controls, U+FEFF, CR."""
    planes_ends = {c for p in range(0x10000, 0x110000, 0x10000) for c in (p + 0xFFFE, p + 0xFFFF)}
    documented = (
        {*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000)}
        | {*range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
        | {0xFEFF}
        | planes_ends
    )
    checked = [*range(0x10000), *planes_ends, 0x1F600, 0x10FFFD]
    assert {c for c in checked if CONTROL.fullmatch(chr(c))} == documented
    assert not {0x09, 0x0A, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C} & documented


# -- fixtures: the exact lines of the check -----------------------------------------------

NAV = "a 'nav' entry's 'url' must be a page of the site (/about/) or a web address (https://...)"


@pytest.mark.parametrize(
    "url",
    [
        '"java\\tscript:alert(1)"',
        '"java\\nscript:alert(1)"',
        '"\\x01javascript:alert(1)"',
        '"\\x0cjavascript:alert(1)"',
        '"java script:alert(1)"',
        '"//[intranet]/x"',
        '"https://[intranet]/x"',
        '"//example.org/x"',
    ],
)
def test_a_nav_address_a_browser_would_run_or_cannot_read_is_refused(make_content, run_cli, url):
    content = make_content(
        {"pages/a.md": "---\ntitle: A\n---\n"},
        site_yaml=SITE_YAML + f"nav:\n  - {{title: X, url: {url}}}\n",
    )
    assert lines_of(run_cli, content) == (1, [f"content/site.yaml:6: {NAV}"])


def test_removed_characters_in_a_nav_title_are_a_warning_at_its_line(make_content, run_cli):
    content = make_content(
        {"pages/a.md": "---\ntitle: A\n---\n"},
        site_yaml=SITE_YAML + 'nav:\n  - {title: "A\\uFEFF", url: /a/}\n  - title: "B\\uD800"\n'
        "    url: /a/\n",
    )
    message = "warning: control characters removed from 'title' in a 'nav' entry"
    assert lines_of(run_cli, content) == (
        0,
        [f"content/site.yaml:6: {message}", f"content/site.yaml:7: {message}"],
    )


@pytest.mark.parametrize("events", [False, True])
def test_a_base_url_with_a_line_break_is_refused(make_content, run_cli, events, tmp_path):
    files = {"pages/a.md": "---\ntitle: A\n---\n"}
    if events:
        files["events/reception.md"] = EVENT
    content = make_content(
        files, site_yaml='title: T\nbase_url: "https://irrt.example.org/\\nDisallow: /"\n'
    )
    assert lines_of(run_cli, content) == (
        1,
        [
            "content/site.yaml:2: 'base_url' must be an absolute web address such as "
            "https://irrt.example.org/, got 'https://irrt.example.org/\\nDisallow: /'"
        ],
    )
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(tmp_path / "out"), "--now", NOW_ISO
    )
    assert code == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "base_url", ['"https://[intranet]/"', '"https://irrt.example.org:99999/"', '"https:// x/"']
)
def test_a_base_url_whose_host_cannot_be_read_is_refused(make_content, run_cli, base_url):
    content = make_content({}, site_yaml=f"title: T\nbase_url: {base_url}\n")
    code, lines = lines_of(run_cli, content)
    assert code == 1
    assert lines[0].startswith("content/site.yaml:2: 'base_url' must be an absolute web address")


def test_a_huge_integer_is_an_error_at_its_line(make_content, run_cli):
    content = make_content({"pages/about.md": "---\ntitle: About\nmenu: " + "9" * 5000 + "\n---\n"})
    assert lines_of(run_cli, content) == (
        1,
        ["content/pages/about.md:3: a number of 5000 digits: put it in quotes if it is text"],
    )


def test_a_long_but_sane_integer_is_still_read(make_content, run_cli):
    content = make_content({"pages/about.md": "---\ntitle: About\nmenu: " + "9" * 100 + "\n---\n"})
    assert lines_of(run_cli, content) == (0, [])


@pytest.mark.parametrize(
    "value", ['"News\\uFFFE"', '"News\\uD800"', '"News\\uDFFF\\uFDD0"', '"Ne\\u202Ews"']
)
def test_yaml_escapes_of_removed_characters_are_removed_from_a_title(make_content, build, value):
    content = make_content(
        {"blog/2026-03-01-news.md": post().replace("title: News", f"title: {value}")}
    )
    out = build(content)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.entries[0].title == "News"
    assert html(out / "blog/2026/03/news/index.html").xpath("string(//h1)").strip() == "News"


def test_a_removed_character_in_a_title_is_a_warning_at_its_line(make_content, run_cli):
    content = make_content(
        {
            "blog/2026-03-01-news.md": post('summary: "S\\uD800"\n').replace(
                "title: News", 'title: "N\\uFFFE"'
            )
        }
    )
    assert lines_of(run_cli, content) == (
        0,
        [
            "content/blog/2026-03-01-news.md:2: warning: control characters removed from 'title'",
            "content/blog/2026-03-01-news.md:5: warning: control characters removed from 'summary'",
        ],
    )


def test_feff_pasted_inside_a_title_or_tag_is_not_published(make_content, run_cli, build):
    content = make_content(
        {"blog/2026-03-01-news.md": post("tags: [Out\ufeffreach]\n").replace("News", "Ne\ufeffws")}
    )
    assert lines_of(run_cli, content) == (
        0,
        [
            "content/blog/2026-03-01-news.md:2: warning: control characters removed from 'title'",
            "content/blog/2026-03-01-news.md:5: warning: control characters removed from 'tags'",
        ],
    )
    out = build(content)
    assert (out / "tags/outreach/index.html").is_file()
    for file in out.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".xml", ".json"):
            assert "\ufeff".encode() not in file.read_bytes(), file


def test_numeric_references_to_removed_characters_are_dropped_with_a_warning(
    make_content, run_cli, build
):
    body = "Tab&#x09;ok.\nA &#x1; B\n\nC &#x0C; D &#xFFFE; E &#xD800;\n"
    content = make_content({"blog/2026-03-01-news.md": post(body=body)})
    path = "content/blog/2026-03-01-news.md"
    message = "removed from the text: it stands for an invisible control character"
    assert lines_of(run_cli, content) == (
        0,
        [
            f"{path}:7: warning: &#x1; {message}",
            f"{path}:9: warning: &#x0C; {message}",
            f"{path}:9: warning: &#xFFFE; {message}",
        ],
    )
    out = build(content)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.entries[0].content[0].value == "<p>Tab\tok.\nA  B</p>\n<p>C  D  E \ufffd</p>"
    doc = html(out / "blog/2026/03/news/index.html")
    assert "A  B" in doc.xpath("string(//main)")
    assert json.loads((out / "search.json").read_bytes())


def test_a_link_to_a_bracketed_host_that_is_no_ip_address_is_unlinked(make_content, build):
    content = make_content(
        {
            "blog/2026-03-01-news.md": post(
                body="[in](//[intranet]/x) [v6](http://[::1]/y) <a href='http://[::1'>z</a>\n"
            )
        }
    )
    out = build(content)
    links = html(out / "blog/2026/03/news/index.html").xpath("//div[contains(@class, 'prose')]//a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("in", None),
        ("v6", "http://[::1]/y"),
        ("z", None),
    ]
    for name in ("feed.xml", "atom.xml"):
        data = (out / name).read_bytes()
        assert feedparser.parse(data).bozo == 0
        etree.fromstring(data)


def test_an_event_with_removed_characters_gives_a_calendar_that_parses(make_content, build):
    content = make_content(
        {
            "events/reception.md": EVENT.replace("title: Reception", 'title: "Re\\u0001ception"')
            + "&#x1;\n",
        }
    )
    out = build(content)
    event = icalendar.Calendar.from_ical((out / "events/reception.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in event.walk("VEVENT")] == ["Reception"]


def test_an_identifier_holding_an_invisible_character_is_refused(make_content, run_cli):
    content = make_content(
        {"sisters/asafo.md": SISTER.replace("status: seeking", 'status: "seeking\\uFEFF"')}
    )
    assert lines_of(run_cli, content) == (
        1,
        [
            "content/sisters/asafo.md:6: 'status' must be one of seeking, partnered; "
            "got 'seeking\\ufeff'"
        ],
    )


def test_an_invisible_character_in_a_key_is_shown_escaped(make_content, run_cli):
    content = make_content({"pages/about.md": '---\ntitle: About\n"\\u200Bsummary": S\n---\n'})
    assert lines_of(run_cli, content) == (
        1,
        ["content/pages/about.md:3: unknown field '\\u200bsummary' (did you mean 'summary'?)"],
    )


def test_an_invisible_character_in_a_file_name_is_shown_escaped(make_content, run_cli):
    content = make_content(
        {
            "pages/about\u200b.md": "---\ntitle: A\n---\n",
            "pages/news\ufeff.md": "---\ntitle: N\n---\n",
        }
    )
    assert lines_of(run_cli, content) == (
        1,
        [
            "content/pages/about\\u200b.md:1: file name 'about\\u200b' is not a valid slug: use "
            "lowercase ASCII letters, digits and '-' (e.g. 'about')",
            "content/pages/news\\ufeff.md:1: file name contains control or text-direction "
            "characters: rename the file",
        ],
    )


def test_github_annotations_escape_invisible_characters_too(make_content, run_cli):
    content = make_content({"pages/about\u200b.md": "---\ntitle: A\n---\n"})
    code, out, _ = run_cli(
        "check", "--content", str(content), "--now", NOW_ISO, "--format", "github"
    )
    assert code == 1
    assert "about\\u200b" in out and "\u200b" not in out.split("::", 2)[2]


def test_an_invalid_issue_is_not_reported_as_missing_to_its_articles(make_content, run_cli):
    content = make_content(
        {
            "leads/2026-09/index.md": "---\nvolume: x\nnumber: 1\ndate: 2026-09-01\n---\n",
            "leads/2026-09/rooms.en.md": "---\ntitle: Rooms\nauthor: A\n---\n",
            "leads/2026-10/rooms.en.md": "---\ntitle: Rooms\nauthor: A\n---\n",
        }
    )
    assert lines_of(run_cli, content) == (
        1,
        [
            "content/leads/2026-09/index.md:2: 'volume' expected a whole number, got 'x'",
            "content/leads/2026-10/rooms.en.md:1: this article's issue has no "
            "leads/2026-10/index.md: add it",
        ],
    )


# -- e-mail addresses: hidden from every free-text field, at load ------------------------

LISTING = (
    "addresses are not published in a listing: put the address in 'contact', which is "
    "shown without exposing it to spam robots"
)
ELSEWHERE = (
    "fields are published in feeds and the search index; write the address in the text, as "
    "a link, if it is meant to be public"
)


def test_a_contact_typed_again_into_a_listing_is_never_published(make_content, run_cli, build):
    twin = (
        "---\nlibrary: Twin desk@asafo.example.org\ncountry: GH\n"
        "city: 'Kumasi desk@asafo.example.org'\ntype: public\nstatus: partnered\n"
        "partner: 'Asafo (desk@asafo.example.org)'\n"
        "interests: [reading, 'mailto:desk@asafo.example.org']\nlisted: 2026-01-15\n"
        "summary: Write desk@asafo.example.org\ntags: [desk@asafo.example.org]\n---\n"
        "Hello\n\nWrite [to us](mailto:desk@asafo.example.org).\n"
    )
    content = make_content({"sisters/asafo.md": SISTER, "sisters/twin.md": twin})
    path = "content/sisters/twin.md"
    assert lines_of(run_cli, content) == (
        0,
        [
            f"{path}:2: warning: e-mail address in 'library' shown as [e-mail]: {LISTING}",
            f"{path}:4: warning: e-mail address in 'city' shown as [e-mail]: {LISTING}",
            f"{path}:7: warning: e-mail address in 'partner' shown as [e-mail]: {LISTING}",
            f"{path}:8: warning: e-mail address in 'interests' shown as [e-mail]: {LISTING}",
            f"{path}:10: warning: e-mail address in 'summary' shown as [e-mail]: {LISTING}",
            f"{path}:11: warning: e-mail address in 'tags' shown as [e-mail]: {LISTING}",
            f"{path}:15: warning: e-mail address in the text shown as [e-mail]: {LISTING}",
        ],
    )
    out = build(content)
    leaks = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file()
        and b"asafo.example.org" in p.read_bytes().replace(b"asafo.example.org/", b"")
    ]
    assert leaks == []
    rows = json.loads((out / "sisters/directory.json").read_bytes())
    twin_row = next(
        r for r in (rows["libraries"] if isinstance(rows, dict) else rows) if r["slug"] == "twin"
    )
    assert twin_row["partner"] == "Asafo ([e-mail])"
    assert twin_row["city"] == "Kumasi [e-mail]"
    assert "desk@" not in (out / "sisters/directory.csv").read_text(encoding="utf-8-sig")


def test_addresses_in_the_fields_of_every_type_are_hidden_with_the_field_named(
    make_content, run_cli, build
):
    content = make_content(
        {
            "blog/2026-03-01-news.md": post(
                "summary: Ask ana@irrt.example.org\n",
                body="Write [Ana](mailto:ana@irrt.example.org).\n",
            ).replace("author: Ana Ruiz", "author: Ana Ruiz <ana@irrt.example.org>"),
            "events/reception.md": EVENT.replace(
                "---\nCome", "location: desk@irrt.example.org\n---\nCome"
            ),
        },
        site_yaml=SITE_YAML.replace("A test site", "Write to board@irrt.example.org"),
    )
    assert lines_of(run_cli, content) == (
        0,
        [
            f"content/blog/2026-03-01-news.md:3: warning: e-mail address in 'author' shown as "
            f"[e-mail]: {ELSEWHERE}",
            f"content/blog/2026-03-01-news.md:5: warning: e-mail address in 'summary' shown as "
            f"[e-mail]: {ELSEWHERE}",
            f"content/events/reception.md:5: warning: e-mail address in 'location' shown as "
            f"[e-mail]: {ELSEWHERE}",
            f"content/site.yaml:4: warning: e-mail address in 'description' shown as "
            f"[e-mail]: {ELSEWHERE}",
        ],
    )
    out = build(content)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.title == "News")
    assert lxml.html.fromstring(entry.summary).text_content() == "Ask [e-mail]"
    assert entry.author == "Ana Ruiz <[e-mail]>"
    # the body keeps the link an editor wrote on purpose (a design choice: docs/content-guide.md)
    page = html(out / "blog/2026/03/news/index.html")
    assert page.xpath("//div[contains(@class, 'prose')]//a/@href") == [
        "mailto:ana@irrt.example.org"
    ]


def test_a_url_field_with_an_at_sign_is_not_taken_for_an_address(make_content, build):
    content = make_content(
        {
            "events/reception.md": EVENT.replace(
                "---\nCome", "registration: https://social.example.org/@irrt.ala/42\n---\nCome"
            )
        }
    )
    out = build(content)
    doc = html(out / "events/reception/index.html")
    assert "https://social.example.org/@irrt.ala/42" in doc.xpath("//a/@href")


@pytest.mark.parametrize("url", ["https://[intranet]/", "https://x.example:99999/", "https://"])
def test_a_web_address_field_whose_host_cannot_be_read_is_refused(make_content, run_cli, url):
    content = make_content(
        {"sisters/asafo.md": SISTER.replace("---\nAbout", f"website: '{url}'\n---\nAbout")}
    )
    assert lines_of(run_cli, content) == (
        1,
        [
            "content/sisters/asafo.md:9: 'website' expected a web address starting with "
            f"https://, got '{url}'"
        ],
    )

"""Every validation rule of the content contract, as `irrtsite check` prints it.

One small content tree per rule, and the exact ``path:line: message`` line(s)
that ``irrtsite check --content DIR`` prints on stderr. Paths are relative to the
content folder's parent, so a tree made by ``make_content`` is named ``content/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from conftest import NOW, NOW_ISO, REPO, SITE_YAML, html

from irrtsite import cli
from irrtsite.loader import load_site

TEN = REPO / "tests" / "fixtures" / "ten-mistakes"

PAGE = "---\ntitle: About\n---\nBody.\n"
POST = "---\ntitle: News\nauthor: Ana Ruiz\ndate: 2026-03-01\n---\nBody.\n"
ISSUE = "---\nvolume: 12\nnumber: 3\ndate: 2026-09-01\n---\nEditor's note.\n"


def article(extra: str = "") -> str:
    return f"---\ntitle: Reading rooms\nauthor: Ana Ruiz\n{extra}---\nText.\n"


def event(start: str, end: str, extra: str = "") -> str:
    return f"---\ntitle: Reception\nstart: {start}\nend: {end}\n{extra}---\nCome.\n"


def sister(
    extra: str = "", country: str = "GH", status: str = "seeking", kind: str = "public"
) -> str:
    return (
        f"---\nlibrary: Asafo Library\ncountry: {country}\ncity: Kumasi\ntype: {kind}\n"
        f"status: {status}\nlisted: 2026-01-15\n{extra}---\nAbout us.\n"
    )


def problem_lines(err: str) -> list[str]:
    """The path:line: message lines of check's stderr (not the closing summary)."""
    return [line for line in err.splitlines() if not line.startswith("irrtsite check:")]


def check(run_cli, content, *more: str) -> tuple[int, list[str], str]:
    code, out, err = run_cli("check", "--content", str(content), "--now", NOW_ISO, *more)
    assert "Traceback" not in out + err
    return code, problem_lines(err), err


# Each case: (files, expected lines). site.yaml is SITE_YAML unless the files give one.
CASES = {
    # -- closed schemas -----------------------------------------------------------
    "unknown key with a did-you-mean hint": (
        {
            "blog/2026-03-01-news.md": "---\ntitle: News\nauthor: Ana\nauther: Ana\n"
            "date: 2026-03-01\n---\n"
        },
        ["content/blog/2026-03-01-news.md:4: unknown field 'auther' (did you mean 'author'?)"],
    ),
    "typo of a required key: both reported": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\nauther: Ana\ndate: 2026-03-01\n---\n"},
        [
            "content/blog/2026-03-01-news.md:1: missing required field 'author': add a line "
            "'author: ...'",
            "content/blog/2026-03-01-news.md:3: unknown field 'auther' (did you mean 'author'?)",
        ],
    ),
    "unknown key without a close match lists the allowed ones": (
        {"pages/about.md": "---\ntitle: About\ncolour: red\n---\n"},
        [
            "content/pages/about.md:3: unknown field 'colour'; allowed: draft, lang, menu, summary, "
            "tags, title, updated"
        ],
    ),
    "unknown key in site.yaml": (
        {"site.yaml": SITE_YAML + "timezon: America/New_York\n"},
        ["content/site.yaml:5: unknown field 'timezon' (did you mean 'timezone'?)"],
    ),
    "an event field on a page": (
        {"pages/about.md": "---\ntitle: About\nstart: 2026-09-01\n---\n"},
        [
            "content/pages/about.md:3: unknown field 'start'; allowed: draft, lang, menu, summary, "
            "tags, title, updated"
        ],
    ),
    # -- required fields, per type -------------------------------------------------
    "page without title": (
        {"pages/about.md": "---\nsummary: Who we are\n---\n"},
        ["content/pages/about.md:1: missing required field 'title': add a line 'title: ...'"],
    ),
    "post without author and date": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\n---\n"},
        [
            "content/blog/2026-03-01-news.md:1: missing required field 'author': add a line "
            "'author: ...'",
            "content/blog/2026-03-01-news.md:1: missing required field 'date': add a line "
            "'date: ...'",
        ],
    ),
    "event without start and end": (
        {"events/reception.md": "---\ntitle: Reception\n---\n"},
        [
            "content/events/reception.md:1: missing required field 'end': add a line 'end: ...'",
            "content/events/reception.md:1: missing required field 'start': add a line "
            "'start: ...'",
        ],
    ),
    "leads issue without volume and number": (
        {"leads/2026-09/index.md": "---\ndate: 2026-09-01\n---\n"},
        [
            "content/leads/2026-09/index.md:1: missing required field 'number': add a line "
            "'number: ...'",
            "content/leads/2026-09/index.md:1: missing required field 'volume': add a line "
            "'volume: ...'",
        ],
    ),
    "leads article without author": (
        {"leads/2026-09/index.md": ISSUE, "leads/2026-09/rooms.en.md": "---\ntitle: Rooms\n---\n"},
        [
            "content/leads/2026-09/rooms.en.md:1: missing required field 'author': add a line "
            "'author: ...'"
        ],
    ),
    "sister without city and listed": (
        {
            "sisters/asafo.md": "---\nlibrary: Asafo\ncountry: GH\ntype: public\nstatus: seeking\n"
            "---\n"
        },
        [
            "content/sisters/asafo.md:1: missing required field 'city': add a line 'city: ...'",
            "content/sisters/asafo.md:1: missing required field 'listed': add a line 'listed: ...'",
        ],
    ),
    "required key given with no value": (
        {"pages/about.md": "---\ntitle:\n---\n"},
        ["content/pages/about.md:2: 'title' has no value: fill it in"],
    ),
    "required text that is blank": (
        {"pages/about.md": "---\ntitle: '  '\n---\n"},
        ["content/pages/about.md:2: 'title' must not be empty"],
    ),
    "site.yaml without base_url": (
        {"site.yaml": "title: Test Round Table\n"},
        ["content/site.yaml:1: missing required field 'base_url': add a line 'base_url: ...'"],
    ),
    # -- YAML 1.1 traps ------------------------------------------------------------
    "draft: yes is not a boolean": (
        {"pages/about.md": "---\ntitle: About\ndraft: yes\n---\n"},
        ["content/pages/about.md:3: 'draft' expected true or false, got 'yes'"],
    ),
    "draft: off is not a boolean": (
        {"pages/about.md": "---\ntitle: About\ndraft: off\n---\n"},
        ["content/pages/about.md:3: 'draft' expected true or false, got 'off'"],
    ),
    "a quoted true is text": (
        {"pages/about.md": '---\ntitle: About\ndraft: "true"\n---\n'},
        [
            "content/pages/about.md:3: 'draft' expected true or false, got 'true': write it "
            "without quotes"
        ],
    ),
    "original: no is not a boolean": (
        {"leads/2026-09/index.md": ISSUE, "leads/2026-09/rooms.en.md": article("original: no\n")},
        ["content/leads/2026-09/rooms.en.md:4: 'original' expected true or false, got 'no'"],
    ),
    "a number where text is expected": (
        {"pages/about.md": "---\ntitle: 1984\n---\n"},
        [
            "content/pages/about.md:2: 'title' expected text, got a number: quote it, "
            'e.g. title: "1984"'
        ],
    ),
    "a float where text is expected": (
        {"events/talk.md": event("2027-01-22T18:00:00", "2027-01-22T20:00:00", "location: 1.10\n")},
        [
            "content/events/talk.md:5: 'location' expected text, got a number: quote it, "
            'e.g. location: "1.10"'
        ],
    ),
    "a time-like value where text is expected": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00", "2027-01-22T20:00:00", "location: 10:00\n"
            )
        },
        [
            "content/events/talk.md:5: 'location' expected text, got a time-like value: quote it, "
            'e.g. location: "10:00"'
        ],
    ),
    "true where text is expected": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\nauthor: true\ndate: 2026-03-01\n---\n"},
        [
            "content/blog/2026-03-01-news.md:3: 'author' expected text, got a true/false value: "
            'quote it, e.g. author: "true"'
        ],
    ),
    "a number in a list of text": (
        {"pages/about.md": "---\ntitle: About\ntags: [history, 1949]\n---\n"},
        [
            "content/pages/about.md:3: 'tags' expected text, got a number: quote it, "
            'e.g. tags: "1949"'
        ],
    ),
    "a list where text is expected": (
        {"pages/about.md": "---\ntitle: [About, Us]\n---\n"},
        ["content/pages/about.md:2: 'title' expected text, got a list"],
    ),
    "a time-like value where a date is expected": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\nauthor: Ana\ndate: 10:00\n---\n"},
        [
            "content/blog/2026-03-01-news.md:4: 'date' expected a date like 2026-09-15 or a "
            "date-time like 2026-09-15T18:30:00, got a time-like value"
        ],
    ),
    "a whole number that is text": (
        {"pages/about.md": "---\ntitle: About\nmenu: first\n---\n"},
        ["content/pages/about.md:3: 'menu' expected a whole number, got 'first'"],
    ),
    "an octal-looking number is not read as octal": (
        {"leads/2026-09/index.md": "---\nvolume: 012\nnumber: 3\ndate: 2026-09-01\n---\n"},
        ["content/leads/2026-09/index.md:2: 'volume' expected a whole number, got '012'"],
    ),
    # -- YAML syntax -----------------------------------------------------------------
    "duplicate keys: error at the second, naming the first": (
        {"pages/about.md": "---\ntitle: About\nsummary: One\ntitle: About us\n---\n"},
        ["content/pages/about.md:4: duplicate key 'title' (first given on line 2): keep only one"],
    ),
    "duplicate keys in site.yaml": (
        {"site.yaml": SITE_YAML + "title: Again\n"},
        ["content/site.yaml:5: duplicate key 'title' (first given on line 1): keep only one"],
    ),
    "a tab in the indentation": (
        {"pages/about.md": "---\ntitle: About\ntags:\n\t- history\n---\n"},
        ["content/pages/about.md:4: a tab is not allowed here: use spaces instead (column 1)"],
    ),
    "a tab after the colon": (
        {"pages/about.md": "---\ntitle:\tAbout\n---\n"},
        ["content/pages/about.md:2: a tab is not allowed here: use spaces instead (column 7)"],
    ),
    "an unquoted colon": (
        {"pages/about.md": "---\ntitle: About\nsummary: Note: we moved\n---\n"},
        [
            "content/pages/about.md:3: a ':' inside a value is not allowed here: put the value "
            "in quotes (column 14)"
        ],
    ),
    "an indented key": (
        {"pages/about.md": "---\ntitle: About\n  summary: Who we are\n---\n"},
        [
            "content/pages/about.md:3: this line is indented: start each 'key: value' line at the "
            "beginning of the line"
        ],
    ),
    "a line that is not key: value": (
        {"pages/about.md": "---\ntitle: About\nsummary Who we are\ndraft: false\n---\n"},
        ["content/pages/about.md:3: expected 'key: value' on this line"],
    ),
    "an unclosed quote": (
        {"pages/about.md": '---\ntitle: "About\nsummary: Who\n---\n'},
        ["content/pages/about.md:2: a quoted value is never closed: add the closing quote"],
    ),
    "an unclosed bracket": (
        {"pages/about.md": "---\ntitle: About\ntags: [history, people\n---\n"},
        ["content/pages/about.md:3: a '[' is never closed: add ']', or put the value in quotes"],
    ),
    "errors deep inside nested YAML, at their own lines": (
        {
            "pages/about.md": "---\ntitle: About\ntags:\n  - a\n  - b:\n      c:\n"
            "        d: 1\n        d: 2\n        e: [x, y\n---\n"
        },
        ["content/pages/about.md:9: a '[' is never closed: add ']', or put the value in quotes"],
    ),
    "a duplicate key deep inside nested YAML": (
        {
            "pages/about.md": "---\ntitle: About\ntags:\n  - a\n  - b:\n      c:\n"
            "        d: 1\n        d: 2\n---\n"
        },
        ["content/pages/about.md:8: duplicate key 'd' (first given on line 7): keep only one"],
    ),
    "a value starting with a reserved character": (
        {"pages/about.md": "---\ntitle: @irrt on social media\n---\n"},
        [
            "content/pages/about.md:2: a value cannot start with '@': put the value in quotes "
            "(column 8)"
        ],
    ),
    "front matter never closed": (
        {"pages/about.md": "---\ntitle: About\n\nBody text.\n"},
        [
            "content/pages/about.md:1: front matter is never closed: add a line '---' after the "
            "last 'key: value' line"
        ],
    ),
    "no front matter": (
        {"pages/about.md": "# About\n\nBody text.\n"},
        [
            "content/pages/about.md:1: missing front matter: the file must start with a line '---', "
            "then 'key: value' lines, then '---'"
        ],
    ),
    "front matter that is a list": (
        {"pages/about.md": "---\n- title: About\n---\n"},
        ["content/pages/about.md:1: front matter must be 'key: value' lines, not a list"],
    ),
    "front matter that is a scalar": (
        {"pages/about.md": "---\nAbout us\n---\n"},
        [
            "content/pages/about.md:1: front matter must be 'key: value' lines, not a single "
            "text value"
        ],
    ),
    "site.yaml that is a list": (
        {"site.yaml": "- title: Test\n"},
        ["content/site.yaml:1: the file must be 'key: value' lines, not a list"],
    ),
    "empty file": (
        {"pages/about.md": ""},
        [
            "content/pages/about.md:1: file is empty: it needs front matter, a line '---', then "
            "'key: value' lines, then '---'"
        ],
    ),
    "an alias": (
        {"pages/about.md": "---\ntitle: About\nsummary: *name\n---\n"},
        [
            "content/pages/about.md:3: YAML aliases (*name) are not allowed: write the value out "
            "in full"
        ],
    ),
    "an anchor": (
        {"pages/about.md": "---\ntitle: &name About\nsummary: *name\n---\n"},
        ["content/pages/about.md:2: YAML anchors (&name) are not allowed: remove it"],
    ),
    "an alias bomb": (
        {
            "pages/about.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b]\ntitle: About\n---\n"
        },
        ["content/pages/about.md:2: YAML anchors (&a) are not allowed: remove it"],
    ),
    "a python tag": (
        {"pages/about.md": "---\ntitle: !!python/object/apply:os.system [echo hi]\n---\n"},
        [
            "content/pages/about.md:2: YAML tags such as !!python/object/apply:os.system are not "
            "allowed: remove it (put the value in quotes if it is text)"
        ],
    ),
    "a local tag": (
        {"pages/about.md": "---\ntitle: !important About\n---\n"},
        [
            "content/pages/about.md:2: YAML tags such as !important are not allowed: remove it "
            "(put the value in quotes if it is text)"
        ],
    ),
    "a timestamp tag": (
        {"pages/about.md": "---\ntitle: About\nupdated: !!timestamp 2026-01-01\n---\n"},
        [
            "content/pages/about.md:3: YAML tags such as !!timestamp are not allowed: remove it "
            "(put the value in quotes if it is text)"
        ],
    ),
    # -- bytes -------------------------------------------------------------------------
    "not UTF-8": (
        {"pages/about.md": "---\ntitle: About\nsummary: Caf\xe9\n---\n".encode("latin-1")},
        ["content/pages/about.md:3: file is not valid UTF-8: save it as UTF-8"],
    ),
    "not UTF-8, CR-only line ends": (
        {"pages/about.md": "---\rtitle: About\rsummary: Caf\xe9\r---\r".encode("latin-1")},
        ["content/pages/about.md:3: file is not valid UTF-8: save it as UTF-8"],
    ),
    "a NUL byte": (
        {"pages/about.md": b"---\r\ntitle: About\r\n---\r\nBody\x00\r\n"},
        [
            "content/pages/about.md:4: file contains a NUL byte (is it a binary file?): save it "
            "as UTF-8 text"
        ],
    ),
    "a UTF-16 file": (
        {"pages/about.md": "---\ntitle: About\n---\n".encode("utf-16")},
        ["content/pages/about.md:1: file is saved as UTF-16: save it as UTF-8"],
    ),
    "a binary file": (
        {"pages/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        [
            "content/pages/photo.md:3: file contains a NUL byte (is it a binary file?): save it "
            "as UTF-8 text"
        ],
    ),
    "a huge file": (
        {"pages/about.md": b"---\ntitle: About\n---\n" + b"words " * 800_000},
        [
            "content/pages/about.md:1: file is larger than 4 MB: split it, or put large files under "
            "static/"
        ],
    ),
    "a huge site.yaml": (
        {"site.yaml": SITE_YAML.encode() + b"# " + b"x" * (4 * 1024 * 1024) + b"\n"},
        [
            "content/site.yaml:1: file is larger than 4 MB: split it, or put large files under "
            "static/"
        ],
    ),
    "a non-printable character YAML refuses is removed": (
        {"pages/about.md": "---\ntitle: About\ndraft: \x1byes\n---\n"},
        [
            "content/pages/about.md:3: 'draft' expected true or false, got 'yes'",
            "content/pages/about.md:3: warning: control characters removed from 'draft'",
        ],
    ),
    # -- dates and times ---------------------------------------------------------------
    "an impossible date": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\nauthor: Ana\ndate: 2026-02-30\n---\n"},
        ["content/blog/2026-03-01-news.md:4: 'date' is not a real date or time: '2026-02-30'"],
    ),
    "an impossible time": (
        {"events/talk.md": event("2027-01-22T25:00:00", "2027-01-22T20:00:00")},
        ["content/events/talk.md:3: 'start' is not a real date or time: '2027-01-22T25:00:00'"],
    ),
    "not a date": (
        {"sisters/asafo.md": sister().replace("2026-01-15", "last spring")},
        [
            "content/sisters/asafo.md:7: 'listed' expected a date like 2026-09-15 or a date-time "
            "like 2026-09-15T18:30:00, got 'last spring'"
        ],
    ),
    "a date in year 1": (
        {"blog/0001-01-01-news.md": "---\ntitle: News\nauthor: Ana\ndate: 0001-01-01\n---\n"},
        [
            "content/blog/0001-01-01-news.md:4: 'date' must be between the years 1900 and 2199, "
            "got '0001-01-01'"
        ],
    ),
    "a date at the end of time": (
        {"events/talk.md": event("2027-01-22T18:00:00", "9999-12-31T23:00:00-05:00")},
        [
            "content/events/talk.md:4: 'end' must be between the years 1900 and 2199, "
            "got '9999-12-31T23:00:00-05:00'"
        ],
    ),
    "end before start": (
        {"events/talk.md": event("2027-01-22T18:00:00", "2027-01-22T17:00:00")},
        [
            "content/events/talk.md:4: 'end' (2027-01-22 17:00) must be after 'start' "
            "(2027-01-22 18:00): give the time the event ends"
        ],
    ),
    "end equal to start": (
        {"events/talk.md": event("2027-01-22", "2027-01-22")},
        [
            "content/events/talk.md:4: 'end' (2027-01-22 00:00) must be after 'start' "
            "(2027-01-22 00:00): give the time the event ends"
        ],
    ),
    "event offset not matching its zone": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00-05:00",
                "2027-01-22T20:00:00",
                "timezone: America/Los_Angeles\n",
            )
        },
        [
            "content/events/talk.md:3: 'start' has offset -0500 but America/Los_Angeles is at "
            "-0800 then: fix the offset or drop it"
        ],
    ),
    "an unknown time zone": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00", "2027-01-22T20:00:00", "timezone: America/Springfield\n"
            )
        },
        [
            "content/events/talk.md:5: 'timezone' is not an IANA time zone (e.g. America/Chicago): "
            "'America/Springfield'"
        ],
    ),
    "a machine-dependent zone name": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00", "2027-01-22T20:00:00", "timezone: localtime\n"
            )
        },
        [
            "content/events/talk.md:5: 'timezone' is not an IANA time zone (e.g. America/Chicago): "
            "'localtime'"
        ],
    ),
    "blog file-name date is not the local date of date": (
        {
            "blog/2026-03-02-news.md": "---\ntitle: News\nauthor: Ana\n"
            "date: 2026-03-02T03:00:00Z\n---\n"
        },
        [
            "content/blog/2026-03-02-news.md:4: 'date' is 2026-03-01 in America/Chicago but the "
            "file name says 2026-03-02: make them agree"
        ],
    ),
    "site.yaml with an unknown time zone": (
        {"site.yaml": "title: T\nbase_url: https://irrt.example.org/\ntimezone: Central\n"},
        [
            "content/site.yaml:3: 'timezone' is not an IANA time zone (e.g. America/Chicago): "
            "'Central'"
        ],
    ),
    # -- file names --------------------------------------------------------------------
    "a slug with a space": (
        {"pages/About Us.md": PAGE},
        [
            "content/pages/About Us.md:1: file name 'About Us' is not a valid slug: use lowercase "
            "ASCII letters, digits and '-' (e.g. 'about-us')"
        ],
    ),
    "a slug with an accent": (
        {"pages/Über.md": PAGE},
        [
            "content/pages/Über.md:1: file name 'Über' is not a valid slug: use lowercase ASCII "
            "letters, digits and '-' (e.g. 'uber')"
        ],
    ),
    "an uppercase slug": (
        {"events/Reception.md": event("2027-01-22T18:00:00", "2027-01-22T20:00:00")},
        [
            "content/events/Reception.md:1: file name 'Reception' is not a valid slug: use lowercase "
            "ASCII letters, digits and '-' (e.g. 'reception')"
        ],
    ),
    "an uppercase blog slug": (
        {"blog/2026-03-01-News.md": POST},
        [
            "content/blog/2026-03-01-News.md:1: file name 'News' is not a valid slug: use lowercase "
            "ASCII letters, digits and '-' (e.g. 'news')"
        ],
    ),
    "a blog file without a date": (
        {"blog/news.md": POST},
        [
            "content/blog/news.md:1: a blog file name must be YYYY-MM-DD-slug.md, e.g. "
            "2026-09-15-our-new-partners.md"
        ],
    ),
    "a blog file with an impossible date": (
        {"blog/2026-02-30-news.md": POST},
        ["content/blog/2026-02-30-news.md:1: the file name's date 2026-02-30 is not a real date"],
    ),
    "a leads folder not YYYY-MM": (
        {"leads/2026-9/index.md": ISSUE},
        [
            "content/leads/2026-9/index.md:1: an issue folder is named YYYY-MM (e.g. leads/2026-09/), "
            "not '2026-9'"
        ],
    ),
    "a leads folder with month 13": (
        {"leads/2026-13/index.md": ISSUE},
        [
            "content/leads/2026-13/index.md:1: an issue folder is named YYYY-MM (e.g. "
            "leads/2026-09/), not '2026-13'"
        ],
    ),
    "a leads article without a language": (
        {"leads/2026-09/index.md": ISSUE, "leads/2026-09/rooms.md": article()},
        [
            "content/leads/2026-09/rooms.md:1: a Leads article is named <slug>.<language>.md, e.g. "
            "reading-rooms.es.md"
        ],
    ),
    "a leads article with a language that is not one": (
        {"leads/2026-09/index.md": ISSUE, "leads/2026-09/rooms.english.md": article()},
        [
            "content/leads/2026-09/rooms.english.md:1: 'english' in the file name is not a language "
            "code (BCP 47, e.g. en, es, zh-Hans): name the file <slug>.<language>.md"
        ],
    ),
    "a slug that is too long": (
        {f"pages/{'a' * 101}.md": PAGE},
        [
            f"content/pages/{'a' * 101}.md:1: file name is 101 characters long: shorten it to 100 "
            "or fewer"
        ],
    ),
    "a slug with nothing ASCII": (
        {"pages/中文.md": PAGE},
        [
            "content/pages/中文.md:1: file name '中文' is not a valid slug: use lowercase ASCII "
            "letters, digits and '-' (e.g. 'my-page')"
        ],
    ),
    "a file name with a text-direction character": (
        {"pages/about\u202egpj.md": PAGE},
        [
            "content/pages/about\\u202egpj.md:1: file name contains control or text-direction "
            "characters: rename the file"
        ],
    ),
    "a reserved page slug": (
        {"pages/blog.md": PAGE},
        [
            "content/pages/blog.md:1: the page name 'blog' is reserved for a generated page: rename "
            "the file"
        ],
    ),
    "a reserved event slug": (
        {"events/calendar.md": event("2027-01-22T18:00:00", "2027-01-22T20:00:00")},
        [
            "content/events/calendar.md:1: the event name 'calendar' is reserved for the events "
            "calendar: rename the file"
        ],
    ),
    # -- leads articles ------------------------------------------------------------------
    "article lang disagreeing with its file name": (
        {"leads/2026-09/index.md": ISSUE, "leads/2026-09/rooms.es.md": article("lang: fr\n")},
        [
            "content/leads/2026-09/rooms.es.md:4: 'lang' is fr but the file name says es: make "
            "them agree"
        ],
    ),
    "several versions, none original": (
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.en.md": article(),
            "leads/2026-09/rooms.es.md": article(),
        },
        [
            "content/leads/2026-09/rooms.en.md:1: article 'rooms' has 2 language versions "
            "(rooms.en.md, rooms.es.md) and none has 'original: true': mark exactly one"
        ],
    ),
    "several versions, two originals": (
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.en.md": article("original: true\n"),
            "leads/2026-09/rooms.es.md": article("original: true\n"),
            "leads/2026-09/rooms.fr.md": article(),
        },
        [
            "content/leads/2026-09/rooms.en.md:1: article 'rooms' has 3 language versions "
            "(rooms.en.md, rooms.es.md, rooms.fr.md) and 2 have 'original: true': mark exactly "
            "one"
        ],
    ),
    "a draft translation still counts for original": (
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.en.md": article("original: true\n"),
            "leads/2026-09/rooms.es.md": article("original: true\ndraft: true\n"),
        },
        [
            "content/leads/2026-09/rooms.en.md:1: article 'rooms' has 2 language versions "
            "(rooms.en.md, rooms.es.md) and 2 have 'original: true': mark exactly one"
        ],
    ),
    "versions disagreeing on order": (
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.en.md": article("original: true\norder: 1\n"),
            "leads/2026-09/rooms.es.md": article("order: 2\n"),
        },
        [
            "content/leads/2026-09/rooms.en.md:1: the versions of article 'rooms' disagree on "
            "'order' (rooms.en.md: 1, rooms.es.md: 2): give them the same 'order', or set it in "
            "one file only"
        ],
    ),
    "an article without its issue's index.md": (
        {"leads/2026-10/rooms.en.md": article()},
        [
            "content/leads/2026-10/rooms.en.md:1: this article's issue has no "
            "leads/2026-10/index.md: add it"
        ],
    ),
    "a negative issue number": (
        {"leads/2026-09/index.md": ISSUE.replace("number: 3", "number: -3")},
        ["content/leads/2026-09/index.md:3: 'number' must be 1 or more, got -3"],
    ),
    # -- sister libraries ------------------------------------------------------------------
    "a country code that is not one": (
        {"sisters/asafo.md": sister(country="XX")},
        [
            "content/sisters/asafo.md:3: 'country' must be an ISO 3166-1 two-letter code such as "
            "GH, JP or NO; got 'XX'"
        ],
    ),
    "a country name instead of a code": (
        {"sisters/asafo.md": sister(country="Ghana")},
        [
            "content/sisters/asafo.md:3: 'country' must be an ISO 3166-1 two-letter code such as "
            "GH, JP or NO; got 'Ghana'"
        ],
    ),
    "partnered without partner": (
        {"sisters/asafo.md": sister(status="partnered")},
        [
            "content/sisters/asafo.md:6: a partnered library needs 'partner': the partner "
            "library's name"
        ],
    ),
    "a bad type": (
        {"sisters/asafo.md": sister(kind="publik")},
        [
            "content/sisters/asafo.md:5: 'type' must be one of public, academic, school, special, "
            "national, other; got 'publik'"
        ],
    ),
    "a bad status": (
        {"sisters/asafo.md": sister(status="looking")},
        ["content/sisters/asafo.md:6: 'status' must be one of seeking, partnered; got 'looking'"],
    ),
    "a bad conference": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00", "2027-01-22T20:00:00", "conference: winter\n"
            )
        },
        [
            "content/events/talk.md:5: 'conference' must be one of annual, midwinter, liblearnx, "
            "online, other; got 'winter'"
        ],
    ),
    "a bad website": (
        {"sisters/asafo.md": sister("website: www.asafo.example.org\n")},
        [
            "content/sisters/asafo.md:8: 'website' expected a web address starting with https://, "
            "got 'www.asafo.example.org'"
        ],
    ),
    "a javascript: website": (
        {"sisters/asafo.md": sister("website: javascript:alert(1)\n")},
        [
            "content/sisters/asafo.md:8: 'website' expected a web address starting with https://, "
            "got 'javascript:alert(1)'"
        ],
    ),
    "a bad registration": (
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00", "2027-01-22T20:00:00", "registration: register at the desk\n"
            )
        },
        [
            "content/events/talk.md:5: 'registration' expected a web address starting with "
            "https://, got 'register at the desk'"
        ],
    ),
    "a bad contact": (
        {"sisters/asafo.md": sister("contact: ask Kofi at the desk\n")},
        [
            "content/sisters/asafo.md:8: 'contact' expected an e-mail address or a web address "
            "(https://...), got 'ask Kofi at the desk'"
        ],
    ),
    "a bad language in languages": (
        {"sisters/asafo.md": sister("languages: [en, Twi language]\n")},
        [
            "content/sisters/asafo.md:8: 'languages' is not a language code (BCP 47, e.g. en, es, "
            "zh-Hans, pt-BR): 'Twi language'"
        ],
    ),
    "a bad lang": (
        {"pages/about.md": "---\ntitle: About\nlang: english\n---\n"},
        [
            "content/pages/about.md:3: 'lang' is not a language code (BCP 47, e.g. en, es, "
            "zh-Hans, pt-BR): 'english'"
        ],
    ),
    # -- one address, two files ------------------------------------------------------------
    "two leads versions differing in case": (
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.zh-Hans.md": article("original: true\n"),
            "leads/2026-09/rooms.zh-hans.md": article(),
        },
        [
            "content/leads/2026-09/rooms.zh-hans.md:1: same address /leads/2026-09/rooms/zh-hans/ as "
            "content/leads/2026-09/rooms.zh-Hans.md: rename one of them"
        ],
    ),
    "two posts with one slug in one month": (
        {
            "blog/2026-03-01-news.md": POST,
            "blog/2026-03-20-news.md": POST.replace("2026-03-01", "2026-03-20"),
        },
        [
            "content/blog/2026-03-20-news.md:1: same address /blog/2026/03/news/ as "
            "content/blog/2026-03-01-news.md: rename one of them"
        ],
    ),
    "a draft clashing with a published post": (
        {
            "blog/2026-03-01-news.md": POST,
            "blog/2026-03-20-news.md": POST.replace("2026-03-01", "2026-03-20").replace(
                "date:", "draft: true\ndate:"
            ),
        },
        [
            "content/blog/2026-03-20-news.md:1: same address /blog/2026/03/news/ as "
            "content/blog/2026-03-01-news.md: rename one of them"
        ],
    ),
    # -- site.yaml -------------------------------------------------------------------------
    "a missing site.yaml": (
        {"site.yaml": None, "pages/about.md": PAGE},
        [
            "content/site.yaml:1: site settings file is missing: create it with at least 'title' and "
            "'base_url'"
        ],
    ),
    "a base_url without scheme": (
        {"site.yaml": "title: T\nbase_url: irrt.example.org\n"},
        [
            "content/site.yaml:2: 'base_url' must be an absolute web address such as "
            "https://irrt.example.org/, got 'irrt.example.org'"
        ],
    ),
    "a base_url with a query": (
        {"site.yaml": "title: T\nbase_url: https://irrt.example.org/?lang=en\n"},
        [
            "content/site.yaml:2: 'base_url' must be an absolute web address such as "
            "https://irrt.example.org/, got 'https://irrt.example.org/?lang=en'"
        ],
    ),
    "a site language that is not one": (
        {"site.yaml": SITE_YAML + "language: English\n"},
        [
            "content/site.yaml:5: 'language' is not a language code (BCP 47, e.g. en, es, zh-Hans, "
            "pt-BR): 'English'"
        ],
    ),
    "a nav entry with a wrong key": (
        {"site.yaml": SITE_YAML + "nav:\n  - title: Blog\n    link: /blog/\n"},
        [
            "content/site.yaml:7: unknown field 'link' in a 'nav' entry: an entry has only 'title' "
            "and 'url'"
        ],
    ),
    "a nav entry without url": (
        {"site.yaml": SITE_YAML + "nav:\n  - title: Blog\n"},
        ["content/site.yaml:6: a 'nav' entry is missing 'url'"],
    ),
    "a bad code in languages": (
        {"site.yaml": SITE_YAML + "languages:\n  es: Español\n  spanish: Español\n"},
        ["content/site.yaml:7: 'spanish' is not a language code (BCP 47, e.g. en, es, zh-Hans)"],
    ),
    # -- common slips: the message says what to type ---------------------------------------
    "curly quotes from a word processor around a value with a colon": (
        {"pages/about.md": "---\ntitle: \u201cCall for proposals: 2027\u201d\n---\n"},
        [
            "content/pages/about.md:2: curly quotes (\u201c \u201d or \u2018 \u2019) are not "
            'quotes to YAML: type straight quotes, e.g. title: "Call for proposals: 2027"'
        ],
    ),
    "curly single quotes around a value with a colon": (
        {"pages/about.md": "---\ntitle: About\nsummary: \u2018Note: we moved\u2019\n---\n"},
        [
            "content/pages/about.md:3: curly quotes (\u201c \u201d or \u2018 \u2019) are not "
            'quotes to YAML: type straight quotes, e.g. summary: "Note: we moved"'
        ],
    ),
    "a one-digit hour": (
        {"events/talk.md": event("2027-01-22T9:00", "2027-01-22T11:00")},
        [
            "content/events/talk.md:3: 'start' needs two digits for the hour: write "
            "2027-01-22T09:00, not 2027-01-22T9:00"
        ],
    ),
    "no space after the colon": (
        {"blog/2026-03-01-news.md": "---\ntitle: News\nauthor:Luc\u00eda\ndate: 2026-03-01\n---\n"},
        [
            "content/blog/2026-03-01-news.md:3: no space after the colon: YAML reads "
            "'author:Luc\u00eda' as text, not as the field 'author': write author: Luc\u00eda"
        ],
    ),
    "no space after the colon, on the first line": (
        {"blog/2026-03-01-news.md": "---\nauthor:Luc\u00eda\ntitle: News\ndate: 2026-03-01\n---\n"},
        [
            "content/blog/2026-03-01-news.md:2: no space after the colon: YAML reads "
            "'author:Luc\u00eda' as text, not as the field 'author': write author: Luc\u00eda"
        ],
    ),
    "no space after the colon, on the only line": (
        {"pages/about.md": "---\ntitle:About\n---\n"},
        [
            "content/pages/about.md:2: no space after the colon: YAML reads 'title:About' as "
            "text, not as the field 'title': write title: About"
        ],
    ),
    # -- folders ---------------------------------------------------------------------------
    "a misspelt section folder": (
        {"event/reception.md": event("2027-01-22T18:00:00", "2027-01-22T20:00:00")},
        [
            "content/event/reception.md:1: 'event/' is not a folder the site reads: did you "
            "mean events/?"
        ],
    ),
    "posts in post/": (
        {"post/2026-03-01-news.md": POST},
        [
            "content/post/2026-03-01-news.md:1: 'post/' is not a folder the site reads: did you "
            "mean blog/?"
        ],
    ),
    "a section folder with a capital": (
        {"Blog/2026-03-01-news.md": POST},
        [
            "content/Blog/2026-03-01-news.md:1: 'Blog/' is not a folder the site reads: did you "
            "mean blog/?"
        ],
    ),
    "pictures in images/": (
        {"images/logo.png": b"png"},
        [
            "content/images/logo.png:1: 'images/' is not a folder the site reads: did you mean "
            "static/images/?"
        ],
    ),
    "a Markdown file next to site.yaml": (
        {"about.md": PAGE},
        [
            "content/about.md:1: not in a content folder: move it into pages/, blog/, events/, "
            "leads/YYYY-MM/ or sisters/ (pictures and PDFs go in static/)"
        ],
    ),
    "a Markdown file in a folder of one's own": (
        {"drafts/2026-03-01-news.md": POST},
        [
            "content/drafts/2026-03-01-news.md:1: not in a content folder: move it into pages/, "
            "blog/, events/, leads/YYYY-MM/ or sisters/ (pictures and PDFs go in static/)"
        ],
    ),
    # -- the text gate (text.py) ------------------------------------------------------
    "a nav address with a tab inside 'javascript:'": (
        {"site.yaml": SITE_YAML + 'nav:\n  - {title: X, url: "java\\tscript:alert(1)"}\n'},
        [
            "content/site.yaml:6: a 'nav' entry's 'url' must be a page of the site (/about/) or "
            "a web address (https://...)"
        ],
    ),
    "a base_url with a line break": (
        {"site.yaml": 'title: T\nbase_url: "https://irrt.example.org/\\nDisallow: /"\n'},
        [
            "content/site.yaml:2: 'base_url' must be an absolute web address such as "
            "https://irrt.example.org/, got 'https://irrt.example.org/\\nDisallow: /'"
        ],
    ),
    "a whole number of thousands of digits": (
        {"pages/about.md": "---\ntitle: About\nmenu: " + "1" * 4400 + "\n---\n"},
        ["content/pages/about.md:3: a number of 4400 digits: put it in quotes if it is text"],
    ),
    "a zero-width space in a file name, shown escaped": (
        {"pages/ab\u200bout.md": PAGE},
        [
            "content/pages/ab\\u200bout.md:1: file name 'ab\\u200bout' is not a valid slug: use "
            "lowercase ASCII letters, digits and '-' (e.g. 'ab-out')"
        ],
    ),
}

# Warnings: the site is still built (exit status 0), and the check says what to change.
WARNING_CASES = {
    "tags as one text with commas": (
        {"pages/about.md": "---\ntitle: About\ntags: Outreach, Sister Libraries, IFLA\n---\n"},
        [
            "content/pages/about.md:3: warning: 'tags' is one text with commas, read as one tag "
            "'Outreach, Sister Libraries, IFLA': for 3 tags, write tags: [Outreach, Sister "
            "Libraries, IFLA]"
        ],
    ),
    "interests as one text with commas": (
        {"sisters/asafo.md": sister("interests: Book clubs, Oral history\n")},
        [
            "content/sisters/asafo.md:8: warning: 'interests' is one text with commas, read as "
            "one interest 'Book clubs, Oral history': for 2 interests, write interests: [Book "
            "clubs, Oral history]"
        ],
    ),
    "curly quotes around a value": (
        {"pages/about.md": "---\ntitle: \u201cAbout us\u201d\n---\n"},
        [
            "content/pages/about.md:2: warning: 'title' is between curly quotes (\u201c \u201d or "
            '\u2018 \u2019), which YAML does not take for quotes: write title: "About us"'
        ],
    ),
    "curly quotes around list entries": (
        {"pages/about.md": "---\ntitle: About\ntags: [\u201cOutreach\u201d, IFLA]\n---\n"},
        [
            "content/pages/about.md:3: warning: 'tags' is between curly quotes (\u201c \u201d or "
            '\u2018 \u2019), which YAML does not take for quotes: write tags: ["Outreach", '
            '"IFLA"]'
        ],
    ),
    "a README next to site.yaml": (
        {"README.md": "# Our content\n", "pages/about.md": PAGE},
        [
            "content/README.md:1: warning: not a content file here: ignored (see the content "
            "guide for where files go)"
        ],
    ),
    "notes in a folder of one's own": (
        {"notes/ideas.txt": "ideas", "pages/about.md": PAGE},
        [
            "content/notes/ideas.txt:1: warning: not a content file here: ignored (see the "
            "content guide for where files go)"
        ],
    ),
    "U+FEFF and a lone surrogate in a title, a non-character in a tag": (
        {"pages/about.md": '---\ntitle: "Ab\\uFEFFout\\uD800"\ntags: ["a\\uFFFEb"]\n---\n'},
        [
            "content/pages/about.md:2: warning: control characters removed from 'title'",
            "content/pages/about.md:3: warning: control characters removed from 'tags'",
        ],
    ),
    "a reference to a control character in the text": (
        {"pages/about.md": "---\ntitle: About\n---\nA &#x1; B\n"},
        [
            "content/pages/about.md:4: warning: &#x1; removed from the text: it stands for an "
            "invisible control character"
        ],
    ),
    "an e-mail address typed into a listing's partner": (
        {"sisters/asafo.md": sister("partner: Ama, ama@asafo.example.org\n")},
        [
            "content/sisters/asafo.md:8: warning: e-mail address in 'partner' shown as [e-mail]: "
            "addresses are not published in a listing: put the address in 'contact', which is "
            "shown without exposing it to spam robots"
        ],
    ),
}


@pytest.mark.parametrize("files, expected", list(WARNING_CASES.values()), ids=list(WARNING_CASES))
def test_check_prints_the_exact_warning(make_content, run_cli, files, expected):
    content = _write(make_content, files)
    code, lines, err = check(run_cli, content)
    assert lines == expected, err
    assert code == 0
    code, lines, err = check(run_cli, content, "--strict")
    assert lines == [line.replace(": warning: ", ": ", 1) for line in expected], err
    assert code == 1


def _write(make_content, files):
    files = dict(files)
    site = files.pop("site.yaml", SITE_YAML)
    if site is None:
        content = make_content(files, site_yaml=None)
    else:
        content = make_content({**files, "site.yaml": site})
    return content


@pytest.mark.parametrize("files, expected", list(CASES.values()), ids=list(CASES))
def test_check_prints_the_exact_problem(make_content, run_cli, files, expected):
    content = _write(make_content, files)
    code, lines, err = check(run_cli, content)
    assert lines == expected, err
    assert code == 1
    errors = sum(1 for line in expected if ": warning: " not in line)
    assert f"irrtsite check: {errors} error{'s' * (errors != 1)}" in err


def test_build_prints_the_same_lines_and_writes_nothing(make_content, run_cli, tmp_path):
    content = _write(
        make_content, CASES["duplicate keys: error at the second, naming the first"][0]
    )
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(tmp_path / "out"), "--now", NOW_ISO
    )
    assert code == 1
    assert (
        "content/pages/about.md:4: duplicate key 'title' (first given on line 2): keep only one"
        in err.splitlines()
    )
    assert not (tmp_path / "out").exists()


def test_every_problem_in_a_file_is_reported(make_content, run_cli):
    content = make_content(
        {
            "sisters/asafo.md": (
                "---\nlibrary: Asafo\ncountry: XX\ncity: 12\ntype: publik\nstatus: partnered\n"
                "listed: 2026-02-30\nwebsite: asafo\ncolor: red\n---\n"
            )
        }
    )
    code, lines, err = check(run_cli, content)
    assert code == 1
    assert lines == [
        "content/sisters/asafo.md:3: 'country' must be an ISO 3166-1 two-letter code such as "
        "GH, JP or NO; got 'XX'",
        "content/sisters/asafo.md:4: 'city' expected text, got a number: quote it, "
        'e.g. city: "12"',
        "content/sisters/asafo.md:5: 'type' must be one of public, academic, school, special, "
        "national, other; got 'publik'",
        "content/sisters/asafo.md:6: a partnered library needs 'partner': the partner "
        "library's name",
        "content/sisters/asafo.md:7: 'listed' is not a real date or time: '2026-02-30'",
        "content/sisters/asafo.md:8: 'website' expected a web address starting with https://, "
        "got 'asafo'",
        "content/sisters/asafo.md:9: unknown field 'color'; allowed: city, contact, country, "
        "draft, interests, lang, languages, library, listed, partner, status, summary, tags, "
        "type, updated, website",
    ]


# -- values that look like traps but are right ---------------------------------------------


def _load(content, drafts=False, now=NOW):
    """(site, problems as printed, in the order check prints them)."""
    site, problems = load_site(content, now, drafts)
    return site, [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line, p.message))]


@pytest.mark.parametrize("code", ["NO", "no", "No", '"NO"', "' no '"])
def test_country_no_is_norway(make_content, code):
    content = make_content({"sisters/deichman.md": sister(country=code)})
    site, problems = _load(content)
    assert problems == []
    assert site.sisters[0].country == "NO"
    assert site.sisters[0].region == "europe"


def test_booleans_and_numbers_that_are_right(make_content):
    content = make_content(
        {
            "pages/about.md": "---\ntitle: '10:00'\nmenu: 2\ndraft: false\nsummary: \"1984\"\n---\n",
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/rooms.en.md": article("original: true\norder: 3\n"),
            "leads/2026-09/rooms.es.md": article("order: 3\n"),
        }
    )
    site, problems = _load(content)
    assert problems == []
    page = site.pages[0]
    assert (page.title, page.menu, page.draft, page.summary) == ("10:00", 2, False, "1984")
    versions = site.issues[0].articles[0].versions
    assert [(v.lang, v.original, v.order) for v in versions] == [("en", True, 3), ("es", False, 3)]
    assert all(v.date == site.issues[0].issue.date for v in versions)


def test_offset_matching_the_zone_is_accepted(make_content):
    content = make_content(
        {
            "events/talk.md": event(
                "2027-01-22T18:00:00-08:00",
                "2027-01-22T20:00:00",
                "timezone: America/Los_Angeles\n",
            )
        }
    )
    site, problems = _load(content)
    assert problems == []
    talk = site.events[0]
    assert talk.start.isoformat() == "2027-01-22T18:00:00-08:00"
    assert talk.end.isoformat() == "2027-01-22T20:00:00-08:00"


def test_blog_date_in_utc_on_the_local_day(make_content):
    # 03:00 UTC on 2 March is the evening of 1 March in Chicago: the file name agrees.
    content = make_content(
        {
            "blog/2026-03-01-news.md": "---\ntitle: News\nauthor: Ana\n"
            "date: 2026-03-02T03:00:00Z\n---\n"
        }
    )
    site, problems = _load(content)
    assert problems == []
    assert site.posts[0].url == "blog/2026/03/news/"


def test_a_quoted_date_is_read_like_a_plain_one(make_content):
    content = make_content(
        {
            "blog/2026-03-01-a.md": "---\ntitle: A\nauthor: X\ndate: '2026-03-01'\n---\n",
            "blog/2026-03-01-b.md": "---\ntitle: B\nauthor: X\ndate: 2026-03-01\n---\n",
        }
    )
    site, problems = _load(content)
    assert problems == []
    assert site.posts[0].date == site.posts[1].date
    assert site.posts[0].date.isoformat() == "2026-03-01T00:00:00-06:00"


# -- held back, not errors ---------------------------------------------------------------


def test_drafts_and_future_posts_are_held_back(make_content, run_cli):
    content = make_content(
        {
            "pages/about.md": PAGE,
            "pages/plans.md": "---\ntitle: Plans\ndraft: true\n---\n",
            "blog/2026-03-01-news.md": POST,
            "blog/2027-01-05-next-year.md": POST.replace("2026-03-01", "2027-01-05"),
            "blog/2026-04-01-unfinished.md": POST.replace("2026-03-01", "2026-04-01").replace(
                "date:", "draft: true\ndate:"
            ),
            "events/talk.md": event("2027-01-22T18:00:00", "2027-01-22T20:00:00", "draft: true\n"),
            "sisters/asafo.md": sister("draft: true\n"),
            "leads/2026-09/index.md": ISSUE.replace("---\nvolume", "---\ndraft: true\nvolume"),
            "leads/2026-09/rooms.en.md": article(),
        }
    )
    site, problems = _load(content)
    assert problems == []
    assert [i.rel for i in site.items()] == ["pages/about.md", "blog/2026-03-01-news.md"]
    site, problems = _load(content, drafts=True)
    assert problems == []
    assert sorted(i.rel for i in site.items()) == [
        "blog/2026-03-01-news.md",
        "blog/2026-04-01-unfinished.md",
        "blog/2027-01-05-next-year.md",
        "events/talk.md",
        "leads/2026-09/index.md",
        "leads/2026-09/rooms.en.md",
        "pages/about.md",
        "pages/plans.md",
        "sisters/asafo.md",
    ]
    code, lines, err = check(run_cli, content)
    assert code == 0, err
    assert not [line for line in lines if ": warning: " not in line]


def test_a_post_is_published_at_its_instant(make_content):
    content = make_content(
        {"blog/2026-11-23-today.md": "---\ntitle: T\nauthor: A\ndate: 2026-11-23T06:00:00\n---\n"}
    )
    # 06:00 in Chicago is 12:00 UTC: published exactly at NOW, not a second before
    before = datetime(2026, 11, 23, 11, 59, 59, tzinfo=UTC)
    assert _load(content, now=before)[0].posts == ()
    assert [p.slug for p in _load(content, now=NOW)[0].posts] == ["today"]


# -- tags -----------------------------------------------------------------------------------


def _post(name: str, tags: str, extra: str = "") -> tuple[str, str]:
    return (
        f"blog/2026-03-{name}.md",
        f"---\ntitle: {name}\nauthor: A\ndate: 2026-03-{name[:2]}\ntags: {tags}\n{extra}---\n",
    )


def test_tags_that_fold_together_are_one_tag_with_the_most_used_spelling(make_content):
    content = make_content(
        dict(
            [
                _post("01-a", "[Bibliotecas Públicas]"),
                _post("02-b", "[bibliotecas publicas]"),
                _post("03-c", "[bibliotecas publicas, Outreach]"),
            ]
        )
    )
    site, problems = _load(content)
    assert problems == []
    assert [(t.slug, t.name, [i.slug for i in t.items]) for t in site.tags] == [
        ("bibliotecas-publicas", "bibliotecas publicas", ["c", "b", "a"]),
        ("outreach", "Outreach", ["c"]),
    ]


def test_tag_spelling_ties_go_to_the_first_in_sorted_order(make_content):
    content = make_content(
        dict(
            [
                _post("01-a", "[bibliotecas publicas]"),
                _post("02-b", "[Bibliotecas Públicas]"),
            ]
        )
    )
    site, _ = _load(content)
    assert [(t.slug, t.name) for t in site.tags] == [
        ("bibliotecas-publicas", "Bibliotecas Públicas")
    ]


def test_tags_used_only_by_drafts_or_future_posts_get_no_tag(make_content):
    content = make_content(
        dict(
            [
                _post("01-a", "[Outreach]"),
                _post("02-b", "[Outreach, Secret Plans, secret plans]", "draft: true\n"),
                (
                    "blog/2027-03-01-c.md",
                    "---\ntitle: c\nauthor: A\ndate: 2027-03-01\ntags: [Next Year]\n---\n",
                ),
            ]
        )
    )
    site, _ = _load(content)
    assert [(t.slug, t.name, len(t.items)) for t in site.tags] == [("outreach", "Outreach", 1)]
    site, _ = _load(content, drafts=True)
    assert [t.slug for t in site.tags] == ["next-year", "outreach", "secret-plans"]


# -- warnings: cleaned or skipped, and the build goes on --------------------------------------


def test_control_characters_in_a_title_are_removed_with_a_warning(make_content, run_cli):
    content = make_content(
        {
            "pages/about.md": '---\ntitle: About\x07 us\x1b\nsummary: "Who\\x08 we are"\n---\n'
            "Body\x0c text.\n",
        }
    )
    site, problems = _load(content)
    assert problems == [
        "content/pages/about.md:2: warning: control characters removed from 'title'",
        "content/pages/about.md:3: warning: control characters removed from 'summary'",
        "content/pages/about.md:5: warning: control characters removed from the text",
    ]
    page = site.pages[0]
    assert (page.title, page.summary, page.text) == ("About us", "Who we are", "Body text.")
    code, lines, err = check(run_cli, content)
    assert code == 0, err
    assert "content/pages/about.md:2: warning: control characters removed from 'title'" in lines


def test_symlink_out_of_content_is_not_followed(make_content, tmp_path, run_cli):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nPrivate.\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("---\ntitle: X\n---\n")
    content = make_content({"pages/about.md": PAGE})
    try:
        (content / "pages" / "secret.md").symlink_to(secret)
        (content / "sisters").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not supported here")
    site, problems = _load(content)
    assert problems == [
        "content/pages/secret.md:1: warning: symlink points outside content/: not followed",
        "content/sisters:1: warning: symlinked folder not followed: move the files into content/ "
        "instead",
    ]
    assert [p.slug for p in site.pages] == ["about"]
    assert site.sisters == ()
    code, lines, err = check(run_cli, content)
    assert code == 0, err
    assert (
        "content/pages/secret.md:1: warning: symlink points outside content/: not followed" in lines
    )


def test_a_tag_without_letters_gets_a_warning_and_no_page(make_content):
    content = make_content({"pages/about.md": "---\ntitle: About\ntags: ['!!!', History]\n---\n"})
    site, problems = _load(content)
    assert problems == [
        "content/pages/about.md:3: warning: tag '!!!' has no letters or digits: it gets no page"
    ]
    assert [t.slug for t in site.tags] == ["history"]


def test_a_file_in_the_wrong_place_is_an_error(make_content):
    content = make_content(
        {
            "pages/about.md": PAGE,
            "pages/notes.txt": "notes",
            "blog/drafts/2026-03-01-x.md": POST,
            "blog/2026-03-01-y.MD": POST,
            "README.txt": "for the team",
        }
    )
    site, problems = _load(content)
    assert site is None
    assert problems == [
        "content/README.txt:1: warning: not a content file here: ignored (see the content guide "
        "for where files go)",
        "content/blog/2026-03-01-y.MD:1: not a content file: files here are blog/<name>.md "
        "(Markdown files ending in .md, no sub-folders); pictures and PDFs go in static/",
        "content/blog/drafts/2026-03-01-x.md:1: not a content file: files here are blog/<name>.md "
        "(Markdown files ending in .md, no sub-folders); pictures and PDFs go in static/",
        "content/pages/notes.txt:1: not a content file: files here are pages/<name>.md "
        "(Markdown files ending in .md, no sub-folders); pictures and PDFs go in static/",
    ]


# -- line endings and BOM ----------------------------------------------------------------------

BAD_DRAFT = "---\ntitle: About\nsummary: Who we are\ndraft: yes\n---\nBody.\n"


@pytest.mark.parametrize("variant", ["lf", "crlf", "cr", "bom", "bom+crlf", "bom+cr"])
def test_bom_crlf_and_cr_give_the_same_lines(make_content, run_cli, variant):
    text = BAD_DRAFT
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    elif variant.endswith("cr"):
        text = text.replace("\n", "\r")
    if variant.startswith("bom"):
        text = "\ufeff" + text
    content = make_content({"pages/about.md": text.encode()})
    code, lines, _ = check(run_cli, content)
    assert code == 1
    assert lines == ["content/pages/about.md:4: 'draft' expected true or false, got 'yes'"]


def test_bom_crlf_and_cr_give_the_same_site(make_content, tmp_path):
    text = (
        "---\ntitle: About\nsummary: Who we are\ntags: [history]\n---\n\n# History\n\n"
        "Founded in 1949.\n\n- one\n- two\n"
    )
    variants = {
        "lf": text,
        "crlf": text.replace("\n", "\r\n"),
        "cr": text.replace("\n", "\r"),
        "bom": "\ufeff" + text.replace("\n", "\r\n"),
    }
    seen = {}
    for name, body in variants.items():
        content = make_content({"pages/about.md": body.encode()}, name=name)
        site, problems = load_site(content, NOW)
        assert problems == [], name
        page = site.pages[0]
        seen[name] = (page.title, page.summary, page.tags, page.html, page.text)
    assert len(set(seen.values())) == 1, seen


# -- now --------------------------------------------------------------------------------------

NOW_CONTENT = {"blog/2026-06-01-june.md": "---\ntitle: June\nauthor: A\ndate: 2026-06-01\n---\n"}


def test_now_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    assert cli._now(None) == datetime.fromtimestamp(1780000000, UTC)
    assert cli._now("2026-11-23T12:00:00Z") == NOW  # --now wins
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((cli._now(None) - datetime.now(UTC)).total_seconds()) < 60


def test_a_bad_source_date_epoch_is_a_clear_error(make_content, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = run_cli("check", "--content", str(make_content(NOW_CONTENT)))
    assert code == 2
    assert err == "irrtsite: SOURCE_DATE_EPOCH is not a whole number of seconds: yesterday\n"


@pytest.mark.parametrize(
    "epoch, published",
    [
        ("1780000000", False),  # 2026-05-28
        ("1790000000", True),
    ],
)  # 2026-09-21
def test_source_date_epoch_decides_what_is_published(
    make_content, run_cli, tmp_path, monkeypatch, epoch, published
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", "--content", str(make_content(NOW_CONTENT)), "--output", str(out)
    )
    assert code == 0, err
    assert (out / "blog/2026/06/june/index.html").is_file() is published


def test_now_option_wins_over_source_date_epoch(make_content, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build",
        "--content",
        str(make_content(NOW_CONTENT)),
        "--output",
        str(out),
        "--now",
        "2026-06-01T05:00:00Z",
    )
    assert code == 0, err
    assert (out / "blog/2026/06/june/index.html").is_file()  # midnight in Chicago has passed


# -- ten mistakes at once ---------------------------------------------------------------------

TEN_LINES = [
    "ten-mistakes/blog/2026-03-02-spring-update.md:4: 'date' is 2026-03-01 in America/Chicago "
    "but the file name says 2026-03-02: make them agree",
    "ten-mistakes/blog/2026-04-10-new-members.md:4: duplicate key 'title' (first given on "
    "line 2): keep only one",
    "ten-mistakes/events/midwinter-reception.md:5: 'end' (2027-01-22 17:00) must be after "
    "'start' (2027-01-22 18:00): give the time the event ends",
    "ten-mistakes/events/poster-session.md:7: a ':' inside a value is not allowed here: put the "
    "value in quotes (column 28)",
    "ten-mistakes/events/webinar.md:3: 'start' has offset -0500 but America/Los_Angeles is at "
    "-0800 then: fix the offset or drop it",
    "ten-mistakes/leads/2026-09/reading-rooms.es.md:4: 'lang' is fr but the file name says es: "
    "make them agree",
    "ten-mistakes/pages/Contact.md:1: file name 'Contact' is not a valid slug: use lowercase "
    "ASCII letters, digits and '-' (e.g. 'contact')",
    "ten-mistakes/pages/about.md:3: unknown field 'summery' (did you mean 'summary'?)",
    "ten-mistakes/pages/join.md:4: 'draft' expected true or false, got 'yes'",
    "ten-mistakes/sisters/bergen-public-library.md:6: a partnered library needs 'partner': the "
    "partner library's name",
]


def test_ten_mistakes_are_all_reported(run_cli):
    code, out, err = run_cli("check", "--content", str(TEN))
    assert "Traceback" not in out + err
    assert problem_lines(err) == TEN_LINES
    assert err.splitlines()[-1] == "irrtsite check: 10 errors, 0 warnings"
    assert code == 1


def test_ten_mistakes_from_a_fresh_python(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "irrtsite", "check", "--content", str(TEN)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert problem_lines(result.stderr) == TEN_LINES
    assert result.returncode == 1


def test_issue_date_outside_its_folder_month_is_a_warning(make_content, run_cli):
    content = make_content(
        {"leads/2026-09/index.md": "---\nvolume: 1\nnumber: 3\ndate: 2026-10-01\n---\nNote.\n"}
    )
    code, _, err = run_cli("check", "--content", str(content), "--now", "2026-11-23T12:00:00Z")
    assert code == 0
    assert (
        "content/leads/2026-09/index.md:4: warning: 'date' is in 2026-10 but the issue's "
        "folder is leads/2026-09/: is one of them a typo?"
    ) in err.splitlines()


# -- hostile and careless input found in acceptance review ---------------------------------------


def _check_lines(run_cli, content):
    code, _, err = run_cli("check", "--content", str(content), "--now", "2026-11-23T12:00:00Z")
    return code, [line for line in err.splitlines() if not line.startswith("irrtsite check:")]


def test_an_empty_author_list_is_an_error(make_content, run_cli):
    content = make_content(
        {"blog/2026-01-01-a.md": "---\ntitle: A\nauthor: []\ndate: 2026-01-01\n---\n"}
    )
    assert _check_lines(run_cli, content) == (
        1,
        ["content/blog/2026-01-01-a.md:3: 'author' is an empty list: give at least one"],
    )


def test_too_many_tags_is_an_error(make_content, run_cli):
    tags = "".join(f"  - tag {i}\n" for i in range(60))
    content = make_content({"pages/a.md": f"---\ntitle: A\ntags:\n{tags}---\n"})
    assert _check_lines(run_cli, content) == (
        1,
        ["content/pages/a.md:3: 'tags' has 60 entries: at most 50 are allowed"],
    )


def test_event_end_before_start_across_daylight_saving(make_content, run_cli):
    content = make_content(
        {
            "events/e.md": "---\ntitle: E\nstart: 2027-03-14T02:45:00\n"
            "end: 2027-03-14T03:15:00\n---\n"
        }
    )
    code, lines = _check_lines(run_cli, content)
    assert code == 1
    assert lines == [
        "content/events/e.md:3: warning: 'start' 02:45 does not exist in America/Chicago on "
        "2027-03-14 (the clocks jump forward): it is read as 03:45",
        "content/events/e.md:4: 'end' (2027-03-14 03:15) must be after 'start' (2027-03-14 03:45): "
        "give the time the event ends",
    ]


@pytest.mark.parametrize(
    "nav, message",
    [
        (
            "nav:\n  - {title: 10:00, url: /x/}\n",
            "a 'nav' entry's 'title' must be text: put it in quotes",
        ),
        (
            'nav:\n  - {title: X, url: "javascript:alert(1)"}\n',
            "a 'nav' entry's 'url' must be a page of the site (/about/) or a web address (https://...)",
        ),
        (
            'nav:\n  - {title: X, url: " JaVaScRiPt:alert(1)"}\n',
            "a 'nav' entry's 'url' must be a page of the site (/about/) or a web address (https://...)",
        ),
    ],
)
def test_nav_entries_are_text_and_safe_links(make_content, run_cli, nav, message):
    content = make_content(
        {"pages/a.md": "---\ntitle: A\n---\n"},
        site_yaml="title: T\nbase_url: https://example.org/\n" + nav,
    )
    assert _check_lines(run_cli, content) == (1, [f"content/site.yaml:4: {message}"])


def test_symlink_loop_is_a_warning(make_content, run_cli):
    content = make_content({"pages/a.md": "---\ntitle: A\n---\n", "static/x.txt": "x"})
    (content / "static" / "loop").symlink_to(content / "static" / "loop")
    assert _check_lines(run_cli, content) == (
        0,
        ["content/static/loop:1: warning: broken symlink: not followed"],
    )


def test_static_names_differing_by_case_or_accents_clash(make_content, run_cli):
    content = make_content(
        {
            "static/Logo.png": b"a",
            "static/logo.png": b"b",
            "static/cafe\u0301.pdf": b"c",
            "static/caf\u00e9.pdf": b"d",
        }
    )
    code, lines = _check_lines(run_cli, content)
    assert code == 1 and len(lines) == 2
    assert all("differ only by capitals or accents" in line for line in lines)


def test_a_long_tag_in_any_script_builds(make_content, build):
    content = make_content({"pages/a.md": "---\ntitle: A\ntags: ['" + "图书馆" * 40 + "']\n---\n"})
    out = build(content)
    assert len(list((out / "tags").iterdir())) == 2  # the tag's folder and index.html


def test_slugs_may_repeat_dashes_and_tags_keep_their_symbols(make_content, build):
    content = make_content(
        {"pages/a--b.md": "---\ntitle: A\ntags: [C++, 'C#', '图书馆 library', library]\n---\n"}
    )
    out = build(content)
    assert (out / "a--b/index.html").is_file()
    assert sorted(p.name for p in (out / "tags").iterdir() if p.is_dir()) == [
        "c-plus-plus",
        "c-sharp",
        "library",
        "图书馆-library",
    ]


def test_deeply_nested_markdown_is_an_error_not_a_crash(make_content, run_cli):
    body = "".join("    " * i + "- x\n" for i in range(100))
    content = make_content({"pages/a.md": "---\ntitle: A\n---\n" + body})
    assert _check_lines(run_cli, content) == (
        1,
        [
            "content/pages/a.md:36: the text is nested too deeply (lists or quotes inside each other): "
            "simplify it"
        ],
    )


def test_email_addresses_typed_into_a_listing_are_hidden(make_content, build):
    content = make_content(
        {
            "sisters/lib.md": "---\nlibrary: Lib\ncountry: NO\ncity: Oslo\n"
            "type: public\nstatus: seeking\ncontact: librarian@lib.example.no\n"
            "listed: 2026-01-01\nsummary: Write to librarian@lib.example.no\n---\n"
            "Write to librarian@lib.example.no or [us](mailto:us@lib.example.no).\n"
        }
    )
    out = build(content)
    leaks = [p for p in out.rglob("*") if p.is_file() and b"lib.example.no" in p.read_bytes()]
    assert leaks == []


def test_hiding_emails_keeps_links_and_images_working(make_content, build):
    content = make_content(
        {
            "sisters/lib.md": "---\nlibrary: Lib\ncountry: NO\ncity: Oslo\n"
            "type: public\nstatus: seeking\nlisted: 2026-01-01\n---\n"
            "Write <a@lib.example.no> or [to us](mailto:us@lib.example.no).\n\n"
            "![Our logo](https://lib.example.org/logo@2x.png)\n"
        }
    )
    out = build(content)
    doc = html(out / "sisters/lib/index.html")
    prose = doc.xpath("//div[contains(@class, 'prose')]")[0]
    assert [a.get("href") for a in prose.xpath(".//a")] == [None, None]
    assert [a.text_content() for a in prose.xpath(".//a")] == ["[e-mail]", "to us"]
    assert prose.xpath(".//img/@src") == ["https://lib.example.org/logo@2x.png"]
    assert b"lib.example.no" not in (out / "sisters/lib/index.html").read_bytes()

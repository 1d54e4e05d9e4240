"""Fields, called directly: each accessor on good and bad values gives the clean value and
the exact problem (path, line, message) an editor reads."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from irrtsite import yamlload
from irrtsite.errors import Problem
from irrtsite.fields import MAX_LIST, Fields, zone

PATH = "content/pages/x.md"
CHICAGO = ZoneInfo("America/Chicago")


def fields(front_matter: str) -> tuple[Fields, list[Problem]]:
    """Fields over front matter whose first line is line 2 of the file (after '---')."""
    meta = yamlload.load(front_matter)
    assert isinstance(meta, yamlload.KeyedDict)
    problems: list[Problem] = []
    return Fields(meta, {k: v + 2 for k, v in meta.lines.items()}, PATH, problems), problems


def read(front_matter: str, accessor: str, *args, **kwargs):
    """(value the accessor returns, problems as 'path:line: message')."""
    f, problems = fields(front_matter)
    value = getattr(f, accessor)(*args, **kwargs)
    return value, [str(p) for p in problems]


# -- bookkeeping -----------------------------------------------------------------------------


def test_line_of_a_key_and_of_a_missing_key():
    f, _ = fields("title: A\nsummary: B\n")
    assert (f.line("title"), f.line("summary"), f.line("nope")) == (2, 3, 1)


def test_error_and_warn_record_at_the_keys_line_or_line_one():
    f, problems = fields("title: A\nsummary: B\n")
    f.error("summary", "bad")
    f.warn(None, "careful")
    assert problems == [Problem(PATH, 3, "bad"), Problem(PATH, 1, "careful", True)]


def test_raw_gives_the_value_as_yaml_gave_it():
    f, problems = fields("n: 1.10\n")
    value = f.raw("n")
    assert isinstance(value, yamlload.Float) and value.text == "1.10"
    assert problems == []


def test_a_missing_required_field_is_named_at_line_one():
    assert read("summary: B\n", "text", "title", required=True) == (
        None,
        [f"{PATH}:1: missing required field 'title': add a line 'title: ...'"],
    )


def test_a_required_field_without_a_value_is_named_at_its_line():
    assert read("summary: B\ntitle:\n", "text", "title", required=True) == (
        None,
        [f"{PATH}:3: 'title' has no value: fill it in"],
    )


def test_finish_suggests_a_close_known_field():
    f, problems = fields("title: A\ntitel: B\n")
    f.text("title")
    f.text("summary")
    f.finish()
    assert [str(p) for p in problems] == [
        f"{PATH}:3: unknown field 'titel' (did you mean 'title'?)"
    ]


def test_finish_lists_the_allowed_fields_when_nothing_is_close():
    f, problems = fields("title: A\ncolour: red\n")
    f.text("title")
    f.boolean("draft")
    f.finish()
    assert [str(p) for p in problems] == [
        f"{PATH}:3: unknown field 'colour'; allowed: draft, title"
    ]


def test_finish_is_quiet_when_every_key_was_read():
    f, problems = fields("title: A\ndraft: true\n")
    f.text("title")
    f.boolean("draft")
    f.finish()
    assert problems == []


# -- text ------------------------------------------------------------------------------------


def test_text_is_stripped_and_nfc_normalised():
    assert read('title: "  Cafe\u0301 "\n', "text", "title") == ("Café", [])


def test_absent_text_is_none():
    assert read("summary: B\n", "text", "title") == (None, [])


@pytest.mark.parametrize(
    "escape",
    ["\\a", "\\x1b", "\\x85", "\\uFFFE", "\\uFFFF"],
    ids=["bell", "escape", "c1", "fffe", "ffff"],
)
def test_control_characters_are_removed_with_a_warning(escape):
    # YAML escapes reach the value even though source.py scrubs the file's own characters
    assert read(f'title: "A{escape}B"\n', "text", "title") == (
        "AB",
        [f"{PATH}:2: warning: control characters removed from 'title'"],
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("[a, b]", "'title' expected text, got a list"),
        ("{a: b}", "'title' expected text, got a mapping"),
        ("1.10", "'title' expected text, got a number: quote it, e.g. title: \"1.10\""),
        ("10:00", "'title' expected text, got a time-like value: quote it, e.g. title: \"10:00\""),
        ("true", "'title' expected text, got a true/false value: quote it, e.g. title: \"true\""),
    ],
)
def test_text_of_another_type_is_an_error(value, message):
    assert read(f"title: {value}\n", "text", "title") == (None, [f"{PATH}:2: {message}"])


def test_required_text_must_not_be_empty():
    assert read('title: " "\n', "text", "title", required=True) == (
        None,
        [f"{PATH}:2: 'title' must not be empty"],
    )


def test_optional_text_may_be_empty():
    assert read('title: ""\n', "text", "title") == ("", [])


# -- true/false ------------------------------------------------------------------------------


def test_boolean():
    assert read("draft: true\n", "boolean", "draft") == (True, [])
    assert read("draft: False\n", "boolean", "draft", default=True) == (False, [])
    assert read("title: A\n", "boolean", "draft", default=True) == (True, [])


@pytest.mark.parametrize(
    "value, message",
    [
        ("yes", "'draft' expected true or false, got 'yes'"),
        ("1", "'draft' expected true or false, got '1'"),
        ('"true"', "'draft' expected true or false, got 'true': write it without quotes"),
        ("' False '", "'draft' expected true or false, got ' False ': write it without quotes"),
    ],
)
def test_boolean_of_another_value_is_an_error_and_gives_the_default(value, message):
    assert read(f"draft: {value}\n", "boolean", "draft", default=True) == (
        True,
        [f"{PATH}:2: {message}"],
    )


# -- whole numbers ---------------------------------------------------------------------------


def test_integer_is_a_plain_int():
    value, problems = read("menu: 3\n", "integer", "menu")
    assert (value, type(value), problems) == (3, int, [])


@pytest.mark.parametrize(
    "value, message",
    [
        ("1.50", "'menu' expected a whole number, got '1.50'"),
        ("true", "'menu' expected a whole number, got 'true'"),
        ("three", "'menu' expected a whole number, got 'three'"),
        ("012", "'menu' expected a whole number, got '012'"),
    ],
)
def test_integer_of_another_value_is_an_error(value, message):
    assert read(f"menu: {value}\n", "integer", "menu") == (None, [f"{PATH}:2: {message}"])


def test_integer_below_the_minimum_is_an_error():
    assert read("volume: 0\n", "integer", "volume", minimum=1) == (
        None,
        [f"{PATH}:2: 'volume' must be 1 or more, got 0"],
    )
    assert read("volume: 1\n", "integer", "volume", minimum=1) == (1, [])


# -- one of a few words ----------------------------------------------------------------------


def test_choice():
    options = ("public", "academic")
    assert read("type: academic\n", "choice", "type", options) == ("academic", [])
    assert read("type: library\n", "choice", "type", options) == (
        None,
        [f"{PATH}:2: 'type' must be one of public, academic; got 'library'"],
    )
    assert read("type: 3\n", "choice", "type", options) == (
        None,
        [f"{PATH}:2: 'type' must be one of public, academic; got '3'"],
    )


# -- lists of text ---------------------------------------------------------------------------


def test_text_list_takes_a_list_or_a_single_value():
    assert read("tags: [a, ' b ']\n", "text_list", "tags") == (("a", "b"), [])
    assert read("tags: solo\n", "text_list", "tags") == (("solo",), [])
    assert read("title: A\n", "text_list", "tags") == ((), [])


def test_text_list_entries_are_checked_one_by_one():
    assert read('tags: [a, "", 3, [x]]\n', "text_list", "tags") == (
        ("a",),
        [
            f"{PATH}:2: 'tags' has an empty entry",
            f"{PATH}:2: 'tags' expected text, got a number: quote it, e.g. tags: \"3\"",
            f"{PATH}:2: 'tags' expected text, got a list",
        ],
    )


def test_a_required_list_must_not_be_empty():
    assert read("author: []\n", "text_list", "author", required=True) == (
        (),
        [f"{PATH}:2: 'author' is an empty list: give at least one"],
    )


def test_a_list_longer_than_the_limit_is_cut_with_an_error():
    entries = ", ".join(f"t{i}" for i in range(MAX_LIST + 1))
    value, problems = read(f"tags: [{entries}]\n", "text_list", "tags")
    assert value == tuple(f"t{i}" for i in range(MAX_LIST))
    assert problems == [f"{PATH}:2: 'tags' has 51 entries: at most 50 are allowed"]


# -- web and e-mail addresses ----------------------------------------------------------------


def test_url():
    assert read("website: https://x.example.org/a?b\n", "url", "website") == (
        "https://x.example.org/a?b",
        [],
    )
    assert read("website: www.x.example.org\n", "url", "website") == (
        None,
        [
            f"{PATH}:2: 'website' expected a web address starting with https://, "
            "got 'www.x.example.org'"
        ],
    )
    assert read('website: ""\n', "url", "website") == ("", [])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("librarian@asafo.example.org", "mailto:librarian@asafo.example.org"),
        (
            '"mailto:Ana.Lima+sisters@biblioteca.example.br"',
            "mailto:Ana.Lima+sisters@biblioteca.example.br",
        ),
        ('"MAILTO:a@b.example.org"', "mailto:a@b.example.org"),
        ("o'brien@library.example.ie", "mailto:o'brien@library.example.ie"),
        ("josé@bibliothèque.example.fr", "mailto:josé@bibliothèque.example.fr"),
        ('"https://lib.example.org/contact"', "https://lib.example.org/contact"),
        ('""', None),
    ],
)
def test_url_or_email_accepts(value, expected):
    assert read(f"contact: {value}\n", "url_or_email", "contact") == (expected, [])


@pytest.mark.parametrize(
    "value",
    ["ask Kofi at the desk", "a@b", "a b@c.example.org", "a@b.c", "a@@b.org", "<a@b.org>"],
)
def test_url_or_email_refuses(value):
    assert read(f'contact: "{value}"\n', "url_or_email", "contact") == (
        None,
        [
            f"{PATH}:2: 'contact' expected an e-mail address or a web address (https://...), "
            f"got '{value}'"
        ],
    )


# -- language and time zone ------------------------------------------------------------------


def test_language_is_checked_and_given_its_canonical_case():
    assert read("lang: EN-gb\n", "language", "lang", "fr") == ("en-GB", [])
    assert read("title: A\n", "language", "lang", "fr") == ("fr", [])
    assert read("lang: english\n", "language", "lang", "fr") == (
        "fr",
        [
            f"{PATH}:2: 'lang' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): 'english'"
        ],
    )
    assert read("lang: [en]\n", "language", "lang", "fr") == (
        "fr",
        [f"{PATH}:2: 'lang' expected text, got a list"],
    )


def test_timezone():
    assert read("timezone: Europe/Oslo\n", "timezone", "timezone", "UTC") == ("Europe/Oslo", [])
    for value in ("Mars/Base", "posixrules", "10:00"):
        assert read(f"timezone: {value}\n", "timezone", "timezone", "UTC") == (
            "UTC",
            [f"{PATH}:2: 'timezone' is not an IANA time zone (e.g. America/Chicago): '{value}'"],
        )


def test_zone():
    assert zone("America/Chicago") == CHICAGO
    assert [zone(n) for n in ("posix/Europe/Oslo", "localtime", "../etc/passwd", "")] == [None] * 4


# -- dates and times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-09-15", datetime(2026, 9, 15, tzinfo=CHICAGO)),
        ("2026-09-15T18:30:00", datetime(2026, 9, 15, 18, 30, tzinfo=CHICAGO)),
        ("2026-09-15 18:30", datetime(2026, 9, 15, 18, 30, tzinfo=CHICAGO)),
        (
            "2026-09-15T18:30:00+02:00",
            datetime.fromisoformat("2026-09-15T18:30:00+02:00"),
        ),
    ],
)
def test_moment(value, expected):
    moment, problems = read(f"date: {value}\n", "moment", "date", "America/Chicago")
    assert (moment, moment.utcoffset(), problems) == (expected, expected.utcoffset(), [])


EXPECTED = "'date' expected a date like 2026-09-15 or a date-time like 2026-09-15T18:30:00"


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "'date' is not a real date or time: '2026-02-30'"),
        ("2026-09-15T25:00", "'date' is not a real date or time: '2026-09-15T25:00'"),
        ("next week", f"{EXPECTED}, got 'next week'"),
        ("10:00", f"{EXPECTED}, got a time-like value"),
        ("20260915", f"{EXPECTED}, got a number"),
        ("1899-12-31", "'date' must be between the years 1900 and 2199, got '1899-12-31'"),
        ("2200-01-01", "'date' must be between the years 1900 and 2199, got '2200-01-01'"),
    ],
)
def test_moment_refuses(value, message):
    assert read(f"date: {value}\n", "moment", "date", "America/Chicago") == (
        None,
        [f"{PATH}:2: {message}"],
    )


def test_a_required_moment_that_is_missing():
    assert read("title: A\n", "moment", "date", "UTC", required=True) == (
        None,
        [f"{PATH}:1: missing required field 'date': add a line 'date: ...'"],
    )


# -- every mistake at once -------------------------------------------------------------------


def test_every_mistake_in_a_file_is_reported_in_reading_order():
    f, problems = fields("title: [A]\ndraft: maybe\nmenu: x\nextra: 1\n")
    assert (f.text("title", required=True), f.boolean("draft"), f.integer("menu")) == (
        None,
        False,
        None,
    )
    f.finish()
    assert [str(p) for p in problems] == [
        f"{PATH}:2: 'title' expected text, got a list",
        f"{PATH}:3: 'draft' expected true or false, got 'maybe'",
        f"{PATH}:4: 'menu' expected a whole number, got 'x'",
        f"{PATH}:5: unknown field 'extra'; allowed: draft, menu, title",
    ]

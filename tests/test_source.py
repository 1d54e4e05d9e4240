"""Reading one file: bytes to text, front matter to values, and the file line of every key."""

from __future__ import annotations

import pytest

from irrtsite import yamlload
from irrtsite.errors import Problem
from irrtsite.source import MAX_BYTES, decode, read_source, read_yaml_file
from irrtsite.text import CONTROL

TEXT = "---\ntitle: Über uns\nsummary: Who we are\ntags: [a, b]\n---\n\nFirst line.\n\nSecond.\n"


def read(tmp_path, data: bytes | str, name: str = "about.md"):
    file = tmp_path / name
    file.write_bytes(data.encode() if isinstance(data, str) else data)
    return read_source(file, f"pages/{name}", f"content/pages/{name}")


def messages(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


# -- bytes to text --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode(),
        TEXT.replace("\n", "\r\n").encode(),
        TEXT.replace("\n", "\r").encode(),
        b"\xef\xbb\xbf" + TEXT.encode(),
        b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + TEXT.replace("\n", "\r").encode(),
    ],
    ids=["lf", "crlf", "cr", "bom", "bom-crlf", "bom-cr"],
)
def test_bom_and_line_endings_read_exactly_like_lf(tmp_path, data):
    src, problems = read(tmp_path, data)
    assert problems == []
    assert dict(src.meta) == {"title": "Über uns", "summary": "Who we are", "tags": ["a", "b"]}
    assert src.lines == {"title": 2, "summary": 3, "tags": 4}
    # the body starts at the end of the closing '---' line (blank lines may be folded in)
    assert src.body == "\nFirst line.\n\nSecond.\n"
    assert src.body_line == 6
    assert src.body_line + src.body.split("\n").index("First line.") == 7


def test_mixed_line_endings(tmp_path):
    src, problems = read(tmp_path, b"---\r\ntitle: A\rsummary: B\ntags: [c]\r\n---\r\nBody\r")
    assert problems == []
    assert src.lines == {"title": 2, "summary": 3, "tags": 4}
    assert src.body == "\nBody\n"


def test_decode_drops_only_a_leading_bom():
    text, problems = decode(b"\xef\xbb\xbfa\xef\xbb\xbfb\r\n", "x")
    assert (text, problems) == ("a\ufeffb\n", [])


@pytest.mark.parametrize(
    "data, line",
    [
        (b"---\ntitle: \xff\n---\n", 2),
        (b"---\r\ntitle: x\r\nsummary: \xc3\n---\n", 3),
        (b"---\rtitle: x\rsummary: x\rtags: \xe9\r---\r", 4),
    ],
)
def test_not_utf8_names_the_line(data, line):
    text, problems = decode(data, "content/pages/a.md")
    assert text is None
    assert messages(problems) == [
        f"content/pages/a.md:{line}: file is not valid UTF-8: save it as UTF-8"
    ]


@pytest.mark.parametrize(
    "data, line",
    [
        (b"\x00", 1),
        (b"a\nb\nc\x00", 3),
        (b"a\r\nb\r\n\x00", 3),
        (b"a\rb\rc\rd\x00", 4),
    ],
)
def test_nul_names_the_line(data, line):
    text, problems = decode(data, "p")
    assert text is None
    assert messages(problems) == [
        f"p:{line}: file contains a NUL byte (is it a binary file?): save it as UTF-8 text"
    ]


def test_size_limit_is_exact():
    assert decode(b"a" * MAX_BYTES, "p")[1] == []
    text, problems = decode(b"a" * (MAX_BYTES + 1), "p")
    assert text is None
    assert messages(problems) == [
        "p:1: file is larger than 4 MB: split it, or put large files under static/"
    ]


def test_utf16_is_named():
    assert messages(decode("---\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "p")[1]) == [
        "p:1: file is saved as UTF-16: save it as UTF-8"
    ]


# -- front matter boundaries -----------------------------------------------------------


def test_blank_lines_and_long_fences(tmp_path):
    src, problems = read(tmp_path, "-----  \n\n# a comment\ntitle: A\n\n-----\nBody\n")
    assert problems == []
    assert src.lines == {"title": 4}
    assert (src.body, src.body_line) == ("\nBody\n", 6)


def test_empty_front_matter_is_an_empty_mapping(tmp_path):
    src, problems = read(tmp_path, "---\n---\nBody\n")
    assert problems == []
    assert (dict(src.meta), src.lines, src.body) == ({}, {}, "\nBody\n")


def test_a_dashes_line_in_the_body_is_body(tmp_path):
    src, problems = read(tmp_path, "---\ntitle: A\n---\nOne\n\n---\n\nTwo\n")
    assert problems == []
    assert src.body == "\nOne\n\n---\n\nTwo\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            "",
            "content/pages/about.md:1: file is empty: it needs front matter, a line '---', then "
            "'key: value' lines, then '---'",
        ),
        (
            "\n  \n",
            "content/pages/about.md:1: file is empty: it needs front matter, a line '---', "
            "then 'key: value' lines, then '---'",
        ),
        (
            "title: A\n",
            "content/pages/about.md:1: missing front matter: the file must start with a "
            "line '---', then 'key: value' lines, then '---'",
        ),
        (
            " ---\ntitle: A\n---\n",
            "content/pages/about.md:1: missing front matter: the file must "
            "start with a line '---', then 'key: value' lines, then '---'",
        ),
        (
            "---\ntitle: A\n",
            "content/pages/about.md:1: front matter is never closed: add a line "
            "'---' after the last 'key: value' line",
        ),
        (
            "---\n- a\n- b\n---\n",
            "content/pages/about.md:1: front matter must be 'key: value' lines, not a list",
        ),
        (
            "---\nJust a sentence.\n---\n",
            "content/pages/about.md:1: front matter must be "
            "'key: value' lines, not a single text value",
        ),
        (
            "---\n10:00\n---\n",
            "content/pages/about.md:1: front matter must be "
            "'key: value' lines, not a single text value",
        ),
        (
            "---\n42\n---\n",
            "content/pages/about.md:1: front matter must be 'key: value' lines, not a number",
        ),
        (
            "---\ntrue\n---\n",
            "content/pages/about.md:1: front matter must be 'key: value' lines, "
            "not a true/false value",
        ),
    ],
)
def test_front_matter_shape(tmp_path, data, expected):
    src, problems = read(tmp_path, data)
    assert src is None
    assert messages(problems) == [expected]


# -- control characters ------------------------------------------------------------------


def test_control_characters_are_removed_and_named(tmp_path):
    src, problems = read(
        tmp_path, "---\ntitle: A\x07B\ntags:\n  - x\x7f\n  - y\n---\nok\nbad\x1b\x9b line\n"
    )
    assert messages(problems) == [
        "content/pages/about.md:2: warning: control characters removed from 'title'",
        "content/pages/about.md:4: warning: control characters removed from 'tags'",
        "content/pages/about.md:8: warning: control characters removed from the text",
    ]
    assert src.meta["title"] == "AB"
    assert src.meta["tags"] == ["x", "y"]
    assert src.body == "\nok\nbad line\n"


def test_the_control_set_is_what_xml_refuses_or_discourages_and_hidden_direction():
    removed = {c for c in map(chr, range(0x110000)) if CONTROL.fullmatch(c)}
    expected = [
        *range(0x00, 0x09),  # C0 controls, but tab and line feed
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),  # DEL, C1 controls
        *range(0xD800, 0xE000),  # surrogates
        *range(0xFDD0, 0xFDF0),  # non-characters
        *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
        *range(0x202A, 0x202F),  # embeddings and overrides
        *range(0x2066, 0x206A),  # isolates
        0xFEFF,  # a byte order mark inside text
    ]
    assert removed == set(map(chr, expected))


def test_non_characters_are_removed_from_front_matter_and_text(tmp_path):
    src, problems = read(tmp_path, "---\ntitle: A\ufffeB\n---\nok\uffff\n")
    assert (src.meta["title"], src.body) == ("AB", "\nok\n")
    assert messages(problems) == [
        "content/pages/about.md:2: warning: control characters removed from 'title'",
        "content/pages/about.md:4: warning: control characters removed from the text",
    ]


def test_line_separators_do_not_shift_line_numbers(tmp_path):
    # YAML counts U+2028, U+2029 and U+0085 as line breaks; the file does not.
    src, problems = read(tmp_path, "---\ntitle: A\u2028B\u2029C\x85D\nsummary: S\ntags: [t]\n---\n")
    assert src.lines == {"title": 2, "summary": 3, "tags": 4}
    assert src.meta["title"] == "A B CD"
    assert messages(problems) == [
        "content/pages/about.md:2: warning: control characters removed from 'title'"
    ]


# -- site.yaml ------------------------------------------------------------------------


def test_site_yaml_lines(tmp_path):
    file = tmp_path / "site.yaml"
    file.write_bytes(b"\xef\xbb\xbftitle: T\r\n\r\nbase_url: https://x.org/\r\n")
    meta, lines, problems = read_yaml_file(file, "content/site.yaml")
    assert problems == []
    assert dict(meta) == {"title": "T", "base_url": "https://x.org/"}
    assert lines == {"title": 1, "base_url": 3}


def test_empty_site_yaml_is_an_empty_mapping(tmp_path):
    file = tmp_path / "site.yaml"
    file.write_text("# nothing yet\n")
    meta, lines, problems = read_yaml_file(file, "content/site.yaml")
    assert (dict(meta), lines, problems) == ({}, {}, [])


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "about.md"
    folder.mkdir()
    src, problems = read_source(folder, "pages/about.md", "content/pages/about.md")
    assert src is None
    assert len(problems) == 1 and problems[0].message.startswith("cannot read file: ")


# -- the strict YAML loader -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("false", False),
        ("True", True),
        ("FALSE", False),
        ("12", 12),
        ("-3", -3),
        ("012345", "012345"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("1.10", 1.1),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("2026-09-15", "2026-09-15"),
        ("2026-09-15T18:00:00-05:00", "2026-09-15T18:00:00-05:00"),
        ("~", None),
        ("null", None),
        ("", None),
        ("'10:00'", "10:00"),
        ('"yes"', "yes"),
    ],
)
def test_only_true_and_false_are_booleans_and_dates_stay_text(text, value):
    loaded = yamlload.load(f"key: {text}\n")["key"]
    assert loaded == value
    assert type(loaded) is not bool or isinstance(value, bool)


def test_numbers_remember_how_they_were_written():
    data = yamlload.load("a: 1.10\nb: 007\nc: 7\n")
    assert (data["a"].text, data["b"], data["c"].text) == ("1.10", "007", "7")


@pytest.mark.parametrize("text", ["10:00", "1:30:00", "-5:00", "190:20:30.15"])
def test_sexagesimal_is_timelike_text(text):
    value = yamlload.load(f"key: {text}\n")["key"]
    assert isinstance(value, yamlload.TimeLike) and value == text


def test_every_mapping_knows_its_key_lines():
    data = yamlload.load("a: 1\nnav:\n  - title: T\n    url: /u/\nb:\n  c: 2\n")
    assert data.lines == {"a": 0, "nav": 1, "b": 4}
    assert data["nav"][0].lines == {"title": 2, "url": 3}
    assert data["b"].lines == {"c": 5}


@pytest.mark.parametrize(
    "text, message, line, column, first",
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 2, None, 0),
        ("a:\n  x: 1\n  x: 2\n", "duplicate key 'x'", 2, None, 1),
        ("a: &x 1\n", "YAML anchors (&x) are not allowed: remove it", 0, None, None),
        (
            "a: *x\n",
            "YAML aliases (*x) are not allowed: write the value out in full",
            0,
            None,
            None,
        ),
        (
            "a: [1, 2]\nb: !!python/name:os.system\n",
            "YAML tags such as !!python/name:os.system are "
            "not allowed: remove it (put the value in quotes if it is text)",
            1,
            None,
            None,
        ),
        (
            "a: !!binary aGk=\n",
            "YAML tags such as !!binary are not allowed: remove it (put the "
            "value in quotes if it is text)",
            0,
            None,
            None,
        ),
        (
            "a: !!set {x}\n",
            "YAML tags such as !!set are not allowed: remove it (put the value in "
            "quotes if it is text)",
            0,
            None,
            None,
        ),
        ("a:\n\t- 1\n", "a tab is not allowed here: use spaces instead", 1, 0, None),
        (
            "a: b: c\n",
            "a ':' inside a value is not allowed here: put the value in quotes",
            0,
            4,
            None,
        ),
        ("a: 1\nb\n", "expected 'key: value' on this line", 1, None, None),
        ("a: \x07\n", "character U+0007 is not allowed in YAML: remove it", 0, None, None),
        ("a: " + "[" * 5000, "the YAML is nested too deeply", 0, None, None),
    ],
)
def test_yaml_problems(text, message, line, column, first):
    with pytest.raises(yamlload.YamlProblem) as caught:
        yamlload.load(text)
    problem = caught.value
    assert (problem.message, problem.line, problem.column, problem.first_line) == (
        message,
        line,
        column,
        first,
    )


def test_an_alias_bomb_fails_fast():
    bomb = (
        "a: &a ["
        + ",".join(["x"] * 10)
        + "]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
            for i in range(8)
        )
    )
    with pytest.raises(yamlload.YamlProblem) as caught:
        yamlload.load(bomb)
    assert caught.value.message == "YAML anchors (&a) are not allowed: remove it"


# -- what the schema says about values -----------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, written",
    [
        ("v: true", "a true/false value", "true"),
        ("v: 1.10", "a number", "1.10"),
        ("v: -0", "a number", "-0"),
        ("v: 10:00", "a time-like value", "10:00"),
        ("v: [a]", "a list", "['a']"),
        ("v: 012", "text", "012"),
        ("v: plain", "text", "plain"),
    ],
)
def test_describe_and_as_written(text, kind, written):
    value = yamlload.load(text)["v"]
    assert (yamlload.describe(value), yamlload.as_written(value)) == (kind, written)


def test_a_new_keyed_dict_knows_no_lines():
    assert yamlload.KeyedDict().lines == {}
    assert yamlload.describe(yamlload.KeyedDict()) == "a mapping"

"""Bounded work on any input (issue 11): every hostile file gets its answer quickly, as
``path:line: message`` lines, never a stall or a traceback.

Each file below once took Python-Markdown or PyYAML minutes or gigabytes. The in-process
tests check the exact messages; the subprocess test runs the command line on each in a
fresh Python and checks it ends well inside the issue's limits (5 s, 300 MB), with generous
slack: it guards against a stall coming back, it does not time anything finely.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

from irrtsite import markup, source, yamlload
from irrtsite.errors import QUOTE_LIMIT, quoted, shorten

NOW = "2026-11-23T12:00:00Z"
PAGE = "pages/a.md"
P = f"content/{PAGE}"


def page(body: str, front: str = "title: A\n") -> str:
    return f"---\n{front}---\n{body}"


SLOW = "this text takes too long to render: too many '{}' never closed, from {} on: close them, "
SLOW_END = "write them as '\\{}', or put blank lines between paragraphs"


def slow(which: str, near: str) -> str:
    return SLOW.format(which, quoted(near)) + SLOW_END.format(which)


NESTED = "the text is nested too deeply (lists or quotes inside each other): simplify it"
KEYS = 3000  # as many as fit in the front matter's 50,000 characters

# name -> (files, the exact lines `irrtsite check` prints: path:line: message)
HOSTILE: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "cdata-lines": (
        {PAGE: page("<![CDATA[\n" * 8000)},
        [f"{P}:4: " + slow("[", "[CDATA[")],
    ),
    "unclosed-brackets": (
        {PAGE: page("[" * 60_000)},
        [f"{P}:4: " + slow("[", "[" * 60_000)],
    ),
    "unclosed-images": (
        {PAGE: page("Intro.\n\n" + "![" * 20_000)},
        [f"{P}:6: " + slow("[", "[" + "![" * 19_999)],
    ),
    "unclosed-link-targets": (
        {PAGE: page("[a](" * 20_000)},
        [f"{P}:4: " + slow("(", "([a](" + "[a](" * 19_998)],
    ),
    "unclosed-tags": (
        {PAGE: page("a <b\n\n" * 20_000)},
        [f"{P}:4: " + slow("<", "<b")],
    ),
    "unclosed-footnotes": (
        {PAGE: page("[^" * 30_000)},
        [f"{P}:4: " + slow("[", "[^" * 30_000)],
    ),
    "unclosed-attribute-lists": (
        {PAGE: page("# a {" * 20_000)},
        [f"{P}:4: " + slow("{", "{" + "# a {" * 19_999)],
    ),
    "nested-brackets": (
        {PAGE: page("[[]" * 20_000)},
        [f"{P}:4: " + slow("[", "[[]" * 20_000)],
    ),
    "much-emphasis": (
        {PAGE: page("Intro.\n\n" + "*a* " * 40_000)},
        [
            f"{P}:6: this text takes too long to render: 80,000 marks (* _ ` \\ & < [) in one "
            "paragraph: put blank lines between paragraphs, or use less emphasis"
        ],
    ),
    "img-tags-never-closed": (
        {PAGE: page("<img " * 30_000)},
        [f"{P}:4: " + slow("<", "<img " * 30_000)],
    ),
    "a-long-fence-of-tildes": (  # renders: a fence opened, never closed
        {PAGE: page("~" * 150_000 + "\n")},
        [],
    ),
    "nested-lists": (
        {PAGE: page("- " * 50_000 + "x\n")},
        [f"{P}:4: {NESTED}"],
    ),
    "nested-lists-by-indentation": (
        {PAGE: page("".join("    " * i + "- x\n" for i in range(300)))},
        [f"{P}:36: {NESTED}"],
    ),
    "nested-quotes": (
        {PAGE: page("> " * 50_000 + "x\n")},
        [f"{P}:4: {NESTED}"],
    ),
    "spaces-after-a-fence": (
        {PAGE: page("Intro.\n\n~~~" + "\t" * 20_000 + "x\n")},
        [
            f"{P}:6: this line takes too long to render: more than "
            f"{markup.MAX_FENCE_SPACES} spaces after ``` or ~~~: remove them"
        ],
    ),
    "long-body": (
        {PAGE: page("Plain text.\n" * 20_000)},
        [
            f"{P}:4: the text is longer than {markup.MAX_BODY:,} characters (240,001): "
            "split it into several pages"
        ],
    ),
    "huge-front-matter-with-a-tab": (
        {PAGE: page("body\n", "title: A\nsummary: " + "a" * 3_900_000 + "\n\tx: 1\n")},
        [
            f"{P}:1: front matter is longer than {source.MAX_FRONT_MATTER:,} characters "
            "(3,900,026): shorten it; long text belongs in the body"
        ],
    ),
    "long-value": (
        {PAGE: page("body\n", "title: A\nsummary: " + "é" * 20_000 + "\n")},
        [
            f"{P}:3: 'summary' is longer than {source.MAX_VALUE:,} characters (20,000): "
            f"shorten {quoted('é' * 20_000)}; long text belongs in the body"
        ],
    ),
    "long-value-in-a-list": (
        {PAGE: page("body\n", "title: A\ntags:\n  - a\n  - " + "b" * 12_000 + "\n")},
        [
            f"{P}:3: 'tags' is longer than {source.MAX_VALUE:,} characters (12,000): "
            f"shorten {quoted('b' * 12_000)}; long text belongs in the body"
        ],
    ),
    "tab-after-many-keys": (
        {
            PAGE: page(
                "body\n", "title: A\n" + "".join(f"k{i}: v\n" for i in range(4000)) + "\tx: 1\n"
            )
        },
        [f"{P}:4003: a tab is not allowed here: use spaces instead (column 1)"],
    ),
    "nested-yaml-brackets": (
        {PAGE: page("body\n", "title: A\nsummary: x\nx: " + "[" * 5000 + "]" * 5000 + "\n")},
        [f"{P}:4: the YAML is nested too deeply"],
    ),
    "no-space-after-a-colon-in-a-long-value": (
        {PAGE: page("body\n", "title:" + "x" * 9000 + "\n")},
        [
            f"{P}:2: no space after the colon: YAML reads {quoted('title:' + 'x' * 9000)} "
            f"as text, not as the field 'title': write {shorten('title: ' + 'x' * 9000)}"
        ],
    ),
}


def _check(make_content, run_cli, files) -> tuple[int, list[str]]:
    content = make_content(files)
    code, _, err = run_cli("check", "--content", str(content), "--now", NOW)
    return code, [line for line in err.splitlines() if not line.startswith("irrtsite check:")]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gets_its_exact_message(make_content, run_cli, name):
    files, expected = HOSTILE[name]
    assert _check(make_content, run_cli, files) == (1 if expected else 0, expected)


def test_messages_quote_at_most_80_characters_of_a_value():
    assert QUOTE_LIMIT == 80
    assert quoted("x" * 80) == "'" + "x" * 80 + "'"
    assert quoted("x" * 81) == "'" + "x" * 80 + "…'"
    for _, expected in HOSTILE.values():
        for line in expected:
            assert len(line) < 600, line


def test_warnings_for_many_keys_are_one_per_key(make_content, run_cli):
    """Every key's value lost a control character: one warning each, in linear time."""
    front = "title: A\n" + "".join(f"k{i}: v\x01\n" for i in range(KEYS))
    code, lines = _check(make_content, run_cli, {PAGE: page("body\n", front)})
    assert code == 1
    warned = [line for line in lines if "warning: control characters removed" in line]
    assert warned[:2] == [
        f"{P}:3: warning: control characters removed from 'k0'",
        f"{P}:4: warning: control characters removed from 'k1'",
    ]
    assert len(warned) == KEYS
    assert sum("unknown field" in line for line in lines) == KEYS


# A front matter of KEYS keys, each with a control character: warnings and unknown fields.
MANY_KEYS = {PAGE: page("body\n", "title: A\n" + "".join(f"k{i}: v\x01\n" for i in range(KEYS)))}

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "code": run.returncode,
    "seconds": time.monotonic() - start,
    "mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "err": run.stderr[-2000:],
}))
"""
# Generous slack over the 5 s and 300 MB: a stall guard, not a speed test.
STALL_SECONDS = 30
MAX_MB = 300


@pytest.mark.parametrize("name", [*sorted(HOSTILE), "many-keys"])
def test_the_command_line_answers_a_hostile_file_without_stalling(make_content, name):
    files = MANY_KEYS if name == "many-keys" else HOSTILE[name][0]
    content = make_content(files)
    command = [sys.executable, "-m", "irrtsite", "check", "--content", str(content), "--now", NOW]
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    result = json.loads(run.stdout)
    assert result["code"] in (0, 1) and "Traceback" not in result["err"], result["err"]
    assert result["seconds"] < STALL_SECONDS, result
    assert result["mb"] < MAX_MB, result


def test_brackets_in_quotes_are_text_however_many():
    value = "[" * 150 + "{" * 150
    assert yamlload.load(f"a: \"{value}\"\nb: '{value}'\n") == {"a": value, "b": value}

"""Shared fixtures: a content tree written into tmp_path, built with a fixed "now".

def test_x(make_content, build):
    content = make_content({"pages/about.md": "---\\ntitle: About\\n---\\nHi"})
    out = build(content)                  # -> output Path (raises on bad content)
    doc = html(out / "about/index.html")  # an lxml tree
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import CodeType

import pytest
from lxml import html as lxml_html

from irrtsite import cli
from irrtsite.pipeline import build as run_build

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOW_ISO = "2026-11-23T12:00:00+00:00"

SITE_YAML = """\
title: Test Round Table
base_url: https://irrt.example.org/
timezone: America/Chicago
description: A test site
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        file = root / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(
                textwrap.dedent(text).lstrip("\n") if text.startswith("\n") else text,
                encoding="utf-8",
                newline="",
            )


@pytest.fixture
def make_content(tmp_path):
    """Write a content tree (site.yaml added unless given) and return its folder."""

    def make(
        files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML, name: str = "content"
    ) -> Path:
        content = tmp_path / name
        content.mkdir(parents=True, exist_ok=True)
        if site_yaml is not None and "site.yaml" not in files:
            (content / "site.yaml").write_text(site_yaml, encoding="utf-8")
        write_tree(content, files)
        return content

    return make


@pytest.fixture
def build(tmp_path):
    """Build a content folder into tmp_path/output (or ``output``) with NOW; return the folder."""

    def run(content: Path, output: Path | None = None, **options) -> Path:
        output = output or tmp_path / "output"
        run_build(content, output, options.pop("now", NOW), **options)
        return output

    return run


@pytest.fixture
def run_cli(capsys):
    """Run the command line in-process: returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site of content/, built once for the whole session (read it, don't change it)."""
    out = tmp_path_factory.mktemp("sample") / "site"
    run_build(REPO / "content", out, NOW)
    return out


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the session (skipped locally, a failure in CI, if missing)."""
    import tools

    with tools.browser() as browser:
        yield browser


def html(path: Path):
    """Parse a built HTML file with lxml."""
    return lxml_html.fromstring(path.read_bytes())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (to prove nothing changed)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/expected from the current build",
    )


# -- markers ---------------------------------------------------------------------------
# `browser`: the test uses the `chromium` fixture, directly or through other fixtures
# (item.fixturenames is the whole closure). `slow`: the test starts another process: its
# function, a fixture it uses, or a function of the same module either of them calls names
# `subprocess` (the CLI in a fresh Python, build.py, a wheel) or `vnu_check` (Java).
# `make test-fast` (-m "not browser and not slow") runs everything else.
_STARTS_A_PROCESS = frozenset({"subprocess", "vnu_check"})


def _names(code: CodeType) -> Iterator[str]:
    """Every global and attribute name a code object uses, nested functions included."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _names(const)


def _starts_a_process(function: object, seen: set[object]) -> bool:
    function = inspect.unwrap(getattr(function, "_get_wrapped_function", lambda: function)())
    if not inspect.isfunction(function) or function in seen:
        return False
    seen.add(function)
    names = set(_names(function.__code__))
    if names & _STARTS_A_PROCESS:
        return True
    helpers = (function.__globals__.get(name) for name in names)
    return any(
        _starts_a_process(helper, seen)
        for helper in helpers
        if inspect.isfunction(helper) and helper.__module__ == function.__module__
    )


def _fixture_functions(item: pytest.Item) -> Iterator[object]:
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        for definition in definitions:
            yield definition.func


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        functions = [getattr(item, "function", None), *_fixture_functions(item)]
        seen: set[object] = set()
        if any(_starts_a_process(function, seen) for function in functions):
            item.add_marker(pytest.mark.slow)

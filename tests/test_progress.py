"""Progress on a terminal: one line per stage, redrawn in place, never on a pipe or in CI."""

import io
import re

import pytest
from conftest import NOW_ISO

from irrtsite import cli, progress
from irrtsite.progress import ProgressLine, wanted

POST = "---\ntitle: News {n}\nauthor: Ana\ndate: 2026-03-0{n}\n---\nNews {n}.\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_line_is_redrawn_in_place_throttled_and_cleared():
    screen, clock = Terminal(), Clock()
    line = ProgressLine(screen, clock, delay=0.3, every=0.1)
    line("reading files", 0, 1200)
    assert screen.getvalue() == ""  # a quick build shows nothing
    clock.now += 0.3
    line("reading files", 1, 1200)
    assert screen.getvalue() == "\rirrtsite: reading files 1/1,200 0%"
    clock.now += 0.06
    line("reading files", 2, 1200)  # too soon after the last one
    clock.now += 0.06
    line("reading files", 600, 1200)
    assert screen.getvalue().split("\r")[1:] == [
        "irrtsite: reading files 1/1,200 0%",
        "irrtsite: reading files 600/1,200 50%",
    ]
    line("rendering", 0, 0)  # a new stage is drawn at once, over the longer line
    assert screen.getvalue().split("\r")[-1] == "irrtsite: rendering...".ljust(37)
    before = len(screen.getvalue())
    line.clear()
    assert screen.getvalue()[before:] == "\r" + " " * 22 + "\r"
    line.clear()  # nothing more to clear
    assert len(screen.getvalue()) == before + 24


@pytest.mark.parametrize(
    ("tty", "environ", "shown"),
    [
        (True, {}, True),
        (True, {"TERM": "xterm-256color"}, True),
        (False, {}, False),
        (True, {"CI": "true"}, False),
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_only_a_person_at_a_terminal_sees_it(tty, environ, shown):
    stream = Terminal() if tty else io.StringIO()
    assert wanted(stream, environ) is shown


def terminal(monkeypatch) -> Terminal:
    """stderr is a terminal, CI is not set, and the line is drawn from the start. (Called in
    the test itself: pytest puts its own sys.stderr back after the fixtures are set up.)"""
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    return screen


def build(make_content, tmp_path, files):
    content = make_content(files)
    out = tmp_path / "output"
    return cli.main(["build", "--content", str(content), "--output", str(out), "--now", NOW_ISO])


def test_a_build_on_a_terminal_shows_each_stage_then_the_summary(
    make_content, tmp_path, monkeypatch
):
    screen = terminal(monkeypatch)
    posts = {f"blog/2026-03-0{n}-news-{n}.md": POST.format(n=n) for n in range(1, 4)}
    assert build(make_content, tmp_path, posts) == 0
    drawn = [part.rstrip() for part in screen.getvalue().split("\r")]
    assert drawn[:5] == [
        "",
        "irrtsite: reading files 0/3 0%",
        "irrtsite: rendering...",
        "irrtsite: writing...",
        "",  # cleared
    ]
    assert re.fullmatch(
        r"irrtsite: built \d+ files into .* \(\d+ written, 0 unchanged, 0 removed\)", drawn[5]
    )
    assert len(drawn) == 6


def test_problems_start_on_a_clean_line(make_content, tmp_path, monkeypatch):
    screen = terminal(monkeypatch)
    page = {"pages/about.md": "---\ntitle: About\nauther: x\n---\n"}
    assert build(make_content, tmp_path, page) == 1
    assert screen.getvalue().split("\r")[-1].splitlines() == [
        "content/pages/about.md:3: unknown field 'auther'; "
        "allowed: draft, lang, menu, summary, tags, title, updated",
        f"irrtsite: build stopped, 1 error, 0 warnings; {tmp_path / 'output'} was not changed",
    ]


def test_in_ci_a_terminal_gets_only_the_summary(make_content, tmp_path, monkeypatch):
    screen = terminal(monkeypatch)
    monkeypatch.setenv("CI", "true")
    assert build(make_content, tmp_path, {"pages/about.md": "---\ntitle: About\n---\n"}) == 0
    assert screen.getvalue().startswith("irrtsite: built ") and "\r" not in screen.getvalue()

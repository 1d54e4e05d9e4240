"""How problems are reported: --format github (workflow annotations) and --strict."""

from __future__ import annotations

from pathlib import Path

from conftest import NOW_ISO

from irrtsite.cli import annotation
from irrtsite.errors import Problem

MISTAKES = {
    "pages/about.md": "---\ntitle: About\ndraft: yes\n---\nSee [the join page](/joinus/).\n",
    "pages/join.md": "---\ntitle: Join\n---\n",
}
LINK_ONLY = {"pages/about.md": "---\ntitle: About\n---\nIntro.\n\nSee [us](/joinus/).\n"}


def test_github_format_prints_one_annotation_per_problem(make_content, run_cli, monkeypatch):
    content = make_content(MISTAKES)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(content.parent))
    code, out, err = run_cli(
        "check", "--content", str(content), "--now", NOW_ISO, "--format", "github"
    )
    assert code == 1
    assert out.splitlines() == [
        "::error file=content/pages/about.md,line=3::'draft' expected true or false, got 'yes'"
    ]
    assert err == "irrtsite check: 1 error, 0 warnings\n"


def test_github_format_warnings_and_their_lines(make_content, run_cli, monkeypatch):
    content = make_content(LINK_ONLY)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(content.parent))
    code, out, err = run_cli(
        "check", "--content", str(content), "--now", NOW_ISO, "--format", "github"
    )
    assert code == 0
    assert out.splitlines() == [
        "::warning file=content/pages/about.md,line=6::link to /joinus/ leads to no page of the "
        "site"
    ]
    assert err == "irrtsite check: 0 errors, 1 warning\n"


def test_github_paths_are_from_the_repository_root(make_content, run_cli, monkeypatch):
    content = make_content(LINK_ONLY, name="site/content")
    repo = content.parent.parent
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    _, out, _ = run_cli("check", "--content", str(content), "--now", NOW_ISO, "--format", "github")
    assert out.startswith("::warning file=site/content/pages/about.md,line=6::")
    monkeypatch.delenv("GITHUB_WORKSPACE")
    monkeypatch.chdir(content.parent)  # without the variable: from the current folder
    _, out, _ = run_cli("check", "--content", "content", "--now", NOW_ISO, "--format", "github")
    assert out.startswith("::warning file=content/pages/about.md,line=6::")


def test_strict_turns_warnings_into_errors(make_content, run_cli, monkeypatch):
    content = make_content(LINK_ONLY)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(content.parent))
    args = ("check", "--content", str(content), "--now", NOW_ISO, "--strict")
    code, out, err = run_cli(*args)
    assert code == 1
    assert err.splitlines() == [
        "content/pages/about.md:6: link to /joinus/ leads to no page of the site",
        "irrtsite check: 1 error, 0 warnings",
    ]
    code, out, err = run_cli(*args, "--format", "github")
    assert code == 1
    assert out.startswith("::error file=content/pages/about.md,line=6::link to /joinus/")


def test_build_takes_the_same_options(make_content, run_cli, monkeypatch, tmp_path):
    content = make_content(LINK_ONLY)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(content.parent))
    out_dir = tmp_path / "out"
    args = ("build", "--content", str(content), "--output", str(out_dir), "--now", NOW_ISO)
    code, out, err = run_cli(*args, "--format", "github")
    assert code == 0, err
    assert out.splitlines() == [
        "::warning file=content/pages/about.md,line=6::link to /joinus/ leads to no page of the "
        "site"
    ]
    assert err.startswith("irrtsite: built ")
    code, out, err = run_cli(*args, "--format", "github", "--strict")
    assert code == 1
    assert out.startswith("::error file=content/pages/about.md,line=6::")
    assert f"irrtsite: build stopped, 1 error, 0 warnings; {out_dir} was not changed" in err


def test_annotations_escape_as_the_workflow_command_syntax_says(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    content = tmp_path / "content"
    problem = Problem("content/pages/a,b:c.md", 0, "100% sure:\r\nnot, really", True)
    # line breaks in a message are shown escaped (text.visible), as on the terminal
    assert annotation(problem, content) == (
        "::warning file=content/pages/a%2Cb%3Ac.md,line=1::100%25 sure:\\r\\nnot, really"
    )


def test_a_problem_about_no_content_file_gets_no_file(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    problem = Problem("blog/index.html", 0, "link to /gone/ leads to no page of the site", True)
    assert annotation(problem, tmp_path / "content") == (
        "::warning::blog/index.html: link to /gone/ leads to no page of the site"
    )


def test_a_content_folder_outside_the_workspace_keeps_its_shown_path(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    problem = Problem("content/pages/a.md", 3, "'draft' expected true or false, got 'yes'")
    assert annotation(problem, Path(tmp_path / "content")) == (
        "::error file=content/pages/a.md,line=3::'draft' expected true or false, got 'yes'"
    )

"""The theme: shipped in the package, overridden by a site one file at a time, and a missing or
broken template reported as one line (path:line), with the output folder left as it was."""

import re

import pytest
from conftest import NOW_ISO, REPO, html, snapshot, write_tree

from irrtsite import templates
from irrtsite.templates import shipped_theme

PAGE = "---\ntitle: About\n---\nHello.\n"
POST = "---\ntitle: News\nauthor: Ana\ndate: 2026-03-01\n---\nNews.\n"
OWN_PAGE = '{% extends "base.html" %}\n{% block main %}<p id="own">{{ title }}</p>{% endblock %}\n'


@pytest.fixture
def site(make_content, tmp_path):
    """content/ with a page and a post, and an empty templates/ folder beside it."""
    content = make_content({"pages/about.md": PAGE, "blog/2026-03-01-news.md": POST})
    (tmp_path / "templates").mkdir()
    return content


def build_cli(run_cli, content, out, *more):
    return run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO, *more
    )


def test_the_checkout_ships_its_templates_folder():
    assert shipped_theme() == REPO / "templates"


def test_one_template_beside_content_overrides_only_itself(site, tmp_path, run_cli):
    write_tree(tmp_path / "templates", {"page.html": OWN_PAGE})
    out = tmp_path / "output"
    assert build_cli(run_cli, site, out)[0] == 0
    assert html(out / "about/index.html").xpath("string(//p[@id='own'])") == "About"
    post = html(out / "blog/2026/03/news/index.html")  # post.html and base.html: shipped
    assert post.xpath("string(//h1)") == "News"
    assert post.xpath("//link[@rel='stylesheet']/@href") == ["/assets/style.css"]
    shipped = sorted(p.name for p in (REPO / "templates/assets").iterdir())
    assert sorted(p.name for p in (out / "assets").iterdir()) == shipped


def test_one_asset_overrides_only_itself(site, tmp_path, run_cli):
    write_tree(tmp_path / "templates", {"assets/style.css": "body { color: teal; }\n"})
    out = tmp_path / "output"
    assert build_cli(run_cli, site, out)[0] == 0
    assert (out / "assets/style.css").read_text() == "body { color: teal; }\n"
    shipped = REPO / "templates/assets/search.js"
    assert (out / "assets/search.js").read_bytes() == shipped.read_bytes()


def test_templates_option_overrides_the_same_way(site, tmp_path, run_cli):
    write_tree(tmp_path / "mine", {"page.html": OWN_PAGE, "assets/extra.css": "p {}\n"})
    out = tmp_path / "output"
    assert build_cli(run_cli, site, out, "--templates", str(tmp_path / "mine"))[0] == 0
    assert html(out / "about/index.html").xpath("string(//p[@id='own'])") == "About"
    assert html(out / "blog/2026/03/news/index.html").xpath("string(//h1)") == "News"
    assert (out / "assets/extra.css").is_file() and (out / "assets/style.css").is_file()


def test_a_missing_templates_option_folder_is_refused(site, tmp_path, run_cli):
    code, _, err = build_cli(run_cli, site, tmp_path / "output", "--templates", "nowhere")
    assert (code, err) == (1, "irrtsite: templates folder not found: nowhere\n")
    assert not (tmp_path / "output").exists()


BROKEN = [
    (
        "{% extends 'base.html' %}\n{% block main %}\n{% if %}{% endif %}\n{% endblock %}\n",
        "page.html:3: template error: Expected an expression, got 'end of statement block'",
    ),
    (
        "{% extends 'base.html' %}\n{% block main %}\n<p>{{ no_such_value }}</p>\n{% endblock %}\n",
        "page.html:3: template error: 'no_such_value' is undefined",
    ),
    (
        "{% extends 'base.html' %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n",
        "page.html:3: template error: ZeroDivisionError: integer division or modulo by zero",
    ),
]


@pytest.mark.parametrize(("text", "line"), BROKEN, ids=["syntax", "undefined", "python"])
def test_a_broken_template_is_one_line_and_the_output_is_untouched(
    site, tmp_path, run_cli, text, line
):
    out = tmp_path / "output"
    assert build_cli(run_cli, site, out)[0] == 0
    before = snapshot(out)
    write_tree(tmp_path / "templates", {"page.html": text})
    code, _, err = build_cli(run_cli, site, out)
    assert code == 1
    assert err.splitlines() == [
        f"{tmp_path / 'templates'}/{line}",
        f"irrtsite: build stopped by the template error above; {out} was not changed",
    ]
    assert snapshot(out) == before


def test_an_include_of_a_missing_template_names_both(site, tmp_path, run_cli):
    write_tree(tmp_path / "templates", {"page.html": "<p>\n{% include 'nope.html' %}\n"})
    code, _, err = build_cli(run_cli, site, tmp_path / "output")
    folder = tmp_path / "templates"
    assert code == 1
    assert err.splitlines()[0] == (
        f"{folder}/page.html:2: template error: template 'nope.html' not found "
        f"in {folder} or {shipped_theme()}"
    )
    assert not (tmp_path / "output").exists()


def test_check_reports_a_broken_template(site, tmp_path, run_cli):
    write_tree(tmp_path / "templates", {"page.html": "{% if %}\n"})
    code, out, err = run_cli("check", "--content", str(site), "--now", NOW_ISO)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{tmp_path / 'templates'}/page.html:1: template error: Expected an expression, got 'end of statement block'",
        "irrtsite: check stopped by the template error above",
    ]


def test_a_theme_missing_from_the_install_is_a_clear_error(site, tmp_path, run_cli, monkeypatch):
    """What a wheel without its theme did: "cannot write ...", or a traceback for check."""
    empty = tmp_path / "no-theme"
    empty.mkdir()
    monkeypatch.setattr(templates, "shipped_theme", lambda: empty)
    (tmp_path / "templates").rmdir()
    for command in (("build", "--output", str(tmp_path / "output")), ("check",)):
        code, _, err = run_cli(*command, "--content", str(site), "--now", NOW_ISO)
        assert code == 1
        first = err.splitlines()[0]  # the first template a page needs: which one is not the point
        assert re.fullmatch(
            rf"template error: template '[a-z0-9]+\.html' not found in {empty}", first
        )
    assert not (tmp_path / "output").exists()

"""Internal links and images must lead to files of the built site (irrtsite check)."""

from conftest import NOW_ISO, REPO

from irrtsite.config import Config
from irrtsite.linkcheck import broken_links
from irrtsite.outputs import Output


def page(path, body, origin=""):
    return Output(path, f"<html><body>{body}</body></html>".encode(), origin=origin)


def test_links_resolve_under_a_base_path():
    config = Config("T", "https://example.org/intl/")
    outputs = [
        page(
            "index.html",
            '<a href="/intl/about/">a</a> <a href="about/">b</a> <img src="/intl/static/x.png">'
            '<a href="https://example.org/intl/about/">c</a> <a href="#main">d</a>'
            '<a href="https://elsewhere.example/">e</a> <a href="mailto:a@b.org">f</a>',
        ),
        page("about/index.html", '<a href="../">home</a> <a href="/intl/search/?q=x">s</a>'),
        Output("static/x.png", b"png"),
        page("search/index.html", ""),
    ]
    assert broken_links(outputs, config) == []


def test_broken_links_name_the_content_file():
    config = Config("T", "https://example.org/intl/")
    outputs = [
        page(
            "about/index.html",
            '<a href="/intl/no-such/">x</a> <a href="/blog/">y</a>',
            origin="content/pages/about.md",
        )
    ]
    problems = [str(p) for p in broken_links(outputs, config)]
    assert problems == [
        "content/pages/about.md:1: warning: link to /blog/ leads to no page of the site",
        "content/pages/about.md:1: warning: link to /intl/no-such/ leads to no page of the site",
    ]


def test_a_link_broken_on_many_pages_is_reported_once():
    config = Config("T", "https://example.org/")
    outputs = [page(f"p{i}/index.html", '<a href="/gone/">g</a>') for i in range(5)]
    problems = [str(p) for p in broken_links(outputs, config)]
    assert problems == [
        "p0/index.html:1: warning: link to /gone/ leads to no page of the site "
        "(and on 4 other pages)"
    ]


def test_check_reports_a_broken_link_in_content(make_content, run_cli):
    content = make_content(
        {"pages/about.md": "---\ntitle: About\n---\nSee [the join page](/joinus/).\n"}
    )
    code, _, err = run_cli("check", "--content", str(content), "--now", NOW_ISO)
    assert code == 0
    assert "content/pages/about.md:1: warning: link to /joinus/ leads to no page of the site" in err


def test_sample_site_has_no_broken_links(run_cli):
    code, _, err = run_cli("check", "--content", str(REPO / "content"), "--now", NOW_ISO)
    assert code == 0, err
    assert "leads to no page" not in err, err


def test_check_warns_about_images_without_alternative_text(make_content, run_cli):
    content = make_content(
        {
            "static/a.png": b"png",
            "pages/about.md": "---\ntitle: About\n---\nIntro.\n\n![](/static/a.png)\n\n"
            '![A described image](/static/a.png)\n\n<img src="/static/a.png">\n',
        }
    )
    code, _, err = run_cli("check", "--content", str(content), "--now", NOW_ISO)
    assert code == 0
    lines = [line for line in err.splitlines() if "alternative text" in line]
    assert lines == [
        "content/pages/about.md:6: warning: image without alternative text: describe it in ![...]",
        "content/pages/about.md:10: warning: image without alternative text: describe it in ![...]",
    ]

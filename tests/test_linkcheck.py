"""Internal links and images must lead to files of the built site (irrtsite check)."""

from conftest import NOW, NOW_ISO, REPO, snapshot

from irrtsite.config import Config
from irrtsite.linkcheck import broken_links
from irrtsite.outputs import Output
from irrtsite.pipeline import check


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


def test_check_reports_a_broken_link_in_content_at_its_line(make_content, run_cli):
    content = make_content(
        {"pages/about.md": "---\ntitle: About\n---\nSee [the join page](/joinus/).\n"}
    )
    code, _, err = run_cli("check", "--content", str(content), "--now", NOW_ISO)
    assert code == 0
    assert "content/pages/about.md:4: warning: link to /joinus/ leads to no page of the site" in err


SISTERS_PAGE = "---\ntitle: Sister Libraries\n---\nAbout the programme.\n"


def _problems(content):
    return [str(p) for p in check(content, NOW)]


def test_a_broken_link_suggests_the_one_page_that_is_close(make_content):
    content = make_content(
        {
            "pages/sister-libraries.md": SISTERS_PAGE,
            "pages/about.md": "---\ntitle: About\n---\nIntro.\n\n"
            "Read about [the programme](/sister-librarys/) and [us](/abuot/#team).\n"
            "Or [nothing alike](/no-such-page/).\n",
        }
    )
    assert _problems(content) == [
        "content/pages/about.md:6: warning: link to /abuot/#team leads to no page of the site "
        "(did you mean /about/?)",
        "content/pages/about.md:7: warning: link to /no-such-page/ leads to no page of the site",
        "content/pages/about.md:6: warning: link to /sister-librarys/ leads to no page of the "
        "site (did you mean /sister-libraries/?)",
    ]


def test_no_suggestion_when_two_pages_are_as_close(make_content):
    content = make_content(
        {
            "events/talk-a.md": "---\ntitle: A\nstart: 2027-01-22\nend: 2027-01-23\n---\n",
            "events/talk-b.md": "---\ntitle: B\nstart: 2027-01-22\nend: 2027-01-23\n---\n",
            "pages/about.md": "---\ntitle: About\n---\nSee [the talk](/events/talk-c/).\n",
        }
    )
    assert _problems(content) == [
        "content/pages/about.md:4: warning: link to /events/talk-c/ leads to no page of the site"
    ]


def test_under_a_base_path_the_link_is_named_as_typed(make_content):
    content = make_content(
        {
            "pages/about.md": "---\ntitle: About\n---\n[Join](/join/) and "
            "[join us](/join/us/)\n\n[ref]: /joinus/\n\nSee [the page][ref].\n\n"
            "![Logo](/static/logo.png)\n",
            "pages/join.md": "---\ntitle: Join\n---\n",
            "static/logo.svg": "<svg/>",
        },
        site_yaml="title: T\nbase_url: https://example.org/intl/\n",
    )
    assert _problems(content) == [
        "content/pages/about.md:4: warning: link to /join/us/ leads to no page of the site "
        "(did you mean /join/?)",
        "content/pages/about.md:6: warning: link to /joinus/ leads to no page of the site "
        "(did you mean /join/?)",
        "content/pages/about.md:10: warning: link to /static/logo.png leads to no page of the "
        "site (did you mean /static/logo.svg?)",
    ]


def test_a_link_broken_on_several_pages_is_reported_at_the_first(make_content):
    page = "---\ntitle: P{}\n---\nIntro.\n\nSee [gone](/gone/).\n"
    content = make_content({f"pages/p{i}.md": page.format(i) for i in range(3)})
    assert _problems(content) == [
        "content/pages/p0.md:6: warning: link to /gone/ leads to no page of the site "
        "(and on 2 other pages)"
    ]


def test_build_reports_the_broken_links_check_reports(make_content, run_cli, tmp_path):
    content = make_content(
        {"pages/about.md": "---\ntitle: About\n---\nSee [the join page](/joinus/).\n"}
    )
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 0, err
    assert err.splitlines()[0] == (
        "content/pages/about.md:4: warning: link to /joinus/ leads to no page of the site"
    )
    assert (out / "about/index.html").is_file()


def test_strict_build_stops_on_a_warning_and_leaves_the_output(make_content, run_cli, tmp_path):
    content = make_content({"pages/about.md": "---\ntitle: About\n---\nHello.\n"})
    out = tmp_path / "out"
    args = ("build", "--content", str(content), "--output", str(out), "--now", NOW_ISO)
    assert run_cli(*args)[0] == 0
    before = snapshot(out)
    (content / "pages/about.md").write_text("---\ntitle: About\n---\nSee [x](/joinus/).\n")
    code, _, err = run_cli(*args, "--strict")
    assert code == 1
    assert err.splitlines() == [
        "content/pages/about.md:4: link to /joinus/ leads to no page of the site",
        f"irrtsite: build stopped, 1 error, 0 warnings; {out} was not changed",
    ]
    assert snapshot(out) == before
    code, _, err = run_cli(*args)  # without --strict, the warning does not stop it
    assert code == 0, err
    assert snapshot(out) != before


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

"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on one page of every
kind, a working skip link, one h1, a language on every page, visible keyboard focus."""

from __future__ import annotations

from pathlib import Path

import pytest

import tools


def page_kinds(site: Path) -> dict[str, str]:
    return {
        "home": "",
        "standing page": "about/",
        "post": tools.first_page(site, "blog/[0-9]*/*/*/index.html"),
        "blog index": "blog/",
        "tag page": tools.first_page(site, "tags/*/index.html"),
        "tags index": "tags/",
        "event": tools.first_page(site, "events/*/index.html", 'dl class="facts"'),
        "events index": "events/",
        "leads archive": "leads/",
        "issue": tools.first_page(site, "leads/[0-9]*/index.html"),
        "Arabic article": tools.first_page(site, "leads/*/*/ar/index.html"),
        "Chinese article": tools.first_page(site, "leads/*/*/zh-hans/index.html"),
        "sisters directory": "sisters/",
        "sister listing": tools.first_page(site, "sisters/*/index.html", "email-contact"),
        "search page": "search/",
        "404": "404.html",
    }


KINDS = [
    "home",
    "standing page",
    "post",
    "blog index",
    "tag page",
    "tags index",
    "event",
    "events index",
    "leads archive",
    "issue",
    "Arabic article",
    "Chinese article",
    "sisters directory",
    "sister listing",
    "search page",
    "404",
]


@pytest.fixture(scope="module")
def site(sample_site):
    return sample_site


@pytest.fixture(scope="module")
def base(site):
    with tools.serve(site) as url:
        yield url


@pytest.fixture
def open_page(site, base, chromium):
    kinds = page_kinds(site)
    pages = []

    def open_(kind: str, **context):
        ctx = chromium.new_context(**context)
        page = ctx.new_page()
        pages.append(ctx)
        page.goto(f"{base}/{kinds[kind]}")
        page.wait_for_load_state("load")
        return page

    yield open_
    for ctx in pages:
        ctx.close()


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violations(open_page, kind):
    page = open_page(kind)
    violations = tools.axe_check(page)
    assert not violations, f"{kind} ({page.url}):\n" + tools.format_violations(violations)


@pytest.mark.parametrize("kind", ["home", "Arabic article", "event"])
def test_axe_finds_no_violations_in_dark_mode(open_page, kind):
    page = open_page(kind, color_scheme="dark")
    violations = tools.axe_check(page)
    assert not violations, f"{kind}, dark:\n" + tools.format_violations(violations)


@pytest.mark.parametrize("kind", KINDS)
def test_skip_link_one_h1_and_language(open_page, kind):
    page = open_page(kind)
    assert page.evaluate("document.documentElement.lang"), f"{kind}: <html> has no lang"
    assert page.locator("h1").count() == 1, f"{kind}: expected exactly one h1"
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, href: e.getAttribute('href'), text: e.textContent.trim(),
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow,
                top: e.getBoundingClientRect().top, height: e.getBoundingClientRect().height};
    }""")
    assert focused["tag"] == "A" and focused["href"] == "#main", (
        f"{kind}: the first focusable element is not the skip link: {focused}"
    )
    assert (focused["outline"] != "none" and focused["width"] > 0) or focused["shadow"] != "none", (
        f"{kind}: keyboard focus is not visible: {focused}"
    )
    assert focused["top"] >= 0 and focused["height"] > 0, (
        f"{kind}: skip link not on screen: {focused}"
    )
    assert page.evaluate("document.querySelector('main#main') !== null"), (
        f"{kind}: no <main id=main>"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", (
        f"{kind}: skip link does not move focus"
    )


@pytest.mark.parametrize("kind", ["home", "post", "Arabic article"])
def test_every_focusable_element_shows_focus(open_page, kind):
    """Tab through the whole page: every stop is visibly outlined."""
    page = open_page(kind)
    seen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.outerHTML.slice(0, 90), outline: s.outlineStyle, shadow: s.boxShadow};
        }""")
        if info["id"] in seen:
            break
        seen.add(info["id"])
        if info["id"].startswith("<body"):
            break
        assert info["outline"] != "none" or info["shadow"] != "none", (
            f"{kind}: no focus ring on {info}"
        )
    assert len(seen) > 5


# --------------------------------------------------------------------------
# The same rules on every page of the site, read from the files (no browser)
# --------------------------------------------------------------------------

VAGUE_LINKS = {
    "here",
    "click here",
    "more",
    "read more",
    "more...",
    "link",
    "this",
    "this page",
    "details",
    "continue",
}


def all_pages(site: Path):
    from conftest import html

    for file in sorted(site.rglob("*.html")):
        yield file.relative_to(site).as_posix(), html(file)


def test_headings_start_at_h1_and_never_skip_a_level(site):
    problems = []
    for name, doc in all_pages(site):
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{name}: headings {levels}: expected one h1, first")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{name}: h{before} followed by h{after}")
    assert not problems, "\n".join(problems)


def test_link_text_makes_sense_out_of_context(site):
    problems = [
        f"{name}: {a.get('href')} is called {' '.join(a.text_content().split())!r}"
        for name, doc in all_pages(site)
        for a in doc.iter("a")
        if " ".join(a.text_content().split()).lower().strip(".:") in VAGUE_LINKS | {""}
    ]
    assert not problems, "\n".join(problems)


def test_site_chrome_is_marked_in_the_site_language(site):
    """A page in Arabic or Chinese keeps its English header, menu and footer marked English."""
    problems = []
    for name, doc in all_pages(site):
        root_lang = doc.get("lang")
        if not root_lang or not doc.get("dir"):
            problems.append(f"{name}: <html> needs lang and dir")
            continue
        for part in doc.xpath("//header[@class='site-header'] | //footer[@class='site-footer']"):
            lang = part.xpath("ancestor-or-self::*[@lang][1]/@lang")[0]
            direction = part.xpath("ancestor-or-self::*[@dir][1]/@dir")[0]
            if (lang, direction) != ("en", "ltr"):
                problems.append(f"{name}: {part.tag} is marked {lang} {direction}")
    assert not problems, "\n".join(problems)

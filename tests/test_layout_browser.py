"""Layout in headless Chromium: no sideways scrolling on 320 and 375 px phones in any script,
nothing shifting as a page loads (CLS), a compact menu on phones that works without
JavaScript, a labelled search box, right-to-left articles mirrored, Chinese marked as
zh-Hans, print without navigation.

Screenshots go to $IRRTSITE_SHOTS when set (for a person to look at), else to tmp.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tools

PHONE = {"width": 320, "height": 640}
PHONE_375 = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
#: Every kind of page the site has (the search page with a query that finds results).
KINDS = [
    "home", "about", "blog", "post", "events", "event", "leads", "issue", "arabic",
    "chinese", "sisters", "sister", "tags", "tag", "search-results", "404",
]  # fmt: skip


def first(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, f"the sample site has no page {pattern}"
    return found[0].relative_to(site).as_posix().removesuffix("index.html")


@pytest.fixture(scope="module")
def site(sample_site):
    return sample_site


@pytest.fixture(scope="module")
def urls(site):
    with tools.serve(site) as base:
        yield {
            "home": f"{base}/",
            "arabic": f"{base}/{first(site, 'leads/*/*/ar/index.html')}",
            "chinese": f"{base}/{first(site, 'leads/*/*/zh-hans/index.html')}",
            "sisters": f"{base}/sisters/",
            "events": f"{base}/events/",
            "event": f"{base}/{first(site, 'events/*/index.html')}",
            "post": f"{base}/{first(site, 'blog/[0-9]*/*/*/index.html')}",
            "about": f"{base}/about/",
            "search": f"{base}/search/",
            "search-results": f"{base}/search/?q=library",
            "blog": f"{base}/blog/",
            "leads": f"{base}/leads/",
            "issue": f"{base}/{first(site, 'leads/*/index.html')}",
            "sister": f"{base}/{first(site, 'sisters/*/index.html')}",
            "tags": f"{base}/tags/",
            "tag": f"{base}/{first(site, 'tags/*/index.html')}",
            "404": f"{base}/404.html",
        }


@pytest.fixture
def open_page(chromium, urls):
    contexts = []

    def open_(name: str, viewport=PHONE, **options):
        ctx = chromium.new_context(viewport=viewport, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(urls[name])
        page.wait_for_load_state("load")
        return page

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("IRRTSITE_SHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("viewport", [PHONE, PHONE_375], ids=["320", "375"])
@pytest.mark.parametrize("name", KINDS)
def test_no_horizontal_scrolling_on_phones(open_page, name, viewport):
    page = open_page(name, viewport)
    settle(page, name)
    widths = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
                                      client: document.documentElement.clientWidth,
                                      wide: [...document.querySelectorAll('body *')]
                                        .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                                                  || e.getBoundingClientRect().left < -1)
                                        .slice(0, 5).map(e => e.outerHTML.slice(0, 80))})""")
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways: {widths}"
    assert not widths["wide"], f"{name}: elements stick out of the screen: {widths}"


def settle(page, name: str) -> None:
    """Wait until a page's script has done what it does on load."""
    if name == "search-results":
        page.wait_for_selector("#search-results li")
    elif name == "sisters":
        page.wait_for_selector("#sister-filters fieldset:enabled")


# Sums the layout shifts the browser reports (none caused by input), from the first paint.
CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput) {
      window.__cls += e.value;
      window.__shifts.push([e.value, e.sources.map(s => s.node ? s.node.nodeName + '.' +
                            (s.node.className || '') : '?')]);
    }
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("viewport", [PHONE_375, DESKTOP], ids=["375", "1280"])
@pytest.mark.parametrize("name", KINDS)
def test_nothing_shifts_as_the_page_loads(chromium, urls, name, viewport):
    """CLS below 0.05 (good is 0.1) on every kind of page, the scripts' work included."""
    ctx = chromium.new_context(viewport=viewport)
    try:
        ctx.add_init_script(CLS_OBSERVER)
        page = ctx.new_page()
        page.goto(urls[name])
        page.wait_for_load_state("load")
        settle(page, name)
        # two frames after the last change, so every shift is reported
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        cls, shifts = page.evaluate("() => [window.__cls, window.__shifts]")
    finally:
        ctx.close()
    assert cls < 0.05, f"{name}: layout shift {cls:.3f}: {shifts}"


def test_phone_menu_is_one_button_and_opens_without_javascript(chromium, urls):
    ctx = chromium.new_context(viewport=PHONE_375, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(urls["about"])
        menu = page.locator("nav[aria-label='Main'] summary")
        links = page.locator("nav[aria-label='Main'] a")
        assert menu.is_visible() and menu.inner_text().strip() == "Menu"
        assert links.count() >= 5 and not links.first.is_visible()
        # the button shares the first row of the header with the logo and name
        brand, button = page.locator(".brand").bounding_box(), menu.bounding_box()
        assert button["y"] < brand["y"] + brand["height"], (brand, button)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < 160, header
        menu.focus()
        page.keyboard.press("Enter")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_375["width"], box
            assert box["height"] >= 24, f"a menu link is a small target: {box}"
        current = page.locator("nav[aria-label='Main'] a[aria-current='page']")
        assert current.inner_text() == "About"
        links.nth(1).click()
        assert page.url.endswith("/blog/")
    finally:
        ctx.close()


def test_wide_menu_is_one_row_of_links(open_page):
    page = open_page("home", DESKTOP)
    assert not page.locator("nav[aria-label='Main'] summary").is_visible()
    links = page.locator("nav[aria-label='Main'] a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert links.count() >= 5 and len(tops) == 1, f"the menu wraps at 1280 px: {tops}"
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    # the logo and the site's name lead the header
    logo = page.locator(".site-header .brand img")
    assert logo.is_visible() and logo.evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.locator(".site-header .brand").inner_text().strip() == page.evaluate(
        "document.querySelector('main h1').textContent.trim()"
    )


@pytest.mark.parametrize("viewport", [PHONE_375, DESKTOP], ids=["375", "1280"])
def test_header_search_box_has_a_visible_label(open_page, viewport):
    page = open_page("about", viewport)
    box = page.get_by_role("searchbox", name="Search", exact=True)
    assert box.is_visible()
    label = page.locator("label[for='site-q']")
    assert label.is_visible() and label.inner_text().strip() == "Search"
    box.fill("library")
    box.press("Enter")
    page.wait_for_url("**/search/?q=library")


@pytest.mark.parametrize("name", ["home", "blog", "events", "leads", "sisters"])
def test_wide_screens_show_two_columns(open_page, name):
    """Home and the listings use a wide screen: a grid across the page, cards side by side."""
    page = open_page(name, DESKTOP)
    settle(page, name)
    info = page.evaluate("""() => {
        const grids = [...document.querySelectorAll('main :is(.cards, .home-grid, .home-main section)')];
        const groups = grids.map(g => [...g.querySelectorAll(':scope > .card, :scope > * > .card')]);
        const big = groups.reduce((a, b) => (b.length > a.length ? b : a), []);
        return {widths: grids.map(g => g.getBoundingClientRect().width),
                cards: big.length,
                lefts: [...new Set(big.map(c => Math.round(c.getBoundingClientRect().left)))]};
    }""")
    assert info["widths"], f"{name}: no grid of cards"
    assert max(info["widths"]) > 0.8 * DESKTOP["width"] - 100, f"{name}: a narrow page: {info}"
    if info["cards"] >= 2:
        assert len(info["lefts"]) >= 2, f"{name}: one column of cards at 1280 px: {info}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])
def test_arabic_article_reads_right_to_left(open_page, viewport):
    page = open_page("arabic", viewport)
    info = page.evaluate("""() => {
        const main = document.querySelector('main'), p = document.querySelector('.prose p');
        const box = main.getBoundingClientRect(), s = getComputedStyle(main);
        const header = document.querySelector('.site-header');
        return {html: document.documentElement.dir, direction: getComputedStyle(p).direction,
                align: getComputedStyle(p).textAlign,
                contentRight: box.right - parseFloat(s.paddingRight),
                contentLeft: box.left + parseFloat(s.paddingLeft),
                pRight: p.getBoundingClientRect().right,
                textRight: (() => { const r = document.createRange(); r.selectNodeContents(p);
                                    return Math.max(...[...r.getClientRects()].map(x => x.right)); })(),
                h1Right: document.querySelector('h1').getBoundingClientRect().right,
                chrome: getComputedStyle(header).direction,
                brandLeft: document.querySelector('.brand').getBoundingClientRect().left,
                headerLeft: header.getBoundingClientRect().left + parseFloat(getComputedStyle(header).paddingLeft)};
    }""")
    assert info["html"] == "rtl" and info["direction"] == "rtl", info
    assert abs(info["pRight"] - info["contentRight"]) <= 2, (
        f"text does not start at the right: {info}"
    )
    assert abs(info["textRight"] - info["contentRight"]) <= 2, f"text is not aligned right: {info}"
    assert abs(info["h1Right"] - info["contentRight"]) <= 2, f"heading not at the right: {info}"
    # the English chrome around it stays left to right
    assert info["chrome"] == "ltr" and abs(info["brandLeft"] - info["headerLeft"]) <= 2, info
    # a line of Arabic text ends on the left only when it is full: the first long
    # paragraph reaches across the column
    long_p = page.evaluate("""() => { const ps = [...document.querySelectorAll('.prose p')];
        const p = ps.find(x => x.textContent.length > 200); const r = document.createRange();
        r.selectNodeContents(p); const rects = [...r.getClientRects()];
        return {left: Math.min(...rects.map(x => x.left)), right: Math.max(...rects.map(x => x.right))}; }""")
    assert (
        long_p["left"] >= info["contentLeft"] - 2 and long_p["right"] <= info["contentRight"] + 2
    ), long_p


def test_chinese_article_is_marked_zh_hans(open_page):
    page = open_page("chinese")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.evaluate("getComputedStyle(document.querySelector('.prose p')).direction") == "ltr"
    # the English site chrome is marked as English
    assert page.evaluate("document.querySelector('.site-header').closest('[lang]').lang") == "en"


@pytest.mark.parametrize("name", ["home", "arabic", "post"])
def test_print_hides_navigation_and_search(open_page, name):
    page = open_page(name, DESKTOP)
    assert page.locator("nav[aria-label='Main']").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-label='Main']").is_visible()
    assert not page.locator("form.site-search").is_visible()
    assert page.locator("main h1").is_visible()
    colours = page.evaluate("""() => [getComputedStyle(document.body).color,
                                      getComputedStyle(document.body).backgroundColor]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours


@pytest.mark.parametrize("name", KINDS)
def test_screenshots(open_page, shots, name):
    """Full-page screenshots at 1280 and 375 px, for a person to look at."""
    for label, viewport in (("1280", DESKTOP), ("375", PHONE_375)):
        page = open_page(name, viewport)
        settle(page, name)
        target = shots / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000

"""Layout in headless Chromium: no sideways scrolling on a 320 px phone, right-to-left
articles mirrored, Chinese marked as zh-Hans, print without navigation.

Screenshots go to $IRRTSITE_SHOTS when set (for a person to look at), else to tmp.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tools

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


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


@pytest.mark.parametrize(
    "name", ["home", "arabic", "chinese", "sisters", "events", "event", "post", "about", "search"]
)
def test_no_horizontal_scrolling_at_320_px(open_page, name):
    page = open_page(name)
    widths = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
                                      client: document.documentElement.clientWidth,
                                      wide: [...document.querySelectorAll('body *')]
                                        .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                                                  || e.getBoundingClientRect().left < -1)
                                        .slice(0, 5).map(e => e.outerHTML.slice(0, 80))})""")
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways at 320 px: {widths}"


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


@pytest.mark.parametrize("name", ["arabic", "chinese", "home"])
def test_screenshots(open_page, shots, name):
    """Full-page screenshots at 1280 and 320 px, for a person to look at."""
    for label, viewport in (("1280", DESKTOP), ("320", PHONE)):
        page = open_page(name, viewport)
        target = shots / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000

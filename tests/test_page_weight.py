"""Readers on slow or metered connections: small pages, one stylesheet, nothing third-party.

Weights are what a reader downloads for a page, gzip-compressed: the HTML plus every
stylesheet and script it references (images and icons excluded).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import NOW, REPO, html

from irrtsite.pipeline import build

BUDGET = 30 * 1024  # bytes, gzip-compressed


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("weight") / "site"
    return out, build(REPO / "content", out, NOW).site.config


@pytest.fixture(scope="module")
def site(built):
    return built[0]


@pytest.fixture(scope="module")
def base(built):
    """(base_url, base_path) of the sample site."""
    return built[1].base_url, built[1].base_path


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def local_file(site: Path, base_path: str, ref: str) -> Path:
    path = unquote(urlsplit(ref).path)
    assert path.startswith(base_path), f"{ref} is not under {base_path}"
    file = site / path[len(base_path) :]
    return file / "index.html" if file.is_dir() else file


def resources(doc) -> list[str]:
    """Stylesheets and scripts a page makes the browser download."""
    return [
        e.get("href") for e in doc.xpath("//link[contains(concat(' ', @rel, ' '), ' stylesheet ')]")
    ] + [e.get("src") for e in doc.xpath("//script[@src]")]


def weight(site: Path, base_path: str, page: Path) -> dict[str, int]:
    sizes = {page.relative_to(site).as_posix(): gz(page.read_bytes())}
    for ref in resources(html(page)):
        file = local_file(site, base_path, ref)
        assert file.is_file(), f"{page}: {ref} does not exist"
        sizes[file.relative_to(site).as_posix()] = gz(file.read_bytes())
    return sizes


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize(
    "pattern",
    [
        "index.html",
        "leads/*/*/ar/index.html",
        "leads/*/*/zh-hans/index.html",
        "blog/[0-9]*/*/*/index.html",
        "sisters/index.html",
        "search/index.html",
        "events/index.html",
    ],
)
def test_page_transfers_at_most_30_kb(site, base, pattern):
    page = sorted(site.glob(pattern))[0]
    sizes = weight(site, base[1], page)
    total = sum(sizes.values())
    detail = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sizes.items())
    print(f"{page.relative_to(site)}: {total / 1024:.1f} KB gz ({detail})")
    assert total <= BUDGET, f"{page.relative_to(site)} weighs {total / 1024:.1f} KB gz: {detail}"


def test_exactly_one_stylesheet_and_no_inline_styles(site):
    problems = []
    for page in pages(site):
        doc = html(page)
        sheets = doc.xpath("//link[contains(concat(' ', @rel, ' '), ' stylesheet ')]")
        if len(sheets) != 1:
            problems.append(f"{page.relative_to(site)}: {len(sheets)} stylesheets")
        if doc.xpath("//style"):
            problems.append(f"{page.relative_to(site)}: a <style> element")
    assert not problems, "\n".join(problems)


def test_no_third_party_requests(site, base):
    """Every link/script/img/source/iframe address is on the site; external <a> links are fine."""
    base_url, base_path = base
    problems = []
    for page in pages(site):
        doc = html(page)
        refs = [e.get("href") for e in doc.xpath("//link[@href]")]
        refs += [e.get("src") for e in doc.xpath("//*[@src]")]
        refs += [e.get("srcset") for e in doc.xpath("//*[@srcset]")]
        for ref in refs:
            parts = urlsplit(ref.strip().split()[0] if ref.strip() else ref)
            same = (not parts.scheme and not parts.netloc) or ref.startswith(base_url)
            if not same or (parts.path.startswith("/") and not parts.path.startswith(base_path)):
                problems.append(f"{page.relative_to(site)}: {ref}")
    assert not problems, "third-party or off-site resources:\n" + "\n".join(problems)


def test_no_web_fonts(site):
    fonts = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.suffix.lower() in {".woff", ".woff2", ".ttf", ".otf", ".eot"}
    ]
    assert not fonts, f"font files in the output: {fonts}"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text, f"{css.name} declares a web font"
        assert "@import" not in text, f"{css.name} imports another stylesheet"
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert not urlsplit(url).netloc, f"{css.name} loads {url}"


def test_stylesheet_is_small(site):
    """One stylesheet for every page: under 12 KB as written, under 4 KB compressed."""
    for css in site.rglob("*.css"):
        assert css.stat().st_size < 12 * 1024, f"{css.name}: {css.stat().st_size} bytes"
        assert gz(css.read_bytes()) < 4 * 1024, f"{css.name}: {gz(css.read_bytes())} bytes gz"


def test_logo_is_small_and_sized(site):
    """The header's logo: a tiny SVG with its size in the markup, so nothing moves as it loads."""
    logo = site / "assets" / "logo.svg"
    assert logo.stat().st_size < 1024, f"logo.svg: {logo.stat().st_size} bytes"
    img = html(site / "index.html").xpath("//header//a[@class='brand']/img")[0]
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("48", "48", "")

"""The sister-library directory in a real browser: filters, count, shareable URL, no-JS
fallback, and the e-mail link that contact.js assembles (Debian Chromium, no downloads)."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import NOW, write_tree

import tools
from irrtsite.pipeline import build

SITE = """\
title: Test Round Table
base_url: https://irrt.example.org/intl/
timezone: America/Chicago
"""
EMAIL = "librarian@asafo.example.org"
# slug: (library, country, status, type, languages)
LIBRARIES = {
    "asafo": ("Asafo Community Library", "GH", "seeking", "public", "[en, ak]"),
    "accra": ("Accra Reading Room", "GH", "partnered", "public", "[en]"),
    "nairobi": ("Nairobi University Library", "KE", "seeking", "academic", "[en, sw]"),
    "bergen": ("Bergen Public Library", "NO", "partnered", "public", "[nb]"),
    "lyon": ("Bibliothèque de Lyon", "FR", "seeking", "public", "[fr]"),
    "prairie": ("Prairie Hollow Public Library", "US", "partnered", "public", "[en]"),
    "recife": ("Biblioteca do Recife", "BR", "seeking", "school", "[pt-BR]"),
    "osaka": ("Osaka Special Library", "JP", "seeking", "special", "[ja, en]"),
}
AFRICA = {"asafo", "accra", "nairobi"}


def sister(slug: str) -> str:
    library, country, status, kind, languages = LIBRARIES[slug]
    partner = "partner: Somewhere Library\n" if status == "partnered" else ""
    contact = f"contact: {EMAIL}\n" if slug == "asafo" else ""
    return (
        f"---\nlibrary: {library}\ncountry: {country}\ncity: Town\ntype: {kind}\n"
        f"status: {status}\n{partner}languages: {languages}\n{contact}listed: 2026-05-01\n"
        f"---\nAbout {library}.\n"
    )


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("directory-browser")
    write_tree(
        root / "content", {"site.yaml": SITE, **{f"sisters/{s}.md": sister(s) for s in LIBRARIES}}
    )
    output = root / "output"
    build(root / "content", output, NOW)
    with tools.serve(output, prefix="/intl/") as base:
        yield base


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def visible_slugs(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".listing-item:not([hidden])",
            "els => els.filter(e => e.offsetParent !== null)"
            ".map(e => e.querySelector('a').getAttribute('href').split('/').filter(Boolean).pop())",
        )
    )


def visible_regions(page) -> list[str]:
    return page.eval_on_selector_all(
        "section.region",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.region)",
    )


def count_text(page) -> str:
    return page.text_content("#sister-count").strip()


def test_filters_shown_and_count(page, site_url):
    page.goto(site_url + "/sisters/")
    assert page.is_visible("#sister-filters")
    assert visible_slugs(page) == set(LIBRARIES)
    assert count_text(page) == "Showing 8 of 8 libraries"
    assert page.get_attribute("#sister-count", "role") == "status"


def test_region_then_status(page, site_url):
    page.goto(site_url + "/sisters/")
    page.select_option("#f-region", "africa")
    assert visible_slugs(page) == AFRICA
    assert count_text(page) == "Showing 3 of 8 libraries"
    assert visible_regions(page) == ["africa"]
    page.select_option("#f-status", "seeking")
    assert visible_slugs(page) == {"asafo", "nairobi"}
    assert count_text(page) == "Showing 2 of 8 libraries"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"region": ["africa"], "status": ["seeking"]}
    assert urlsplit(page.url).path == "/intl/sisters/"


def test_shared_url_restores_filters(page, site_url):
    page.goto(site_url + "/sisters/?region=africa&status=seeking")
    assert page.input_value("#f-region") == "africa"
    assert page.input_value("#f-status") == "seeking"
    assert visible_slugs(page) == {"asafo", "nairobi"}
    assert count_text(page) == "Showing 2 of 8 libraries"


def test_language_country_type_and_reset(page, site_url):
    page.goto(site_url + "/sisters/?language=en")
    assert visible_slugs(page) == {"asafo", "accra", "nairobi", "prairie", "osaka"}
    assert set(visible_regions(page)) == {"africa", "east-asia-pacific", "americas"}
    page.select_option("#f-country", "GH")
    assert visible_slugs(page) == {"asafo", "accra"}
    page.select_option("#f-type", "academic")
    assert visible_slugs(page) == set()
    assert count_text(page).startswith("Showing 0 of 8 libraries")
    assert visible_regions(page) == []
    page.click("#sister-filters button[type=reset]")
    assert visible_slugs(page) == set(LIBRARIES)
    assert count_text(page) == "Showing 8 of 8 libraries"
    assert urlsplit(page.url).query == ""
    assert page.input_value("#f-language") == ""


def test_unknown_query_values_ignored(page, site_url):
    page.goto(site_url + "/sisters/?region=%3Cscript%3E&status=partnered")
    assert page.input_value("#f-region") == ""
    assert visible_slugs(page) == {"accra", "bergen", "prairie"}


def test_keyboard(page, site_url):
    page.goto(site_url + "/sisters/")
    page.focus("#f-status")
    page.keyboard.press("ArrowDown")  # "All" -> the first status
    assert page.input_value("#f-status") == "seeking"
    assert count_text(page) == "Showing 5 of 8 libraries"


def test_without_javascript(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/sisters/?region=africa")
        assert page.is_disabled("#f-region"), "the filters look usable without JavaScript"
        assert "needs JavaScript" in page.inner_text("#sister-filters")
        assert visible_slugs(page) == set(LIBRARIES)
        assert visible_regions(page) == ["africa", "east-asia-pacific", "europe", "americas"]
        headings = page.eval_on_selector_all(
            "section.region > h2", "els => els.map(e => e.textContent)"
        )
        assert headings == ["Africa", "East Asia and the Pacific", "Europe", "The Americas"]
        africa = page.eval_on_selector_all(
            "section[data-region=africa] .listing-item", "els => els.length"
        )
        assert africa == 3
    finally:
        context.close()


def test_contact_link_assembled(page, site_url):
    raw = urllib.request.urlopen(site_url + "/sisters/asafo/").read().decode("utf-8")
    assert EMAIL not in raw and "librarian" not in raw and "mailto" not in raw
    page.goto(site_url + "/sisters/asafo/")
    link = page.wait_for_selector(".email-contact a")
    assert link.get_attribute("href") == "mailto:" + EMAIL
    assert link.text_content() == "E-mail Asafo Community Library"
    assert EMAIL in page.text_content(".email-contact")


def test_directory_files_served(site_url):
    with urllib.request.urlopen(site_url + "/sisters/directory.json") as response:
        body = response.read().decode("utf-8")
    assert EMAIL not in body and '"url": "/intl/sisters/asafo/"' in body
    # every date carries its offset (content spec): midnight, 1 May 2026, in Chicago (CDT)
    listed = [lib["listed"] for lib in json.loads(body)["libraries"]]
    assert listed == ["2026-05-01T00:00:00-05:00"] * len(LIBRARIES)
    with urllib.request.urlopen(site_url + "/sisters/directory.csv") as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"), newline="")))
    assert len(rows) == len(LIBRARIES)
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", row["listed"]), row

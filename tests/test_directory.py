"""sisters/directory.json and sisters/directory.csv: content, no e-mail, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime

import pytest
from conftest import NOW

from irrtsite.directory import COLUMNS, neutralize, render_directory
from irrtsite.errors import errors_only
from irrtsite.loader import load_site

SITE = """\
title: Test Round Table
base_url: https://irrt.example.org/intl/
timezone: America/Chicago
"""

SISTER = "---\n{meta}\n---\nAbout the library.\n"
FILES = {
    "sisters/asafo.md": SISTER.format(
        meta="""\
library: Asafo Community Library
country: gh
city: Kumasi
type: public
status: seeking
languages: [en, ak]
interests: [reading clubs, oral history]
contact: librarian@asafo.example.org
listed: 2026-05-01
summary: A busy library, with "quotes", commas
  and a line that goes on."""
    ),
    "sisters/bergen.md": SISTER.format(
        meta="""\
library: Bibliothèque de Bergen-Øst
country: NO
city: Bergen
type: academic
status: partnered
partner: Prairie Hollow Public Library
languages: [nb, en]
website: https://bergen.example.no/
contact: https://bergen.example.no/kontakt
listed: 2025-01-10T23:30:00+00:00
summary: Fjords & books."""
    ),
    "sisters/formula.md": SISTER.format(
        meta="""\
library: "=HYPERLINK(\\"https://evil.example\\",\\"x\\")"
country: BR
city: "+Cidade"
type: other
status: seeking
interests: ["@SUM(A1:A9)", "-2+3"]
listed: 2026-02-02
summary: "-1 is a number"
contact: "mailto:Ana.Lima+sisters@biblioteca.example.br\""""
    ),
}
EMAILS = ("librarian@asafo.example.org", "Ana.Lima+sisters@biblioteca.example.br")
# The content spec: dates in output (JSON included) always carry an explicit offset.
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from conftest import write_tree

    content = tmp_path_factory.mktemp("directory") / "content"
    write_tree(content, {"site.yaml": SITE, **FILES})
    site, problems = load_site(content, NOW)
    assert site is not None and not errors_only(problems), problems
    return site, {o.path: o.bytes() for o in render_directory(site)}


@pytest.fixture(scope="module")
def data(outputs):
    return json.loads(outputs[1]["sisters/directory.json"].decode("utf-8"))


@pytest.fixture(scope="module")
def rows(outputs):
    raw = outputs[1]["sisters/directory.csv"]
    with io.StringIO(raw.decode("utf-8-sig"), newline="") as text:
        return list(csv.reader(text))


def by_slug(data):
    return {lib["slug"]: lib for lib in data["libraries"]}


def test_outputs_and_version(outputs, data):
    assert sorted(outputs[1]) == ["sisters/directory.csv", "sisters/directory.json"]
    assert data["version"] == 1
    # the site's order: by library name
    assert [lib["slug"] for lib in data["libraries"]] == ["formula", "asafo", "bergen"]


def test_json_record(data):
    lib = by_slug(data)["bergen"]
    assert lib == {
        "slug": "bergen",
        "url": "/intl/sisters/bergen/",
        "library": "Bibliothèque de Bergen-Øst",
        "country": "NO",
        "country_name": "Norway",
        "region": "europe",
        "region_name": "Europe",
        "city": "Bergen",
        "type": "academic",
        "status": "partnered",
        "partner": "Prairie Hollow Public Library",
        "languages": ["nb", "en"],
        "interests": [],
        "website": "https://bergen.example.no/",
        "contact": "https://bergen.example.no/kontakt",
        "listed": "2025-01-10T23:30:00+00:00",  # as given: its own offset, kept
        "summary": "Fjords & books.",
    }


def test_json_seeking_library(data):
    lib = by_slug(data)["asafo"]
    assert lib["country"] == "GH" and lib["region"] == "africa" and lib["region_name"] == "Africa"
    assert lib["partner"] is None and lib["website"] is None
    assert lib["languages"] == ["en", "ak"]
    assert lib["interests"] == ["reading clubs", "oral history"]
    assert lib["listed"] == "2026-05-01T00:00:00-05:00"  # a plain date: midnight in Chicago
    assert "contact" not in lib  # an e-mail contact is left out, not blanked


def test_listed_dates_carry_an_offset(data, rows):
    listed = {lib["slug"]: lib["listed"] for lib in data["libraries"]}
    assert listed == {
        "formula": "2026-02-02T00:00:00-06:00",  # winter: CST
        "asafo": "2026-05-01T00:00:00-05:00",  # summer: CDT
        "bergen": "2025-01-10T23:30:00+00:00",
    }
    for value in listed.values():
        assert ISO_OFFSET.match(value), value
        assert datetime.fromisoformat(value).utcoffset() is not None
    # the CSV holds the same strings (readable, and with the offset)
    header, *body = rows
    column = header.index("listed")
    assert {r[0]: r[column] for r in body} == listed


def test_urls_carry_base_path(data):
    assert all(lib["url"].startswith("/intl/sisters/") for lib in data["libraries"])


def test_no_email_anywhere(outputs):
    for path, blob in outputs[1].items():
        text = blob.decode("utf-8-sig")
        for address in EMAILS:
            user = address.split("@")[0]
            assert address.casefold() not in text.casefold(), path
            assert user not in text, path
        assert "mailto" not in text.lower(), path


def test_csv_is_excel_friendly(outputs):
    raw = outputs[1]["sisters/directory.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel detects UTF-8
    assert raw.count(b"\r\n") >= 4  # RFC 4180 CRLF records
    assert raw.decode("utf-8-sig").encode("utf-8-sig") == raw


def test_csv_parses_with_same_columns(rows, data):
    header, *body = rows
    assert tuple(header) == COLUMNS
    assert len(body) == len(data["libraries"])
    records = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    bergen = records["bergen"]
    assert bergen["library"] == "Bibliothèque de Bergen-Øst"
    assert bergen["languages"] == "nb; en"
    assert bergen["contact"] == "https://bergen.example.no/kontakt"
    assert bergen["url"] == "/intl/sisters/bergen/"
    assert bergen["listed"] == "2025-01-10T23:30:00+00:00"
    asafo = records["asafo"]
    assert asafo["contact"] == "" and asafo["partner"] == ""
    assert asafo["summary"] == 'A busy library, with "quotes", commas and a line that goes on.'
    assert asafo["interests"] == "reading clubs; oral history"


def test_formula_cells_neutralized(rows, data):
    header, *body = rows
    formula = dict(zip(header, next(r for r in body if r[0] == "formula"), strict=True))
    assert formula["library"] == '\'=HYPERLINK("https://evil.example","x")'
    assert formula["city"] == "'+Cidade"
    assert formula["interests"] == "'@SUM(A1:A9); -2+3"
    assert formula["summary"] == "'-1 is a number"
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # the JSON keeps the editor's text as it is
    assert by_slug(data)["formula"]["library"].startswith("=HYPERLINK")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\r=x", "'\r=x"),
        ("a=b", "a=b"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralize(cell, expected):
    assert neutralize(cell) == expected


def test_deterministic(outputs):
    site, first = outputs
    again = {o.path: o.bytes() for o in render_directory(site)}
    assert again == first


def test_empty_directory(make_content):
    content = make_content({"site.yaml": SITE})
    site, problems = load_site(content, NOW)
    out = {o.path: o.bytes() for o in render_directory(site)}
    assert json.loads(out["sisters/directory.json"]) == {"version": 1, "libraries": []}
    assert out["sisters/directory.csv"] == ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")

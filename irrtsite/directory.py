"""The sister-library directory as data: sisters/directory.json and sisters/directory.csv.

Both hold the same columns, one row per published listing, in the site's order (by library
name). An e-mail contact is never written: ``contact`` is only filled in when it is a web
address (https://...); the listing's page assembles an e-mail link in the browser instead.
``listed`` is the listing's date as an ISO 8601 date-time with its offset, as the content spec
asks of every date in output (``2025-11-03T00:00:00-06:00``; a bare ``listed:`` date is
midnight in the site's timezone), in both files.

The CSV is for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads the file in
the local ANSI code page and garbles every accent; LibreOffice and Python's ``utf-8-sig``
skip the mark), CRLF line ends and RFC 4180 quoting. Lists are joined with "; ". A cell that
a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) gets
a leading apostrophe, so opening the file never runs anything an editor typed.
"""

from __future__ import annotations

import csv
import io
import json

from . import urls
from .keys import Fingerprint
from .models import Contact, Sister
from .outputs import Output
from .regions import country_name, region_name
from .site import Site

VERSION = 1
COLUMNS = (
    "slug",
    "url",
    "library",
    "country",
    "country_name",
    "region",
    "region_name",
    "city",
    "type",
    "status",
    "partner",
    "languages",
    "interests",
    "website",
    "contact",
    "listed",
    "summary",
)
LIST_SEPARATOR = "; "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def web_contact(contact: Contact | None) -> str | None:
    """The contact when it is a secure web address; None for an e-mail (or nothing)."""
    if contact and contact.web and contact.web.lower().startswith("https://"):
        return contact.web
    return None


Record = dict[str, str | list[str] | None]


def _record(site: Site, sister: Sister) -> Record:
    record: Record = dict(
        slug=sister.slug,
        url=urls.href(site.config, sister.url),
        library=sister.library,
        country=sister.country,
        country_name=country_name(sister.country),
        region=sister.region,
        region_name=region_name(sister.region),
        city=sister.city,
        type=sister.type,
        status=sister.status,
        partner=sister.partner,
        languages=list(sister.languages),
        interests=list(sister.interests),
        website=sister.website,
        contact=web_contact(sister.contact),
        listed=sister.date.isoformat() if sister.date else None,
        summary=sister.summary,
    )
    if record["contact"] is None:
        del record["contact"]  # JSON: present only for a web address
    return record


def records(site: Site) -> list[Record]:
    return [_record(site, s) for s in site.sisters]


def neutralize(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _cell(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    return neutralize(str(value))


def directory_json(rows: list[Record]) -> bytes:
    text = json.dumps({"version": VERSION, "libraries": rows}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def directory_csv(rows: list[Record]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def render_directory(site: Site, fp: Fingerprint | None = None) -> list[Output]:
    fp = fp or Fingerprint()
    key = fp.of("directory", site.sisters)
    return [
        Output(urls.DIRECTORY_JSON, make=lambda: directory_json(records(site)), key=key),
        Output(urls.DIRECTORY_CSV, make=lambda: directory_csv(records(site)), key=key),
    ]

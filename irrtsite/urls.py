"""The one place where permalinks are decided.

Paths here are site-relative and never start with "/": "blog/2026/03/slug/".
A path ending in "/" is written as that folder's index.html.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

SLUG = re.compile(r"^(?=.*[a-z0-9])[a-z0-9-]+$")  # lowercase ASCII letters, digits, "-"
MAX_SLUG = 100
MAX_SLUG_BYTES = 150
PER_PAGE = 10

# Top-level names that generated pages own; a standing page may not take them.
RESERVED = frozenset(
    {
        "blog",
        "events",
        "leads",
        "sisters",
        "tags",
        "search",
        "static",
        "assets",
        "404",
        "feed",
        "atom",
        "sitemap",
        "robots",
        "index",
    }
)
RESERVED_EVENTS = frozenset({"calendar"})  # events/calendar.ics is the whole calendar


def slugify(text: str) -> str:
    """Fold case and accents: 'Bibliotecas Públicas' -> 'bibliotecas-publicas'.

    Letters of other scripts (Arabic, Chinese, Devanagari) are kept as they are, so
    that '图书馆 library' and 'library' stay two tags; 'C++' and 'C#' stay apart too.
    At most MAX_SLUG characters and MAX_SLUG_BYTES bytes (a file name's limit is 255).
    """
    text = text.replace("+", " plus ").replace("#", " sharp ")
    out = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        base = unicodedata.normalize("NFKD", char)[:1]
        if base.isascii():
            out.append(base if base.isalnum() else "-")
        else:
            out.append(char if unicodedata.category(char)[0] in "LNM" else "-")
    slug = re.sub(r"-+", "-", "".join(out)).strip("-")[:MAX_SLUG]
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-")


def output_file(path: str) -> str:
    """The file a site-relative URL path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def page(slug: str) -> str:
    return f"{slug}/"


def post(slug: str, date: datetime) -> str:
    return f"blog/{date:%Y}/{date:%m}/{slug}/"


def blog_index(number: int = 1) -> str:
    return "blog/" if number == 1 else f"blog/page/{number}/"


def event(slug: str) -> str:
    return f"events/{slug}/"


def event_ics(slug: str) -> str:
    return f"events/{slug}.ics"


def leads_issue(key: str) -> str:
    return f"leads/{key}/"


def leads_article(key: str, slug: str, lang: str) -> str:
    return f"leads/{key}/{slug}/{lang.lower()}/"


def sister(slug: str) -> str:
    return f"sisters/{slug}/"


def tag(slug: str) -> str:
    return f"tags/{slug}/"

"""The one place where permalinks are decided.

Paths here are site-relative and never start with "/": "blog/2026/03/slug/".
A path ending in "/" is written as that folder's index.html.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 100
PER_PAGE = 10

# Top-level names that generated pages own; a standing page may not take them.
RESERVED = frozenset({"blog", "events", "leads", "sisters", "tags", "search", "static",
                      "assets", "404", "feed", "atom", "sitemap", "robots", "index"})
RESERVED_EVENTS = frozenset({"calendar"})     # events/calendar.ics is the whole calendar


def slugify(text: str) -> str:
    """Fold case and accents: 'Bibliotecas Públicas' -> 'bibliotecas-publicas'.

    Text with no Latin letters (Arabic, Chinese) keeps its letters, lower-cased,
    so that such tags still get a page of their own.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = folded.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if slug:
        return slug[:MAX_SLUG].rstrip("-")
    kept = "".join(c for c in unicodedata.normalize("NFC", folded) if unicodedata.category(c)[0] in "LN" or c == " ")
    return re.sub(r"\s+", "-", kept.strip())[:MAX_SLUG]


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

"""The one place where output paths and links are decided.

Paths here are site-relative and never start with "/": "blog/2026/03/slug/".
A path ending in "/" is written as that folder's index.html. ``href``/``absolute``/``link``
turn a path into a link under the site's base path; templates get the same through
``Paths``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from .config import Config

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


def post(slug: str, day: date) -> str:
    """A post's address: its year and month (in the site's zone), then its slug."""
    return f"blog/{day:%Y}/{day:%m}/{slug}/"


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


# Index pages and fixed files.
HOME = ""
BLOG = "blog/"
EVENTS = "events/"
LEADS = "leads/"
SISTERS = "sisters/"
TAGS = "tags/"
SEARCH = "search/"
NOT_FOUND = "404.html"
EVENTS_CALENDAR = "events/calendar.ics"
SEARCH_FULL = "search.json"
SEARCH_INDEX = "search-index.json"
SEARCH_LABELS = "search/labels.json"
DIRECTORY_JSON = "sisters/directory.json"
DIRECTORY_CSV = "sisters/directory.csv"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ASSETS = "assets/"
RSS = "feed.xml"
ATOM = "atom.xml"


def rss(folder: str = HOME) -> str:
    """The RSS feed of a folder: "feed.xml", "blog/feed.xml", "tags/x/feed.xml"."""
    return folder + RSS


def atom(folder: str = HOME) -> str:
    return folder + ATOM


def asset(name: str) -> str:
    return ASSETS + name


SEARCH_TERMS = "search/terms/"  # the split index's folders (search.py)
SEARCH_WORDS = "search/words/"
SEARCH_DOCS = "search/docs/"


_SAFE = "/#?=&%:.-_~"


def href(config: Config, path: str) -> str:
    """Site-relative path -> link under the base path ("/intl/blog/")."""
    return config.base_path + quote(path, safe=_SAFE)


def absolute(config: Config, path: str) -> str:
    """Site-relative path -> absolute URL ("https://example.org/intl/blog/")."""
    return config.base_url + quote(path, safe=_SAFE)


def local(url: str) -> str | None:
    """The site-relative path of a root-relative link an editor wrote ("/about/" -> "about/");
    None for other links."""
    return url[1:] if url.startswith("/") and not url.startswith("//") else None


def link(config: Config, url: str) -> str:
    """A link as an editor wrote it: "/x/" is under the base path, others as is."""
    path = local(url)
    return url if path is None else href(config, path)


def webcal(config: Config, path: str) -> str:
    """A calendar subscription link: the absolute URL with the webcal scheme."""
    return "webcal://" + absolute(config, path).split("://", 1)[1]


class Paths:
    """What templates use for addresses: ``paths.url(paths.BLOG)``, ``paths.absolute(path)``,
    ``paths.link(url)``, and the fixed paths above as attributes."""

    HOME = HOME
    BLOG = BLOG
    EVENTS = EVENTS
    LEADS = LEADS
    SISTERS = SISTERS
    TAGS = TAGS
    SEARCH = SEARCH
    EVENTS_CALENDAR = EVENTS_CALENDAR
    SEARCH_FULL = SEARCH_FULL
    SEARCH_LABELS = SEARCH_LABELS
    DIRECTORY_JSON = DIRECTORY_JSON
    DIRECTORY_CSV = DIRECTORY_CSV
    SITEMAP = SITEMAP
    RSS = RSS
    ATOM = ATOM

    def __init__(self, config: Config):
        self.config = config

    def url(self, path: str) -> str:
        return href(self.config, path)

    def absolute(self, path: str) -> str:
        return absolute(self.config, path)

    def link(self, url: str) -> str:
        return link(self.config, url)

    def asset(self, name: str) -> str:
        return href(self.config, asset(name))

    def webcal(self, path: str) -> str:
        return webcal(self.config, path)

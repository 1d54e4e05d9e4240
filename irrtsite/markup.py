"""Markdown to sanitized HTML, HTML to plain text.

Python-Markdown passes raw HTML, ``javascript:`` links and attr_list event
handlers straight through, so every rendering goes through nh3 (an allow-list
sanitizer). Root-relative links ("/blog/") get the site's base path here.
"""

from __future__ import annotations

import html as htmllib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from .text import EMAIL as EMAIL  # re-exported: the pattern hide_emails hides
from .text import parse_url

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "figure",
    "figcaption",
    "mark",
    "time",
    "details",
    "summary",
    "section",
    "bdi",
    "bdo",
    "ruby",
    "rt",
    "rp",
}
_TAGS -= {"area", "map"}
_ALL = {"lang", "dir", "title", "id"}
_ATTRIBUTES = {tag: set(attrs) | _ALL for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in _TAGS:
    _ATTRIBUTES.setdefault(_tag, set(_ALL))
_ATTRIBUTES["code"] = _ATTRIBUTES.get("code", set()) | {"class"}
_ATTRIBUTES["time"] = _ATTRIBUTES.get("time", set()) | {"datetime"}
_ATTRIBUTES["a"] = (_ATTRIBUTES.get("a", set()) | {"href", "hreflang"}) - {"rel", "target"}
_SCHEMES = {"http", "https", "mailto", "tel"}
_BLANK_ALT = re.compile(r"!\[\s*\]\(|<img\b(?![^>]*\balt=\s*[\"'][^\"']+)[^>]*>", re.I)

_local = threading.local()


def _converter(baselevel: int) -> markdown.Markdown:
    """One Markdown instance per thread and heading level, reset for each use."""
    key = f"md{baselevel}"
    md = getattr(_local, key, None)
    if md is None:
        md = markdown.Markdown(
            extensions=["tables", "fenced_code", "toc", "sane_lists", "attr_list", "footnotes"],
            extension_configs={"toc": {"slugify": slugify_unicode, "baselevel": baselevel}},
            output_format="html",
        )
        setattr(_local, key, md)
    return md.reset()


@lru_cache(maxsize=8)
def _link_rewriter(base_path: str) -> Callable[[str, str, str], str | None]:
    def rewrite(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src", "cite") and parse_url(value) is None:
            return None  # no address a browser reads as written (text.parse_url): unlinked
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            return base_path + value[1:]
        return value

    return rewrite


def sanitize(html: str, base_path: str = "/") -> str:
    """Keep only safe tags, attributes and URL schemes; prefix root links."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=_link_rewriter(base_path),
        link_rel=None,
        strip_comments=True,
    )


_HEADING = re.compile(r"<h([1-6])[\s>]")


def render(text: str, base_path: str = "/", top: int = 2) -> str:
    """Markdown source to safe HTML, with links under ``base_path``.

    ``top`` is the highest heading level the body may use (h2 under a page's h1;
    h3 inside a section): when the body's highest heading is above it, all its
    headings move down, so that they nest under the page's own.
    """
    try:
        html = _converter(1).convert(text)
        levels = [int(level) for level in _HEADING.findall(html)]
        if levels and min(levels) < top:
            html = _converter(1 + top - min(levels)).convert(text)
    except RecursionError:
        _local.__dict__.clear()  # a converter interrupted mid-way is not reused
        raise
    return sanitize(html, base_path)


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|tr|td|th|blockquote|pre|div|section|figure)>|<br\s*/?>", re.I
)
_SPACE = re.compile(r"\s+")


def to_text(html: str) -> str:
    """Plain text of (sanitized) HTML: no markup, entities decoded, one line."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", html))
    return _SPACE.sub(" ", htmllib.unescape(text)).strip()


def excerpt(text: str, limit: int) -> str:
    """``text`` cut at a word boundary near ``limit`` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def images_without_alt(body: str) -> list[int]:
    """0-based lines of the body holding an image with no alternative text."""
    return [body.count("\n", 0, m.start()) for m in _BLANK_ALT.finditer(body)]


HIDDEN_EMAIL = "[e-mail]"
_SPLIT_TAGS = re.compile(r"(<[^>]*>)")
_MAILTO_HREF = re.compile(r"""\s+href=(["'])mailto:[^"']*\1""", re.I)


def hide_emails(text: str) -> str:
    """Plain text with every e-mail address (text.EMAIL) replaced by "[e-mail]"."""
    return EMAIL.sub(HIDDEN_EMAIL, text)


def hide_emails_html(html: str) -> str:
    """Sanitized HTML with addresses hidden in its text and mailto: links unlinked;
    other attributes (an image called logo@2x.png) are left alone."""
    parts = _SPLIT_TAGS.split(html)
    return "".join(
        _MAILTO_HREF.sub("", part) if part.startswith("<") else hide_emails(part) for part in parts
    )


#: A link or image address in HTML: group 2 is the attribute's value, as written.
LINK_ATTR = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""", re.S)
# Characters that may stand next to an address in Markdown without being part of it.
_URL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/.-_~%#?&=+")


class Link(NamedTuple):
    """A link of the body to a place of the site, and where the editor wrote it."""

    url: str  # as in the HTML (attribute value, base path added)
    typed: str  # as written in the Markdown
    line: int  # 0-based line of the Markdown where it is written


def body_links(body: str, html: str, base_path: str) -> tuple[Link, ...]:
    """The internal links and images of ``html`` (rendered from ``body``), each with the
    line of ``body`` where its address is written; links found nowhere in it are left out."""
    links = []
    for url in dict.fromkeys(m.group(2) for m in LINK_ATTR.finditer(html)):
        plain = htmllib.unescape(url)
        parts = parse_url(plain)
        if parts is None or parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or a place on the same page
        for typed in _spellings(plain, base_path):
            at = _find_address(body, typed)
            if at >= 0:
                links.append(Link(url, typed, body.count("\n", 0, at)))
                break
    return tuple(links)


def _spellings(url: str, base_path: str) -> list[str]:
    """How an editor may have typed the address ``url`` of the HTML: without the base path
    that rendering added, as it is, or with its %-escapes undone."""
    typed = [url]
    if base_path != "/" and url.startswith(base_path):
        typed.insert(0, "/" + url[len(base_path) :])
    return [*typed, *(unquote(t) for t in typed if unquote(t) != t)]


def _find_address(body: str, address: str) -> int:
    """Where ``address`` is written in ``body`` as a whole address (not inside a longer one)."""
    at = body.find(address)
    while at >= 0:
        end = at + len(address)
        before = body[at - 1] if at else " "
        after = body[end] if end < len(body) else " "
        if before not in _URL_CHARS and after not in _URL_CHARS:
            return at
        at = body.find(address, at + 1)
    return -1


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def render_body(body: str, base_path: str, top: int = 2) -> Rendered:
    html = render(body, base_path, top)
    return Rendered(html, to_text(html))

"""Every internal link and image in the built site must lead to a file of the site."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import NamedTuple
from urllib.parse import unquote

from .config import Config
from .errors import Problem
from .markup import LINK_ATTR, Link
from .models import Item
from .outputs import Output
from .text import parse_url

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_SPECIAL = re.compile(r"[?#%\\]")  # what only urlsplit and unquote read right
_CLOSE = 0.75  # how alike a page's address must be to be suggested (difflib ratio)


def _target(config: Config, page: str, url: str) -> str | None:
    """The output file a link points to, or None for external and special links."""
    url = url.replace("&amp;", "&")
    if url.startswith(config.base_url):
        url = config.base_path + url[len(config.base_url) :]
    if url.startswith(("#", "//")) or _SCHEME.match(url):
        return None  # a fragment of this page, or another site
    if not _SPECIAL.search(url):
        path = url  # the usual link of a large site: no need to parse it
    else:
        parts = parse_url(url)
        if parts is None or parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(config.base_path):
            return "\0" + path  # outside the site's base path
        path = path[len(config.base_path) :]
    else:  # relative to the page's folder
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        path = folder + path
    kept: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if kept:
                kept.pop()
        elif part not in ("", "."):
            kept.append(part)
    resolved = "/".join(kept)
    return resolved + "/index.html" if path.endswith("/") or not path else resolved


def _resolved(config: Config, page: str, url: str) -> str | None:
    """The output file ``url`` on ``page`` points to (None: not a file of the site)."""
    target = _target(config, page, url)
    if target is None:
        return None
    return target if target.startswith("\0") else target.lstrip("/")


def leads_to(target: str, files: AbstractSet[str]) -> bool:
    """Is there an output where a link resolved to ``target`` leads?"""
    return target in files or target.removesuffix("/index.html") in files


def _address(file: str) -> str:
    """How a link to an output file is written: /about/ for about/index.html."""
    return "/" + file.removesuffix("index.html")


def _suggestion(target: str, places: list[str]) -> str:
    """ " (did you mean /join/?)" when exactly one of ``places`` is close to ``target``."""
    if target.startswith("\0"):
        return ""
    close = difflib.get_close_matches(_address(target), places, n=2, cutoff=_CLOSE)
    return f" (did you mean {close[0]}?)" if len(close) == 1 else ""


def page_links(html: bytes) -> tuple[str, ...]:
    """Every address an HTML page links to or loads (href, src), once each, in order."""
    return tuple(dict.fromkeys(m.group(2) for m in LINK_ATTR.finditer(html.decode("utf-8"))))


class PageLinks(NamedTuple):
    """The links of one built page (kept by the build cache, so an unchanged page need not
    be rendered again to be checked). A tuple: every build makes one for each page."""

    path: str  # the output file
    origin: str  # the content file it was made from, or ""
    urls: tuple[str, ...]


def rendered_links(outputs: Iterable[Output]) -> list[PageLinks]:
    """The links of every HTML output, rendering lazy ones."""
    return [
        PageLinks(o.path, o.origin, page_links(o.bytes()))
        for o in outputs
        if o.path.endswith(".html") and o.source is None
    ]


def broken_links(
    outputs: list[Output], config: Config, items: Iterable[Item] = ()
) -> list[Problem]:
    """``broken_links_in`` the rendered outputs."""
    return broken_links_in(rendered_links(outputs), {o.path for o in outputs}, config, items)


#: A page's broken links, as (url, the file it leads to), by the page's output path.
Found = dict[str, tuple[tuple[str, str], ...]]


def broken_links_in(
    pages: Iterable[PageLinks],
    files: set[str],
    config: Config,
    items: Iterable[Item] = (),
    *,
    known: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
    found: Found | None = None,
    linked: set[str] | None = None,
) -> list[Problem]:
    """A warning for every internal link or image that leads to no built file.

    A link written in an item's text is reported at its line, as the editor typed it
    (``items`` know where); a link that is broken on many pages (one in a template) is
    reported once.

    ``known``: the broken links of pages whose links have not changed since an earlier
    check of the same ``files`` with the same ``config`` (they are not looked up again).
    ``found``, when given, receives the broken links of every page that has any, and
    ``linked`` every file the pages looked up link to (broken or not).
    """
    known = known or {}
    written: dict[str, dict[str, Link]] = {}
    broken: dict[str, list[tuple[str, str]]] = {}  # url -> the pages (origin or path)
    targets: dict[str, str] = {}
    resolved: dict[tuple[str, str], str | None] = {}  # (folder, url) -> target
    for page in pages:
        pairs = known.get(page.path)
        if pairs is None:
            pairs = _broken_on(page, files, config, resolved)
        if not pairs:
            continue
        if found is not None:
            found[page.path] = pairs
        for url, target in pairs:
            broken.setdefault(url, []).append((page.origin or page.path, page.origin))
            targets[url] = target
    if linked is not None:
        linked.update(t for t in resolved.values() if t is not None)
    if not broken:
        return []
    for item in items:
        if item.links:
            written[item.path] = {link.url: link for link in item.links}
    return _problems(broken, targets, files, written)


def _broken_on(
    page: PageLinks,
    files: set[str],
    config: Config,
    resolved: dict[tuple[str, str], str | None],
) -> tuple[tuple[str, str], ...]:
    folder = page.path.rsplit("/", 1)[0] if "/" in page.path else ""
    pairs = []
    for url in page.urls:
        key = ("", url) if url.startswith(("/", "http:", "https:", "#")) else (folder, url)
        if key not in resolved:
            resolved[key] = _resolved(config, page.path, url)
        target = resolved[key]
        if target is not None and not leads_to(target, files):
            pairs.append((url, target))
    return tuple(pairs)


def _problems(
    broken_on: dict[str, list[tuple[str, str]]],
    targets: dict[str, str],
    files: set[str],
    written: dict[str, dict[str, Link]],
) -> list[Problem]:
    broken = {
        url: [(where, written.get(origin, {}).get(url)) for where, origin in pages]
        for url, pages in broken_on.items()
    }
    places = sorted(
        _address(f) for f in files if f.endswith("index.html") or f.startswith("static/")
    )  # the pages and static files a link may be meant for
    problems = []
    for url, found in sorted(broken.items()):
        path, link = next((page for page in found if page[1] is not None), found[0])
        more = f" (and on {len(found) - 1} other pages)" if len(found) > 1 else ""
        shown, line = (link.typed, link.line) if link else (url, 0)
        hint = _suggestion(targets[url], places)
        problems.append(
            Problem(path, line, f"link to {shown} leads to no page of the site{hint}{more}", True)
        )
    return problems

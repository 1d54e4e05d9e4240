"""sitemap.xml and robots.txt.

The sitemap lists the absolute URL of every published HTML page, from the one list of pages
(``routes.routes``): the home page, every item, and the index pages (blog and its later
pages, events, leads, sisters, tags and each tag, search). ``lastmod`` is the item's
``updated``, else its ``date``, as a W3C date-time with its offset; an index page takes the
newest ``lastmod`` of what it lists (the home page: of every item but the standing pages).
A moment after the build's "now" (an upcoming event's start) is no modification date, so it
is left out, and so are pages with nothing to date them (standing pages, search). Drafts
(shown by ``--drafts`` builds) are never listed. A Leads article with translations lists
every language version, itself included, as ``xhtml:link`` alternates.

Built with the standard library's ElementTree (no runtime dependency), in a fixed order, so
the same site gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from xml.etree import ElementTree as ET

from . import urls
from .config import Config
from .keys import Fingerprint
from .models import Item
from .outputs import Output
from .routes import Route, routes
from .site import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def lastmod(item: Item, now: datetime) -> datetime | None:
    """When the item last changed, if that is known and not in the future."""
    moment = item.modified
    return moment if moment is not None and moment <= now else None


def _newest(items: Iterable[Item], now: datetime) -> datetime | None:
    # lastmod of each, inlined: the tags' index page lists every tag's items
    moments = [
        m for i in items if not i.draft and (m := i.updated or i.date) is not None and m <= now
    ]
    return max(moments) if moments else None


def _w3c(moment: datetime) -> str:
    """W3C Datetime with seconds and an explicit offset (UTC as +00:00)."""
    return moment.isoformat(timespec="seconds")


def page_lastmod(route: Route, now: datetime) -> datetime | None:
    """An index page: the newest of what it lists; an item's page: the item's own."""
    if route.listed:
        return _newest(route.listed, now)
    return lastmod(route.item, now) if route.item is not None else None


Entry = tuple[str, str, tuple[tuple[str, str], ...]]  # path, lastmod or "", alternates


def _entries(site: Site) -> Iterator[Entry]:
    for route in routes(site):
        if route.in_sitemap:
            moment = page_lastmod(route, site.now)
            yield route.path, _w3c(moment) if moment else "", route.alternates


def sitemap_xml(config: Config, entries: Iterable[Entry]) -> bytes:
    # Prefixed names are written as they are, so no global namespace registration is needed.
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for path, moment, alternates in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = urls.absolute(config, path)
        if moment:
            ET.SubElement(url, "lastmod").text = moment
        for lang, other in alternates:
            ET.SubElement(
                url,
                "xhtml:link",
                {"rel": "alternate", "hreflang": lang, "href": urls.absolute(config, other)},
            )
    ET.indent(root, space="  ")
    return (DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    sitemap = urls.absolute(site.config, urls.SITEMAP)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def render_sitemap(site: Site, fp: Fingerprint | None = None) -> list[Output]:
    fp = fp or Fingerprint()
    if not fp.keyed:  # nobody needs to know whether it changed: work it out when written
        sitemap = Output(urls.SITEMAP, make=lambda: sitemap_xml(site.config, _entries(site)))
    elif (unchanged := fp.unchanged(urls.SITEMAP)) is not None:
        sitemap = unchanged
    else:
        entries = tuple(_entries(site))
        make = partial(sitemap_xml, site.config, entries)
        # entries hold only text: their repr names them exactly, and is much faster to key
        sitemap = Output(urls.SITEMAP, make=make, key=fp.of("sitemap", repr(entries)))
    return [
        sitemap,
        Output(urls.ROBOTS, robots_txt(site), key=fp.of("robots")),
    ]

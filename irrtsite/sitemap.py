"""sitemap.xml and robots.txt.

The sitemap lists the absolute URL of every published HTML page: the home page, every item,
and the index pages (blog and its later pages, events, leads, sisters, tags and each tag,
search). ``lastmod`` is the item's ``updated``, else its ``date``, as a W3C date-time with its
offset; an index page takes the newest ``lastmod`` of what it lists (the home page: of
every item but the standing pages). A moment after the
build's "now" (an upcoming event's start) is no modification date, so it is left out, and so
are pages with nothing to date them (standing pages, search). A Leads article with
translations lists every language version, itself included, as ``xhtml:link`` alternates.

Built with the standard library's ElementTree (no runtime dependency), in a fixed order, so
the same site gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from . import urls
from .models import Item
from .outputs import Output
from .site import Site
from .templates import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def lastmod(item: Item, now: datetime) -> datetime | None:
    """When the item last changed, if that is known and not in the future."""
    moment = item.updated or item.date
    return moment if moment is not None and moment <= now else None


def _newest(items, now: datetime) -> datetime | None:
    moments = [m for m in (lastmod(i, now) for i in items) if m is not None]
    return max(moments) if moments else None


def _w3c(moment: datetime) -> str:
    """W3C Datetime with seconds and an explicit offset (UTC as +00:00)."""
    return moment.isoformat(timespec="seconds")


def _entries(site: Site) -> list[tuple[str, datetime | None, tuple[tuple[str, str], ...]]]:
    """(site-relative path, lastmod, hreflang alternates) for every page, in a fixed order."""
    now = site.now
    published = [i for i in site.items() if not i.draft]
    entries = [("", _newest([i for i in published if i.kind != "page"], now), ())]
    entries += [(p.url, lastmod(p, now), ()) for p in site.pages if not p.draft]
    posts = [p for p in site.posts if not p.draft]
    pages = max(1, -(-len(posts) // urls.PER_PAGE))
    for number in range(1, pages + 1):
        chunk = posts[(number - 1) * urls.PER_PAGE : number * urls.PER_PAGE]
        entries.append((urls.blog_index(number), _newest(chunk, now), ()))
    entries += [(p.url, lastmod(p, now), ()) for p in posts]
    events = [e for e in site.events if not e.draft]
    entries.append(("events/", _newest(events, now), ()))
    entries += [(e.url, lastmod(e, now), ()) for e in events]
    leads = [i for i in published if i.kind in ("leads-issue", "leads-article")]
    entries.append(("leads/", _newest(leads, now), ()))
    for issue in site.issues:
        if issue.issue.draft:
            continue
        members = [issue.issue, *(v for a in issue.articles for v in a.versions if not v.draft)]
        entries.append((issue.issue.url, _newest(members, now), ()))
        for article in issue.articles:
            versions = [v for v in article.versions if not v.draft]
            alternates = tuple((v.lang, v.url) for v in versions) if len(versions) > 1 else ()
            entries += [(v.url, lastmod(v, now), alternates) for v in versions]
    sisters = [s for s in site.sisters if not s.draft]
    entries.append(("sisters/", _newest(sisters, now), ()))
    entries += [(s.url, lastmod(s, now), ()) for s in sisters]
    tagged = [t for t in site.tags if any(not i.draft for i in t.items)]
    entries.append(("tags/", _newest([i for t in tagged for i in t.items if not i.draft], now), ()))
    entries += [
        (urls.tag(t.slug), _newest([i for i in t.items if not i.draft], now), ()) for t in tagged
    ]
    entries.append(("search/", None, ()))
    seen, unique = set(), []
    for entry in entries:
        if entry[0] not in seen:
            seen.add(entry[0])
            unique.append(entry)
    return unique


def sitemap_xml(site: Site) -> bytes:
    config = site.config
    # Prefixed names are written as they are, so no global namespace registration is needed.
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for path, moment, alternates in _entries(site):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = absolute(config, path)
        if moment is not None:
            ET.SubElement(url, "lastmod").text = _w3c(moment)
        for lang, other in alternates:
            ET.SubElement(
                url,
                "xhtml:link",
                {"rel": "alternate", "hreflang": lang, "href": absolute(config, other)},
            )
    ET.indent(root, space="  ")
    return (DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    sitemap = absolute(site.config, "sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def render_sitemap(site: Site) -> list[Output]:
    return [Output("sitemap.xml", sitemap_xml(site)), Output("robots.txt", robots_txt(site))]

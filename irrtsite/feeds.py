"""RSS 2.0 (feed.xml) and Atom (atom.xml) for the whole site, each section and each tag.

Entry ids come from the item's source file (``tag:irrt.example.org,2026:blog/2026-06-15-x.md``),
so editing a title or a date never changes them. Every date is the content's own (no wall
clock): feedgen stamps "now" into ``updated``/``lastBuildDate`` unless they are set, so both
are always set here. Links, and links and images inside entry content, are absolute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from . import markup, urls
from .config import Config
from .keys import Fingerprint
from .models import Item, Page, newest_first
from .outputs import Output
from .routes import SECTIONS
from .site import Site
from .text import join_url

if TYPE_CHECKING:
    from lxml.etree import _Element

CAP = 50  # entries in the whole-site and section feeds
TAG_CAP = 20  # entries in a tag's feed (full content makes feeds heavy)
EXCERPT = 300  # characters of body text when an item has no summary
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # "updated" of an empty feed
ID_YEAR = 2026  # the date part of every tag: URI; never change it
FORMATS = ((urls.RSS, "application/rss+xml"), (urls.ATOM, "application/atom+xml"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A start tag as nh3 writes it (values always in double quotes, '"' escaped inside).
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s"=/>]+(?:="[^"]*")?)*\s*/?>')
_LINK_ATTR = re.compile(r'(\s(?:href|src|cite)=")([^"]*)(")')


class _EntryLanguage(BaseEntryExtension):
    """Puts ``xml:lang`` on an Atom <entry> (feedgen has no API for it)."""

    def __init__(self) -> None:
        self.language = ""

    def extend_atom(self, entry: _Element) -> _Element:
        if self.language:
            entry.set(XML_LANG, self.language)
        return entry


def render_feeds(site: Site, fp: Fingerprint | None = None) -> list[Output]:
    """feed.xml and atom.xml at the root, in each section folder and in each tag's folder."""
    fp = fp or Fingerprint()
    outputs = []
    for folder, label, items in _feeds(site):
        # an entry's categories show tag names: a feed depends on the names of its tags
        names = {s: site.tag_names[s] for i in items for s in i.tag_slugs if s in site.tag_names}
        for name, mime in FORMATS:
            feed = Feed(folder, label, items, name, mime, names)
            key = fp.of("feed", folder, label, name, items, names)
            outputs.append(Output(folder + name, make=partial(_xml, site.config, feed), key=key))
    return outputs


@dataclass(frozen=True)
class Feed:
    """One feed file: where, what it is called, what it holds."""

    folder: str  # "", "blog/", "tags/x/"
    label: str  # "" for the whole site's
    items: list[Item]  # newest first
    name: str  # feed.xml or atom.xml
    mime: str
    names: dict[str, str]  # the names of its entries' tags, by slug


def _xml(config: Config, feed: Feed) -> bytes:
    made = _generator(config, feed)
    return made.rss_str(pretty=True) if feed.name == urls.RSS else made.atom_str(pretty=True)


def _feeds(site: Site) -> Iterator[tuple[str, str, list[Item]]]:
    """(folder, title label, items newest first) for every feed."""
    dated = newest_first(i for i in site.items() if not isinstance(i, Page) and i.date)
    yield urls.HOME, "", dated[:CAP]
    for section in SECTIONS:
        yield section.path, section.label, [i for i in dated if isinstance(i, section.types)][:CAP]
    for tag in site.tags:
        yield (
            urls.tag(tag.slug),
            tag.name,
            [i for i in tag.items if i.date is not None][:TAG_CAP],
        )


def entry_id(config: Config, rel: str) -> str:
    """A permanent id from the item's identity (its source path), e.g.
    ``tag:irrt.example.org,2026:blog/2026-06-15-call.md`` (base path included)."""
    host = urlsplit(config.base_url).hostname
    return f"tag:{host},{ID_YEAR}:{quote(config.base_path[1:] + rel, safe='/')}"


def updated(item: Item) -> datetime:
    """The entry's last change: its date, or ``updated`` when later."""
    assert item.date is not None  # feeds hold dated items only
    return max(item.date, item.updated) if item.updated else item.date


def _generator(config: Config, spec: Feed) -> FeedGenerator:
    folder, label, items, name, mime, names = (
        spec.folder, spec.label, spec.items, spec.name, spec.mime, spec.names
    )  # fmt: skip
    title = f"{config.title}: {label}" if label else config.title
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.register_extension("entry_language", BaseExtension, _EntryLanguage, atom=True, rss=False)
    feed.id(entry_id(config, folder + name))
    feed.title(title)
    feed.description(config.description or title)
    feed.author(name=config.title)
    feed.language(config.language)
    feed.generator("irrtsite")
    feed.link(href=urls.absolute(config, folder + name), rel="self", type=mime)
    feed.link(href=urls.absolute(config, folder), rel="alternate")  # the last is RSS <link>
    feed.updated(max((updated(i) for i in items), default=EPOCH))
    for item in items:
        _entry(feed.add_entry(order="append"), config, item, names)
    return feed


def _entry(entry: FeedEntry, config: Config, item: Item, names: dict[str, str]) -> None:
    link = urls.absolute(config, item.url)
    entry.id(entry_id(config, item.rel))
    entry.title(item.title)
    entry.link(href=link, rel="alternate")
    entry.published(item.date)
    entry.updated(updated(item))
    for person in item.people:  # names only: feeds never carry e-mail addresses
        entry.author(name=person)
        entry.dc.dc_creator(person)
    summary = item.summary or markup.excerpt(item.text, EXCERPT)
    if summary:
        entry.summary(summary)  # RSS <description> too
    if item.html:
        entry.content(absolute_links(item.html, link), type="html")  # RSS content:encoded
    for slug in item.tag_slugs:
        if slug in names:
            scheme = urls.absolute(config, urls.tag(slug))
            entry.category(term=slug, label=names[slug], scheme=scheme)
    entry.dc.dc_language(item.lang)
    entry.entry_language.language = item.lang


def absolute_links(html: str, page_url: str) -> str:
    """Make every href/src/cite in sanitized HTML absolute, resolved against the item's page:
    "/intl/blog/" -> "https://example.org/intl/blog/", "#fn1" -> page_url + "#fn1"."""

    def fix(attr: re.Match[str]) -> str:
        start, url, end = attr.group(1, 2, 3)
        return f"{start}{join_url(page_url, url) or ''}{end}"

    return _START_TAG.sub(lambda tag: _LINK_ATTR.sub(fix, tag.group(0)), html)

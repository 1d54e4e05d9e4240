"""RSS 2.0 (feed.xml) and Atom (atom.xml) for the whole site, each section and each tag.

Entry ids come from the item's source file (``tag:irrt.example.org,2026:blog/2026-06-15-x.md``),
so editing a title or a date never changes them. Links, and links and images inside entry
content, are absolute.

Dates never lie: an entry is dated by ``routes.feed_date`` (an event by when it was announced,
``published``, else its start) and a feed holds only entries dated at or before the build's
now; an entry's ``updated`` is its ``updated`` field only when that is later than its date and
not after now. A feed's ``updated`` is its newest entry's, or for a feed with no entry the
site's newest entry's (``routes.last_published``; feedgen would stamp the wall clock, so it is
always set here). A tag gets feeds only
when it has an entry (``routes.has_feed``), and its pages link them only then.

Escaping: feed readers render RSS ``<title>`` and ``<description>`` (and Atom ``type="html"``)
as HTML, so every plain-text value put there (a title, a summary, a tag's name, the site's
title and description, an event's place) is HTML-escaped first; lxml then XML-escapes it.
Atom titles, subtitles, names and categories are ``type="text"`` and stay as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from . import markup, urls
from .config import Config
from .dates import event_when
from .keys import Fingerprint
from .languages import is_rtl
from .models import Event, Item, Tag
from .outputs import Output
from .routes import SECTIONS, feed_date, has_feed, in_feeds, last_published
from .site import Site
from .text import join_url

if TYPE_CHECKING:
    from lxml.etree import _Element

CAP = 50  # entries in the whole-site and section feeds
TAG_CAP = 20  # entries in a tag's feed (full content makes feeds heavy)
EXCERPT = 300  # characters of body text when an item has no summary
ID_YEAR = 2026  # the date part of every tag: URI; never change it
FORMATS = ((urls.RSS, "application/rss+xml"), (urls.ATOM, "application/atom+xml"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RTL = '<div dir="rtl" lang="{}">{}</div>'  # right-to-left entry text, for readers to lay out
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
    """feed.xml and atom.xml at the root, in each section folder and in the folder of each
    tag that has entries."""
    fp = fp or Fingerprint()
    outputs = []
    quiet = last_published(site.items(), site.now)
    for folder, label, entries in _feeds(site):
        kept = [o for name, _ in FORMATS if (o := fp.unchanged(folder + name)) is not None]
        if len(kept) == len(FORMATS):  # known unchanged: neither its entries nor its key
            outputs += kept
            continue
        items = entries()
        # an entry's categories show tag names: a feed depends on the names of its tags
        names = {s: site.tag_names[s] for i in items for s in i.tag_slugs if s in site.tag_names}
        stamps = tuple(entry_updated(i, site.now) for i in items)
        newest = max(stamps, default=quiet)  # a feed with no entry: the site's last news
        for name, mime in FORMATS:
            feed = Feed(folder, label, items, name, mime, names, stamps, newest)
            key = fp.of("feed", folder, label, name, items, names, stamps, newest)
            outputs.append(Output(folder + name, make=partial(_xml, site.config, feed), key=key))
    return outputs


@dataclass(frozen=True)
class Feed:
    """One feed file: where, what it is called, what it holds."""

    folder: str  # "", "blog/", "tags/x/"
    label: str  # "" for the whole site's
    items: list[Item]  # newest first (by feed_date)
    name: str  # feed.xml or atom.xml
    mime: str
    names: dict[str, str]  # the names of its entries' tags, by slug
    stamps: tuple[datetime, ...]  # each entry's last change (entry_updated), in order
    updated: datetime  # the feed's: its newest entry's, never after now

    @property
    def rss(self) -> bool:
        return self.name == urls.RSS


def _xml(config: Config, feed: Feed) -> bytes:
    made = _generator(config, feed)
    return made.rss_str(pretty=True) if feed.rss else made.atom_str(pretty=True)


def _feeds(site: Site) -> Iterator[tuple[str, str, Callable[[], list[Item]]]]:
    """(folder, title label, its items newest first when asked for) for every feed: the
    items of a feed known unchanged are not worked out, nor the order of every dated item
    when no feed needs it (the quick build of an edit of an older post)."""
    dated: list[Item] = []
    rank: dict[int, int] = {}

    def newest() -> list[Item]:  # sorted once, when first asked for
        if not dated:
            dated.extend(newest_entries(i for i in site.items() if in_feeds(i, site.now)))
            rank.update((id(item), n) for n, item in enumerate(dated))
        return dated

    def section_items(types: tuple[type[Item], ...]) -> list[Item]:
        return [i for i in newest() if isinstance(i, types)][:CAP]

    def tag_items(tag: Tag) -> list[Item]:
        newest()
        entries = sorted((i for i in tag.items if id(i) in rank), key=lambda i: rank[id(i)])
        return entries[:TAG_CAP]

    yield urls.HOME, "", lambda: newest()[:CAP]
    for section in SECTIONS:
        yield section.path, section.label, partial(section_items, section.types)
    for tag in site.tags:
        if has_feed(tag, site.now):
            yield urls.tag(tag.slug), tag.name, partial(tag_items, tag)


def newest_entries(items: Iterable[Item]) -> list[Item]:
    """By feed date, newest first; the same date by URL (``models.newest_first`` by the date
    feeds give an entry, which for an event is not its start)."""
    return sorted(items, key=lambda i: (-_dated(i).timestamp(), i.url))


def _dated(item: Item) -> datetime:
    when = feed_date(item)
    assert when is not None  # feeds hold dated items only
    return when


def entry_id(config: Config, rel: str) -> str:
    """A permanent id from the item's identity (its source path), e.g.
    ``tag:irrt.example.org,2026:blog/2026-06-15-call.md`` (base path included)."""
    host = urlsplit(config.base_url).hostname
    return f"tag:{host},{ID_YEAR}:{quote(config.base_path[1:] + rel, safe='/')}"


def entry_updated(item: Item, now: datetime) -> datetime:
    """The entry's last change: its ``updated`` when later than its feed date and not after
    now (a mistyped future date is ignored), else its feed date."""
    when = _dated(item)
    changed = item.updated
    return changed if changed is not None and when < changed <= now else when


def _text(feed: Feed, value: str) -> str:
    """A plain-text value for an element RSS readers render as HTML; Atom's are text."""
    return html.escape(value, quote=False) if feed.rss else value


def _generator(config: Config, spec: Feed) -> FeedGenerator:
    folder, label, items, name, mime = spec.folder, spec.label, spec.items, spec.name, spec.mime
    title = f"{config.title}: {label}" if label else config.title
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.register_extension("entry_language", BaseExtension, _EntryLanguage, atom=True, rss=False)
    feed.id(entry_id(config, folder + name))
    feed.title(_text(spec, title))
    feed.description(_text(spec, config.description or title))
    feed.author(name=config.title)
    feed.language(config.language)
    feed.generator("irrtsite")
    feed.link(href=urls.absolute(config, folder + name), rel="self", type=mime)
    feed.link(href=urls.absolute(config, folder), rel="alternate")  # the last is RSS <link>
    feed.updated(spec.updated)
    for item, stamp in zip(items, spec.stamps, strict=True):
        _entry(feed.add_entry(order="append"), config, item, stamp, spec)
    return feed


def _entry(entry: FeedEntry, config: Config, item: Item, stamp: datetime, spec: Feed) -> None:
    link = urls.absolute(config, item.url)
    entry.id(entry_id(config, item.rel))
    entry.title(_text(spec, item.title))
    entry.link(href=link, rel="alternate")
    entry.published(_dated(item))
    entry.updated(stamp)
    for person in item.people:  # names only: feeds never carry e-mail addresses
        entry.author(name=person)
        entry.dc.dc_creator(person)
    facts = event_facts(item) if isinstance(item, Event) else ""
    summary = item.summary or markup.excerpt(item.text, EXCERPT)
    if facts or summary:  # Atom <summary type="html">, RSS <description>
        text = f"<p>{html.escape(summary, quote=False)}</p>" if summary else ""
        entry.summary(_directed(item.lang, facts + text), type="html")
    if facts or item.html:  # Atom <content type="html">, RSS <content:encoded>
        entry.content(_directed(item.lang, facts + absolute_links(item.html, link)), type="html")
    for slug in item.tag_slugs:
        if slug in spec.names:
            scheme = urls.absolute(config, urls.tag(slug))
            entry.category(term=slug, label=spec.names[slug], scheme=scheme)
    entry.dc.dc_language(item.lang)
    entry.entry_language.language = item.lang


def event_facts(event: Event) -> str:
    """When and where, as HTML: the entry's date is when it was announced, so its text says
    when the event starts (in the event's zone) and where it takes place."""
    english = event.lang == "en" or event.lang.startswith("en-")
    label = "{}:" if english else '<span lang="en">{}:</span>'
    when = f"{event_when(event.start, event.end)} ({event.timezone})"
    lines = [f'{label.format("When")} <span dir="ltr">{html.escape(when, quote=False)}</span>']
    place = ", ".join(p for p in (event.location, event.city) if p)
    if place:
        lines.append(f"{label.format('Where')} {html.escape(place, quote=False)}")
    return "<p>" + "<br>".join(lines) + "</p>"


def _directed(lang: str, content: str) -> str:
    """Right-to-left content wrapped so that readers lay it out right to left."""
    return RTL.format(html.escape(lang), content) if is_rtl(lang) else content


@lru_cache(maxsize=64)  # an entry is in its feed twice: RSS, then Atom
def absolute_links(html: str, page_url: str) -> str:
    """Make every href/src/cite in sanitized HTML absolute, resolved against the item's page:
    "/intl/blog/" -> "https://example.org/intl/blog/", "#fn1" -> page_url + "#fn1"."""

    def fix(attr: re.Match[str]) -> str:
        start, url, end = attr.group(1, 2, 3)
        return f"{start}{join_url(page_url, url) or ''}{end}"

    return _START_TAG.sub(lambda tag: _LINK_ATTR.sub(fix, tag.group(0)), html)

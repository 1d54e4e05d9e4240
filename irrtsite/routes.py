"""The one list of every HTML page of the site: its path, template, title, and what it shows.

``routes(site)`` is read by the page renderer (``pages.py``: one page per route) and by the
sitemap (``sitemap.py``: one ``<url>`` per route in it), so the two can never disagree, and
it says for every page which items it was made from (``item``, ``listed``), which is what
an incremental build needs to know to re-render only the pages an edit touches.

The order is the sitemap's: the home page, standing pages, the blog, events, Leads,
sister libraries, tags, search; then the pages no sitemap lists (404).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from . import urls
from .models import (
    Article,
    Event,
    Issue,
    Item,
    LeadsArticle,
    LeadsIssue,
    Page,
    Post,
    Sister,
    Tag,
)
from .site import Site

PER_PAGE = urls.PER_PAGE


@dataclass(frozen=True)
class Section:
    """A part of the site with its own index page and feeds."""

    key: str  # "blog": the menu entry it makes current
    path: str  # urls.BLOG
    label: str  # how the site names it, in titles and feed names
    types: tuple[type[Item], ...]  # what it publishes


SECTIONS = (
    Section("blog", urls.BLOG, "Blog", (Post,)),
    Section("events", urls.EVENTS, "Events", (Event,)),
    Section("leads", urls.LEADS, "International Leads", (LeadsIssue, LeadsArticle)),
    Section("sisters", urls.SISTERS, "Sister Libraries", (Sister,)),
)
SECTION = {s.key: s for s in SECTIONS}


def section_of(item: Item) -> str:
    """The key of the section an item belongs to ("" for standing pages)."""
    return next((s.key for s in SECTIONS if isinstance(item, s.types)), "")


@dataclass(frozen=True)
class Pagination:
    number: int  # 1-based
    pages: int
    prev: str | None  # path of the newer page
    next: str | None  # path of the older page


@dataclass(frozen=True)
class Route:
    """One HTML page."""

    path: str  # site-relative URL path ("blog/page/2/")
    template: str
    title: str
    section: str = ""  # a Section key, or ""
    item: Item | None = None  # the item whose own page this is
    listed: tuple[Item, ...] = ()  # what an index page lists (its "last modified")
    pagination: Pagination | None = None
    tag: Tag | None = None
    issue: Issue | None = None  # an issue's page, or the issue of an article's page
    article: Article | None = None  # all language versions of an article's page
    in_sitemap: bool = True
    feed: str | None = None  # the folder of a tag's own feeds, when it has entries (feed_date)

    @property
    def alternates(self) -> tuple[tuple[str, str], ...]:
        """(language, path) of every language version of an article that has several."""
        if self.article is None or len(self.article.versions) < 2:
            return ()
        return tuple((v.lang, v.url) for v in self.article.versions)


def feed_date(item: Item) -> datetime | None:
    """When an item entered the feeds (None: never, a standing page). An event is dated by
    when it was announced (``published``), else by its start; anything else by its date."""
    if isinstance(item, Event):
        return item.published or item.start
    return None if isinstance(item, Page) else item.date


def in_feeds(item: Item, now: datetime) -> bool:
    """Feeds hold only entries dated at or before the build's now: an event announced (or,
    without ``published``, starting) later joins them on that day."""
    when = feed_date(item)
    return when is not None and when <= now


def last_published(items: Iterable[Item], now: datetime) -> datetime:
    """The newest feed date at or before now (when the site last published something): what
    a feed with no entry says it was updated, and an event's DTSTAMP when it has no date of
    its own. Content dates only, so a rebuild later the same day gives the same bytes; the
    build's now only for a site with nothing published yet."""
    moments = [m for m in map(feed_date, items) if m is not None and m <= now]
    return max(moments, default=now)


def has_feed(tag: Tag, now: datetime) -> bool:
    """A tag has feeds (files and links) only when one of its items is in the feeds."""
    return any(in_feeds(i, now) for i in tag.items)


def item_route(
    item: Item,
    template: str,
    *,
    issue: Issue | None = None,
    article: Article | None = None,
    listed: tuple[Item, ...] = (),
) -> Route:
    """An item's own page (not in the sitemap while it is a draft)."""
    return Route(
        item.url,
        template,
        item.title,
        section_of(item),
        item=item,
        listed=listed,
        issue=issue,
        article=article,
        in_sitemap=not item.draft,
    )


def pages_of(items: tuple[Item, ...]) -> list[tuple[Pagination, tuple[Item, ...]]]:
    """Split a listing into pages of PER_PAGE (one empty page when there is nothing)."""
    count = max(1, -(-len(items) // PER_PAGE))
    return [
        (
            Pagination(
                number,
                count,
                urls.blog_index(number - 1) if number > 1 else None,
                urls.blog_index(number + 1) if number < count else None,
            ),
            items[(number - 1) * PER_PAGE : number * PER_PAGE],
        )
        for number in range(1, count + 1)
    ]


_made: list[tuple[weakref.ref[Site], tuple[Route, ...]]] = []  # the last site's routes


def routes(site: Site) -> list[Route]:
    """Every HTML page of the site, in the sitemap's order.

    Made once per site (the pages and the sitemap both ask; a site and its routes never
    change once made): the last site's are kept while that site lives."""
    if _made and _made[0][0]() is site:
        return list(_made[0][1])
    made = _routes(site)
    _made[:] = [(weakref.ref(site), tuple(made))]
    return made


def _routes(site: Site) -> list[Route]:
    items = site.items()
    out = [Route(urls.HOME, "home.html", site.config.title, listed=_not_pages(items))]
    out += [item_route(p, "page.html") for p in site.pages]
    out += _blog(site)
    out.append(Route(urls.EVENTS, "events.html", "Events", "events", listed=site.events))
    out += [item_route(e, "event.html") for e in site.events]
    leads = tuple(i for i in items if isinstance(i, LeadsIssue | LeadsArticle))
    out.append(Route(urls.LEADS, "leads.html", "International Leads", "leads", listed=leads))
    for issue in site.issues:
        out.append(_issue_route(issue))
        for article in issue.articles:
            out += [
                item_route(v, "article.html", issue=issue, article=article)
                for v in article.versions
            ]
    out.append(
        Route(
            urls.SISTERS, "sisters.html", SECTION["sisters"].label, "sisters", listed=site.sisters
        )
    )
    out += [item_route(s, "sister.html") for s in site.sisters]
    out += _tags(site)
    out.append(Route(urls.SEARCH, "search.html", "Search"))
    out.append(Route(urls.NOT_FOUND, "404.html", "Page not found", in_sitemap=False))
    return out


def _not_pages(items: tuple[Item, ...]) -> tuple[Item, ...]:
    return tuple(i for i in items if not isinstance(i, Page))


def _blog(site: Site) -> list[Route]:
    out = []
    for pagination, chunk in pages_of(site.posts):
        title = "Blog" if pagination.number == 1 else f"Blog, page {pagination.number}"
        path = urls.blog_index(pagination.number)
        out.append(Route(path, "blog.html", title, "blog", listed=chunk, pagination=pagination))
    out += [item_route(p, "post.html") for p in site.posts]
    return out


def _issue_route(issue: Issue) -> Route:
    """An issue's page changes with any of its articles."""
    members = (issue.issue, *(v for a in issue.articles for v in a.versions))
    return item_route(issue.issue, "issue.html", issue=issue, listed=members)


def _tags(site: Site) -> list[Route]:
    every = tuple(i for t in site.tags for i in t.items)
    out = [Route(urls.TAGS, "tags.html", "Tags", listed=every)]
    for tag in site.tags:
        out.append(
            Route(
                urls.tag(tag.slug),
                "tag.html",
                f"Tagged “{tag.name}”",
                tag=tag,
                listed=tag.items,
                in_sitemap=any(not i.draft for i in tag.items),
                feed=urls.tag(tag.slug) if has_feed(tag, site.now) else None,
            )
        )
    return out

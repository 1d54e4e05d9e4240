"""One frozen dataclass per content type. Built by ``readers``, never changed after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: What each ``Item.kind`` is called where readers see it (pages, search results).
KINDS = {
    "page": "Page",
    "post": "Blog post",
    "event": "Event",
    "leads-issue": "Leads issue",
    "leads-article": "Leads article",
    "sister": "Sister library",
}


@dataclass(frozen=True, kw_only=True)
class Item:
    kind: str  # page, post, event, leads-issue, leads-article, sister
    path: str  # the source file as messages name it
    rel: str  # the source file relative to content/ (identity for feeds)
    slug: str
    url: str  # site-relative, see urls.py
    title: str
    lang: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    draft: bool = False
    updated: datetime | None = None
    date: datetime | None = None  # publication instant (None for standing pages)
    html: str = ""  # sanitized body
    text: str = ""  # body as plain text


@dataclass(frozen=True, kw_only=True)
class Page(Item):
    menu: int | None = None


@dataclass(frozen=True, kw_only=True)
class Post(Item):
    authors: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Event(Item):
    start: datetime  # aware, in the event's zone
    end: datetime
    timezone: str
    conference: str | None = None
    location: str | None = None
    city: str | None = None
    registration: str | None = None


@dataclass(frozen=True, kw_only=True)
class LeadsArticle(Item):
    issue: str  # "2026-09"
    authors: tuple[str, ...]
    order: int | None = None
    original: bool = False


@dataclass(frozen=True, kw_only=True)
class LeadsIssue(Item):
    key: str  # "2026-09"
    volume: int
    number: int
    editors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Sister(Item):
    library: str
    country: str  # ISO 3166-1 alpha-2
    region: str  # region slug, see regions.py
    city: str
    type: str
    status: str  # seeking | partnered
    partner: str | None = None
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    website: str | None = None
    contact: str | None = None  # an https URL or "mailto:..." (never printed as text)


@dataclass(frozen=True)
class Article:
    """One Leads article: all its language versions, the original first."""

    slug: str
    versions: tuple[LeadsArticle, ...]

    @property
    def order(self) -> int | None:
        return next((v.order for v in self.versions if v.order is not None), None)


@dataclass(frozen=True)
class Issue:
    issue: LeadsIssue
    articles: tuple[Article, ...]  # in issue order


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    items: tuple[Item, ...]  # newest first

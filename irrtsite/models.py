"""One frozen dataclass per content type. Built by ``readers``, never changed after.

Every fact about an item that more than one renderer needs is decided here or by the
reader, once: its type name and label (class attributes), its tag slugs, its people, its
contact. Code tells items apart with ``isinstance`` (or ``match``), never by comparing
type names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol, SupportsIndex, TypedDict, TypeVar

from .markup import Link


class Common(TypedDict):
    """The fields every content type reads the same way (see ``readers.read_common``)."""

    path: str
    rel: str
    slug: str
    lang: str
    summary: str
    tags: tuple[str, ...]
    tag_slugs: tuple[str, ...]
    draft: bool
    updated: datetime | None
    html: str
    text: str
    links: tuple[Link, ...]


class Kept(Protocol):
    """A body kept outside the item (``cache.Stored``: a place in the build cache)."""

    def read(self) -> bytes:
        """Its UTF-8 bytes (or ``cache.Damaged``)."""
        ...


#: How an item holds its body: as made (str), as UTF-8 bytes (sent from another process),
#: or kept in the build cache, read when asked for.
Raw = str | bytes | Kept


class Body:
    """An item's ``html`` or ``text``: read as a str, whatever form it is held in (``Raw``).

    A site's bodies are most of its memory (two bytes a character for any non-Latin-1
    text): held as UTF-8, or left in the build cache until a page or feed asks for them,
    they cost the build a third, or nothing. Each read decodes again (microseconds); what
    needs a body twice keeps the str."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, item: object | None, owner: type | None = None) -> str:
        if item is None:
            return ""  # the field's default (dataclasses ask the class)
        raw = item.__dict__[self.name]
        if type(raw) is str:
            return raw
        data = raw if type(raw) is bytes else raw.read()
        return data.decode("utf-8", "surrogatepass")

    def __set__(self, item: object, value: Raw) -> None:
        item.__dict__[self.name] = value


def raw(item: Item, name: str) -> Raw:
    """The body ``name`` ("html" or "text") as the item holds it."""
    value: Raw = item.__dict__[name]
    return value


def with_raw(item: ItemT, html: Raw, text: Raw) -> ItemT:
    """A copy of ``item`` holding its body in another form (the same text)."""
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__)
    new.__dict__.update(html=html, text=text)
    return new


@dataclass(frozen=True, kw_only=True)
class Item:
    kind: ClassVar[str]  # the type's name in search.json: page, post, event, ...
    label: ClassVar[str]  # how readers call the type: "Blog post"

    path: str  # the source file as messages name it
    rel: str  # the source file relative to content/ (identity for feeds)
    slug: str
    url: str  # site-relative, see urls.py
    title: str
    lang: str
    summary: str = ""
    tags: tuple[str, ...] = ()  # as written
    tag_slugs: tuple[str, ...] = ()  # one per distinct tag with a slug, in order
    draft: bool = False
    updated: datetime | None = None
    date: datetime | None = None  # publication instant (None for standing pages)
    if TYPE_CHECKING:  # what code sees (mypy takes a subclass's field as its __set__ type)
        html: str = ""
        text: str = ""
    else:
        html: Body = Body()  # sanitized body: a str, held as ``Raw`` (see Body)
        text: Body = Body()  # body as plain text (likewise)
    links: tuple[Link, ...] = ()  # the body's links to the site, at their lines of the file
    digest: str = ""  # of what it was made from (see keys.py): equal digests, equal items

    @property
    def people(self) -> tuple[str, ...]:
        """Who wrote it (names only; never an e-mail address)."""
        return ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, ...]:
        """Pickled with its body as it holds it, a str as UTF-8 bytes: pickling a str
        itself would leave a UTF-8 copy of every non-ASCII body attached to it for good
        (CPython keeps the UTF-8 form it makes), a third more memory for a build that saves
        its cache. Unpickled, it holds those bytes (``Body``)."""
        names = _names(type(self))
        values = [self.__dict__[n] for n in names]
        for at in range(len(_BODY)):
            if type(values[at]) is str:
                values[at] = values[at].encode("utf-8", "surrogatepass")
        return (_unpickled, (type(self), tuple(values)))

    @property
    def modified(self) -> datetime | None:
        """When it last changed: ``updated``, else its date."""
        return self.updated or self.date


@dataclass(frozen=True, kw_only=True)
class Page(Item):
    kind: ClassVar[str] = "page"
    label: ClassVar[str] = "Page"
    menu: int | None = None


@dataclass(frozen=True, kw_only=True)
class Post(Item):
    kind: ClassVar[str] = "post"
    label: ClassVar[str] = "Blog post"
    authors: tuple[str, ...]

    @property
    def people(self) -> tuple[str, ...]:
        return self.authors


CONFERENCES = ("annual", "midwinter", "liblearnx", "online", "other")
CONFERENCE_LABELS = {
    "annual": "ALA Annual Conference",
    "midwinter": "ALA Midwinter Meeting",  # until 2021
    "liblearnx": "ALA LibLearnX",  # since 2022, in place of Midwinter: its own conference
    "online": "Online",
    "other": "Other events",
}


@dataclass(frozen=True, kw_only=True)
class Event(Item):
    kind: ClassVar[str] = "event"
    label: ClassVar[str] = "Event"
    start: datetime  # aware, in the event's zone
    end: datetime
    timezone: str
    conference: str | None = None
    location: str | None = None
    city: str | None = None
    registration: str | None = None
    published: datetime | None = None  # when it was announced: feeds date its entry by it

    @property
    def programme(self) -> str:
        """The programme it belongs to, for grouping: a CONFERENCES value."""
        return self.conference or "other"

    @property
    def conference_label(self) -> str:
        return CONFERENCE_LABELS[self.conference] if self.conference else ""


@dataclass(frozen=True, kw_only=True)
class LeadsArticle(Item):
    kind: ClassVar[str] = "leads-article"
    label: ClassVar[str] = "Leads article"
    issue: str  # "2026-09"
    authors: tuple[str, ...]
    order: int | None = None
    original: bool = False

    @property
    def people(self) -> tuple[str, ...]:
        return self.authors


@dataclass(frozen=True, kw_only=True)
class LeadsIssue(Item):
    kind: ClassVar[str] = "leads-issue"
    label: ClassVar[str] = "Leads issue"
    key: str  # "2026-09"
    volume: int
    number: int
    editors: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        return self.editors


LIBRARY_TYPES = ("public", "academic", "school", "special", "national", "other")
STATUS_LABELS = {"seeking": "Seeking a partner", "partnered": "Partnered"}
STATUSES = tuple(STATUS_LABELS)


@dataclass(frozen=True)
class Contact:
    """A listing's contact, interpreted once: an e-mail address or a web address."""

    email: str | None = None  # "name@example.org": never published as text
    web: str | None = None  # "https://..."

    @classmethod
    def parse(cls, value: str | None) -> Contact | None:
        """From the checked front-matter value ("mailto:..." or a web address)."""
        if not value:
            return None
        if value.lower().startswith("mailto:"):
            return cls(email=value[7:].split("?", 1)[0])
        return cls(web=value)


@dataclass(frozen=True, kw_only=True)
class Sister(Item):
    kind: ClassVar[str] = "sister"
    label: ClassVar[str] = "Sister library"
    library: str
    country: str  # ISO 3166-1 alpha-2
    region: str  # region slug, see regions.py
    city: str
    type: str  # a LIBRARY_TYPES value
    status: str  # a STATUSES value
    partner: str | None = None
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    website: str | None = None
    contact: Contact | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


CONTENT_TYPES: tuple[type[Item], ...] = (Page, Post, Event, LeadsIssue, LeadsArticle, Sister)
LABELS = {t.kind: t.label for t in CONTENT_TYPES}


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


ItemT = TypeVar("ItemT", bound=Item)


def newest_first(items: Iterable[ItemT]) -> list[ItemT]:
    """By date, newest first; the same date (or none) by URL. The one order of "newest"."""
    return sorted(items, key=_newest_key)


def _newest_key(item: Item) -> tuple[float, str]:
    stamp = item.date.timestamp() if item.date is not None else float("-inf")
    return (-stamp, item.url)


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type[Item]) -> tuple[str, ...]:
    """An item type's fields, its body's first (``Item.__reduce_ex__``)."""
    names = _NAMES.get(kind)
    if names is None:
        rest = [f.name for f in fields(kind) if f.name not in _BODY]
        names = _NAMES[kind] = (*_BODY, *rest)
    return names


_BODY = ("html", "text")
_BODY_AND_WHAT_COMES_OF_IT = frozenset({*_BODY, "links", "digest"})


def body_fields_aside(item: Item) -> tuple[type, dict[str, object]]:
    """An item's type and fields, but its body and what is made of the body alone (its
    links, and the digest, which covers the body): two items equal here differ at most in
    what their own pages, feed entries and search entries show of their bodies."""
    body = _BODY_AND_WHAT_COMES_OF_IT
    return type(item), {n: v for n, v in item.__dict__.items() if n not in body}


def _unpickled(kind: type[Item], values: tuple[object, ...]) -> Item:
    item = object.__new__(kind)
    item.__dict__.update(zip(_names(kind), values, strict=True))
    return item


# -- which items' bodies a page's render read ------------------------------------------
# A listing (a tag's page, the tags index) shows its items' titles, dates and places, not
# their bodies: a render that read no body of an item makes the same bytes whatever that
# body says. Templates read items only through the Jinja environment (``templates.py``
# tells ``note_read`` each attribute and key it reads of an item) or as text (``repr``,
# below: what ``{{ item }}``, ``|string``, ``|join`` and ``|pprint`` show); the views and
# filters in Python read no body but the page's own item's. So, while ``noting_reads``
# runs, each item whose body (or anything not known to come from elsewhere) is read is
# noted: ``pipeline``'s quick build takes a page that read no body of the edited items as
# it is.

#: What a template may read of an item without reading its body: the fields but the body
#: and what is made of it alone, the class attributes, and the properties made of fields.
NOT_BODY: frozenset[str] = frozenset(
    {f.name for t in CONTENT_TYPES for f in fields(t)} - _BODY_AND_WHAT_COMES_OF_IT
) | {"kind", "label", "people", "modified", "programme", "conference_label", "status_label"}

_noting = threading.local()  # .reads: the set being filled (serve renders from threads)


@contextmanager
def noting_reads() -> Iterator[set[str]]:
    """Within, every item whose body a template reads is noted (its ``rel``) in the set
    given (``note_read``)."""
    outer = getattr(_noting, "reads", None)
    reads: set[str] = set()
    _noting.reads = reads
    try:
        yield reads
    finally:
        _noting.reads = outer


def note_read(item: Item, name: str) -> None:
    """A template reads ``name`` of ``item`` (an attribute or key)."""
    reads = getattr(_noting, "reads", None)
    if reads is not None and name not in NOT_BODY:
        reads.add(item.rel)


def _noted_repr(shown: Callable[[Item], str]) -> Callable[[Item], str]:
    def __repr__(item: Item) -> str:  # (no __wrapped__: pprint would read the fields itself)
        note_read(item, "__repr__")
        return shown(item)

    return __repr__


for _kind in (Item, *CONTENT_TYPES):
    _kind.__repr__ = _noted_repr(_kind.__repr__)  # type: ignore[method-assign,assignment,arg-type]

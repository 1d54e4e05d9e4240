"""HTML pages: one page per route (``routes.routes``), as Outputs.

Every page gets the values ``base.html`` needs (title, language, feeds, menu, alternates,
Open Graph, JSON-LD); each template gets its own from one view function below.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from jinja2 import Environment

from . import urls
from .jsonld import item_jsonld
from .keys import Fingerprint, digest
from .models import CONFERENCE_LABELS, STATUS_LABELS, Event, Page, Sister, noting_reads
from .outputs import Output
from .regions import REGIONS, country_name
from .routes import SECTION, Route, routes
from .site import Site

Values = dict[str, object]
INTRO_BLOG = "News and stories from librarians around the world."


@dataclass(frozen=True)
class FeedLink:
    """A feed for <link rel="alternate"> autodiscovery."""

    type: str
    title: str
    url: str


@dataclass(frozen=True)
class MenuEntry:
    title: str
    href: str
    url: str | None  # site-relative path of a link inside the site, else None


@dataclass(frozen=True)
class EventGroup:
    key: str  # "annual-2027"
    name: str  # "ALA Annual Conference 2027"
    events: list[Event]


def feed_links(title: str, folder: str) -> list[FeedLink]:
    """The RSS and Atom feeds in ``folder``."""
    return [
        FeedLink("application/rss+xml", f"{title} (RSS)", urls.rss(folder)),
        FeedLink("application/atom+xml", f"{title} (Atom)", urls.atom(folder)),
    ]


def menu(site: Site) -> list[MenuEntry]:
    """The main menu: site.yaml's nav, then pages with ``menu`` (by number)."""
    entries, seen = [], set()
    for entry in site.config.nav:
        local = urls.local(entry.url)
        entries.append(MenuEntry(entry.title, urls.link(site.config, entry.url), local))
        seen.add(local)
    for page in sorted((p for p in site.pages if p.menu is not None), key=_menu_order):
        if page.url not in seen:
            entries.append(MenuEntry(page.title, urls.href(site.config, page.url), page.url))
    return entries


def _menu_order(page: Page) -> tuple[int, str]:
    return (page.menu or 0, page.slug)


class PageKeys:
    """The pages of the last render, for the next (``serve``): each page's route, values and
    key, by path, and the context they were made in. A page whose route and values are
    equal (``==``) to its last ones gets its last key without a fingerprint: an edit of one
    item computes the keys of the few pages that show it. Items are equal only with the
    same fields, digest included; views never give values that are equal but render
    differently (1 and True, one instant in two time zones)."""

    def __init__(self) -> None:
        self.context = ""  # the fingerprint's context and what every page shows
        self.pages: dict[str, tuple[Route, Values, str]] = {}


#: By output path, the items (``rel``) whose bodies a page's render read (``render_pages``).
Reads = dict[str, tuple[str, ...]]


class _Renderer:
    def __init__(
        self,
        site: Site,
        env: Environment,
        fp: Fingerprint,
        known: PageKeys | None,
        reads: Reads | None = None,
    ):
        self.site, self.env, self.fp, self.reads = site, env, fp, reads
        self.config = site.config
        self.menu = menu(site)
        self.shared = fp.of(self.menu, site.tag_names)  # what every page shows besides its own
        self.known = known
        self.last: dict[str, tuple[Route, Values, str]] = {}
        if known is not None:  # the last render's keys, while what every page shares is alike
            context = digest(fp.context, self.shared)
            self.last = known.pages if known.context == context else {}
            known.context, known.pages = context, {}

    def output(self, route: Route) -> Output:
        """The page of a route, rendered when it is written; its key is computed now (unless
        the page is known to be unchanged: ``Fingerprint.unchanged``)."""
        origin = route.item.path if route.item is not None else ""
        unchanged = self.fp.unchanged(urls.output_file(route.path), origin)
        if unchanged is not None:
            return unchanged
        values = VIEWS.get(route.template, _nothing)(self.site, route)
        last = self.last.get(route.path)
        if last is not None and last[0] == route and last[1] == values:
            key = last[2]
        else:
            key = self._key(route, values)
        if self.known is not None:
            self.known.pages[route.path] = (route, values, key)
        return Output(
            urls.output_file(route.path),
            make=partial(self.render, route, values),
            origin=origin,
            key=key,
        )

    def _key(self, route: Route, values: Values) -> str:
        """What the page depends on. A plain item page (most of a large site) depends only on
        its item, its place and what every page shows: one digest, no walk of the route."""
        item = route.item
        plain = not (values or route.listed or route.pagination or route.tag or route.issue)
        if item is not None and item.digest and plain and route.article is None:
            where = (route.path, route.template, route.title, route.section)
            shown = "1" if route.in_sitemap else "0"
            texts = (self.shared, "page", *where, item.digest, shown)
            return self.fp.of_texts(*texts, rels=(item.rel,))
        return self.fp.of(self.shared, route, values)

    def render(self, route: Route, values: Values) -> bytes:
        context = {**self._frame(route), "route": route, **values}
        template = self.env.get_template(route.template)
        if self.reads is None:
            return template.render(context).encode("utf-8")
        with noting_reads() as read:
            data = template.render(context).encode("utf-8")
        if route.item is not None:  # its page shows its body (and _frame reads it)
            read.add(route.item.rel)
        self.reads[urls.output_file(route.path)] = tuple(sorted(read))
        return data

    def _frame(self, route: Route) -> Values:
        """What base.html needs on every page."""
        item, config = route.item, self.config
        return dict(
            path=route.path,
            title=route.title,
            lang=item.lang if item else config.language,
            description=item.summary if item else _description(self.site, route),
            feeds=self._feeds(route),
            alternates=[dict(lang=lang, url=path) for lang, path in route.alternates],
            nav=[
                dict(title=e.title, href=e.href, current=_current(e.url, route)) for e in self.menu
            ],
            og_type="website" if item is None or isinstance(item, Page) else "article",
            jsonld=item_jsonld(item, config) if item else None,
            tag=route.tag,
            item=item,
            tags=self._tags(route),
        )

    def _feeds(self, route: Route) -> list[FeedLink]:
        title = self.config.title
        feeds = feed_links(title, urls.HOME)
        if route.section in SECTION:
            section = SECTION[route.section]
            feeds += feed_links(f"{title}: {section.label}", section.path)
        if route.tag is not None and route.feed is not None:
            feeds += feed_links(f"{title}: “{route.tag.name}”", route.feed)
        return feeds

    def _tags(self, route: Route) -> list[dict[str, str]]:
        if route.item is None:
            return []
        names = self.site.tag_names
        return [dict(name=names[s], url=urls.tag(s)) for s in route.item.tag_slugs if s in names]


def _description(site: Site, route: Route) -> str:
    return site.config.description if route.path == urls.HOME else ""


def _current(url: str | None, route: Route) -> bool:
    """Is a menu entry the page shown, or its section?"""
    if url is None:
        return False
    return url == route.path or (bool(route.section) and url == route.section + "/")


def _nothing(site: Site, route: Route) -> Values:
    return {}


def _home(site: Site, route: Route) -> Values:
    newest_sisters = sorted(site.sisters, key=lambda s: (s.date, s.slug), reverse=True)
    return dict(
        posts=site.posts[:5],
        upcoming=site.upcoming[:5],
        issue=site.issues[0] if site.issues else None,
        sisters=newest_sisters[:4],
    )


def _blog(site: Site, route: Route) -> Values:
    return dict(
        heading=route.title, intro=INTRO_BLOG, posts=route.listed, pagination=route.pagination
    )


def _event(site: Site, route: Route) -> Values:
    event = route.item
    assert isinstance(event, Event)
    return dict(past=event.end <= site.now, ics=urls.event_ics(event.slug))


def _events(site: Site, route: Route) -> Values:
    return dict(
        webcal=urls.webcal(site.config, urls.EVENTS_CALENDAR),
        upcoming=conference_groups(site.upcoming),
        past=list(reversed(conference_groups(site.past))),
    )


def conference_groups(events: tuple[Event, ...]) -> list[EventGroup]:
    """Events by programme and year ("ALA Annual Conference 2027"), earliest first."""
    groups: dict[tuple[str, int], list[Event]] = {}
    for e in sorted(events, key=lambda e: (e.start, e.slug)):
        groups.setdefault((e.programme, e.start.year), []).append(e)
    return [
        EventGroup(f"{c}-{y}", f"{CONFERENCE_LABELS[c]} {y}", members)
        for (c, y), members in groups.items()
    ]


def _leads(site: Site, route: Route) -> Values:
    return dict(issues=site.issues)


def _issue(site: Site, route: Route) -> Values:
    assert route.issue is not None
    return dict(articles=route.issue.articles)


def _article(site: Site, route: Route) -> Values:
    assert route.issue is not None and route.article is not None
    others = [v for v in route.article.versions if v is not route.item]
    return dict(issue=route.issue.issue, others=others)


def _tags_index(site: Site, route: Route) -> Values:
    listing = [dict(name=t.name, url=urls.tag(t.slug), count=len(t.items)) for t in site.tags]
    return dict(tags=listing)


def _tag(site: Site, route: Route) -> Values:
    assert route.tag is not None
    return dict(items=route.tag.items, tag_feed=urls.rss(route.feed) if route.feed else None)


def _sisters(site: Site, route: Route) -> Values:
    regions = []
    for slug, name in REGIONS:
        members = [s for s in site.sisters if s.region == slug]
        if members:
            regions.append(dict(slug=slug, name=name, sisters=members))
    programme = "sister-libraries"
    return dict(
        regions=regions,
        filters=_filters(site),
        programme=urls.page(programme) if _has_page(site, programme) else None,
    )


def _filters(site: Site) -> list[dict[str, object]]:
    s = site.sisters
    languages = {(c, site.config.language_label(c)) for x in s for c in x.languages}
    return [
        dict(
            key="region",
            label="Region",
            options=[(k, n) for k, n in REGIONS if any(x.region == k for x in s)],
        ),
        dict(
            key="country",
            label="Country",
            options=sorted({(x.country, country_name(x.country)) for x in s}, key=_by_label),
        ),
        dict(
            key="type",
            label="Type of library",
            options=[(t, t.capitalize()) for t in sorted({x.type for x in s})],
        ),
        dict(key="status", label="Status", options=list(STATUS_LABELS.items())),
        dict(key="language", label="Language", options=sorted(languages, key=_by_label)),
    ]


def _by_label(option: tuple[str, str]) -> str:
    return option[1]


def _has_page(site: Site, slug: str) -> bool:
    return any(p.slug == slug for p in site.pages)


def _sister(site: Site, route: Route) -> Values:
    sister = route.item
    assert isinstance(sister, Sister)
    contact_page = next(
        (urls.page(s) for s in ("sister-libraries", "about") if _has_page(site, s)), ""
    )
    email = sister.contact.email if sister.contact else None
    return dict(contact_page=contact_page, contact_parts=email_parts(email))


def email_parts(address: str | None) -> tuple[str, str] | None:
    """An e-mail address split and encoded so that it is never plain text in the page."""
    if not address:
        return None
    user, _, domain = address.partition("@")
    return _encode(user), _encode(domain)


def _encode(text: str) -> str:
    return base64.b64encode(text[::-1].encode()).decode()


VIEWS: Mapping[str, Callable[[Site, Route], Values]] = {
    "home.html": _home,
    "blog.html": _blog,
    "event.html": _event,
    "events.html": _events,
    "leads.html": _leads,
    "issue.html": _issue,
    "article.html": _article,
    "tags.html": _tags_index,
    "tag.html": _tag,
    "sisters.html": _sisters,
    "sister.html": _sister,
}


def render_pages(
    site: Site,
    env: Environment,
    fp: Fingerprint,
    known: PageKeys | None = None,
    reads: Reads | None = None,
) -> list[Output]:
    """Every page; ``known``: the pages of the last render, updated to these (``serve``).
    ``reads``: where each page, when it is rendered, notes the items whose bodies it read
    (``models.noting_reads``)."""
    renderer = _Renderer(site, env, fp, known, reads)
    return [renderer.output(route) for route in routes(site)]

"""HTML pages: every item's page and every index page, as Outputs."""

from __future__ import annotations

import base64

from jinja2 import Environment

from . import urls
from .jsonld import item_jsonld
from .models import KINDS, Event, Item
from .outputs import Output
from .regions import REGIONS, country_name
from .site import Site
from .tags import tag_slugs
from .templates import link

CONFERENCES = {
    "annual": "ALA Annual Conference",
    "midwinter": "ALA Midwinter Meeting",
    "online": "Online",
    "other": "Other events",
}
SECTION_FEEDS = {
    "blog": "Blog",
    "events": "Events",
    "leads": "International Leads",
    "sisters": "Sister libraries",
}


class _Renderer:
    def __init__(self, site: Site, env: Environment):
        self.site, self.env = site, env
        self.config = site.config
        self.tags = {t.slug: t for t in site.tags}
        self.nav = _nav_entries(site)

    def page(
        self,
        path: str,
        template: str,
        title: str,
        *,
        lang: str | None = None,
        description: str = "",
        section: str = "",
        alternates=(),
        og_type="website",
        jsonld=None,
        tag=None,
        origin: str = "",
        **values,
    ) -> Output:
        feeds = _feed_links(self.config.title, "")
        if section in SECTION_FEEDS:
            feeds += _feed_links(f"{self.config.title}: {SECTION_FEEDS[section]}", f"{section}/")
        if tag is not None:
            feeds += _feed_links(f"{self.config.title}: “{tag.name}”", urls.tag(tag.slug))
        nav = [dict(title=t, href=h, current=_current(u, path, section)) for t, h, u in self.nav]
        html = self.env.get_template(template).render(
            path=path,
            title=title,
            lang=lang or self.config.language,
            description=description,
            feeds=feeds,
            alternates=alternates,
            nav=nav,
            og_type=og_type,
            jsonld=jsonld,
            kinds=KINDS,
            conferences=CONFERENCES,
            tag=tag,
            **values,
        )
        return Output(urls.output_file(path), html.encode("utf-8"), origin=origin)

    def item(self, item: Item, template: str, section: str = "", **values) -> Output:
        tags = [
            dict(name=self.tags[s].name, url=urls.tag(s)) for s in tag_slugs(item) if s in self.tags
        ]
        return self.page(
            item.url,
            template,
            item.title,
            lang=item.lang,
            description=item.summary,
            section=section,
            item=item,
            tags=tags,
            og_type="article" if item.kind != "page" else "website",
            jsonld=item_jsonld(item, self.config),
            origin=item.path,
            **values,
        )


def _current(url: str | None, path: str, section: str) -> bool:
    """Is a menu entry the page shown, or its section?"""
    return url is not None and (url == path or (bool(section) and url == section + "/"))


def _feed_links(title: str, folder: str) -> list[dict]:
    """The RSS and Atom feeds in ``folder``, for <link rel="alternate"> autodiscovery."""
    return [
        dict(type="application/rss+xml", title=f"{title} (RSS)", url=f"{folder}feed.xml"),
        dict(type="application/atom+xml", title=f"{title} (Atom)", url=f"{folder}atom.xml"),
    ]


def _nav_entries(site: Site) -> list[tuple[str, str, str | None]]:
    """(title, href, site-relative url or None) for the main menu: nav, then menu pages."""
    entries, seen = [], set()
    for entry in site.config.nav:
        href = link(site.config, entry.url)
        local = (
            entry.url[1:] if entry.url.startswith("/") and not entry.url.startswith("//") else None
        )
        entries.append((entry.title, href, local))
        seen.add(local)
    for page in sorted(
        (p for p in site.pages if p.menu is not None), key=lambda p: (p.menu, p.slug)
    ):
        if page.url not in seen:
            entries.append((page.title, link(site.config, "/" + page.url), page.url))
    return entries


def _conference_groups(events) -> list[dict]:
    """Events by programme and year ("ALA Annual Conference 2027"), earliest first."""
    groups: dict[tuple[str, int], list[Event]] = {}
    for e in sorted(events, key=lambda e: (e.start, e.slug)):
        groups.setdefault((e.conference or "other", e.start.year), []).append(e)
    return [
        dict(key=f"{c}-{y}", name=f"{CONFERENCES[c]} {y}", events=members)
        for (c, y), members in groups.items()
    ]


def _email_parts(contact: str | None):
    """An e-mail split and encoded so that it is never plain text in the page."""
    if not contact or not contact.startswith("mailto:"):
        return None
    user, _, domain = contact[7:].partition("@")
    enc = lambda s: base64.b64encode(s[::-1].encode()).decode()  # noqa: E731
    return enc(user), enc(domain)


def _blog(r: _Renderer, site: Site) -> list[Output]:
    posts = site.posts
    pages = max(1, -(-len(posts) // urls.PER_PAGE))
    out = []
    for number in range(1, pages + 1):
        chunk = posts[(number - 1) * urls.PER_PAGE : number * urls.PER_PAGE]
        pagination = dict(
            number=number,
            pages=pages,
            prev=urls.blog_index(number - 1) if number > 1 else None,
            next=urls.blog_index(number + 1) if number < pages else None,
        )
        title = "Blog" if number == 1 else f"Blog, page {number}"
        out.append(
            r.page(
                urls.blog_index(number),
                "blog.html",
                title,
                section="blog",
                heading=title,
                intro="News and stories from librarians around the world.",
                posts=chunk,
                pagination=pagination,
            )
        )
    return out


def _tags(r: _Renderer, site: Site) -> list[Output]:
    out = [
        r.page(
            "tags/",
            "tags.html",
            "Tags",
            tags=[dict(name=t.name, url=urls.tag(t.slug), count=len(t.items)) for t in site.tags],
        )
    ]
    for tag in site.tags:
        out.append(
            r.page(
                urls.tag(tag.slug),
                "tag.html",
                f"Tagged “{tag.name}”",
                tag=tag,
                items=tag.items,
                tag_feed=urls.tag(tag.slug) + "feed.xml",
                section="",
            )
        )
    return out


def _leads(r: _Renderer, site: Site) -> list[Output]:
    out = [
        r.page("leads/", "leads.html", "International Leads", section="leads", issues=site.issues)
    ]
    for issue in site.issues:
        out.append(r.item(issue.issue, "issue.html", "leads", articles=issue.articles))
        for article in issue.articles:
            for version in article.versions:
                others = [v for v in article.versions if v is not version]
                alternates = (
                    [dict(lang=v.lang, url=v.url) for v in article.versions] if others else []
                )
                out.append(
                    r.item(
                        version,
                        "article.html",
                        "leads",
                        issue=issue.issue,
                        others=others,
                        alternates=alternates,
                    )
                )
    return out


def _sisters(r: _Renderer, site: Site) -> list[Output]:
    regions = []
    for slug, name in REGIONS:
        members = [s for s in site.sisters if s.region == slug]
        if members:
            regions.append(dict(slug=slug, name=name, sisters=members))
    s = site.sisters
    filters = [
        dict(
            key="region",
            label="Region",
            options=[(k, n) for k, n in REGIONS if any(x.region == k for x in s)],
        ),
        dict(
            key="country",
            label="Country",
            options=sorted({(x.country, country_name(x.country)) for x in s}, key=lambda p: p[1]),
        ),
        dict(
            key="type",
            label="Type of library",
            options=[(t, t.capitalize()) for t in sorted({x.type for x in s})],
        ),
        dict(
            key="status",
            label="Status",
            options=[("seeking", "Seeking a partner"), ("partnered", "Partnered")],
        ),
        dict(
            key="language",
            label="Language",
            options=sorted(
                {(c, r.config.language_label(c)) for x in s for c in x.languages},
                key=lambda p: p[1],
            ),
        ),
    ]
    slugs = {p.slug for p in site.pages}
    programme = "sister-libraries/" if "sister-libraries" in slugs else None
    contact_page = next((f"{s}/" for s in ("sister-libraries", "about") if s in slugs), "")
    out = [
        r.page(
            "sisters/",
            "sisters.html",
            "Sister libraries",
            section="sisters",
            regions=regions,
            filters=filters,
            programme=programme,
        )
    ]
    for sister in site.sisters:
        out.append(
            r.item(
                sister,
                "sister.html",
                "sisters",
                contact_page=contact_page,
                contact_parts=_email_parts(sister.contact),
            )
        )
    return out


def render_pages(site: Site, env: Environment) -> list[Output]:
    r = _Renderer(site, env)
    latest_issue = site.issues[0] if site.issues else None
    out = [
        r.page(
            "",
            "home.html",
            site.config.title,
            description=site.config.description,
            posts=site.posts[:5],
            upcoming=site.upcoming[:5],
            issue=latest_issue,
            sisters=sorted(site.sisters, key=lambda s: (s.date, s.slug), reverse=True)[:4],
        )
    ]
    out += [r.item(p, "page.html") for p in site.pages]
    out += [r.item(p, "post.html", "blog") for p in site.posts]
    out += _blog(r, site)
    out += _tags(r, site)
    out += [
        r.item(e, "event.html", "events", past=e.end <= site.now, ics=urls.event_ics(e.slug))
        for e in site.events
    ]
    webcal = "webcal://" + r.config.base_url.split("://", 1)[1] + "events/calendar.ics"
    out.append(
        r.page(
            "events/",
            "events.html",
            "Events",
            section="events",
            webcal=webcal,
            upcoming=_conference_groups(site.upcoming),
            past=list(reversed(_conference_groups(site.past))),
        )
    )
    out += _leads(r, site)
    out += _sisters(r, site)
    out.append(r.page("search/", "search.html", "Search"))
    out.append(r.page("404.html", "404.html", "Page not found"))
    return out

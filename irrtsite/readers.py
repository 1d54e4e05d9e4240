"""From a Source to a model: one function per content type (closed schemas)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from . import markup, urls
from .config import Config
from .dates import month_year
from .errors import Problem, quoted, shorten
from .fields import Fields, zone
from .models import (
    CONFERENCES,
    LIBRARY_TYPES,
    STATUSES,
    Common,
    Contact,
    Event,
    LeadsArticle,
    LeadsIssue,
    Page,
    Post,
    Sister,
)
from .regions import region_of
from .source import Source
from .text import EMAIL, clean, unwanted_references

BLOG_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def read_common(
    f: Fields, src: Source, cfg: Config, slug: str, lang: str | None = None, top: int = 2
) -> Common:
    """Fields every type takes, and the rendered body."""
    body = _body(f, src, cfg, top)
    links = markup.body_links(src.body, body.html, cfg.base_path)
    tags = _tags(f)
    return Common(
        path=src.path,
        rel=src.rel,
        slug=slug,
        lang=lang or f.language("lang", cfg.language),
        summary=f.text("summary") or "",
        tags=tags,
        tag_slugs=tag_slugs(tags),
        draft=f.boolean("draft"),
        updated=f.moment("updated", cfg.timezone),
        html=body.html,
        text=body.text,
        links=tuple(link._replace(line=src.body_line + link.line) for link in links),
    )


def _body(f: Fields, src: Source, cfg: Config, top: int) -> markup.Rendered:
    try:
        body = markup.render_body(src.body, cfg.base_path, top)
    except RecursionError:
        f.problems.append(
            Problem(
                src.path,
                src.body_line + 1,
                markup.NESTED_TOO_DEEPLY,
            )
        )
        body = markup.Rendered("", "")
    except markup.TooSlow as slow:
        f.problems.append(Problem(src.path, src.body_line + slow.line, slow.message))
        body = markup.Rendered("", "")
    references = unwanted_references(src.body)
    for line, reference in references:
        f.problems.append(
            Problem(
                src.path,
                src.body_line + line,
                f"{reference} removed from the text: it stands for an invisible control character",
                True,
            )
        )
    if references:  # the source had no such character left: only references bring them
        body = markup.Rendered(clean(body.html), clean(body.text))
    for line in markup.images_without_alt(src.body):
        f.problems.append(
            Problem(
                src.path,
                src.body_line + line,
                "image without alternative text: describe it in ![...]",
                True,
            )
        )
    return body


def tag_slugs(tags: tuple[str, ...]) -> tuple[str, ...]:
    """One slug per distinct tag, in order; tags without letters or digits have none."""
    return tuple(dict.fromkeys(s for s in map(urls.slugify, tags) if s))


def _tags(f: Fields) -> tuple[str, ...]:
    _commas(f, "tags", "tag")
    tags = f.text_list("tags")
    for tag in tags:
        if not urls.slugify(tag):
            f.warn("tags", f"tag '{tag}' has no letters or digits: it gets no page")
    return tags


def _commas(f: Fields, key: str, noun: str) -> None:
    """A warning when a list was typed as one text with commas (``tags: a, b, c``)."""
    value = f.meta.get(key)
    if not isinstance(value, str):
        return
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    if len(entries) > 1:
        written = shorten(f"{key}: [{', '.join(entries)}]")
        f.warn(
            key,
            f"'{key}' is one text with commas, read as one {noun} {quoted(value.strip())}: "
            f"for {len(entries)} {noun}s, write {written}",
        )


def read_page(src: Source, cfg: Config, problems: list[Problem], *, slug: str) -> Page | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    menu = f.integer("menu")
    common = read_common(f, src, cfg, slug)
    f.finish()
    if title is None:
        return None
    return Page(**common, title=title, url=urls.page(slug), menu=menu)


def read_post(
    src: Source, cfg: Config, problems: list[Problem], *, day: str, slug: str
) -> Post | None:
    """A blog post; ``day`` and ``slug`` come from its file name (YYYY-MM-DD-slug.md)."""
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    authors = f.text_list("author", required=True)
    date = f.moment("date", cfg.timezone, required=True)
    common = read_common(f, src, cfg, slug)
    f.finish()
    if date is not None:
        local = date.astimezone(_zone(cfg.timezone)).date().isoformat()
        if local != day:
            f.error(
                "date",
                f"'date' is {local} in {cfg.timezone} but the file name says "
                f"{day}: make them agree",
            )
            return None
    if title is None or not authors or date is None:
        return None
    return Post(
        **common,
        title=title,
        authors=authors,
        date=date,
        url=urls.post(slug, date.astimezone(_zone(cfg.timezone))),
    )


def _zone(name: str) -> ZoneInfo:
    """A zone already checked by ``Fields.timezone`` or the site settings."""
    found = zone(name)
    if found is None:
        raise ValueError(f"unknown time zone {name!r}")
    return found


def _event_moment(f: Fields, key: str, tz: str, explicit: bool) -> datetime | None:
    moment = f.moment(key, tz, required=True)
    if moment is None:
        return None
    if moment.utcoffset() != moment.astimezone(_zone(tz)).utcoffset() and explicit:
        f.error(
            key,
            f"'{key}' has offset {moment:%z} but {tz} is at "
            f"{moment.astimezone(_zone(tz)):%z} then: fix the offset or drop it",
        )
        return None
    local = moment.astimezone(UTC).astimezone(_zone(tz))
    if moment.tzinfo is _zone(tz) and local.replace(tzinfo=None) != moment.replace(tzinfo=None):
        f.warn(
            key,
            f"'{key}' {moment:%H:%M} does not exist in {tz} on {moment:%Y-%m-%d} "
            f"(the clocks jump forward): it is read as {local:%H:%M}",
        )
    return local


def read_event(src: Source, cfg: Config, problems: list[Problem], *, slug: str) -> Event | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    tz = f.timezone("timezone", cfg.timezone)
    explicit = src.meta.get("timezone") == tz  # given, and a real zone
    start = _event_moment(f, "start", tz, explicit)
    end = _event_moment(f, "end", tz, explicit)
    conference = f.choice("conference", CONFERENCES)
    location = f.text("location")
    city = f.text("city")
    registration = f.url("registration")
    published = f.moment("published", cfg.timezone)
    common = read_common(f, src, cfg, slug)
    f.finish()
    if start and end and end.timestamp() <= start.timestamp():
        f.error(
            "end",
            f"'end' ({end:%Y-%m-%d %H:%M}) must be after 'start' "
            f"({start:%Y-%m-%d %H:%M}): give the time the event ends",
        )
        return None
    if title is None or start is None or end is None:
        return None
    return Event(
        **common,
        title=title,
        url=urls.event(slug),
        start=start,
        end=end,
        timezone=tz,
        date=start,
        conference=conference,
        location=location,
        city=city,
        registration=registration,
        published=published,
    )


def read_issue(src: Source, cfg: Config, problems: list[Problem], *, key: str) -> LeadsIssue | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    volume = f.integer("volume", required=True, minimum=1)
    number = f.integer("number", required=True, minimum=1)
    date = f.moment("date", cfg.timezone, required=True)
    title = f.text("title")
    editors = f.text_list("editors")
    common = read_common(f, src, cfg, key, top=3)  # under "From the editors"
    f.finish()
    if volume is None or number is None or date is None:
        return None
    local = date.astimezone(_zone(cfg.timezone))
    if f"{local:%Y-%m}" != key:
        f.warn(
            "date",
            f"'date' is in {local:%Y-%m} but the issue's folder is leads/{key}/: "
            "is one of them a typo?",
        )
    return LeadsIssue(
        **common,
        key=key,
        title=title or month_year(local, common["lang"]),
        url=urls.leads_issue(key),
        volume=volume,
        number=number,
        editors=editors,
        date=date,
    )


def read_article(
    src: Source, cfg: Config, problems: list[Problem], *, key: str, slug: str, lang: str
) -> LeadsArticle | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    authors = f.text_list("author", required=True)
    order = f.integer("order")
    original = f.boolean("original")
    given = f.language("lang", lang)
    if given != lang:
        f.error("lang", f"'lang' is {given} but the file name says {lang}: make them agree")
    common = read_common(f, src, cfg, slug, lang)
    f.finish()
    if title is None or not authors:
        return None
    return LeadsArticle(
        **common,
        title=title,
        url=urls.leads_article(key, slug, lang),
        issue=key,
        authors=authors,
        order=order,
        original=original,
    )


def read_sister(src: Source, cfg: Config, problems: list[Problem], *, slug: str) -> Sister | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    f.email_hint = EMAIL_IN_LISTING
    library = f.text("library", required=True)
    written = f.text("country", required=True)
    country = written.upper() if written else written
    region = region_of(country) if country else None
    if country and region is None:
        f.error(
            "country",
            f"'country' must be an ISO 3166-1 two-letter code such as "
            f"GH, JP or NO; got '{written}'",
        )
    city = f.text("city", required=True)
    kind = f.choice("type", LIBRARY_TYPES, required=True)
    status = f.choice("status", STATUSES, required=True)
    partner = f.text("partner")
    _commas(f, "interests", "interest")
    interests = f.text_list("interests")
    website = f.url("website")
    contact = Contact.parse(f.url_or_email("contact"))
    languages = _languages(f)
    listed = f.moment("listed", cfg.timezone, required=True)
    if status == "partnered" and not partner:
        f.error("status", "a partnered library needs 'partner': the partner library's name")
    common = _listing_without_emails(f, src, read_common(f, src, cfg, slug))
    f.finish()
    if not (library and country and region and listed and city and kind and status):
        return None
    return Sister(
        **common,
        title=library,
        library=library,
        country=country,
        region=region,
        url=urls.sister(slug),
        date=listed,
        city=city,
        type=kind,
        status=status,
        partner=partner,
        interests=interests,
        website=website,
        contact=contact,
        languages=languages,
    )


#: What the e-mail warning advises in a listing (``Fields.no_email``).
EMAIL_IN_LISTING = (
    "addresses are not published in a listing: put the address in 'contact', which is "
    "shown without exposing it to spam robots"
)


def _listing_without_emails(f: Fields, src: Source, common: Common) -> Common:
    """A listing never shows an e-mail address as text: its 'contact' is shown safely, its
    fields lose addresses as every type's do (``Fields.no_email``), and so does its body
    (with the warning at the first line that has one; mailto: links are unlinked).

    Other types keep addresses written in their body: an editor writing a contact address
    into a page's text means to publish it."""
    html = markup.hide_emails_html(common["html"])
    if html != common["html"]:
        found = EMAIL.search(src.body)
        line = src.body_line + src.body.count("\n", 0, found.start()) if found else 1
        f.problems.append(
            Problem(
                src.path,
                line,
                f"e-mail address in the text shown as [e-mail]: {f.email_hint}",
                True,
            )
        )
    hidden: Common = {**common, "html": html, "text": markup.hide_emails(common["text"])}
    return hidden


def _languages(f: Fields) -> tuple[str, ...]:
    codes = []
    for code in f.text_list("languages"):
        checked = Fields(
            {"languages": code}, {"languages": f.line("languages")}, f.path, f.problems
        ).language("languages", "")
        if checked:
            codes.append(checked)
    return tuple(codes)

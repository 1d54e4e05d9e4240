"""From a Source to a model: one function per content type (closed schemas)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from . import markup, urls
from .config import Config
from .dates import month_year
from .errors import Problem
from .fields import Fields, zone
from .models import Event, LeadsArticle, LeadsIssue, Page, Post, Sister
from .regions import region_of
from .source import Source

CONFERENCES = ("annual", "midwinter", "online", "other")
LIBRARY_TYPES = ("public", "academic", "school", "special", "national", "other")
STATUSES = ("seeking", "partnered")
BLOG_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def _common(
    f: Fields, src: Source, cfg: Config, kind: str, slug: str, lang: str | None = None, top: int = 2
):
    """Fields every type takes, and the rendered body."""
    try:
        body = markup.render_body(src.body, cfg.base_path, top)
    except RecursionError:
        f.problems.append(
            Problem(
                src.path,
                src.body_line + 1,
                "the text is nested too deeply (lists or quotes inside each other): simplify it",
            )
        )
        body = markup.Rendered("", "")
    for line in markup.images_without_alt(src.body):
        f.problems.append(
            Problem(
                src.path,
                src.body_line + line,
                "image without alternative text: describe it in ![...]",
                True,
            )
        )
    return dict(
        kind=kind,
        path=src.path,
        rel=src.rel,
        slug=slug,
        lang=lang or f.language("lang", cfg.language),
        summary=f.text("summary") or "",
        tags=_tags(f),
        draft=f.boolean("draft"),
        updated=f.moment("updated", cfg.timezone),
        html=body.html,
        text=body.text,
    )


def _tags(f: Fields) -> tuple[str, ...]:
    tags = f.text_list("tags")
    for tag in tags:
        if not urls.slugify(tag):
            f.warn("tags", f"tag '{tag}' has no letters or digits: it gets no page")
    return tags


def read_page(src: Source, cfg: Config, slug: str, problems: list[Problem]) -> Page | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    menu = f.integer("menu")
    common = _common(f, src, cfg, "page", slug)
    f.finish()
    if title is None:
        return None
    return Page(**common, title=title, url=urls.page(slug), menu=menu)


def read_post(src: Source, cfg: Config, stem: str, problems: list[Problem]) -> Post | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    name = BLOG_NAME.match(stem)
    title = f.text("title", required=True)
    authors = f.text_list("author", required=True)
    date = f.moment("date", cfg.timezone, required=True)
    common = _common(f, src, cfg, "post", name.group(2))
    f.finish()
    if date is not None:
        local = date.astimezone(zone(cfg.timezone)).date().isoformat()
        if local != name.group(1):
            f.error(
                "date",
                f"'date' is {local} in {cfg.timezone} but the file name says "
                f"{name.group(1)}: make them agree",
            )
            return None
    if title is None or not authors or date is None:
        return None
    return Post(
        **common,
        title=title,
        authors=authors,
        date=date,
        url=urls.post(name.group(2), date.astimezone(zone(cfg.timezone))),
    )


def _event_moment(f: Fields, key: str, tz: str, explicit: bool) -> datetime | None:
    moment = f.moment(key, tz, required=True)
    if moment is None:
        return None
    if moment.utcoffset() != moment.astimezone(zone(tz)).utcoffset() and explicit:
        f.error(
            key,
            f"'{key}' has offset {moment:%z} but {tz} is at "
            f"{moment.astimezone(zone(tz)):%z} then: fix the offset or drop it",
        )
        return None
    local = moment.astimezone(UTC).astimezone(zone(tz))
    if moment.tzinfo is zone(tz) and local.replace(tzinfo=None) != moment.replace(tzinfo=None):
        f.warn(
            key,
            f"'{key}' {moment:%H:%M} does not exist in {tz} on {moment:%Y-%m-%d} "
            f"(the clocks jump forward): it is read as {local:%H:%M}",
        )
    return local


def read_event(src: Source, cfg: Config, slug: str, problems: list[Problem]) -> Event | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    tz = f.timezone("timezone", cfg.timezone)
    explicit = src.meta.get("timezone") == tz  # given, and a real zone
    start = _event_moment(f, "start", tz, explicit)
    end = _event_moment(f, "end", tz, explicit)
    values = dict(
        conference=f.choice("conference", CONFERENCES),
        location=f.text("location"),
        city=f.text("city"),
        registration=f.url("registration"),
    )
    common = _common(f, src, cfg, "event", slug)
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
        **values,
    )


def read_issue(src: Source, cfg: Config, key: str, problems: list[Problem]) -> LeadsIssue | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    volume = f.integer("volume", required=True, minimum=1)
    number = f.integer("number", required=True, minimum=1)
    date = f.moment("date", cfg.timezone, required=True)
    title = f.text("title")
    editors = f.text_list("editors")
    common = _common(f, src, cfg, "leads-issue", key, top=3)  # under "From the editors"
    f.finish()
    if volume is None or number is None or date is None:
        return None
    local = date.astimezone(zone(cfg.timezone))
    if f"{local:%Y-%m}" != key:
        f.warn(
            "date",
            f"'date' is in {local:%Y-%m} but the issue's folder is leads/{key}/: "
            "is one of them a typo?",
        )
    return LeadsIssue(
        **common,
        key=key,
        title=title or month_year(local),
        url=urls.leads_issue(key),
        volume=volume,
        number=number,
        editors=editors,
        date=date,
    )


def read_article(
    src: Source, cfg: Config, key: str, slug: str, lang: str, problems: list[Problem]
) -> LeadsArticle | None:
    f = Fields(src.meta, src.lines, src.path, problems)
    title = f.text("title", required=True)
    authors = f.text_list("author", required=True)
    order = f.integer("order")
    original = f.boolean("original")
    given = f.language("lang", lang)
    if given != lang:
        f.error("lang", f"'lang' is {given} but the file name says {lang}: make them agree")
    common = _common(f, src, cfg, "leads-article", slug, lang)
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


def read_sister(src: Source, cfg: Config, slug: str, problems: list[Problem]) -> Sister | None:
    f = Fields(src.meta, src.lines, src.path, problems)
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
    values = dict(
        city=f.text("city", required=True),
        type=f.choice("type", LIBRARY_TYPES, required=True),
        status=f.choice("status", STATUSES, required=True),
        partner=f.text("partner"),
        interests=f.text_list("interests"),
        website=f.url("website"),
        contact=f.url_or_email("contact"),
    )
    languages = _languages(f)
    listed = f.moment("listed", cfg.timezone, required=True)
    if values["status"] == "partnered" and not values["partner"]:
        f.error("status", "a partnered library needs 'partner': the partner library's name")
    common = _without_emails(f, _common(f, src, cfg, "sister", slug))
    f.finish()
    if None in (library, region, listed, values["city"], values["type"], values["status"]):
        return None
    return Sister(
        **common,
        title=library,
        library=library,
        country=country,
        region=region,
        url=urls.sister(slug),
        date=listed,
        languages=languages,
        **values,
    )


def _without_emails(f: Fields, common: dict) -> dict:
    """A listing never shows an e-mail address as text: its 'contact' is shown safely, and
    addresses typed into its summary or body are hidden (with a warning)."""
    hidden = dict(
        summary=markup.hide_emails(common["summary"]),
        html=markup.hide_emails_html(common["html"]),
        text=markup.hide_emails(common["text"]),
    )
    for key in ("summary", "html"):
        if hidden[key] != common[key]:
            f.warn(
                key if key == "summary" else None,
                "e-mail addresses are not published in a listing: put the address in "
                "'contact', which is shown without exposing it to spam robots",
            )
    return {**common, **hidden}


def _languages(f: Fields) -> tuple[str, ...]:
    codes = []
    for code in f.text_list("languages"):
        checked = Fields(
            {"languages": code}, {"languages": f.line("languages")}, f.path, f.problems
        ).language("languages", "")
        if checked:
            codes.append(checked)
    return tuple(codes)

"""Checks across content files, and the groupings that need every file.

Each check adds problems; none stops the others, so every mistake is reported at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from . import markup
from .contentfiles import Show
from .errors import Problem
from .keys import digest
from .models import Article, Issue, Item, LeadsArticle, LeadsIssue, Post, Sister
from .readers import tag_slugs

ItemT = TypeVar("ItemT", bound=Item)


def published(item: Item, now: datetime, drafts: bool) -> bool:
    """Shown in this build: drafts and future posts only with ``drafts``."""
    if drafts:
        return True
    if item.draft:
        return False
    return not (isinstance(item, Post) and item.date is not None and item.date > now)


def check_unique_urls(items: list[Item], problems: list[Problem]) -> None:
    """Two files may not give one address (drafts included: they will be published)."""
    seen: dict[str, Item] = {}
    for item in items:
        key = item.url.casefold()
        if key in seen:
            problems.append(
                Problem(
                    item.path,
                    0,
                    f"same address /{item.url} as {seen[key].path}: rename one of them",
                )
            )
        else:
            seen[key] = item


def check_unique_static(
    static: list[tuple[str, Path]], show: Show, problems: list[Problem]
) -> None:
    """Static files whose names differ only by case or Unicode form would overwrite each
    other on many disks and web servers."""
    seen: dict[str, str] = {}
    for rel, _ in static:
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in seen:
            problems.append(
                Problem(
                    show(rel),
                    0,
                    f"same address as {show(seen[key])} (the names "
                    "differ only by capitals or accents): rename one",
                )
            )
        else:
            seen[key] = rel


def _name(article: LeadsArticle) -> str:
    return article.rel.rsplit("/", 1)[-1]


def check_articles(items: list[Item], problems: list[Problem], written: Iterable[str] = ()) -> None:
    """Every article has its issue; the versions of one article agree (drafts included).

    ``written``: the keys of the issues whose index.md exists, read or not (one that could
    not be read has its own problems: its articles are not told to add it)."""
    keys = {i.key for i in items if isinstance(i, LeadsIssue)} | set(written)
    groups: dict[tuple[str, str], list[LeadsArticle]] = {}
    for article in of_type(items, LeadsArticle):
        if article.issue not in keys:
            problems.append(
                Problem(
                    article.path,
                    0,
                    f"this article's issue has no leads/{article.issue}/index.md: add it",
                )
            )
        groups.setdefault((article.issue, article.slug), []).append(article)
    for (_key, slug), versions in sorted(groups.items()):
        names = ", ".join(_name(v) for v in versions)
        originals = [v for v in versions if v.original]
        if len(versions) > 1 and len(originals) != 1:
            what = "none has" if not originals else f"{len(originals)} have"
            problems.append(
                Problem(
                    versions[0].path,
                    0,
                    f"article '{slug}' has {len(versions)} "
                    f"language versions ({names}) and {what} 'original: true': "
                    "mark exactly one",
                )
            )
        orders = [f"{_name(v)}: {v.order}" for v in versions if v.order is not None]
        if len({v.order for v in versions if v.order is not None}) > 1:
            problems.append(
                Problem(
                    versions[0].path,
                    0,
                    f"the versions of article '{slug}' "
                    f"disagree on 'order' ({', '.join(orders)}): give them the same "
                    "'order', or set it in one file only",
                )
            )


def group_issues(items: list[Item]) -> tuple[Issue, ...]:
    """The published issues with their published articles, newest issue first."""
    issues = {i.key: i for i in of_type(items, LeadsIssue)}
    groups: dict[tuple[str, str], list[LeadsArticle]] = {}
    for article in of_type(items, LeadsArticle):
        if article.issue in issues:
            groups.setdefault((article.issue, article.slug), []).append(article)
    by_issue: dict[str, list[Article]] = {key: [] for key in issues}
    for (key, slug), versions in sorted(groups.items()):
        versions.sort(key=lambda v: (not v.original, v.lang))
        dated = tuple(_with_date(v, issues[key].date) for v in versions)
        by_issue[key].append(Article(slug, dated))
    return tuple(
        Issue(issues[key], tuple(sorted(arts, key=_article_order)))
        for key, arts in sorted(by_issue.items(), reverse=True)
    )


def _with_date(article: LeadsArticle, when: datetime | None) -> LeadsArticle:
    """An article is dated by its issue (its digest says so, for the cache)."""
    stamp = when.isoformat() if when is not None else ""
    return replace(article, date=when, digest=digest(article.digest, "date", stamp))


def _article_order(article: Article) -> tuple[bool, int, str]:
    order = article.order
    return (order is None, order or 0, article.slug)


def of_type(items: Iterable[Item], kind: type[ItemT]) -> list[ItemT]:
    return [i for i in items if isinstance(i, kind)]


def hide_contact_emails(items: list[Item]) -> list[Item]:
    """A sister library's e-mail contact is never published as text, on any page: wherever
    an item's title, summary, tags or body spells it out, it becomes "[e-mail]"."""
    emails = sorted(
        {s.contact.email for s in of_type(items, Sister) if s.contact and s.contact.email},
        key=lambda e: (-len(e), e),
    )
    if not emails:
        return items
    known = re.compile("|".join(re.escape(e) for e in emails), re.I)
    return [_without(known, item) for item in items]


def _without(known: re.Pattern[str], item: Item) -> Item:
    def hide(text: str) -> str:
        return known.sub(markup.HIDDEN_EMAIL, text)

    fields = (item.title, item.summary, item.text, item.html, *item.tags)
    if not any(known.search(text) for text in fields):
        return item
    tags = tuple(hide(t) for t in item.tags)
    return replace(
        item,
        title=hide(item.title),
        summary=hide(item.summary),
        text=hide(item.text),
        html=hide(item.html),
        tags=tags,
        tag_slugs=tag_slugs(tags),
        digest=digest(item.digest, "hidden", known.pattern),
    )

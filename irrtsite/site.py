"""The whole published site, as the renderers see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from .config import Config
from .models import Event, Issue, Item, LeadsArticle, Page, Post, Sister, Tag


@dataclass(frozen=True)
class Site:
    config: Config
    now: datetime
    pages: tuple[Page, ...]  # by slug
    posts: tuple[Post, ...]  # published, newest first
    events: tuple[Event, ...]  # by start
    issues: tuple[Issue, ...]  # newest first
    sisters: tuple[Sister, ...]  # by library name
    tags: tuple[Tag, ...]  # by slug
    static: tuple[tuple[str, Path], ...]  # (path under static/, source file)

    @property
    def upcoming(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.end > self.now)

    @property
    def past(self) -> tuple[Event, ...]:
        return tuple(reversed([e for e in self.events if e.end <= self.now]))

    @property
    def articles(self) -> tuple[LeadsArticle, ...]:
        return tuple(v for i in self.issues for a in i.articles for v in a.versions)

    @cached_property
    def tag_names(self) -> dict[str, str]:
        """Tag slug -> the name it is shown by."""
        return {tag.slug: tag.name for tag in self.tags}

    def items(self) -> tuple[Item, ...]:
        """Every published item, in a fixed order."""
        return (
            *self.pages,
            *self.posts,
            *self.events,
            *(i.issue for i in self.issues),
            *self.articles,
            *self.sisters,
        )

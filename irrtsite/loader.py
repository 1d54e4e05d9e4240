"""The content tree to a ``Site``: list the files, read them, check them together.

The jobs live in their own modules: ``contentfiles`` (which file is what: the folder rules),
``reading`` (files to items, in parallel on a large site) and ``crosscheck`` (rules across
files, and the groupings that need every file). Every problem is collected; the caller
stops before rendering if any is an error.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from .cache import SourceEntry, State
from .config import Config, load_config
from .contentfiles import ContentFiles, shown, sort_files, walk
from .crosscheck import (
    check_articles,
    check_unique_static,
    check_unique_urls,
    group_issues,
    hide_contact_emails,
    of_type,
    published,
)
from .errors import Problem, errors_only
from .keys import code_key, digest
from .models import Event, Item, Page, Post, Sister
from .reading import Derive, Progress, read_all
from .site import Site
from .tags import collect_tags


@dataclass(frozen=True)
class Listing:
    """The content tree's files as walked and sorted, with the problems that found: reused
    by a load that knows no file was added, removed or renamed since (``serve``)."""

    files: ContentFiles
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Loaded:
    site: Site | None  # None when there is any error
    problems: list[Problem]
    sources: dict[str, SourceEntry]  # what a cache should remember of each content file
    settings: str  # the digest of the settings the files were read with
    derived: dict[str, object] = field(default_factory=dict)  # reading.read_all's, by digest
    listing: Listing | None = None  # None when site.yaml could not be read


def load_site(
    content: Path,
    now: datetime,
    drafts: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[Site | None, list[Problem]]:
    """Read and check the whole content tree. Returns (None, problems) on any error.

    ``workers`` processes read the files (default: one per CPU, for large sites);
    ``progress`` is told how many files were read.
    """
    loaded = load(content, now, drafts, workers, progress=progress)
    return loaded.site, loaded.problems


def load(
    content: Path,
    now: datetime,
    drafts: bool = False,
    workers: int | None = None,
    state: State | None = None,
    progress: Progress | None = None,
    derive: Derive | None = None,
    *,
    listing: Listing | None = None,
    fresh: Collection[str] | None = None,
    seen: Mapping[str, tuple[int, int]] | None = None,
    spool: Path | None = None,
) -> Loaded:
    """``load_site``, reusing what a cache's ``state`` knows of the files (see reading.py);
    ``derive`` is made of each item read where it is read (``reading.read_all``).

    ``serve``, whose watcher knows what changed, may give the ``listing`` of the last load
    (no file added, removed or renamed since) and the only files that may have changed
    (``fresh``, see ``read_all``); a build, the files' sizes and mtimes as it just scanned
    them (``seen``, likewise). ``spool``: where the bodies of the files read are kept
    (``read_all``)."""
    show = partial(shown, content)
    config, problems = load_config(content, show("site.yaml"))
    if config is None:
        return Loaded(None, problems, {}, "")
    if listing is None:
        walked: list[Problem] = []
        listing = Listing(sort_files(content, walk(content, show, walked), walked), tuple(walked))
    problems += listing.problems
    files = listing.files
    workers = workers or os.cpu_count() or 1
    settings = digest(code_key(), repr(config))
    known = state.sources if state is not None and state.settings == settings else {}
    read, found, sources, derived = read_all(
        content,
        config,
        files.jobs,
        workers,
        context=settings,
        known=known,
        progress=progress,
        derive=derive,
        fresh=fresh,
        seen=seen,
        spool=spool,
    )
    problems += found
    check_unique_urls(read, problems)
    check_unique_static(files.static, show, problems)
    check_articles(read, problems, files.issues)
    if errors_only(problems):
        return Loaded(None, problems, sources, settings, derived, listing)
    items = hide_contact_emails([i for i in read if published(i, now, drafts)])
    site = _site(config, now, items, files.static)
    return Loaded(site, problems, sources, settings, derived, listing)


def _site(config: Config, now: datetime, items: list[Item], static: list[tuple[str, Path]]) -> Site:
    """The published items in the orders the renderers read them in."""
    posts = of_type(items, Post)
    sisters = of_type(items, Sister)
    site = Site(
        config=config,
        now=now,
        pages=tuple(sorted(of_type(items, Page), key=lambda p: p.slug)),
        posts=tuple(sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)),
        events=tuple(sorted(of_type(items, Event), key=lambda e: (e.start, e.end, e.slug))),
        issues=group_issues(items),
        sisters=tuple(sorted(sisters, key=lambda s: (s.library.casefold(), s.slug))),
        tags=(),
        static=tuple(static),
    )
    return replace(site, tags=collect_tags(site.items()))

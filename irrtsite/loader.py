"""Load everything under content/ into one Site; every cross-check lives here.

Files are read in sorted order; each goes to the reader of its folder. Every
problem is collected; the caller stops before rendering if any is an error.
"""

from __future__ import annotations

import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from . import readers
from .config import Config, load_config
from .errors import Problem, errors_only
from .languages import normalize_code, valid_language_code
from .models import Article, Issue, Item, LeadsArticle, LeadsIssue
from .site import Site
from .source import read_source
from .tags import collect_tags
from .urls import MAX_SLUG, RESERVED, RESERVED_EVENTS, SLUG, slugify

_ISSUE_KEY = re.compile(r"^\d{4}-\d{2}$")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PARALLEL_MIN = 64  # files; fewer are read in this process
_SECTIONS = {"pages": "page", "blog": "post", "events": "event", "sisters": "sister"}


def shown(content: Path, rel: str) -> str:
    """How messages name a content file: "content/blog/x.md" (folder name, then the path)."""
    return f"{content.name}/{rel}"


def walk(content: Path, show, problems: list[Problem]) -> list[str]:
    """Every file under content/, sorted, as posix paths relative to it.

    Hidden files are skipped; symlinked folders and symlinks leading out of
    content/ are not followed (a warning each).
    """
    found = []
    root = content.resolve()
    for folder, dirs, files in os.walk(content, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                problems.append(
                    Problem(
                        show((here / name).relative_to(content).as_posix()),
                        0,
                        "symlinked folder not followed: move the files into content/ instead",
                        True,
                    )
                )
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(files):
            file = here / name
            rel = file.relative_to(content).as_posix()
            if name.startswith("."):
                continue
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(
                    Problem(
                        show(rel.encode("utf-8", "replace").decode()),
                        0,
                        "file name is not valid UTF-8: rename the file",
                    )
                )
                continue
            if _BAD_NAME.search(rel):
                problems.append(
                    Problem(
                        show(ascii(rel)[1:-1]),
                        0,
                        "file name contains control or text-direction characters: rename the file",
                    )
                )
                continue
            if file.is_symlink():
                try:
                    inside = file.resolve(strict=True).is_relative_to(root)
                except (OSError, RuntimeError):  # broken, or a loop
                    problems.append(Problem(show(rel), 0, "broken symlink: not followed", True))
                    continue
                if not inside:
                    problems.append(
                        Problem(show(rel), 0, "symlink points outside content/: not followed", True)
                    )
                    continue
            found.append(rel)
    return sorted(found)


class _Reader:
    """Sends each file to its reader; keeps what they return."""

    def __init__(self, content: Path, config: Config, problems: list[Problem]):
        self.content, self.config, self.problems = content, config, problems
        self.items: list[Item] = []
        self.static: list[tuple[str, Path]] = []
        self.jobs: list[tuple] = []  # (rel, reader function, its arguments)

    def show(self, rel: str) -> str:
        return shown(self.content, rel)

    def problem(self, rel: str, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(self.show(rel), 0, message, warning))

    def slug(self, rel: str, stem: str) -> str | None:
        if SLUG.match(stem) and len(stem) <= MAX_SLUG:
            return stem
        if SLUG.match(stem):
            self.problem(
                rel, f"file name is {len(stem)} characters long: shorten it to {MAX_SLUG} or fewer"
            )
            return None
        hint = slugify(stem).encode("ascii", "ignore").decode()[:60] or "my-page"
        self.problem(
            rel,
            f"file name '{stem}' is not a valid slug: use lowercase ASCII letters, "
            f"digits and '-' (e.g. '{hint}')",
        )
        return None

    def read(self, rel: str, make, *args) -> None:
        self.jobs.append((rel, make, args))

    def run(self, workers: int) -> None:
        """Read every file queued by ``read``, in worker processes for a large site."""
        jobs = [(self.content, self.config, *job) for job in self.jobs]
        if workers > 1 and len(jobs) >= PARALLEL_MIN:
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                results = list(pool.map(_read_file, jobs, chunksize=16))
        else:
            results = [_read_file(job) for job in jobs]
        for item, problems in results:
            self.problems.extend(problems)
            if item is not None:
                self.items.append(item)

    def file(self, rel: str) -> None:
        parts = rel.split("/")
        if parts[0] == "static":
            self.static.append((rel, self.content / rel))
        elif parts == ["site.yaml"]:
            pass
        elif parts[0] in _SECTIONS and len(parts) == 2 and parts[1].endswith(".md"):
            self.section(rel, parts[0], parts[1][:-3])
        elif parts[0] == "leads" and len(parts) == 3 and parts[2].endswith(".md"):
            self.leads(rel, parts[1], parts[2][:-3])
        elif parts[0] in _SECTIONS or parts[0] == "leads":
            where = (
                "leads/YYYY-MM/index.md or leads/YYYY-MM/<slug>.<language>.md"
                if parts[0] == "leads"
                else f"{parts[0]}/<name>.md"
            )
            self.problem(
                rel,
                f"not a content file: files here are {where} (Markdown files "
                "ending in .md, no sub-folders); pictures and PDFs go in static/",
            )
        else:
            self.problem(
                rel,
                "not a content file here: ignored (see the content guide for where files go)",
                True,
            )

    def section(self, rel: str, section: str, stem: str) -> None:
        if section == "blog":
            name = readers.BLOG_NAME.match(stem)
            if not name:
                self.problem(
                    rel,
                    "a blog file name must be YYYY-MM-DD-slug.md, e.g. "
                    "2026-09-15-our-new-partners.md",
                )
                return
            if not _is_date(name.group(1)):
                self.problem(rel, f"the file name's date {name.group(1)} is not a real date")
                return
            if self.slug(rel, name.group(2)):
                self.read(rel, readers.read_post, stem)
            return
        slug = self.slug(rel, stem)
        if slug is None:
            return
        if section == "pages" and slug in RESERVED:
            self.problem(
                rel, f"the page name '{slug}' is reserved for a generated page: rename the file"
            )
            return
        if section == "events" and slug in RESERVED_EVENTS:
            self.problem(
                rel, f"the event name '{slug}' is reserved for the events calendar: rename the file"
            )
            return
        make = {
            "pages": readers.read_page,
            "events": readers.read_event,
            "sisters": readers.read_sister,
        }[section]
        self.read(rel, make, slug)

    def leads(self, rel: str, key: str, stem: str) -> None:
        if not _ISSUE_KEY.match(key) or not _is_date(key + "-01"):
            self.problem(
                rel, f"an issue folder is named YYYY-MM (e.g. leads/2026-09/), not '{key}'"
            )
            return
        if stem == "index":
            self.read(rel, readers.read_issue, key)
            return
        slug, _, lang = stem.partition(".")
        if not lang:
            self.problem(
                rel, "a Leads article is named <slug>.<language>.md, e.g. reading-rooms.es.md"
            )
            return
        if not valid_language_code(lang):
            self.problem(
                rel,
                f"'{lang}' in the file name is not a language code (BCP 47, e.g. "
                "en, es, zh-Hans): name the file <slug>.<language>.md",
            )
            return
        if self.slug(rel, slug):
            self.read(rel, readers.read_article, key, slug, normalize_code(lang))


def _read_file(job) -> tuple[Item | None, list[Problem]]:
    """One content file to its model: a pure function of the file and the config."""
    content, config, rel, make, args = job
    src, problems = read_source(content / rel, rel, shown(content, rel))
    item = make(src, config, *args, problems) if src is not None else None
    return item, problems


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _published(item: Item, now: datetime, drafts: bool) -> bool:
    if drafts:
        return True
    if item.draft:
        return False
    return not (item.kind == "post" and item.date > now)


def _unique_urls(items: list[Item], problems: list[Problem]) -> None:
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


def _unique_static(static: list[tuple[str, Path]], show, problems: list[Problem]) -> None:
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


def _check_articles(items: list[Item], problems: list[Problem]) -> None:
    """Every article has its issue; the versions of one article agree (drafts included)."""
    keys = {i.key for i in items if i.kind == "leads-issue"}
    groups: dict[tuple[str, str], list[LeadsArticle]] = {}
    for article in items:
        if article.kind != "leads-article":
            continue
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


def _issues(items: list[Item], issues: dict[str, LeadsIssue]) -> tuple[Issue, ...]:
    """The published issues with their published articles, newest issue first."""
    groups: dict[tuple[str, str], list[LeadsArticle]] = {}
    for article in items:
        if article.kind == "leads-article" and article.issue in issues:
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


def _with_date(article: LeadsArticle, when: datetime) -> LeadsArticle:
    return replace(article, date=when)


def _article_order(article: Article):
    order = article.order
    return (order is None, order or 0, article.slug)


def load_site(
    content: Path, now: datetime, drafts: bool = False, workers: int | None = None
) -> tuple[Site | None, list[Problem]]:
    """Read and check the whole content tree. Returns (None, problems) on any error.

    ``workers`` processes read the files (default: one per CPU, for large sites).
    """
    show = partial(shown, content)
    config, problems = load_config(content, show("site.yaml"))
    if config is None:
        return None, problems
    reader = _Reader(content, config, problems)
    for rel in walk(content, show, problems):
        reader.file(rel)
    reader.run(workers or os.cpu_count() or 1)
    _unique_urls(reader.items, problems)
    _unique_static(reader.static, show, problems)
    _check_articles(reader.items, problems)
    items = [i for i in reader.items if _published(i, now, drafts)]
    issues = {i.key: i for i in items if i.kind == "leads-issue"}
    leads = _issues(items, issues)
    if errors_only(problems):
        return None, problems
    by_kind = lambda kind: [i for i in items if i.kind == kind]  # noqa: E731
    site = Site(
        config=config,
        now=now,
        pages=tuple(sorted(by_kind("page"), key=lambda p: p.slug)),
        posts=tuple(sorted(by_kind("post"), key=lambda p: (p.date, p.slug), reverse=True)),
        events=tuple(sorted(by_kind("event"), key=lambda e: (e.start, e.end, e.slug))),
        issues=leads,
        sisters=tuple(sorted(by_kind("sister"), key=lambda s: (s.library.casefold(), s.slug))),
        tags=(),
        static=tuple(reader.static),
    )
    return replace(site, tags=collect_tags(site.items())), problems

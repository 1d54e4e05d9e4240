"""Which content files there are, and what each one is: the folder rules.

``walk`` lists the files under content/ (hidden files and links leading out skipped);
``sort_files`` decides, from its path alone, which reader reads each file (a ``Job``), which
files are copied as they are (static/), and which are misplaced (a problem each). Nothing
here reads a file's contents.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

from . import readers
from .config import Config
from .errors import Problem
from .languages import normalize_code, valid_language_code
from .models import Item
from .source import Source
from .text import CONTROL
from .urls import MAX_SLUG, RESERVED, RESERVED_EVENTS, SLUG, slugify

_ISSUE_KEY = re.compile(r"^\d{4}-\d{2}$")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SECTION_FOLDERS = ("pages", "blog", "events", "sisters")

#: A reader with everything but the source, the settings and the problem list bound.
Reader = Callable[[Source, Config, list[Problem]], Item | None]
Show = Callable[[str], str]


def shown(content: Path, rel: str) -> str:
    """How messages name a content file: "content/blog/x.md" (folder name, then the path)."""
    return f"{content.name}/{rel}"


class Job(NamedTuple):
    """One content file to read, and the reader that reads it (a tuple: a large site has
    thousands, made on every build)."""

    rel: str
    read: Reader


@dataclass
class ContentFiles:
    """Every file of the content tree, sorted by what it is."""

    jobs: list[Job] = field(default_factory=list)
    static: list[tuple[str, Path]] = field(default_factory=list)  # (path under static/, file)
    issues: set[str] = field(default_factory=set)  # keys of the issues with an index.md


def walk(content: Path, show: Show, problems: list[Problem]) -> list[str]:
    """Every file under content/, sorted, as posix paths relative to it.

    Hidden files are skipped; symlinked folders and symlinks leading out of
    content/ are not followed (a warning each). One scandir per folder, no recursion
    (any depth), no pathlib per file (a large site has thousands).
    """
    found = []
    root = content.resolve()
    stack = [""]
    while stack:
        prefix = stack.pop()
        try:
            with os.scandir(os.path.join(content, prefix) if prefix else content) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if _is_folder(entry):
                if entry.is_symlink():
                    problems.append(Problem(show(rel), 0, _SYMLINKED_FOLDER, True))
                elif not entry.name.startswith("."):
                    stack.append(rel + "/")
            elif not entry.name.startswith("."):
                problem = _name_problem(rel) or _link_problem(entry, root, rel)
                if problem is None:
                    found.append(rel)
                else:
                    problems.append(replace(problem, path=show(problem.path)))
    return sorted(found)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, as os.walk does
    except OSError:
        return False


_SYMLINKED_FOLDER = "symlinked folder not followed: move the files into content/ instead"


def _name_problem(rel: str) -> Problem | None:
    """A file name no message could show as typed: not UTF-8, or with invisible controls."""
    if rel.isascii() and rel.isprintable():  # nearly every name: no pattern search needed
        return None
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown_as = rel.encode("utf-8", "replace").decode()
        return Problem(shown_as, 0, "file name is not valid UTF-8: rename the file")
    if _BAD_NAME.search(rel) or CONTROL.search(rel):
        return Problem(
            rel,  # shown with the characters escaped (errors.Problem)
            0,
            "file name contains control or text-direction characters: rename the file",
        )
    return None


def _link_problem(entry: os.DirEntry[str], root: Path, rel: str) -> Problem | None:
    """A symlink that is broken, loops, or leads out of content/ is not followed."""
    if not entry.is_symlink():
        return None
    try:
        inside = Path(entry.path).resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # broken, or a loop
        return Problem(rel, 0, "broken symlink: not followed", True)
    if not inside:
        return Problem(rel, 0, "symlink points outside content/: not followed", True)
    return None


def sort_files(content: Path, rels: list[str], problems: list[Problem]) -> ContentFiles:
    """Decide what each file is; misplaced and misnamed files become problems."""
    rules = _Rules(content, problems)
    for rel in rels:
        rules.file(rel)
    return rules.found


class _Rules:
    """The folder and file-name rules of the content spec, one method per folder kind."""

    def __init__(self, content: Path, problems: list[Problem]):
        self.content, self.problems = content, problems
        self.found = ContentFiles()

    def problem(self, rel: str, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(shown(self.content, rel), 0, message, warning))

    def read(self, rel: str, reader: Reader) -> None:
        self.found.jobs.append(Job(rel, reader))

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

    def file(self, rel: str) -> None:
        parts = rel.split("/")
        if parts[0] == "static":
            self.found.static.append((rel, self.content / rel))
        elif parts == ["site.yaml"]:
            pass
        elif parts[0] in SECTION_FOLDERS and len(parts) == 2 and parts[1].endswith(".md"):
            self.section(rel, parts[0], parts[1][:-3])
        elif parts[0] == "leads" and len(parts) == 3 and parts[2].endswith(".md"):
            self.leads(rel, parts[1], parts[2][:-3])
        elif parts[0] in SECTION_FOLDERS or parts[0] == "leads":
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
            self.elsewhere(rel, parts)

    def elsewhere(self, rel: str, parts: list[str]) -> None:
        """A file outside the folders the site reads: an error when it is meant for one (a
        misspelt folder, a Markdown file), a warning otherwise (a README, notes)."""
        meant = _meant_folder(parts[0]) if len(parts) > 1 else None
        markdown = parts[-1].lower().endswith((".md", ".markdown"))
        if meant:
            self.problem(
                rel, f"'{parts[0]}/' is not a folder the site reads: did you mean {meant}/?"
            )
        elif markdown and not _README.match(parts[-1]):
            self.problem(
                rel,
                "not in a content folder: move it into pages/, blog/, events/, "
                "leads/YYYY-MM/ or sisters/ (pictures and PDFs go in static/)",
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
                self.read(rel, partial(readers.read_post, day=name.group(1), slug=name.group(2)))
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
        self.read(rel, partial(make, slug=slug))

    def leads(self, rel: str, key: str, stem: str) -> None:
        if not is_issue_key(key):
            self.problem(
                rel, f"an issue folder is named YYYY-MM (e.g. leads/2026-09/), not '{key}'"
            )
            return
        if stem == "index":
            self.found.issues.add(key)
            self.read(rel, partial(readers.read_issue, key=key))
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
            lang = normalize_code(lang)
            self.read(rel, partial(readers.read_article, key=key, slug=slug, lang=lang))


_README = re.compile(r"^(readme|license|licence|changelog|contributing)(\.[a-z]+)?$", re.I)
FOLDERS = (*SECTION_FOLDERS, "leads", "static")
# Names an editor may give a section's folder, besides its plural and capitals.
_OTHER_NAMES = {
    "post": "blog",
    "posts": "blog",
    "news": "blog",
    "article": "blog",
    "articles": "blog",
    "sister-libraries": "sisters",
    "international-leads": "leads",
    "image": "static",
    "images": "static",
    "img": "static",
    "files": "static",
    "pdf": "static",
    "pdfs": "static",
}


def _meant_folder(name: str) -> str | None:
    """The content folder a misspelt top-level folder stands for, if one clearly does:
    ``event`` -> events, ``Blog`` -> blog, ``posts`` -> blog, ``images`` -> static/images."""
    folded = name.casefold().strip().replace("_", "-").replace(" ", "-")
    if folded in FOLDERS:
        return folded
    if folded in _OTHER_NAMES:
        meant = _OTHER_NAMES[folded]  # pictures keep their folder, under static/
        return f"static/{name}" if meant == "static" else meant
    close = difflib.get_close_matches(folded, FOLDERS, n=1, cutoff=0.75)
    return close[0] if close else None


def is_issue_key(key: str) -> bool:
    """An issue folder's name: a real year and month, YYYY-MM."""
    return bool(_ISSUE_KEY.match(key)) and _is_date(key + "-01")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False

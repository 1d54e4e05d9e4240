"""New content files for ``irrtsite new``: the right name in the right folder, every field.

``plan`` decides the file (its path under content/ and its text) from the request and what
is already in the content folder; ``create`` writes it, never over an existing file. A
request that cannot be met raises ``Refused`` with the message the editor reads.

Every field the type's reader accepts is in the file: the ones known here filled in, the
others as commented examples, and ``draft: true``. The list of fields is not written down
twice: ``accepted_fields`` asks the reader itself, by reading an empty file and noting every
key it looks up, so a field added to a reader appears in new files at once (with a bare
``# key:`` until an example is written below; tests/test_new.py asks for one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TypeGuard, TypeVar, overload
from zoneinfo import ZoneInfo

from . import readers, urls
from .config import Config
from .contentfiles import Reader, is_issue_key, shown
from .dates import MONTHS
from .languages import language_name, normalize_code, valid_language_code
from .models import (
    CONFERENCES,
    LIBRARY_TYPES,
    STATUSES,
    Event,
    LeadsArticle,
    LeadsIssue,
    Page,
    Post,
    Sister,
)
from .source import Source, read_source
from .urls import MAX_SLUG, RESERVED, RESERVED_EVENTS, SLUG, slugify
from .yamlload import KeyedDict, TimeLike, YamlValue

#: The types ``irrtsite new`` makes (by the names search.json gives them): the command
#: line's argument for each, and what it makes.
KINDS: Mapping[str, tuple[str, str]] = {
    Post.kind: ("TITLE", "a blog post: content/blog/<date>-<slug>.md"),
    Page.kind: ("TITLE", "a standing page: content/pages/<slug>.md"),
    Event.kind: ("TITLE", "an event: content/events/<slug>.md"),
    Sister.kind: ("LIBRARY", "a sister-library listing: content/sisters/<slug>.md"),
    LeadsIssue.kind: (
        "YYYY-MM",
        "an issue of International Leads: content/leads/<YYYY-MM>/index.md",
    ),
    LeadsArticle.kind: (
        "TITLE",
        "a Leads article, or with --slug a new language of one: "
        "content/leads/<YYYY-MM>/<slug>.<lang>.md",
    ),
}

_T = TypeVar("_T")

# Letters that do not decompose into an ASCII letter and an accent.
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)


class Refused(Exception):
    """``irrtsite new`` will not make this file; the message says why and what to do."""


@dataclass(frozen=True)
class Request:
    """What the editor asked for. ``title`` is the issue key (YYYY-MM) for a Leads issue."""

    kind: str
    title: str
    day: date  # --date, else today in the site's time zone
    slug: str | None = None  # --slug: the file name's slug instead of one made from the title
    issue: str | None = None  # --issue, for a Leads article
    lang: str | None = None  # --lang, for a Leads article


@dataclass(frozen=True)
class NewFile:
    rel: str  # posix path under content/
    text: str
    notes: tuple[str, ...] = ()  # what the editor still has to do elsewhere


# -- the fields a reader accepts ---------------------------------------------------------


class _Asked(KeyedDict):
    """Empty front matter that notes every key a reader looks up."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    @overload
    def get(self, key: str, default: None = None, /) -> YamlValue | None: ...
    @overload
    def get(self, key: str, default: YamlValue, /) -> YamlValue: ...
    @overload
    def get(self, key: str, default: _T, /) -> YamlValue | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        self.asked.append(key)
        return super().get(key, default)


def accepted_fields(reader: Reader, config: Config) -> tuple[str, ...]:
    """Every front-matter key ``reader`` accepts (its closed schema), in the order it reads."""
    meta = _Asked()
    reader(Source("new.md", "new.md", meta, {}, "", 1), config, [])
    return tuple(dict.fromkeys(meta.asked))


READERS: Mapping[str, Reader] = {
    Post.kind: partial(readers.read_post, day="2000-01-01", slug="new"),
    Page.kind: partial(readers.read_page, slug="new"),
    Event.kind: partial(readers.read_event, slug="new"),
    Sister.kind: partial(readers.read_sister, slug="new"),
    LeadsIssue.kind: partial(readers.read_issue, key="2000-01"),
    LeadsArticle.kind: partial(readers.read_article, key="2000-01", slug="new", lang="en"),
}


# -- names ---------------------------------------------------------------------------------


def file_slug(text: str) -> str:
    """A valid file slug from a title: ``urls.slugify``, then folded to ASCII letters
    ('Łódź: Öffentliche Bücherei' -> 'lodz-offentliche-bucherei'); '' when nothing is left."""
    folded = "".join(c if c.isascii() else "-" for c in slugify(text.casefold().translate(_FOLD)))
    return "-".join(part for part in folded.split("-") if part)[:MAX_SLUG].strip("-")


def _slug(request: Request, what: str) -> str:
    if request.slug is not None:
        if SLUG.match(request.slug) and len(request.slug) <= MAX_SLUG:
            return request.slug
        hint = file_slug(request.slug) or "my-" + what
        raise Refused(
            f"--slug '{request.slug}' is not a valid file name: use lowercase ASCII letters, "
            f"digits and '-' (e.g. '{hint}')"
        )
    slug = file_slug(request.title)
    if not slug:
        raise Refused(
            f"cannot make a file name from '{request.title}': "
            f"give one with --slug, e.g. --slug my-{what}"
        )
    return slug


def _issue_key(key: str) -> str:
    if not is_issue_key(key):
        raise Refused(f"'{key}' is not an issue: give its year and month as YYYY-MM, e.g. 2026-09")
    return key


def _language(code: str) -> str:
    if not valid_language_code(code):
        raise Refused(
            f"'{code}' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): "
            "give the article's language with --lang"
        )
    return normalize_code(code)


# -- the text of a new file ----------------------------------------------------------------


def _yaml_text(value: str) -> str:
    """Text as a YAML double-quoted value (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _common(kind: str, day: date, config: Config) -> dict[str, str]:
    """The fields every type takes (``readers.read_common``)."""
    site = config.language
    other = "es" if site != "es" else "en"
    return {
        "summary": '# summary: "One or two sentences, shown in lists, feeds and search results."',
        "tags": "# tags:  # subjects; each tag gets a page (reuse the tags already in use)\n"
        "#   - Sister Libraries",
        "lang": f"# lang: {other}  # the language of this {kind}, if not the site's ({site})",
        "updated": f"# updated: {day.isoformat()}  # the date of a later important change",
        "draft": "draft: true  # remove this line to publish",
    }


def _front(kind: str, config: Config, fields: Mapping[str, str], body: str) -> str:
    """Front matter with a line (or lines) for every field the reader accepts, in the order of
    ``fields``; an accepted field missing there still gets a bare commented line."""
    accepted = accepted_fields(READERS[kind], config)
    lines = [fields[key] for key in fields if key in accepted]
    lines += [f"# {key}:" for key in accepted if key not in fields]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _post(content: Path, config: Config, r: Request) -> NewFile:
    slug = _slug(r, "post")
    day = r.day.isoformat()
    rel = f"blog/{day}-{slug}.md"
    same = sorted(set((content / "blog").glob(f"{day[:7]}-[0-9][0-9]-{slug}.md")) - {content / rel})
    if same:  # another day of the month: the address has no day in it
        raise Refused(
            f"{shown(content, 'blog/' + same[0].name)} has the same address "
            f"(/{urls.post(slug, r.day)}): choose another title, or give --slug"
        )
    fields = {
        "title": f"title: {_yaml_text(r.title)}",
        "author": 'author: "Your Name"  # replace: who wrote it (several: one "- Name" line each)',
        "date": f"date: {day}  # the day it is published: the file name starts with it",
        **_common("post", r.day, config),
    }
    return NewFile(rel, _front(Post.kind, config, fields, "Write the post here, in Markdown.\n"))


def _page(content: Path, config: Config, r: Request) -> NewFile:
    slug = _slug(r, "page")
    if slug in RESERVED:
        raise Refused(
            f"the page name '{slug}' is reserved for a generated page: "
            "choose another title, or give --slug"
        )
    fields = {
        "title": f"title: {_yaml_text(r.title)}",
        "menu": "# menu: 3  # its place in the main menu; without it, the page is not in the menu",
        **_common("page", r.day, config),
    }
    return NewFile(f"pages/{slug}.md", _front(Page.kind, config, fields, "Write the page here.\n"))


def _event(content: Path, config: Config, r: Request) -> NewFile:
    slug = _slug(r, "event")
    if slug in RESERVED_EVENTS:
        raise Refused(
            f"the event name '{slug}' is reserved for the events calendar: "
            "choose another title, or give --slug"
        )
    day = r.day.isoformat()
    fields = {
        "title": f"title: {_yaml_text(r.title)}",
        "start": f"start: {day}T09:00:00  # when it begins: local time where it happens",
        "end": f"end: {day}T10:00:00  # when it ends: after start",
        "timezone": f"# timezone: {config.timezone}  # the zone of the place where it happens "
        "(default: the site's)",
        "conference": f"# conference: {CONFERENCES[0]}  # one of {', '.join(CONFERENCES)}",
        "location": '# location: "Convention Center, Room 145A"  # venue and room',
        "city": '# city: "New Orleans"',
        "registration": '# registration: "https://www.example.org/register/"  # or tickets',
        "published": f"# published: {day}  # the day it is announced: feeds list it from then "
        "(without it: from its start)",
        **_common("event", r.day, config),
    }
    body = "What, for whom, and how to take part, in Markdown.\n"
    return NewFile(f"events/{slug}.md", _front(Event.kind, config, fields, body))


def _sister(content: Path, config: Config, r: Request) -> NewFile:
    slug = _slug(r, "library")
    fields = {
        "library": f"library: {_yaml_text(r.title)}",
        "country": "country: US  # replace: the country's two-letter code, e.g. GH, JP, NO, PE",
        "city": 'city: "Your City"  # replace: the city or town',
        "type": f"type: {LIBRARY_TYPES[0]}  # one of {', '.join(LIBRARY_TYPES)}",
        "status": f"status: {STATUSES[0]}  # {' or '.join(STATUSES)}",
        "partner": '# partner: "Name of the partner library"  # needed when status is partnered',
        "languages": "# languages: [en, es]  # the languages the library works in (codes)",
        "interests": "# interests:  # what the library would like to work on\n#   - Book clubs",
        "website": '# website: "https://www.example.org/"  # the library\'s website',
        "contact": '# contact: "https://www.example.org/contact/"  # or an e-mail address',
        "listed": f"listed: {r.day.isoformat()}  # the day the library joined the directory",
        **_common("listing", r.day, config),
    }
    body = "About the library: who it serves, and what it hopes to share with a partner.\n"
    return NewFile(f"sisters/{slug}.md", _front(Sister.kind, config, fields, body))


def _issue(content: Path, config: Config, r: Request) -> NewFile:
    key = _issue_key(r.title)
    if r.slug is not None:
        raise Refused("a Leads issue is named by its month: leave out --slug")
    day = r.day if f"{r.day:%Y-%m}" == key else date.fromisoformat(key + "-01")
    volume, number, note = _next_issue(content, key)
    fields = {
        "volume": f"volume: {volume}  # {note}",
        "number": f"number: {number}",
        "date": f"date: {day.isoformat()}  # the day the issue is published, in {key}",
        "title": f'# title: "{MONTHS[day.month - 1]} {day.year}"  # the default: month and year',
        "editors": "# editors:\n#   - Your Name",
        **_common("issue", day, config),
    }
    body = "A note from the editors, in Markdown.\n"
    return NewFile(f"leads/{key}/index.md", _front(LeadsIssue.kind, config, fields, body))


def _next_issue(content: Path, key: str) -> tuple[int, int, str]:
    """Volume and number after the newest issue before ``key``: the next number in the same
    year, else number 1 of the next volume (one volume a year)."""
    before = sorted(
        f.parent.name
        for f in (content / "leads").glob("*/index.md")
        if is_issue_key(f.parent.name) and f.parent.name < key
    )
    for prev in reversed(before):
        meta = _meta(content, f"leads/{prev}/index.md")
        volume, number = meta.get("volume"), meta.get("number")
        if _whole(volume) and _whole(number):
            years = int(key[:4]) - int(prev[:4])
            after = f"after leads/{prev}/ (volume {volume}, number {number}): check them"
            return (volume + years, 1, after) if years else (volume, number + 1, after)
    return 1, 1, "replace: the volume and number of this issue"


def _whole(value: YamlValue) -> TypeGuard[int]:
    """A number as volume, number and order are: a whole number, 1 or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _meta(content: Path, rel: str) -> Mapping[str, YamlValue]:
    """A content file's front matter as written, or nothing when it cannot be read."""
    src, _ = read_source(content / rel, rel, shown(content, rel))
    return src.meta if src is not None else {}


def _article(content: Path, config: Config, r: Request) -> NewFile:
    key = _issue_key(r.issue or "")
    lang = _language(r.lang or "")
    slug = _slug(r, "article")
    folder = content / "leads" / key
    if not (folder / "index.md").is_file():
        raise Refused(
            f"there is no issue {shown(content, f'leads/{key}/index.md')}: "
            f"make it first with: irrtsite new leads-issue {key}"
        )
    versions = _versions(folder, slug)  # a translation takes its order from them
    same = versions.get(lang)
    if same is not None:
        raise Refused(
            f"{shown(content, f'leads/{key}/{same}')} is already this article in "
            f"{language_name(lang)} ({lang}): not overwritten"
        )
    fields = {
        "title": f"title: {_yaml_text(r.title)}",
        "author": 'author: "Your Name"  # replace: who wrote it (several: one "- Name" line each)',
        "order": "",  # a translation's comes from the other languages; else the next free one
        "original": "original: true  # written in this language; translations leave it out",
        **_common("article", r.day, config),
    }
    fields["lang"] = f"# lang: {lang}  # the file name gives it; if written here, they must agree"
    new = NewFile(f"leads/{key}/{slug}.{lang}.md", "")
    if versions:
        new, fields = _translation(content, key, versions, new, fields)
    if not fields["order"]:  # read the issue's other articles only when needed
        place = _next_order(content, key)
        fields["order"] = f"# order: {place}  # its place in the issue (1, 2, 3...)"
    body = "Write the article here, in Markdown.\n"
    return replace(new, text=_front(LeadsArticle.kind, config, fields, body))


def _versions(folder: Path, slug: str) -> dict[str, str]:
    """The article's files in an issue folder, by their (normalized) language code."""
    found = {}
    for file in sorted(folder.glob(f"{slug}.*.md")):
        code = file.name[len(slug) + 1 : -3]
        if valid_language_code(code):
            found[normalize_code(code)] = file.name
    return found


def _next_order(content: Path, key: str) -> int:
    """One more than the highest ``order`` of the issue's articles."""
    orders = [0]
    for file in (content / "leads" / key).glob("*.*.md"):
        value = _meta(content, f"leads/{key}/{file.name}").get("order")
        if _whole(value):
            orders.append(value)
    return max(orders) + 1


def _translation(
    content: Path, key: str, versions: Mapping[str, str], new: NewFile, fields: dict[str, str]
) -> tuple[NewFile, dict[str, str]]:
    """A new language of an existing article: its author and order copied, and no 'original'
    (or a note to mark the original, when none of its files does)."""
    metas = {name: _meta(content, f"leads/{key}/{name}") for name in versions.values()}
    original = next((n for n, m in metas.items() if m.get("original") is True), None)
    first = original or next(iter(metas))
    author = _author(metas[first].get("author"))
    if author:
        fields["author"] = f"author: {author}  # as in {first}"
    order = next((m["order"] for m in metas.values() if _whole(m.get("order"))), None)
    if order is not None:
        fields["order"] = f"order: {order}  # as in the other languages: they must agree"
    fields["original"] = "# original: true  # only on the language the author wrote in" + (
        f": {original}" if original else ""
    )
    notes: tuple[str, ...] = ()
    if original is None:
        rel = shown(content, f"leads/{key}/{first}")
        notes = (
            f"add 'original: true' to the language the author wrote in (e.g. {rel}): an "
            "article in several languages needs it in exactly one file",
        )
    return replace(new, notes=notes), fields


def _author(value: YamlValue) -> str | None:
    """An author (text or a list of text) written back as YAML, or None if it is not that."""
    names = value if isinstance(value, list) else [value]
    if not names or not all(isinstance(n, str) and not isinstance(n, TimeLike) for n in names):
        return None
    texts = [_yaml_text(str(n)) for n in names]
    return texts[0] if isinstance(value, str) else "[" + ", ".join(texts) + "]"


PLANS: Mapping[str, Callable[[Path, Config, Request], NewFile]] = {
    Post.kind: _post,
    Page.kind: _page,
    Event.kind: _event,
    Sister.kind: _sister,
    LeadsIssue.kind: _issue,
    LeadsArticle.kind: _article,
}


def today(now: datetime, config: Config) -> date:
    """The calendar day ``now`` falls on in the site's time zone."""
    return now.astimezone(ZoneInfo(config.timezone)).date()


def plan(content: Path, config: Config, request: Request) -> NewFile:
    """The file to create for ``request``; raises Refused when it cannot be made."""
    return PLANS[request.kind](content, config, request)


def create(content: Path, new: NewFile) -> Path:
    """Write ``new`` under ``content`` (its folder made if needed); never over a file."""
    target = content / new.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(new.text)
    except FileExistsError:
        raise Refused(f"{target} already exists: not overwritten") from None
    return target

"""site.yaml: the site's settings, validated like front matter (closed schema)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Problem
from .fields import Fields
from .languages import language_name, normalize_code, valid_language_code
from .source import read_yaml_file
from .text import clean, parse_url
from .yamlload import KeyedDict, TimeLike, YamlValue


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str  # as written: root-relative ("/blog/") or absolute


@dataclass(frozen=True)
class Config:
    title: str
    base_url: str  # always ends with "/"
    language: str = "en"
    timezone: str = "America/Chicago"
    description: str = ""
    nav: tuple[NavItem, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()  # (code, display name)

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/intl/"."""
        return urlsplit(self.base_url).path

    def language_label(self, code: str) -> str:
        return dict(self.languages).get(code) or language_name(code)


def _base_url(fields: Fields) -> str | None:
    value = fields.address("base_url", required=True)
    if value is None:
        return None
    parts = parse_url(value)
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(char.isspace() for char in value)
    ):
        fields.error(
            "base_url",
            "'base_url' must be an absolute web address such as "
            f"https://irrt.example.org/, got '{value}'",
        )
        return None
    return value if value.endswith("/") else value + "/"


def _nav_url(url: str) -> bool:
    """Root-relative ("/blog/"), relative ("about/"), http(s) or mailto; never javascript:
    & co., never an address a browser would read otherwise (``text.parse_url``)."""
    parts = parse_url(url)
    if parts is None:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    if parts.scheme == "mailto":
        return True
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def _nav(fields: Fields) -> tuple[NavItem, ...]:
    value = fields.raw("nav")
    if value is None:
        return ()
    if not isinstance(value, list):
        fields.error("nav", "'nav' must be a list of entries with 'title' and 'url'")
        return ()
    items = []
    for entry in value:
        item = _nav_item(entry)
        if isinstance(item, NavItem):
            if isinstance(entry, KeyedDict) and item.title != str(entry["title"]).strip():
                fields.problems.append(  # the gate removed characters (text.clean)
                    Problem(
                        fields.path,
                        entry.lines["title"] + 1,
                        "control characters removed from 'title' in a 'nav' entry",
                        True,
                    )
                )
            items.append(item)
            continue
        key, problem = item
        lines = entry.lines if isinstance(entry, KeyedDict) else {}
        line = lines.get(key) if key is not None else None
        if line is None:  # the entry's first line
            line = min(lines.values(), default=None)
        fields.problems.append(
            Problem(fields.path, fields.line("nav") if line is None else line + 1, problem)
        )
    return tuple(items)


def _nav_item(entry: YamlValue) -> NavItem | tuple[str | None, str]:
    """One ``nav`` entry, or the key at fault (None: the whole entry) and what is wrong."""
    if not isinstance(entry, dict):
        return (
            None,
            "each 'nav' entry needs a 'title' and a 'url', e.g. - {title: Blog, url: /blog/}",
        )
    for key in entry:
        if key not in ("title", "url"):
            return (
                key,
                f"unknown field '{key}' in a 'nav' entry: an entry has only 'title' and 'url'",
            )
    text = {}
    for key in ("title", "url"):
        value = entry.get(key)
        if value is None:
            return key, f"a 'nav' entry is missing '{key}'"
        if not isinstance(value, str) or isinstance(value, TimeLike) or not value.strip():
            return key, f"a 'nav' entry's '{key}' must be text: put it in quotes"
        text[key] = value.strip()
    if not _nav_url(text["url"]):
        return "url", (
            "a 'nav' entry's 'url' must be a page of the site (/about/) or a web "
            "address (https://...)"
        )
    return NavItem(clean(text["title"]).strip(), text["url"])


def _languages(fields: Fields) -> tuple[tuple[str, str], ...]:
    value = fields.raw("languages")
    if value is None:
        return ()
    if not isinstance(value, dict):
        fields.error("languages", "'languages' must map language codes to names, e.g. es: Español")
        return ()
    sub = Fields(value, {k: v + 1 for k, v in value.lines.items()}, fields.path, fields.problems)
    pairs = []
    for code in sorted(value):
        name = sub.text(code)
        if not valid_language_code(code):
            sub.error(code, f"'{code}' is not a language code (BCP 47, e.g. en, es, zh-Hans)")
        elif name:
            pairs.append((normalize_code(code), name))
    return tuple(pairs)


def load_config(content: Path, path: str) -> tuple[Config | None, list[Problem]]:
    """Read ``content/site.yaml``; ``path`` is how messages name it."""
    file = content / "site.yaml"
    if not file.is_file():
        return None, [
            Problem(
                path,
                0,
                "site settings file is missing: create it with at least 'title' and 'base_url'",
            )
        ]
    meta, lines, problems = read_yaml_file(file, path)
    if meta is None:
        return None, problems
    fields = Fields(meta, lines, path, problems)
    title = fields.text("title", required=True)
    base_url = _base_url(fields)
    language = fields.language("language", Config.language)  # the defaults are Config's
    timezone = fields.timezone("timezone", Config.timezone)
    description = fields.text("description") or Config.description
    nav = _nav(fields)
    languages = _languages(fields)
    fields.finish()
    if title is None or base_url is None:
        return None, problems
    return Config(title, base_url, language, timezone, description, nav, languages), problems

"""Fingerprints: short digests of what a result was made from.

An item's ``digest`` is the digest of its source file's bytes, the site settings and irrtsite's
own code (``reading``), changed again whenever a later stage changes the item
(``crosscheck``). An output's key is the digest of everything its bytes depend on: the
items it shows (by their keys), the values its template gets, the templates and the
settings. Two builds that compute the same key for an output would write the same bytes,
so an incremental build re-renders exactly the outputs whose key changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

from .models import Item
from .outputs import Output

#: Libraries whose version changes what irrtsite writes.
_LIBRARIES = (
    "markdown",
    "nh3",
    "pyyaml",
    "jinja2",
    "feedgen",
    "icalendar",
    "pycountry",
    "tzdata",
    "babel",
)


def digest(*parts: str | bytes) -> str:
    """A 128-bit hex digest of the parts, each length-prefixed (no two lists collide)."""
    h = hashlib.blake2b(digest_size=16)
    texts = [p for p in parts if isinstance(p, str)]
    if len(texts) == len(parts):  # the common case, in one call
        h.update("".join(f"{len(p)}:{p}" for p in texts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d;" % len(data))
        h.update(data)
    return h.hexdigest()


def _digest(parts: list[str]) -> str:
    """An output key's digest of its parts: like ``digest`` (no two lists collide: the
    lengths, then the parts), but with no Python-level step per part (a tag's page has
    thousands). Keys are never written into an output, so this may differ from ``digest``."""
    h = hashlib.blake2b(digest_size=16)
    h.update(",".join(map(str, map(len, parts))).encode() + b"|")
    h.update("".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@cache
def code_key() -> str:
    """irrtsite's own code and data, and the versions of the libraries that shape its output:
    a cache made by other code is never trusted."""
    package = Path(__file__).resolve().parent
    parts: list[str | bytes] = []
    for file in sorted(package.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".tsv", ".js", ".html", ".css"):
            parts += [file.relative_to(package).as_posix(), file.read_bytes()]
    for name in _LIBRARIES:
        try:
            parts += [name, importlib.metadata.version(name)]
        except importlib.metadata.PackageNotFoundError:
            parts += [name, ""]
    return digest(*parts)


def folder_key(folder: Path) -> str:
    """Every file under a folder (names and bytes): the templates in use."""
    parts: list[str | bytes] = []
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            parts += [file.relative_to(folder).as_posix(), file.read_bytes()]
    return digest(*parts)


class TreeScan(NamedTuple):
    """A folder's tree as ``tree_scan`` found it: its key, and the size and mtime of each
    file (by posix path under the folder; what a symlink leads to, for a symlink)."""

    key: str
    stats: dict[str, tuple[int, int]]


def tree_scan(folder: Path) -> TreeScan:
    """The key of every name under a folder, hidden ones included, with its kind, size and
    mtime (and where a symlink leads): it changes whenever a file is added, removed,
    renamed, written or touched. One scandir per folder and one stat per file, no file
    read; the stats are kept, so that a build does not ask for them again (``read_all``)."""
    parts: list[str] = []
    stats: dict[str, tuple[int, int]] = {}
    skip = len(os.path.join(folder, ""))
    stack = [str(folder)]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            parts.append(f"{here}\0!{exc.errno}")
            continue
        for entry in entries:
            try:
                link = os.readlink(entry.path) if entry.is_symlink() else ""
                st = entry.stat()
                parts.append(f"{entry.path}\0{link}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}")
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    stats[entry.path[skip:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns)
            except OSError as exc:
                parts.append(f"{entry.path}\0!{exc.errno}")
    return TreeScan(digest(*parts), stats)


_SCALARS = frozenset({int, float, bool, type(None), datetime, date})


class Fingerprint:
    """The key of a value as a template or renderer sees it: items by their keys, everything
    else by its contents. Keys of items and of large shared values are memoised.

    Each key made by ``of`` (or ``of_texts`` given its ``rels``) is noted in ``deps`` with
    the items it covers (their ``rel``): the outputs an edit of one item can change are the
    ones whose key covers it (``pipeline``'s quick build). ``reused``: the outputs known to
    be unchanged, with their keys, which renderers take as they are (``unchanged``)."""

    def __init__(self, *context: str):
        self.context = digest(*context)  # what every output shares: settings, templates, code
        self._memo: dict[int, tuple[object, str, frozenset[str]]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        self._seen: set[str] = set()
        self.deps: dict[str, frozenset[str]] = {}
        self.reused: Mapping[str, str] | None = None

    keyed = True  # False: no output needs a key (NoKeys)

    def of(self, *values: object) -> str:
        """The key of the values; one of them may be a key made earlier (what every page
        shares), which brings the items it covers."""
        self._seen = seen = self._made_of(values)
        key = _digest([self.context, *(self._key(v) for v in values)])
        self.deps[key] = frozenset(seen)
        return key

    def of_texts(self, *texts: str, rels: Iterable[str] = ()) -> str:
        """The key of texts taken as they are (a caller's own, cheaper description of what
        an output depends on; it must not start with "s", as ``of``'s texts do). ``rels``:
        the items whose digests the texts hold; a text may be a key made earlier, as in
        ``of``."""
        key = _digest([self.context, *texts])
        self.deps[key] = frozenset(self._made_of(texts).union(rels))
        return key

    def _made_of(self, values: Iterable[object]) -> set[str]:
        """The items covered by the keys made earlier among ``values``."""
        notes = self.deps
        return {r for v in values if type(v) is str and v in notes for r in notes[v]}

    def forget(self) -> None:
        """Drop the notes and the memo, once every key is made (not held while writing)."""
        self.deps.clear()
        self._memo.clear()

    def unchanged(self, path: str, origin: str = "") -> Output | None:
        """The output at ``path`` as it is already, when it is known to be unchanged: a
        renderer gives this instead of working out its key. Never rendered: it is kept."""
        key = self.reused.get(path) if self.reused is not None else None
        if key is None:
            return None
        return Output(path, make=partial(_not_rendered, path), origin=origin, key=key)

    def _key(self, value: object) -> str:
        kind = type(value)
        if kind is str:
            return f"s{value}"
        if kind in _SCALARS:
            return f"{kind.__name__}:{value!r}"
        if isinstance(value, Item):
            self._seen.add(value.rel)
            if value.digest:
                return f"item:{value.digest}"
        if not _frozen(value):
            return _digest(self._parts(value))
        memo = self._memo.get(id(value))
        if memo is not None and memo[0] is value:
            self._seen.update(memo[2])
            return memo[1]
        outer, self._seen = self._seen, set()
        key = _digest(self._parts(value))
        seen, self._seen = self._seen, outer
        outer.update(seen)
        # the value is kept alive, so its id stays its own
        self._memo[id(value)] = (value, key, frozenset(seen))
        return key

    def _parts(self, value: object) -> list[str]:
        if isinstance(value, (list, tuple)):
            key = self._key
            self._seen.update([v.rel for v in value if isinstance(v, Item)])
            # a list of items (a tag's, a page of the blog): no call each
            return [
                type(value).__name__,
                *[
                    "item:" + v.digest if isinstance(v, Item) and v.digest else key(v)
                    for v in value
                ],
            ]
        if isinstance(value, dict):
            return ["dict", *(self._key(k) + self._key(v) for k, v in value.items())]
        if isinstance(value, (set, frozenset)):
            return ["set", *sorted(self._key(v) for v in value)]
        names = self._fields.get(type(value))
        if names is None:
            if not dataclasses.is_dataclass(value) or isinstance(value, type):
                raise TypeError(f"no fingerprint for {type(value).__name__}")
            names = self._fields[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        return [type(value).__name__, *(self._key(getattr(value, n)) for n in names)]


def _not_rendered(path: str) -> bytes:
    raise RuntimeError(f"{path}: known unchanged, yet asked to render")


class NoKeys(Fingerprint):
    """For a build that keeps nothing (``serve``'s files other than pages, rendered when
    asked for): every key is "" and costs nothing."""

    keyed = False

    def of(self, *values: object) -> str:
        return ""

    def of_texts(self, *texts: str, rels: Iterable[str] = ()) -> str:
        return ""


def _frozen(value: object) -> bool:
    """Shared, unchangeable values (tags, issues, routes, and tuples such as a tag's items)
    are worth memoising."""
    if isinstance(value, tuple):
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params is not None and params.frozen)

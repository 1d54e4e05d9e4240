"""The build cache: what a later build may reuse, kept in a folder beside the content folder.

``.irrtsite-cache/`` (beside ``content/``; git-ignored; safe to delete at any time) holds,
in a few files (``meta`` with ``meta-delta``, what changed of it since it was written, ``deps``,
``index``, ``summary``, and the tables of sources and of search fragments spread over 64
files each), for the settings and code that made it:

- every content file read: its size, modification time and digest, and the item and the
  problems its reader returned. A file whose size and mtime are unchanged is not read
  again; one whose bytes are unchanged (same digest) is not parsed again.
- every output written: its key (``keys.py``) and the size and mtime it had once written.
  An output whose key is unchanged and whose file still has that size and mtime is neither
  rendered nor written; a file changed by hand (a tampered output) is rebuilt.
- what the outputs were made from: by item, the outputs whose keys cover it, each item's
  digest and the site's shape, for the quick build of an edit (``pipeline._quick``).

Every output written is also kept in ``out/``, under a name made of its path and key, as a
hard link to the file written (a copy where the cache is on another file system): a later
build that finds the output deleted, but its key unchanged, links it back from there (or
copies it, giving the copy the kept file's mtime) instead of rendering it again: the same
two names of one file as the build that wrote it left. A kept file is used only
while its size and mtime are those recorded for the output (a file changed in place,
through either name, is not used). Kept files no output names any longer are removed
after each build.

Items' bodies (their html and text, most of a site's bytes) are kept apart, in
``bodies/``: files written once, never changed, each body known by its file, place,
length and CRC-32 (``Stored``). A build reads a body only when a page or feed needs it,
and a build's readers write the bodies of the files they parse there straight away, so
that no process holds every body. A body that cannot be read as written (a file damaged
or gone) raises ``Damaged``: the build then starts again without the cache. Body files
no entry names are removed at each save; when more than half of their bytes are of
bodies no longer named, the live ones are copied to a new file (compaction). A body is
known by its file's full name: a cache moved or copied with its project is ignored (one
full build), so that a copy never reads bodies from the original's cache.

Each file is written whole, to a temporary name first, then renamed. It starts with a
header, the length of the rest and its CRC-32 (a check against damage, not against a
forger: whoever can write the cache can write the code): a damaged, truncated or
foreign file, or one made by other
code (``keys.code_key``) or other settings, is ignored and the build starts from nothing.
Entries of files that no longer exist are dropped each time (garbage collection). The
cache never decides what a page says: it only lets a build skip work whose result it
already knows, so a build with it writes the same bytes as a build without it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import secrets
import shutil
import threading
import weakref
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TypeAlias, TypeVar

from .errors import Problem
from .models import Item, Raw, raw, with_raw
from .renaming import put_in_place

FOLDER = ".irrtsite-cache"
_MAGIC = b"irrtsite-cache 5\n"
_HEAD = len(_MAGIC) + 12  # magic, length (8 bytes), CRC-32 (4 bytes)


class SourceEntry(NamedTuple):
    """What the cache remembers of a content file (a tuple: a large site loads thousands)."""

    size: int
    mtime_ns: int
    digest: str  # of the file's bytes
    item: Item | None
    problems: tuple[Problem, ...]


class OutputEntry(tuple[str, int, int, tuple[str, ...], tuple[str, ...] | None]):
    """What the cache remembers of an output: its key, the size and mtime of its file as
    written, an HTML page's links (checked again without rendering it), and the items whose
    bodies a page's render read (``models.noting_reads``; None: not known, or not a page).
    A tuple: a large site's table of outputs is kept as plain tuples (``_files``), loaded
    ten times faster than objects that each need a Python call to be made (``_outputs``)."""

    __slots__ = ()

    def __new__(
        cls,
        key: str,
        size: int,
        mtime_ns: int,
        links: tuple[str, ...] = (),
        reads: tuple[str, ...] | None = None,
    ) -> OutputEntry:
        return tuple.__new__(cls, (key, size, mtime_ns, links, reads))

    if TYPE_CHECKING:  # (getters in C below: a large site reads them tens of thousands of times)

        @property
        def key(self) -> str: ...

        @property
        def size(self) -> int: ...

        @property
        def mtime_ns(self) -> int: ...

        @property
        def links(self) -> tuple[str, ...]: ...

        @property
        def reads(self) -> tuple[str, ...] | None: ...

    else:
        key = property(itemgetter(0))
        size = property(itemgetter(1))
        mtime_ns = property(itemgetter(2))
        links = property(itemgetter(3))
        reads = property(itemgetter(4))


def _outputs(table: dict[object, object]) -> dict[str, OutputEntry]:
    """The table of outputs as loaded (plain tuples), as entries; anything else left out."""
    made = tuple.__new__
    return {
        path: made(OutputEntry, entry)
        for path, entry in table.items()
        if isinstance(path, str) and type(entry) is tuple and _entry_shape(entry)
    }


def _entry_shape(entry: tuple[object, ...]) -> bool:
    return (
        len(entry) == 5
        and type(entry[0]) is str
        and type(entry[3]) is tuple
        and (entry[4] is None or type(entry[4]) is tuple)
    )


@dataclass(frozen=True)
class Fragment:
    """What the search files need of one item (search.py), made once per item digest: its
    part of search.json, as bytes -- its entry without ``text``, split around where
    ``"text":...`` goes (keys are sorted: date, lang, summary, tags | text | title, type,
    url), and its text as a JSON string --, its index terms and the digest of its document
    file's bytes (which names, with its neighbours', the block of document files)."""

    head: bytes  # '{"date":...,"tags":[...]}'
    text: bytes | Stored  # '"..."' (most of the bytes: kept with the bodies, see below)
    tail: bytes  # '{"title":...,"type":...,"url":...}'
    # each term once, under the best field that holds it (body, summary, people and
    # listing fields, title), packed (search._fields)
    terms: bytes
    doc: str  # keys.digest of the document file's bytes (search/docs/)

    def json_text(self) -> bytes:
        """``text``'s bytes, wherever they are kept (or ``Damaged``)."""
        return self.text if isinstance(self.text, bytes) else self.text.read()


# a term's postings: an array, or a view of the run of bytes a loaded index keeps them in
Codes: TypeAlias = "array[int] | memoryview"


@dataclass(frozen=True, eq=False)
class SearchIndex:
    """The search index's postings as a build made them (search.py), so that the next build,
    after an edit, patches the postings of the documents that changed instead of making them
    again from every document's terms. Never changed once made: a build that changes it makes
    a new one (sharing the arrays of terms it did not touch), so files still to be written
    from the old one (``serve`` writes when asked) keep their bytes.

    Kept in the cache in one file of its own, its postings one run of bytes (``__reduce__``),
    which a loaded index keeps, each term's postings a view of it (no copy): a damaged or
    foreign one is ignored (the index is then made from the documents' terms)."""

    keys: tuple[str, ...]  # by document number: its item's digest, its fragment's key (search)
    order: tuple[str, ...]  # the terms, sorted as the index writes them
    postings: dict[str, Codes]  # each term's postings (number * 4 + field), sorted
    chunks: tuple[tuple[str, str, int, str], ...] = ()  # each term chunk: first, last, count, name

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        lengths = array("I", [len(self.postings[t]) for t in self.order])
        data = b"".join(self.postings[t].tobytes() for t in self.order)
        return (_search_index, (self.keys, self.order, lengths.tobytes(), data, self.chunks))

    def __eq__(self, other: object) -> bool:  # for save: arrays not touched are shared
        if not isinstance(other, SearchIndex):
            return NotImplemented
        same = (self.keys, self.order, self.chunks) == (other.keys, other.order, other.chunks)
        return same and self.postings == other.postings

    __hash__ = None  # type: ignore[assignment]


def _search_index(
    keys: object, order: object, lengths: object, data: object, chunks: object
) -> SearchIndex:
    """A SearchIndex from its pickled parts (``SearchIndex.__reduce__``), or ValueError."""
    if not (isinstance(keys, tuple) and all(isinstance(k, str) for k in keys)):
        raise ValueError("search index: not ours")
    if not (isinstance(order, tuple) and all(isinstance(t, str) for t in order)):
        raise ValueError("search index: not ours")
    if not (isinstance(lengths, bytes) and isinstance(data, bytes) and isinstance(chunks, tuple)):
        raise ValueError("search index: not ours")
    counts = array("I")
    counts.frombytes(lengths)
    size = counts.itemsize
    if len(counts) != len(order) or len(set(order)) != len(order):
        raise ValueError("search index: not ours")
    if sum(counts) * size != len(data):
        raise ValueError("search index: not ours")
    if not all(
        isinstance(c, tuple)
        and len(c) == 4
        and all(isinstance(x, str) for x in (c[0], c[1], c[3]))
        and isinstance(c[2], int)
        for c in chunks
    ):
        raise ValueError("search index: not ours")
    postings: dict[str, Codes] = {}
    view, at = memoryview(data).cast("I"), 0
    for term, count in zip(order, counts, strict=True):
        postings[term] = view[at : at + count]
        at += count
    return SearchIndex(keys, order, postings, chunks)


@dataclass(frozen=True)
class Layout:
    """Where each entry of a search.json ends (search.py): its items' digests in order, and
    the offset just past each one's entry (``array("Q")`` bytes)."""

    digests: tuple[str, ...]
    ends: bytes


@dataclass
class IndexMemo:
    """Where ``search.render_search`` finds the index the last build made, and leaves its own;
    likewise the layout of the search.json it wrote, and that file as the cache knows it
    (path, size, mtime), whose entries of unchanged items a new search.json copies."""

    index: SearchIndex | None = None
    layout: Layout | None = None
    live: tuple[str, int, int] | None = None


@dataclass
class State:
    """What the last build knew; the next build starts from it and writes its own."""

    context: str  # the code it is valid for (keys.code_key)
    settings: str = ""  # the site settings the sources were read with
    sources: dict[str, SourceEntry] = field(default_factory=dict)  # by path under content/
    outputs: dict[str, OutputEntry] = field(default_factory=dict)  # by path under output/
    output_folder: str = ""  # the resolved output folder the outputs were written to
    search: dict[str, Fragment] = field(default_factory=dict)  # search.json parts, by item
    # the link check (linkcheck.broken_links_in) of those outputs: the digest of the files
    # and settings it was made for, and the broken links of each page that has any
    checked: str = ""
    broken: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    files: frozenset[str] = frozenset()  # the outputs it checked links against
    linked: frozenset[str] = frozenset()  # every file the pages link to (or more)
    index: SearchIndex | None = None  # the search index's postings (search.py)
    # what the outputs were made from (pipeline's quick build of an edit): the digest of
    # what every output's key shares (code, settings, templates, the published items in
    # order, the static files), the moments between which "now" changes nothing (see
    # Summary), each published item's digest, and by item the outputs whose keys cover it
    shape: str = ""
    window: tuple[datetime | None, datetime | None] = (None, None)
    digests: dict[str, str] = field(default_factory=dict)  # by rel
    deps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rel -> output paths
    layout: Layout | None = None  # of the search.json written (IndexMemo)


@dataclass(frozen=True)
class Summary:
    """What the last build started from and left, to know without reading anything else
    that a build now would change nothing (``pipeline.build``)."""

    inputs: str  # the content tree's names, sizes and mtimes, the theme's files, the options
    output_folder: str  # resolved
    since: datetime | None  # the latest date of any item at or before the build's "now",
    until: datetime | None  # and the earliest after it: another "now" between them is alike
    outputs: dict[str, tuple[int, int]]  # every output's size and mtime, by path
    marker: tuple[int, int]  # the output folder's marker file (write.py): size and mtime
    problems: tuple[Problem, ...]  # the build's warnings


SUMMARY = "summary.pickle"


def load_summary(folder: Path, context: str) -> Summary | None:
    try:
        summary = _read(folder / SUMMARY, context)
    except ValueError:
        return None
    return summary if isinstance(summary, Summary) else None


def save_summary(folder: Path, context: str, summary: Summary | None) -> None:
    """Write the summary, or remove it (None: the next build must not trust it)."""
    file = folder / SUMMARY
    try:
        if summary is None:
            file.unlink(missing_ok=True)
            return
        _write(folder, SUMMARY, context, summary)
    except OSError:
        return


class _Checked:
    """A file that keeps the length and CRC-32 of what is written to it (pickled straight
    into the file: no copy of a large table's bytes is held in memory)."""

    def __init__(self, file: BinaryIO):
        self.file, self.size, self.crc = file, 0, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.crc = zlib.crc32(data, self.crc)
        return self.file.write(data)


def _write(folder: Path, name: str, context: str, value: object) -> None:
    temporary = folder / f".{name}.{os.getpid()}"
    with open(temporary, "wb") as file:
        file.write(bytes(_HEAD))  # the header, once the payload is known
        checked = _Checked(file)
        pickle.dump((context, value), checked, protocol=pickle.HIGHEST_PROTOCOL)
        file.seek(0)
        file.write(_MAGIC + checked.size.to_bytes(8, "big") + checked.crc.to_bytes(4, "big"))
    if put_in_place(os.fspath(temporary), os.fspath(folder / name)):
        os.unlink(temporary)  # the file it replaced


def folder_for(content: Path) -> Path:
    """The cache folder of a content folder: beside it."""
    return content.resolve().parent / FOLDER


BUCKETS = 64  # sources and search fragments are spread over this many files each


def _bucket(key: str) -> int:
    """Where a key's entry is kept: any stable spread will do (CRC-32, the cheapest)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % BUCKETS


def _files(
    state: State, before: State | None = None, old: dict[str, object] | None = None
) -> dict[str, object]:
    """The state as files: name -> what that file holds. ``old``: the files of ``before``
    (the state loaded): a bucket none of whose entries changed is that same dict."""
    files: dict[str, object] = {
        "meta": (
            state.context,
            state.settings,
            state.output_folder,
            {path: tuple(entry) for path, entry in state.outputs.items()},  # see OutputEntry
            state.checked,
            state.broken,
            state.files,
            state.linked,
            state.shape,
            state.window,
            state.digests,
            state.layout,
        )
    }
    files["deps"] = state.deps
    tables: tuple[tuple[str, dict[str, Any], dict[str, Any] | None], ...] = (
        ("sources", state.sources, before.sources if before is not None else None),
        ("search", state.search, before.search if before is not None else None),
    )
    for name, table, was in tables:
        names = [f"{name}-{n:02x}" for n in range(BUCKETS)]
        if old is None or was is None or not all(n in old for n in names):
            parts: list[dict[str, object]] = [{} for _ in range(BUCKETS)]
            for key, value in table.items():
                parts[_bucket(key)][key] = value
        else:  # the buckets as loaded, but those with an entry added, changed or removed
            parts = [old[n] for n in names]  # type: ignore[misc]
            changed = [k for k, v in table.items() if was.get(k) is not v]
            changed += was.keys() - table.keys()
            for at in {_bucket(k) for k in changed}:
                parts[at] = dict(parts[at])
            for key in changed:
                part = parts[_bucket(key)]
                if key in table:
                    part[key] = table[key]
                else:
                    del part[key]
        files.update(zip(names, parts, strict=True))
    files["index"] = state.index
    return files


def _read(file: Path, context: str) -> object:
    """One file's payload; raises ValueError when it cannot be trusted. Read once, then
    checked and unpickled through a view of those bytes: never copied again (a large
    site's sources are tens of MB)."""
    try:
        data = file.read_bytes()  # read, not mapped: a file cut short meanwhile is no crash
    except OSError as exc:
        raise ValueError(f"{file.name}: {exc}") from exc
    with memoryview(data) as whole, whole[_HEAD:] as payload:
        return _payload(file, whole, payload, context)


def _payload(file: Path, whole: memoryview, payload: memoryview, context: str) -> object:
    check = len(payload).to_bytes(8, "big") + zlib.crc32(payload).to_bytes(4, "big")
    if whole[: len(_MAGIC)] != _MAGIC or whole[len(_MAGIC) : _HEAD] != check:
        raise ValueError(f"{file.name}: damaged")
    try:
        stamp, value = pickle.loads(payload)
    except Exception as exc:  # any damage means: do not trust it
        raise ValueError(f"{file.name}: unreadable") from exc
    if stamp != context:
        raise ValueError(f"{file.name}: made by other code")
    return value


@contextmanager
def frozen() -> Iterator[None]:
    """Inside, what ``gc.freeze`` sets aside is not walked by the cycle collector; at the end
    it is handed back (unless something outside had frozen objects first: then that does)."""
    outer = gc.get_freeze_count() > 0
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def load(folder: Path, context: str, *, bodies: bool = False) -> State:
    """The saved state, or an empty one when there is none, or any part cannot be trusted.

    A large site's state is a million objects or more, made at once and kept: the cyclic
    garbage collector would walk them all, several times over, while they are made and at
    every full collection after (a quarter of an edit build's time at 5,000 posts), and
    never free one (they hold no cycles; reference counting frees them when the state is
    dropped). So it is paused while they are made, then everything alive is moved out of
    its reach (``gc.freeze``). Where an earlier load froze objects (tests, ``serve``: builds
    in one process), those are given back and collected first, so that no garbage of an
    earlier build stays frozen; the first load of a process skips that (a full collection
    of everything imported, for the little garbage imports leave).

    ``bodies``: every item's body read now, into memory (a process that outlives builds,
    which may remove the body files: ``serve``); else read when asked for.
    """
    enabled = gc.isenabled()
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        state = _load(folder, context)
        if bodies:
            _on_disk.clear()  # its entries are no longer those of the files
            return _in_memory(state)
        return state
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(folder: Path, context: str) -> State:
    files: dict[str, object] = {}
    tables: dict[str, dict[str, object]] = {"sources": {}, "search": {}}
    names = [f"{name}-{n:02x}" for name in tables for n in range(BUCKETS)]
    try:
        meta = files["meta"] = _read_meta(folder, context, files)
        meta_parts = _meta(meta, context)
        deps = files["deps"] = _read(folder / "deps.pickle", context)
        if not (isinstance(deps, dict) and all(type(v) is tuple for v in deps.values())):
            raise ValueError("deps: not ours")
        for name in names:
            part = files[name] = _read(folder / f"{name}.pickle", context)
            if not isinstance(part, dict):
                raise ValueError("not a table")
            tables[name[:-3]].update(part)
        try:  # without it, the search index is only made from scratch
            index = _read(folder / "index.pickle", context)
        except ValueError:
            index = None
    except ValueError:
        return State(context)
    settings, output_folder, outputs, checked, broken, found, linked, *made = meta_parts
    state = State(context, settings, {}, outputs, output_folder, {}, checked, broken, found, linked)
    state.shape, state.window, state.digests, state.layout = made
    state.deps = deps
    for key, entry in tables["sources"].items():
        if isinstance(entry, SourceEntry):
            state.sources[key] = entry
    for key, fragment in tables["search"].items():
        if isinstance(fragment, Fragment):
            state.search[key] = fragment
    state.index = files["index"] = index if isinstance(index, SearchIndex) else None
    here = os.path.join(folder, BODIES, "")
    if not all(f.startswith(here) for f in set(map(itemgetter(0), _every_stored(state)))):
        return State(context)  # a cache moved or copied from elsewhere: bodies not read there
    _on_disk[:] = [(weakref.ref(state), folder, files)]
    return state


# -- meta: a base file, and what changed since, in a small file of its own ---------------
# The table of outputs (10,900 entries at 5,000 posts, with each page's links) changes in a
# few dozen entries after an edit: it is not written whole each time. ``meta.pickle`` holds
# a base (the meta tuple and a token of its own); ``meta-delta.pickle`` what the state
# holds that the base does not (the outputs and digests added, changed or gone, the other
# fields that changed), for that token. A base is written again when the changes pass a
# quarter of the outputs. A delta of another base (or none) is not applied: the base alone
# is an older state, which the checks of every build take as such (files seen changed).

META, DELTA = "meta.pickle", "meta-delta.pickle"
_OUTPUTS, _DIGESTS = 3, 10  # where the meta tuple (``_files``) holds them
_REBASE = 256  # outputs changed, at least, before a base is written again


def _read_meta(folder: Path, context: str, files: dict[str, object]) -> object:
    """The meta tuple: the base, with its delta applied when there is one of this base.
    ``files`` gets the base ("meta-base": token, tuple) and the delta ("meta-delta")."""
    base = _read(folder / META, context)
    if not (isinstance(base, tuple) and len(base) == 2 and isinstance(base[0], str)):
        raise ValueError("meta: not ours")
    token, meta = base
    files["meta-base"] = base
    try:
        delta = _read(folder / DELTA, context)
    except ValueError:
        return meta
    if not (isinstance(delta, tuple) and len(delta) == 2 and delta[0] == token):
        return meta
    files["meta-delta"] = delta
    return _applied(meta, delta[1])


def _applied(meta: object, changes: object) -> tuple[object, ...]:
    """The base meta tuple with its changes (``_changes``), or ValueError."""
    if not (isinstance(meta, tuple) and isinstance(changes, dict)):
        raise ValueError("meta: not ours")
    merged = list(meta)
    for at, value in changes.items():
        if not (isinstance(at, int) and 0 <= at < len(merged)):
            raise ValueError("meta: not ours")
        if at in (_OUTPUTS, _DIGESTS):  # the entries added or changed, and those gone (None)
            table = merged[at]
            if not (isinstance(table, dict) and isinstance(value, dict)):
                raise ValueError("meta: not ours")
            table = dict(table)
            for key, entry in value.items():
                if entry is None:
                    table.pop(key, None)
                else:
                    table[key] = entry
            merged[at] = table
        else:
            merged[at] = value
    return tuple(merged)


def _changes(base: tuple[object, ...], meta: tuple[object, ...]) -> dict[int, object] | None:
    """What ``meta`` holds that ``base`` does not (see ``_applied``); None when the outputs
    changed are more than a quarter of them, and than ``_REBASE`` (a new base is written)."""
    if len(base) != len(meta):
        return None
    changes: dict[int, object] = {}
    for at, (old, new) in enumerate(zip(base, meta, strict=True)):
        if at in (_OUTPUTS, _DIGESTS):
            if not (isinstance(old, dict) and isinstance(new, dict)):
                return None
            table = {k: v for k, v in new.items() if old.get(k) != v}
            table.update((k, None) for k in old.keys() - new.keys())
            if at == _OUTPUTS and len(table) > max(_REBASE, len(new) // 4):
                return None
            if table:
                changes[at] = table
        elif old is not new and old != new:
            changes[at] = new
    return changes


def _save_meta(folder: Path, context: str, meta: object, old: dict[str, object]) -> None:
    """Write the meta tuple: as a delta of the base loaded (``old``, what ``_load`` found),
    unless that is the same as the delta there, or too large; else as a new base."""
    base = old.get("meta-base")
    if isinstance(base, tuple) and isinstance(meta, tuple) and (folder / META).exists():
        changes = _changes(base[1], meta)
        if changes is not None:
            delta = (base[0], changes)
            if old.get("meta-delta") != delta or not (folder / DELTA).exists():
                _write(folder, DELTA, context, delta)
            return
    _write(folder, META, context, (secrets.token_hex(16), meta))
    (folder / DELTA).unlink(missing_ok=True)


#: The last state loaded, the folder and what each of its files held: what ``save`` compares
#: with when given that state as ``before`` (not made again from the state: that is every
#: entry's bucket, twice over, on every build).
_on_disk: list[tuple[weakref.ref[State], Path, dict[str, object]]] = []


def _meta(meta: object, context: str) -> tuple[Any, ...]:
    if not (isinstance(meta, tuple) and len(meta) == 12 and meta[0] == context):
        raise ValueError("meta: not ours")
    _, settings, output_folder, outputs, checked, broken, files, linked = meta[:8]
    shape, window, digests, layout = meta[8:]
    if not (layout is None or _laid_out(layout)):
        raise ValueError("meta: not ours")
    if not all(isinstance(x, str) for x in (settings, output_folder, checked, shape)):
        raise ValueError("meta: not ours")
    if not (isinstance(outputs, dict) and isinstance(broken, dict)):
        raise ValueError("meta: not ours")
    if not (isinstance(files, frozenset) and isinstance(linked, frozenset)):
        raise ValueError("meta: not ours")
    moments = isinstance(window, tuple) and len(window) == 2
    if not (moments and all(m is None or isinstance(m, datetime) for m in window)):
        raise ValueError("meta: not ours")
    if not (isinstance(digests, dict) and all(type(d) is str for d in digests.values())):
        raise ValueError("meta: not ours")
    return (
        settings,
        output_folder,
        _outputs(outputs),
        checked,
        {k: v for k, v in broken.items() if isinstance(k, str) and isinstance(v, tuple)},
        files,
        linked,
        shape,
        window,
        digests,
        layout,
    )


def _laid_out(layout: object) -> bool:
    if not isinstance(layout, Layout) or not isinstance(layout.ends, bytes):
        return False
    digests = layout.digests
    return isinstance(digests, tuple) and len(layout.ends) == 8 * len(digests)


def save(folder: Path, state: State, before: State | None = None) -> None:
    """Write the files of the state that differ from ``before`` (what was loaded), each to a
    temporary name first, then renamed. Best effort: a cache that cannot be written only
    costs time."""
    old: dict[str, object] = {}
    loaded = None  # ``before``, when it is what this folder holds
    if before is not None and before.context == state.context:
        known = _on_disk[0] if _on_disk else None
        if known is not None and known[0]() is before and known[1] == folder:
            old, loaded = known[2], before
        else:
            old = _files(before)
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# irrtsite's build cache: safe to delete\n*\n", encoding="utf-8")
        live = _keep_bodies(folder, state, loaded)
        files = _files(state, loaded, old or None)
        _save_meta(folder, state.context, files.pop("meta"), old if loaded is not None else {})
        for name, value in files.items():
            file = folder / f"{name}.pickle"
            if name in old and _same(old[name], value) and file.exists():
                continue
            _write(folder, file.name, state.context, value)
    except (OSError, Damaged):
        return
    _prune_bodies(folder, live)


def _same(old: object, new: object) -> bool:
    """Equal tables, comparing entries by identity first (reused entries are the same
    objects), so an unchanged bucket costs no deep comparison."""
    if old is new:
        return True
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same_entry(old[k], v) for k, v in new.items())
    return old == new


def _same_entry(old: object, new: object) -> bool:
    """Equal, and for a source, its item's body kept in the same place: items are equal
    whatever form they hold their bodies in, but the file must name where they are now."""
    if old is new:
        return True
    if isinstance(old, SourceEntry) and isinstance(new, SourceEntry):
        return _stored(old.item) == _stored(new.item) and old == new
    return old == new


STORE = "out"  # outputs by key (see above)


def kept_name(path: str, key: str) -> str:
    """The name of an output's kept copy: its path and key (two outputs may share a key)."""
    return hashlib.blake2b(f"{path}\0{key}".encode(), digest_size=16).hexdigest()


def stored(folder: Path, path: str, entry: OutputEntry) -> Path | None:
    """The kept copy of an output the cache remembers, when it is still as written."""
    file = os.path.join(folder, STORE, kept_name(path, entry.key))
    try:
        stat = os.stat(file)
    except OSError:
        return None
    same = (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns)
    return Path(file) if same else None


def keep(folder: Path, written: dict[str, Path]) -> None:
    """Keep the output files just written (kept_name -> file), replacing older copies.
    Best effort, like ``save``."""
    store = folder / STORE
    try:
        store.mkdir(parents=True, exist_ok=True)
        for key, file in written.items():
            target = store / key
            try:
                os.link(file, target)
            except FileExistsError:
                temporary = store / f".{key}.{os.getpid()}"
                temporary.unlink(missing_ok=True)
                _link_or_copy(file, temporary)
                os.replace(temporary, target)
            except OSError:  # no link across file systems: a copy
                shutil.copy2(file, target)  # same bytes, size and mtime
    except OSError:
        return


def _link_or_copy(file: Path, target: Path) -> None:
    try:
        os.link(file, target)
    except OSError:
        shutil.copy2(file, target)  # same bytes, size and mtime


def prune(folder: Path, keys: set[str]) -> None:
    """Remove the kept outputs not named in ``keys`` (kept_name)."""
    _remove_others(folder / STORE, keys)


def drop(folder: Path, names: set[str]) -> None:
    """Remove these kept outputs (kept_name), where they are. Best effort."""
    for name in names:
        try:
            os.unlink(folder / STORE / name)
        except OSError:
            continue


def _remove_others(store: Path, names: set[str]) -> None:
    """Remove the files in ``store`` not named in ``names``. Best effort."""
    try:
        found = os.listdir(store)
    except OSError:
        return
    for name in found:
        if name not in names:
            try:
                os.unlink(store / name)
            except OSError:
                continue


# -- bodies: kept in files of their own, read when asked for (see above) ---------------

BODIES = "bodies"  # the folder, in the cache's
_SUFFIX = ".body"


class Damaged(Exception):
    """A body the cache kept cannot be read as it was written (its file damaged or gone)."""


class Stored(NamedTuple):
    """Where the cache keeps one body: a file of ``bodies/``, a place in it, its length and
    CRC-32. Body files are written once and never changed (new bodies go to new files)."""

    file: str
    offset: int
    length: int
    crc: int

    def read(self) -> bytes:
        try:
            with _lock:  # (the descriptor stays open while it is read)
                data = os.pread(_descriptor(self.file), self.length, self.offset)
        except (OSError, TypeError, ValueError, OverflowError) as exc:
            raise Damaged(f"{self.file}: {exc}") from exc
        if len(data) != self.length or zlib.crc32(data) != self.crc:
            raise Damaged(f"{self.file}: damaged at {self.offset}")
        return data


_OPEN_MAX = 32  # body files kept open for reading, the last used
_opened: dict[str, int] = {}  # file -> descriptor, oldest first
_lock = threading.RLock()  # serve reads from request threads too, a build from two


def _descriptor(file: str) -> int:
    with _lock:
        fd = _opened.pop(file, None)
        if fd is None:
            fd = os.open(file, os.O_RDONLY | os.O_CLOEXEC)
            if len(_opened) >= _OPEN_MAX:
                os.close(_opened.pop(next(iter(_opened))))
        _opened[file] = fd
        return fd


def close_bodies() -> None:
    """Close the body files open for reading or writing (reopened when a body is asked
    for): at the end of a build, so that a process running many keeps none open."""
    with _lock:
        for fd in _opened.values():
            os.close(fd)
        _opened.clear()
    _close_spool()


class _Spool:
    """The body file this process is writing (one per process and cache: readers write in
    parallel, each to its own)."""

    def __init__(self, folder: Path):
        folder.parent.mkdir(exist_ok=True)  # the cache's folder, in a first build
        folder.mkdir(exist_ok=True)
        self.path = str(folder / f"{os.getpid()}-{secrets.token_hex(6)}{_SUFFIX}")
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        self.size = 0
        self.pid = os.getpid()

    def add(self, data: bytes) -> int:
        """Write ``data`` after what was written whole; returns where it starts (a write
        that failed half-way is written over by the next)."""
        at = done = self.size
        with memoryview(data) as view:
            while done - at < len(view):
                done += os.pwrite(self.fd, view[done - at :], done)
        self.size = done
        return at


_spools: dict[str, _Spool] = {}


def _spool(folder: Path) -> _Spool:
    key = str(folder)
    spool = _spools.get(key)
    if spool is None or spool.pid != os.getpid():  # a forked process writes its own
        spool = _spools[key] = _Spool(folder)
    return spool


def _close_spool() -> None:
    for spool in _spools.values():
        if spool.pid == os.getpid():
            os.close(spool.fd)
    _spools.clear()


_ItemT = TypeVar("_ItemT", bound=Item)


def spooled(item: _ItemT, folder: Path) -> _ItemT:
    """``item`` with its body kept in the body files of ``folder`` (a cache's ``bodies``),
    written now: a copy that holds only where. Best effort: the item as it was when they
    cannot be written."""
    html, text = raw(item, "html"), raw(item, "text")
    if isinstance(html, Stored) and isinstance(text, Stored):
        return item
    try:
        first, second = _utf8(html), _utf8(text)
        spool = _spool(folder)
        at = spool.add(first + second)
    except OSError:
        return item
    return with_raw(
        item,
        Stored(spool.path, at, len(first), zlib.crc32(first)),
        Stored(spool.path, at + len(first), len(second), zlib.crc32(second)),
    )


def spooled_fragment(fragment: Fragment, folder: Path) -> Fragment:
    """``fragment`` with its text kept in the body files of ``folder`` (as ``spooled``)."""
    if isinstance(fragment.text, Stored):
        return fragment
    try:
        spool = _spool(folder)
        at = spool.add(fragment.text)
    except OSError:
        return fragment
    return replace(
        fragment, text=Stored(spool.path, at, len(fragment.text), zlib.crc32(fragment.text))
    )


def _utf8(body: Raw) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    return body if isinstance(body, bytes) else body.read()


def _in_memory(state: State) -> State:
    """``state`` with every body read into memory (or an empty state, if one is damaged)."""
    try:
        for key, entry in state.sources.items():
            if entry.item is not None:
                item = entry.item
                held = with_raw(item, _utf8(raw(item, "html")), _utf8(raw(item, "text")))
                state.sources[key] = entry._replace(item=held)
        for key, fragment in state.search.items():
            state.search[key] = replace(fragment, text=fragment.json_text())
    except Damaged:
        return State(state.context)
    return state


def _keep_bodies(folder: Path, state: State, loaded: State | None = None) -> set[str]:
    """Before ``state`` is saved: every body of its items kept in the body files (the live
    ones copied to a new file when the files hold more dead bytes than live ones). Returns
    the files its items name. Raises Damaged (a body could not be read: save nothing).
    ``loaded``: the state as loaded from this folder, whose entries are kept there already."""
    store = folder / BODIES
    _close_spool()  # bodies kept from here on go to a new file
    _spool_new(store, state, loaded)
    stored = _every_stored(state)
    live = sum(map(itemgetter(2), stored))  # lengths (no Python step for each body)
    sizes = dict.fromkeys(map(itemgetter(0), stored), 0)  # files
    for file in sizes:
        try:
            sizes[file] = os.stat(file).st_size
        except OSError as exc:
            raise Damaged(f"{file}: {exc}") from exc
    if sum(sizes.values()) <= 2 * live + _SLACK:
        return set(sizes)
    for key, entry in state.sources.items():
        if entry.item is not None:
            item = entry.item
            fresh = with_raw(item, _utf8(raw(item, "html")), _utf8(raw(item, "text")))
            state.sources[key] = entry._replace(item=spooled(fresh, store))
    for key, fragment in state.search.items():
        fresh_text = replace(fragment, text=fragment.json_text())
        state.search[key] = spooled_fragment(fresh_text, store)
    _close_spool()
    return {body.file for body in _every_stored(state)}


def _spool_new(store: Path, state: State, loaded: State | None) -> None:
    """Every body of ``state`` kept in the body files, but those of entries ``loaded``
    holds as they are (kept there already)."""
    sources = loaded.sources if loaded is not None else {}
    for key, entry in state.sources.items():
        if entry.item is not None and sources.get(key) is not entry:
            kept = spooled(entry.item, store)
            if kept is not entry.item:
                state.sources[key] = entry._replace(item=kept)
    search = loaded.search if loaded is not None else {}
    for key, fragment in state.search.items():
        if search.get(key) is not fragment:
            state.search[key] = spooled_fragment(fragment, store)


def _every_stored(state: State) -> list[Stored]:
    """Every body and search text of ``state`` kept in a body file."""
    found: list[object] = []
    for entry in state.sources.values():
        if entry.item is not None:
            held = entry.item.__dict__
            found += (held["html"], held["text"])
    found += (fragment.text for fragment in state.search.values())
    return [b for b in found if type(b) is Stored]


def _prune_bodies(folder: Path, live: set[str]) -> None:
    """Remove the body files no saved item names (``live``: their paths)."""
    _remove_others(folder / BODIES, {os.path.basename(file) for file in live})


_SLACK = 4 << 20  # dead bytes always tolerated (no compaction of a small store)


def _stored(item: Item | None) -> tuple[Stored, ...]:
    if item is None:
        return ()
    return tuple(b for b in (raw(item, "html"), raw(item, "text")) if isinstance(b, Stored))

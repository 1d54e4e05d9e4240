"""The whole build, top to bottom: load, render, write. Nothing here prints."""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import ParamSpec

from jinja2 import Environment

from . import assets, cache, calendar, directory, feeds, pages, search, sitemap
from .cache import Fragment, OutputEntry, SourceEntry
from .config import Config
from .contentfiles import shown
from .errors import ContentError, Problem, as_errors, errors_only
from .keys import Fingerprint, NoKeys, code_key, digest, folder_key, tree_scan
from .linkcheck import Found, PageLinks, broken_links, broken_links_in, leads_to, page_links
from .loader import Listing, Loaded, load, load_site
from .models import Item, body_fields_aside
from .outputs import Output
from .pages import PageKeys
from .reading import Progress, give_back_memory
from .search import Fragments
from .site import Site
from .templates import make_env, theme_folders
from .urls import ATOM, RSS, SEARCH, SEARCH_FULL, SEARCH_INDEX
from .write import MARKER, Helpers, WriteReport, check_output_folder, staging_folder, write_site


@dataclass(frozen=True)
class BuildResult:
    site: Site | None  # None when nothing changed: the site was not even read
    outputs: int
    report: WriteReport
    warnings: list[Problem]


def default_templates(content: Path) -> Path:
    """templates/ beside content/: where it exists, its files override the shipped theme's."""
    return content.parent / "templates"


def cache_folder(content: Path, output: Path) -> Path | None:
    """The build cache beside the content folder (cache.py), unless that is, or is inside,
    the output or the content folder (a cache is never written there)."""
    folder = cache.folder_for(content)
    for other in (output.resolve(), content.resolve()):
        if folder == other or folder.is_relative_to(other):
            return None
    return folder


def theme_key(theme: tuple[Path, ...]) -> str:
    """The digest of every file of the theme's folders (keys.folder_key), once per build."""
    return digest(*(folder_key(f) for f in theme))


def check(
    content: Path,
    now: datetime,
    drafts: bool = False,
    templates: Path | None = None,
    workers: int | None = None,
) -> list[Problem]:
    """Every problem in the content, and links that would lead nowhere; writes nothing."""
    site, problems = load_site(content, now, drafts, workers)
    if site is None or errors_only(problems):
        return problems
    outputs = render(site, templates or default_templates(content))
    return problems + broken_links(outputs, site.config, site.items())


def render(
    site: Site,
    templates: Path,
    fragments: Fragments | None = None,
    cache: Path | None = None,
    *,
    env: Environment | None = None,
    theme_digest: str | None = None,
    keyed: bool = True,
    index: cache.IndexMemo | None = None,
    later: bool = False,
    known: pages.PageKeys | None = None,
    fp: Fingerprint | None = None,
    reads: pages.Reads | None = None,
) -> list[Output]:
    """Every output of the site, each with its key; pages and big files render lazily.

    ``templates``: the site's own templates, each overriding the shipped theme's file.
    ``env``, ``theme_digest``: made earlier for the same templates and settings (``serve``).
    ``keyed=False``: only pages get keys (``serve``, which renders the rest when asked).
    ``index``: the search index the last build made, replaced by this one's.
    ``later=True``: no search files and no feeds (``serve`` makes them when one is asked
    for: ``Session.later``); ``known``: the pages' keys of the last render (``serve``, see
    ``pages.PageKeys``); ``fp``: the fingerprint to key them with (``fingerprint``), which
    notes what each key covers and may know outputs unchanged; ``reads``: where each page
    rendered notes the items whose bodies it read (``pages.render_pages``)."""
    theme = theme_folders(templates)
    env = env or make_env(theme, site.config, cache)
    fp = fp or fingerprint(site, theme_digest or theme_key(theme))
    rest = fp if keyed else NoKeys()
    return [
        *pages.render_pages(site, env, fp, known, reads),
        *(() if later else feeds.render_feeds(site, rest)),
        *calendar.render_calendars(site, rest),
        *directory.render_directory(site, rest),
        *(() if later else search.render_search(site, rest, fragments, index)),
        *sitemap.render_sitemap(site, rest),
        *assets.render_assets(site, theme, rest),
    ]


def fingerprint(site: Site, theme_digest: str) -> Fingerprint:
    """What keys a site's outputs: the code, the settings and the theme are in every key."""
    return Fingerprint(code_key(), repr(site.config), theme_digest)


_P = ParamSpec("_P")


def _frozen_while(run: Callable[_P, BuildResult]) -> Callable[_P, BuildResult]:
    """``run``, during which the objects ``gc.freeze`` set aside (the cache's tables, the
    site) are not walked by every garbage collection (a third of an edit build's time at
    5,000 posts went there); handed back to the collector when it returns."""

    @functools.wraps(run)
    def frozen(*args: _P.args, **kwargs: _P.kwargs) -> BuildResult:
        with cache.frozen():
            return run(*args, **kwargs)

    return frozen


@_frozen_while
def build(
    content: Path,
    output: Path,
    now: datetime,
    *,
    templates: Path | None = None,
    drafts: bool = False,
    force: bool = False,
    workers: int | None = None,
    strict: bool = False,
    cache_folder: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build content/ into output/. Raises ContentError or OutputError; then output is untouched.

    The warnings are those of ``check``, broken links included; ``strict`` makes them errors.
    With ``cache_folder`` (see cache.py), what an earlier build read and wrote is reused:
    unchanged files are not parsed, unchanged outputs neither rendered nor written (their
    links are checked from what the cache remembers of them). Bodies the cache kept are read
    when a page needs them; one that cannot be read as written (``cache.Damaged``) makes the
    build start again without the cache. ``progress`` (the command line's display) is told
    each stage: ``(stage, done, total)``.
    """
    check_output_folder(content, output, force)
    templates = templates or default_templates(content)
    theme = theme_folders(templates)
    theme_digest = theme_key(theme)
    inputs, seen = "", None
    if cache_folder is not None:
        scan = tree_scan(content)
        inputs, seen = _inputs(scan.key, theme, theme_digest, drafts), scan.stats
        unchanged = _unchanged(cache_folder, inputs, output, now, strict)
        if unchanged is not None:
            return unchanged
        cache.save_summary(cache_folder, code_key(), None)
    state = cache.load(cache_folder, code_key()) if cache_folder else cache.State(code_key())
    gc.freeze()
    spool = cache_folder / cache.BODIES if cache_folder is not None else None
    run = partial(
        _build, content, output, now, templates, theme_digest, drafts, workers, strict, seen
    )
    try:
        return run(cache_folder, progress, inputs, state, spool)
    except cache.Damaged:  # a body the cache kept is damaged or gone: built without it
        return run(cache_folder, progress, inputs, cache.State(code_key()), None)
    finally:
        cache.close_bodies()


def _build(
    content: Path,
    output: Path,
    now: datetime,
    templates: Path,
    theme_digest: str,
    drafts: bool,
    workers: int | None,
    strict: bool,
    seen: Mapping[str, tuple[int, int]] | None,
    cache_folder: Path | None,
    progress: Progress | None,
    inputs: str,
    state: cache.State,
    spool: Path | None,
) -> BuildResult:
    """``build`` from the ``state`` the cache holds (which may raise cache.Damaged when a
    body it kept is read); the bodies of the files read kept in ``spool``; ``seen``: the
    content files' sizes and mtimes as the build scanned them (``keys.tree_scan``)."""
    loaded = load(
        content, now, drafts, workers, state, progress, search.fragment, seen=seen, spool=spool
    )
    gc.freeze()
    give_back_memory()
    site, problems = loaded.site, loaded.problems
    if site is None or errors_only(problems):
        raise ContentError(problems)
    fragments = dict(state.search)
    fragments.update((d, f) for d, f in loaded.derived.items() if isinstance(f, Fragment))
    _tell(progress, "rendering")
    where = str(output.resolve())
    previous = state.outputs if state.output_folder == where else {}
    written = previous.get(search.FULL)
    live = (str(output / search.FULL), written.size, written.mtime_ns) if written else None
    index = cache.IndexMemo(state.index, state.layout, live)
    fp = fingerprint(site, theme_digest)
    shape = ""
    window: tuple[datetime | None, datetime | None] = (None, None)
    if cache_folder is not None:
        shape = _shape(fp.context, site, drafts)
        window = _window((e.item for e in loaded.sources.values() if e.item is not None), now)
        fp.reused = _quick(state, loaded, site, shape, now, output, previous)
    quick = fp.reused is not None  # every output the last build wrote was just seen in place
    reads: pages.Reads = {}  # noted by each page rendered
    outputs = render(
        site,
        templates,
        fragments,
        cache_folder,
        theme_digest=theme_digest,
        index=index,
        fp=fp,
        reads=reads,
    )
    gc.freeze()  # the routes and outputs, kept to the end: not walked by each collection
    kept = _kept(outputs, output, previous, previous.keys() if quick else frozenset())
    # in a quick build, the same shape: each output covers the items it covered
    deps = state.deps if quick else _deps(outputs, fp)
    fp.forget()  # noted in ``deps``: not held (nor copied into the helpers) while writing
    links = {p: previous[p].links for p in kept if p.endswith(".html")}
    if cache_folder is not None:  # put back from the cache's kept outputs, not rendered
        outputs = [  # (most outputs are kept: no call each)
            o if o.path in kept else _restored(o, state.outputs, cache_folder, links, reads)
            for o in outputs
        ]
    restored = {o.path for o in outputs if o.linkable}  # (what _restored made)
    outputs = [o if o.make is None or o.path in links else _recording(o, links) for o in outputs]
    if strict:
        outputs = _refuse_warnings(outputs, kept, links, site, problems)
    _tell(progress, "writing")
    # a helper's pages note their links and reads in its copies of ``links`` (_recording)
    # and ``reads`` (render_pages): sent back
    helpers = Helpers(
        workers or os.cpu_count() or 1, lambda path, _: (links.get(path), reads.get(path))
    )
    report = write_site(outputs, output, kept, helpers)
    for path, note in helpers.notes.items():
        found, read = note if isinstance(note, tuple) and len(note) == 2 else (None, None)
        if isinstance(found, tuple):
            links[path] = found
        if isinstance(read, tuple):
            reads[path] = read
    checked = _LinkCheck(state, outputs, site.config)
    problems = problems + _broken(outputs, links, site, checked)
    if cache_folder is not None:
        used = {i.digest for i in site.items()}
        restored -= _settled(output, restored, state.outputs)
        entries = _written(outputs, output, kept, previous, links, reads)
        made = {  # rendered (or restored but not settled), not copied from a source file
            cache.kept_name(o.path, entries[o.path].key): output / o.path
            for o in outputs
            if o.path in entries and o.path not in kept and (o.source is None or o.path in restored)
        }
        cache.keep(cache_folder, made)
        if not quick:
            cache.prune(cache_folder, {cache.kept_name(p, e.key) for p, e in entries.items()})
        else:  # the copies of the outputs it replaced (not a walk of every kept copy)
            cache.drop(cache_folder, _replaced(previous, entries))
        searched = {d: f for d, f in fragments.items() if d in used}
        new = cache.State(
            state.context,
            loaded.settings,
            loaded.sources,
            entries,
            where,
            searched,
            checked.context,
            checked.found,
            checked.files,
            frozenset(checked.linked),
            index.index,
            shape,
            window,
            {i.rel: i.digest for i in site.items()},
            deps,
            index.layout,
        )
        cache.save(cache_folder, new, before=state)
        summary = _summary(inputs, output, window, outputs, entries, problems)
        cache.save_summary(cache_folder, code_key(), summary)
    return BuildResult(site, len(outputs), report, problems)


def _shape(context: str, site: Site, drafts: bool) -> str:
    """What every output's key shares besides the items' bodies: the code, settings and
    theme (``context``), the published items in order, the static files, the options."""
    static = (f"{rel}\0{path}" for rel, path in site.static)
    return digest(context, str(drafts), *(i.rel for i in site.items()), "static", *static)


def _quick(
    state: cache.State,
    loaded: Loaded,
    site: Site,
    shape: str,
    now: datetime,
    output: Path,
    previous: dict[str, OutputEntry],
) -> dict[str, str] | None:
    """When the files changed since the last build changed no item but in its body (its
    html, text, links, hence digest), the site has the same shape: the same pages, lists,
    menus, tags, feeds and dates, items equal but for their bodies. Then an output's key can
    change only when it covers an item whose digest changed (``state.deps``, noted by the
    fingerprint of the build that made the keys): every other output is known unchanged,
    once its file is seen as that build left it; so is a page whose last render read no body
    of those items (``models.noting_reads``). Returns those outputs' keys, by path (what
    renderers take as they are: ``Fingerprint.unchanged``); None when any of this does not
    hold (then every key is worked out, as in any build). ``previous``: the last build's
    outputs, when it wrote to this output folder.

    What a crosscheck changes in an item (crosscheck.py) is made from fields of items, never
    from a body: items equal but for their bodies stay so after it."""
    since, until = state.window
    if not state.shape or state.shape != shape or not previous:
        return None
    if since is None or now < since or (until is not None and now >= until):
        return None  # "now" may show another set of items, or dates (Summary)
    if not _bodies_only(state.sources, loaded.sources):
        return None
    digests = state.digests
    changed = {item.rel for item in site.items() if digests.get(item.rel) != item.digest}
    touched = {path for rel in changed for path in state.deps.get(rel, ())}
    folder = str(output)
    reused = {}
    for path, written in previous.items():
        try:
            stat = os.stat(f"{folder}/{path}")
        except OSError:
            return None
        if stat.st_size != written.size or stat.st_mtime_ns != written.mtime_ns:
            return None  # changed by hand: every key worked out, the file rebuilt
        if path not in touched or _read_none(written.reads, changed):
            reused[path] = written.key
    return reused


def _read_none(reads: tuple[str, ...] | None, changed: AbstractSet[str]) -> bool:
    """Did a page's last render read no body of the ``changed`` items? (None: not known.)
    Then it makes the same bytes now: nothing else it shows changed (``_quick``). It keeps
    the key it was written with, which is no longer what ``Fingerprint`` makes of what it
    shows: the next build that keys every output renders it again (the same bytes)."""
    return reads is not None and changed.isdisjoint(reads)


def _bodies_only(before: Mapping[str, SourceEntry], now: Mapping[str, SourceEntry]) -> bool:
    """Is every content file the same as ``before``, or an item that differs only in its
    body? (A file added is not: it may be a draft, whose window is not known.)"""
    for rel, entry in now.items():
        old = before.get(rel)
        if old is entry or (old is not None and old.digest == entry.digest):
            continue
        if old is None or old.item is None or entry.item is None:
            return False
        if body_fields_aside(old.item) != body_fields_aside(entry.item):
            return False
    return True


def _replaced(before: dict[str, OutputEntry], now: dict[str, OutputEntry]) -> set[str]:
    """The kept copies (``cache.kept_name``) of outputs whose key changed, or that are gone."""
    return {
        cache.kept_name(path, entry.key)
        for path, entry in before.items()
        if (new := now.get(path)) is None or new.key != entry.key
    }


def _deps(outputs: list[Output], fp: Fingerprint) -> dict[str, tuple[str, ...]]:
    """By item (``rel``), the outputs whose keys cover it (what ``fp`` noted of each key)."""
    found: dict[str, list[str]] = {}
    notes = fp.deps
    for out in outputs:
        for rel in notes.get(out.key, ()):
            found.setdefault(rel, []).append(out.path)
    return {rel: tuple(paths) for rel, paths in found.items()}


def _inputs(tree: str, theme: tuple[Path, ...], theme_digest: str, drafts: bool) -> str:
    """What a build's output is made from, but "now": every file of the content folder
    (``tree``: by name, size and mtime), the theme's files (``theme_key``), the options."""
    return digest(tree, theme_digest, *map(str, theme), str(drafts))


def _unchanged(
    folder: Path, inputs: str, output: Path, now: datetime, strict: bool
) -> BuildResult | None:
    """The result of a build that would change nothing, known from the last build's
    summary alone: the same inputs, a "now" no date of the content falls between, and
    every output (and the output folder's marker) as that build left it. Else None."""
    summary = cache.load_summary(folder, code_key())
    where = str(output.resolve())
    if summary is None or (summary.inputs, summary.output_folder) != (inputs, where):
        return None
    if summary.since is None or now < summary.since:
        return None  # nothing dated yet: empty feeds say the build's now (routes.last_published)
    if summary.until is not None and now >= summary.until:
        return None
    if (strict and summary.problems) or staging_folder(output).exists():
        return None
    for path, known in [*summary.outputs.items(), (MARKER, summary.marker)]:
        try:
            stat = os.stat(os.path.join(output, path))
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != known:
            return None
    count = len(summary.outputs)
    return BuildResult(None, count, WriteReport(0, count, 0), list(summary.problems))


def _summary(
    inputs: str,
    output: Path,
    window: tuple[datetime | None, datetime | None],
    outputs: list[Output],
    entries: dict[str, OutputEntry],
    problems: list[Problem],
) -> cache.Summary | None:
    """What the next build needs to know that it would change nothing (the outputs without
    a key are as pure as the others: their files are checked the same way); None when a
    file cannot be seen (then the next build is a full one)."""
    stats = {p: (e.size, e.mtime_ns) for p, e in entries.items()}
    try:
        for path in [o.path for o in outputs if o.path not in entries] + [MARKER]:
            stat = (output / path).stat()
            stats[path] = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None
    marker = stats.pop(MARKER)
    since, until = window
    where = str(output.resolve())
    return cache.Summary(inputs, where, since, until, stats, marker, tuple(problems))


def _window(items: Iterable[Item], now: datetime) -> tuple[datetime | None, datetime | None]:
    """The latest moment of any item (date, update, start, end...) at or before ``now``
    and the earliest after it: what is published, past or upcoming is the same for any
    "now" from the first up to the second."""
    since: datetime | None = None
    until: datetime | None = None
    names: dict[type, list[str]] = {}
    for item in items:
        kind = type(item)
        if kind not in names:
            names[kind] = [f.name for f in fields(item) if "datetime" in str(f.type)]
        for name in names[kind]:
            moment = getattr(item, name)
            if not isinstance(moment, datetime):
                continue
            if moment <= now:
                since = moment if since is None or moment > since else since
            elif until is None or moment < until:
                until = moment
    return since, until


def _tell(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage, 0, 0)


def _refuse_warnings(
    outputs: list[Output],
    kept: set[str],
    links: dict[str, tuple[str, ...]],
    site: Site,
    problems: list[Problem],
) -> list[Output]:
    """``--strict``: every warning is an error, known before anything is written (so every
    page not kept is rendered first, for its links; rendered once: the outputs returned
    hold their bytes)."""
    done = [
        replace(o, data=o.make(), make=None)
        if o.make is not None and o.path.endswith(".html") and o.path not in kept
        else o
        for o in outputs
    ]
    problems = problems + _broken(done, links, site)
    if problems:
        raise ContentError(as_errors(problems))
    return done


def _restored(
    out: Output,
    known: dict[str, OutputEntry],
    folder: Path,
    links: dict[str, tuple[str, ...]],
    reads: pages.Reads,
) -> Output:
    """An output not in place (not kept) whose key the cache knows: the file it kept
    (cache.stored), to link or copy into place, with the links and reads it had."""
    entry = known.get(out.path)
    if out.make is None or entry is None or entry.key != out.key:
        return out
    file = cache.stored(folder, out.path, entry)
    if file is None:
        return out
    if out.path.endswith(".html"):
        links[out.path] = entry.links
    if entry.reads is not None:
        reads[out.path] = entry.reads
    return Output(out.path, source=file, origin=out.origin, key=out.key, linkable=True)


def _settled(output: Path, restored: set[str], known: dict[str, OutputEntry]) -> set[str]:
    """Give each output put back from the cache the mtime of its kept copy (a copy made
    where no link could be; a link has it already), so that both are known by the same
    size and mtime (no need to keep it again). Returns those done."""
    done = set()
    folder = str(output)
    for path in restored:
        mtime = known[path].mtime_ns
        try:
            os.utime(os.path.join(folder, path), ns=(mtime, mtime))
        except OSError:
            continue
        done.add(path)
    return done


def _recording(out: Output, links: dict[str, tuple[str, ...]]) -> Output:
    """An HTML page that notes its links in ``links`` when it is rendered (once). A page
    whose links are known already (kept: it will not be rendered) stays as it is."""
    make = out.make
    if make is None or out.path in links or not out.path.endswith(".html"):
        return out

    def render() -> bytes:
        data = make()
        links[out.path] = page_links(data)
        return data

    return replace(out, make=render)


class _LinkCheck:
    """The link check of the last build, reused for the pages whose links did not change
    while the settings are the same and no file they link to was removed; and this
    build's, for the next."""

    def __init__(self, state: cache.State, outputs: list[Output], config: Config):
        self.context = digest(repr(config))
        self.files = frozenset(o.path for o in outputs)
        removed = state.files - self.files
        gone = any(f in state.linked or f + "/index.html" in state.linked for f in removed)
        same = state.checked == self.context and not gone
        self.known = state.broken if same else None
        self.before = state.outputs
        self.found: Found = {}
        self.linked: set[str] = set(state.linked) if same else set()

    def reusable(self, links: dict[str, tuple[str, ...]]) -> Found:
        """The known broken links of each page whose links are those the last build saw
        (less those that lead to a file now)."""
        if self.known is None:
            return {}
        reuse = {}
        for path, urls in links.items():
            entry = self.before.get(path)
            if entry is not None and (entry.links is urls or entry.links == urls):
                pairs = self.known.get(path, ())
                if pairs:
                    pairs = tuple(p for p in pairs if not leads_to(p[1], self.files))
                reuse[path] = pairs
        return reuse


def _broken(
    outputs: list[Output],
    links: dict[str, tuple[str, ...]],
    site: Site,
    checked: _LinkCheck | None = None,
) -> list[Problem]:
    origins = {o.path: o.origin for o in outputs}
    pages = [PageLinks(path, origins.get(path, ""), urls) for path, urls in sorted(links.items())]
    return broken_links_in(
        pages,
        set(origins),
        site.config,
        site.items(),
        known=checked.reusable(links) if checked else None,
        found=checked.found if checked else None,
        linked=checked.linked if checked else None,
    )


def _kept(
    outputs: list[Output],
    output: Path,
    previous: dict[str, OutputEntry],
    in_place: AbstractSet[str] = frozenset(),
) -> set[str]:
    """Outputs whose key is unchanged and whose file is as the last build left it (as the
    files ``in_place`` were just seen to be)."""
    kept = set()
    folder = str(output)
    for out in outputs:
        entry = previous.get(out.path)
        if entry is None or not out.key or entry.key != out.key:
            continue
        if out.path in in_place:
            kept.add(out.path)
            continue
        try:
            stat = os.stat(f"{folder}/{out.path}")  # (not os.path.join: 10,000 pages and more)
        except OSError:
            continue
        if stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns:
            kept.add(out.path)
    return kept


def _written(
    outputs: list[Output],
    output: Path,
    kept: set[str],
    previous: dict[str, OutputEntry],
    links: dict[str, tuple[str, ...]],
    reads: pages.Reads,
) -> dict[str, OutputEntry]:
    """What the cache remembers of each output now in place: key, size, mtime, links, and
    the items whose bodies a page read."""
    entries = {}
    folder = str(output)
    for out in outputs:
        if out.path in kept:
            entries[out.path] = previous[out.path]
        elif out.key:
            try:
                stat = os.stat(os.path.join(folder, out.path))
            except OSError:
                continue
            # each address one str, however many pages link to it (a third of the cache's
            # table of outputs at 5,000 posts: pickled once, loaded once)
            found = tuple(map(sys.intern, links.get(out.path, ())))
            read = reads.get(out.path)
            entries[out.path] = OutputEntry(out.key, stat.st_size, stat.st_mtime_ns, found, read)
    return entries


class Session:
    """A site kept in memory from one build to the next (``serve``): files whose size and
    mtime are unchanged are not read again, and only pages whose key changed are rendered
    again; the others keep the bytes they had. Writes nothing: the build cache beside the
    content folder is read, when there is one, to make the first build fast.

    ``render`` may be told which files changed (the watcher knows): when they are all
    content files the last load read, still in place, only they are read again, with no
    walk of the content tree and no stat of the other files. Anything else (site.yaml, a
    template, a file added, removed or renamed, a folder) is a full load.
    """

    def __init__(
        self,
        content: Path,
        *,
        templates: Path | None = None,
        drafts: bool = False,
        workers: int | None = None,
    ):
        self.content, self.drafts, self.workers = content, drafts, workers
        self.root = content.resolve()  # as the watcher names its files
        self.templates = templates or default_templates(content)
        self.state = cache.load(cache.folder_for(content), code_key(), bodies=True)
        self.pages: dict[str, Output] = {}  # by path: each page as last rendered, with its bytes
        self.keys = PageKeys()  # and the routes, values and keys they were rendered from
        self.env: tuple[tuple[Config, tuple[Path, ...], str], Environment] | None = None
        self.listing: Listing | None = None  # the content files the last load walked
        self.jobs: frozenset[str] = frozenset()  # of them, those read (the items' files)
        # and those that a write through another name changes (symlinks, hard links)
        self.aliased: frozenset[str] = frozenset()
        self.lock = threading.Lock()  # state.search, which a request thread adds to
        self.full = True  # the last render loaded every file (not only those changed)
        self.pending: list[Output] = []  # pages left for ``finish``
        self.eager: frozenset[str] = frozenset()  # the pages to render now: of these files

    def render(
        self, now: datetime, changed: Collection[Path] | None = None
    ) -> tuple[Site | None, SiteFiles, list[Problem]]:
        """(site, outputs, problems), or (None, no outputs, problems) when the content has
        errors (the previous outputs are then still the last good site). ``changed``: the
        files that changed since the last call, if known (absolute paths)."""
        listing, self.listing = self.listing, None  # none kept if this fails half-way
        fresh = self._fresh(changed) if listing is not None else None
        self.full = fresh is None
        self.eager = frozenset(shown(self.content, rel) for rel in fresh or ())
        self.pending = []
        loaded = load(
            self.content,
            now,
            self.drafts,
            self.workers,
            self.state,
            listing=listing if fresh is not None else None,
            fresh=fresh,
        )
        if loaded.listing is not None and loaded.listing is not listing:
            self.jobs = frozenset(job.rel for job in loaded.listing.files.jobs)
            self.aliased = frozenset(filter(self._is_aliased, self.jobs))
        self.state = replace(self.state, settings=loaded.settings, sources=loaded.sources)
        self.listing = loaded.listing
        site, problems = loaded.site, loaded.problems
        if site is None or errors_only(problems):
            return None, SiteFiles([], []), problems
        env, theme_digest = self._env(site.config)
        made = render(
            site,
            self.templates,
            env=env,
            theme_digest=theme_digest,
            keyed=False,
            later=True,
            known=self.keys,
        )
        outputs = [self._rendered(o) for o in made]
        self.pages = {o.path: o for o in outputs if o.key}
        used = {i.digest for i in site.items()}
        with self.lock:  # and those of the documents the search index was made of (patched)
            index = self.state.index
            used.update(index.keys if index is not None else ())
            self.state.search = {d: f for d, f in self.state.search.items() if d in used}
        return site, SiteFiles(outputs, self.later(site)), problems

    def _fresh(self, changed: Collection[Path] | None) -> set[str] | None:
        """The content files to read again when ``changed`` are the files that changed, or
        None when a full load is needed (see the class)."""
        if changed is None:
            return None
        fresh = set(self.aliased)  # a write through another name is seen under that name
        for path in changed:
            if not path.is_relative_to(self.root):
                return None  # a template
            rel = path.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue  # hidden: never read (contentfiles.walk), an editor's swap file
            if rel not in self.jobs or not _plain_file(path):
                return None  # added, removed, a folder, site.yaml, a static file...
            fresh.add(rel)
        return fresh

    def _is_aliased(self, rel: str) -> bool:
        """A content file a write through another name can change: a symlink, or one with
        more than one hard link."""
        try:
            stat = os.lstat(os.path.join(self.content, rel))
        except OSError:
            return True
        return S_ISLNK(stat.st_mode) or stat.st_nlink > 1

    def later(self, site: Site) -> list[Later]:
        """The outputs ``render(later=True)`` leaves out, made when one is first asked for
        (``SiteFiles``): the search files (a second's work at 5,000 posts) and the feeds
        (each tag's entries sorted), which no page loads by itself."""
        return [
            Later(is_search_file, partial(self._search, site)),
            Later(is_feed, partial(_feeds, site)),
        ]

    def _search(self, site: Site) -> list[Output]:
        with self.lock:  # a rebuild may be dropping fragments meanwhile
            index = cache.IndexMemo(self.state.index)
            made = search.render_search(site, NoKeys(), self.state.search, index)
            self.state.index = index.index
        return [_once(o) for o in made]

    def _env(self, config: Config) -> tuple[Environment, str]:
        """One Jinja environment while the settings and the theme's files stay the same
        (templates compiled once, not on every save), and the theme's digest."""
        theme = theme_folders(self.templates)
        key = (config, theme, theme_key(theme))
        if self.env is None or self.env[0] != key:
            self.env = (key, make_env(theme, config))
        return self.env[1], key[2]

    def _rendered(self, out: Output) -> Output:
        """A page as last rendered when its key is unchanged; else rendered now after a
        full load (a template mistake shows at once) or when it is the page of a file just
        read again, and, when only some files were read again, otherwise left for
        ``finish`` (the tag pages and lists that show an item: tens of milliseconds on a
        large site, not to wait for). Any other output rendered when first asked for
        (``Output.bytes``), once."""
        make = out.make
        if make is None:
            return out
        if not out.key:
            return replace(out, make=cache_once(make))
        known = self.pages.get(out.path)
        if known is not None and known.key == out.key and known.origin == out.origin:
            if known.make is not None:
                self.pending.append(known)  # left for a finish that failed: not done yet
            return known
        if self.full or out.origin in self.eager:
            return Output(out.path, make(), origin=out.origin, key=out.key)
        later = replace(out, make=cache_once(make))
        self.pending.append(later)
        return later

    def finish(self) -> None:
        """Render the pages the last ``render`` left for later, once the open pages were
        told (a request for one meanwhile renders it then). Raises what rendering one
        raises (a template's mistake): the site is then not good."""
        pending, self.pending = self.pending, []
        for n, out in enumerate(pending):
            try:
                data = out.bytes()
            except Exception:
                self.pending = pending[n:]
                raise
            if self.pages.get(out.path) is out:  # kept with its bytes, not what made them
                self.pages[out.path] = Output(out.path, data, origin=out.origin, key=out.key)


def _feeds(site: Site) -> list[Output]:
    return [_once(o) for o in feeds.render_feeds(site, NoKeys())]


def _once(out: Output) -> Output:
    return replace(out, make=cache_once(out.make)) if out.make is not None else out


def is_feed(path: str) -> bool:
    """A path a feed (``feeds.render_feeds``) may have: feed.xml or atom.xml in any folder."""
    return path.rpartition("/")[2] in (RSS, ATOM)


def is_search_file(path: str) -> bool:
    """A path the search files (``search.render_search``) may have: search.json,
    search-index.json and everything under search/ but the search page."""
    return path in (SEARCH_FULL, SEARCH_INDEX) or path.startswith(SEARCH)


@dataclass(frozen=True)
class Later:
    """Outputs made only when one of them is first asked for: those of the paths ``has``
    may say yes to, all made by ``make``."""

    has: Callable[[str], bool]
    make: Callable[[], list[Output]]


def _plain_file(path: Path) -> bool:
    """A regular file, not a symlink (one lstat)."""
    try:
        return S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


class SiteFiles:
    """A site's outputs by path, as ``serve`` looks them up: the ones made with the site,
    and those made ``later`` (all of a group at once, in the thread that first asks, so an
    edit's page is served without waiting for them)."""

    def __init__(self, outputs: list[Output], later: list[Later]):
        self.ready = {o.path: o for o in outputs}
        self.later = later
        self._made: list[dict[str, Output] | None] = [None] * len(later)
        self._lock = threading.Lock()

    def get(self, path: str) -> Output | None:
        found = self.ready.get(path)
        if found is not None:
            return found
        for n, group in enumerate(self.later):
            found = self.made(n).get(path) if group.has(path) else None
            if found is not None:
                return found
        return None

    def __contains__(self, path: str) -> bool:
        return self.get(path) is not None

    def __len__(self) -> int:
        """The files made with the site (not those made when asked for)."""
        return len(self.ready)

    def made(self, n: int) -> dict[str, Output]:
        """The outputs of the ``n``th group made later, by path (made now, the first time)."""
        with self._lock:
            made = self._made[n]
            if made is None:
                made = self._made[n] = {o.path: o for o in self.later[n].make()}
            return made

    def everything(self) -> dict[str, Output]:
        """Every file, all made now: what a build writes."""
        files = dict(self.ready)
        for n in range(len(self.later)):
            files.update(self.made(n))
        return files


def cache_once(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """``make``, called at most once (requests may ask for a big file many times; two at
    the same moment may both make it), and let go of once it has made the bytes."""
    return _Once(make)


class _Once:
    def __init__(self, make: Callable[[], bytes]):
        self.make: Callable[[], bytes] | None = make
        self.data: bytes | None = None

    def __call__(self) -> bytes:
        data = self.data
        if data is None:
            make = self.make
            if make is None:  # made meanwhile, in another thread (data is set first)
                assert self.data is not None
                return self.data
            data = make()
            self.data = data
            self.make = None
        return data

"""Reading content files into items, in worker processes on a large site.

Each file is read by a pure function of its bytes and the site settings, so the files can be
read in any order and in any process; results come back in the order of the jobs. With a
cache (``cache.State``), a file whose size and modification time are unchanged is not read,
and one whose bytes are unchanged is not parsed: its item comes from the cache.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from .cache import Fragment, SourceEntry, spooled, spooled_fragment
from .config import Config
from .contentfiles import Job, shown
from .errors import Problem
from .keys import digest
from .models import Item
from .source import parse_source, unreadable

PARALLEL_MIN = 64  # files to parse; fewer are parsed in this process

Result = tuple[Item | None, list[Problem], object]
#: What else a reader process makes of each item it reads, for the build (search.fragment).
Derive = Callable[[Config, Item], object]
#: Told how far a stage got: (stage, done, total); the command line draws it on a terminal.
Progress = Callable[[str, int, int], None]


def read_all(
    content: Path,
    config: Config,
    jobs: list[Job],
    workers: int,
    *,
    context: str = "",
    known: dict[str, SourceEntry] | None = None,
    progress: Progress | None = None,
    derive: Derive | None = None,
    fresh: Collection[str] | None = None,
    seen: Mapping[str, tuple[int, int]] | None = None,
    spool: Path | None = None,
) -> tuple[list[Item], list[Problem], dict[str, SourceEntry], dict[str, object]]:
    """Every job's item (those that could be read), every problem, in job order, what
    a cache should remember of each file, and ``derive``'s result for each item parsed, by
    item digest (made where the item is, in parallel). ``context`` is the digest of the
    code and the settings (part of each item's digest); ``known`` is what the last build
    remembered; ``progress`` is told ("reading files", done, total) as files are parsed.
    ``fresh``: the only files that can have changed since ``known`` was made (``serve``'s
    watcher knows); the others' entries are taken as they are, without a stat each.
    ``seen``: each file's size and mtime as a scan of the tree just found them
    (``keys.tree_scan``); a file seen with those of its entry is not asked for them again.
    ``spool``: a cache's body folder, where each item's body is written as soon as it is
    made (``cache.spooled``), so that no process holds every body."""
    known = known or {}
    entries: dict[str, SourceEntry] = {}
    misses: list[tuple[Job, bytes, os.stat_result, str]] = []
    folder = str(content)
    for job in jobs:
        entry = known.get(job.rel)
        if entry is not None and (
            (fresh is not None and job.rel not in fresh)
            or (seen is not None and seen.get(job.rel) == (entry.size, entry.mtime_ns))
        ):
            entries[job.rel] = entry
            continue
        found = _reuse(os.path.join(folder, job.rel), entry)
        if isinstance(found, SourceEntry):
            entries[job.rel] = found
        elif isinstance(found, OSError):  # unreadable: say why
            problem = unreadable(shown(content, job.rel), found)
            entries[job.rel] = SourceEntry(-1, -1, "", None, (problem,))
        else:
            misses.append((job, *found))
    tasks = [
        (content, config, job, data, digest(context, job.rel, h), derive, spool)
        for job, data, _, h in misses
    ]
    if workers > 1 and len(tasks) >= PARALLEL_MIN:
        give_back_memory()  # what is free is not copied into the readers' counts
        pool = ProcessPoolExecutor(
            workers, get_context("fork"), initializer=end_with_parent, initargs=(os.getpid(),)
        )
        with pool:
            results = list(_told(pool.map(_parse_one, tasks, chunksize=16), len(tasks), progress))
    else:
        results = list(_told(map(_parse_one, tasks), len(tasks), progress))
    derived: dict[str, object] = {}
    for (job, _, stat, file_digest), result in zip(misses, results, strict=True):
        entries[job.rel] = _entry_of(result, stat, file_digest)
        if result[0] is not None and result[2] is not None:
            derived[result[0].digest] = result[2]
    items: list[Item] = []
    problems: list[Problem] = []
    for job in jobs:
        entry = entries[job.rel]
        problems.extend(entry.problems)
        if entry.item is not None:
            items.append(entry.item)
    return items, problems, entries, derived


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with_parent(parent: int) -> None:
    """Make a worker process end when the process that started it dies, even by SIGKILL
    (no orphans left reading): the kernel signals it (Linux), and, everywhere, a thread
    that sees it has a new parent ends it."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def give_back_memory() -> None:
    """Hand the pages the C allocator holds free back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Reading leaves many behind (what the readers sent,
    tens of MB on a large site): kept, they would count in the build's memory, and again in
    every process it forks. A few milliseconds."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _told(results: Iterable[Result], total: int, progress: Progress | None) -> Iterator[Result]:
    """``results`` as they come, telling ``progress`` how many there were so far."""
    if progress is None:
        yield from results
        return
    progress("reading files", 0, total)
    for done, result in enumerate(results, 1):
        progress("reading files", done, total)
        yield result


def _reuse(
    file: str, entry: SourceEntry | None
) -> SourceEntry | OSError | tuple[bytes, os.stat_result, str]:
    """The cached entry when the file is unchanged (same size and mtime, or same bytes);
    else its bytes, stat and digest, to parse; or why it cannot be read."""
    try:
        stat = os.stat(file)
        if entry is not None and (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
            return entry
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return exc
    file_digest = hashlib.sha256(data).hexdigest()
    if entry is not None and file_digest == entry.digest:
        return entry._replace(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    return data, stat, file_digest


def _entry_of(result: Result, stat: os.stat_result, file_digest: str) -> SourceEntry:
    item, problems, _ = result
    return SourceEntry(stat.st_size, stat.st_mtime_ns, file_digest, item, tuple(problems))


def _parse_one(
    task: tuple[Path, Config, Job, bytes, str, Derive | None, Path | None],
) -> Result:
    """One content file's bytes to its model (with its digest), and what ``derive`` makes
    of it; its body kept in ``spool``, if given."""
    content, config, job, data, item_digest, derive, spool = task
    src, problems = parse_source(data, job.rel, shown(content, job.rel))
    item = job.read(src, config, problems) if src is not None else None
    if item is None:
        return None, problems, None
    item = replace(item, digest=item_digest)
    derived = derive(config, item) if derive is not None else None
    if spool is None:
        return item, problems, derived
    if isinstance(derived, Fragment):
        derived = spooled_fragment(derived, spool)
    return spooled(item, spool), problems, derived

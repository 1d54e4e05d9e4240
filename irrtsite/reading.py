"""Reading content files into items, in worker processes on a large site.

Each file is read by a pure function of its bytes and the site settings, so the files can be
read in any order and in any process; results come back in the order of the jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from .config import Config
from .contentfiles import Job, shown
from .errors import Problem
from .models import Item
from .source import read_source

PARALLEL_MIN = 64  # files; fewer are read in this process

Result = tuple[Item | None, list[Problem]]

#: Told how far a stage of the build got: (stage, done, total); total 0: not counted.
Progress = Callable[[str, int, int], None]


def read_all(
    content: Path, config: Config, jobs: list[Job], workers: int, progress: Progress | None = None
) -> tuple[list[Item], list[Problem]]:
    """Every job's item (those that could be read) and every problem, in job order.

    ``progress`` is told ("reading files", done, total) as the files are read."""
    tasks = [(content, config, job) for job in jobs]
    if workers > 1 and len(tasks) >= PARALLEL_MIN:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            results = list(_told(pool.map(_read_one, tasks, chunksize=16), len(tasks), progress))
    else:
        results = list(_told(map(_read_one, tasks), len(tasks), progress))
    items: list[Item] = []
    problems: list[Problem] = []
    for item, found in results:
        problems.extend(found)
        if item is not None:
            items.append(item)
    return items, problems


def _told(results: Iterable[Result], total: int, progress: Progress | None) -> Iterator[Result]:
    """``results`` as they come, telling ``progress`` how many there were so far."""
    if progress is None:
        yield from results
        return
    progress("reading files", 0, total)
    for done, result in enumerate(results, 1):
        progress("reading files", done, total)
        yield result


def _read_one(task: tuple[Path, Config, Job]) -> Result:
    """One content file to its model."""
    content, config, job = task
    src, problems = read_source(content / job.rel, job.rel, shown(content, job.rel))
    item = job.read(src, config, problems) if src is not None else None
    return item, problems

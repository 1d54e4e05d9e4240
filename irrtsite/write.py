"""The only code that touches the output folder.

A build is rendered in memory first; nothing here runs unless it all
succeeded. Everything is planned before the live folder is touched: a folder
sitting where a file must go, a file or a symlink where a folder must go, is
refused then, with nothing replaced. Changed files are written to a staging
folder beside the output, then moved into place one by one (``renaming.put_in_place``),
so the live site never holds a half-written file (where there is no output
folder yet, the staging folder becomes it, in one rename). Unchanged files are left
alone. Files irrtsite wrote last time and no longer produces are removed;
files it never wrote (a CNAME, a publishing checkout's .git) are never
touched. The marker file lists what irrtsite wrote, and marks the folder as
ours; before the swap it is rewritten to list both the old and the new files,
so a swap cut short (Ctrl-C, a full disk) never leaves files no build will
clean up, and the files being replaced as unfinished (``? path`` lines), so the
next build compares each of them with what it should be, trusting no cache.

The swap is the only time the live folder holds old and new files together:
every folder is made and every file in the way removed first, then the staged
files are renamed in one tight loop (a rename each, nothing else), so the
window lasts as long as those renames (see docs/outputs.md).

``write_site`` runs four steps, each handed the same ``WritePlan``: plan (check
everything, decide what changes), stage, swap, prune.
"""

from __future__ import annotations

import filecmp
import gc
import multiprocessing
import os
import pickle
import re
import shutil
import stat
import threading
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .cache import frozen
from .errors import OutputError, PartialWrite
from .outputs import Output
from .reading import end_with_parent as _end_with_parent
from .reading import give_back_memory
from .renaming import put_in_place

MARKER = ".irrtsite-output"
STAGING_MARKER = ".irrtsite-staging"
_HEADER = "# written by irrtsite: the files below are its own; anything else here is left alone\n"
_UNFINISHED = (
    "# unfinished: a build stopped while replacing the files below; the next build compares each\n"
)
_PENDING = "? "
_STAGING_TEXT = (
    "# a staging folder of irrtsite: it deletes and recreates this folder on every build\n"
)


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


@dataclass(frozen=True)
class WritePlan:
    """What a write will do, decided (and checked) before the live folder is touched."""

    output: Path
    staging: Path
    planned: Mapping[str, Output]  # every file to be there, by path in the output folder
    previous: frozenset[str]  # the files the marker lists (the last build's, or more)
    stale: frozenset[str]  # of those, the ones no longer built: removed at the end
    in_way: tuple[str, ...]  # stale files where a folder or a file must go: removed first
    kept: frozenset[str]  # planned files known to be in place already: not even compared


class _RenderFailed(Exception):
    """Rendering an output raised an OSError: raised again as it was, not as a write error."""

    def __init__(self, error: OSError):
        super().__init__(error)  # (error,): the same again when sent from a helper process
        self.error = error


@dataclass
class _Progress:
    """How far a write got, for the message when it stops part way."""

    at: Path  # what is being written, named when an OSError does not say
    replaced: int = 0  # files renamed into the live folder
    removed: int = 0  # files removed from it
    folders: set[Path] = field(default_factory=set)  # staging folders made so far
    listing: str | None = None  # the marker's lines written before the swap (_listing)


def staging_folder(output: Path) -> Path:
    """Where a build is staged: beside the (resolved) output folder, so renames stay on one disk."""
    o = output.resolve()
    return o.parent / f".{o.name}.irrtsite-staging"


def _check_staging(staging: Path) -> None:
    """A folder at the staging path must be one irrtsite made (it is about to be deleted)."""
    if not (staging.is_symlink() or staging.exists()):
        return
    mark = staging / STAGING_MARKER
    if staging.is_symlink() or not staging.is_dir() or mark.is_symlink() or not mark.is_file():
        raise OutputError(
            f"{staging} exists and was not made by irrtsite: remove or rename it "
            "(irrtsite stages each build there)"
        )


def check_output_folder(content: Path, output: Path, force: bool = False) -> None:
    """Refuse an output folder that could destroy sources or someone else's files."""
    c, o = content.resolve(), output.resolve()
    if o == c:
        raise OutputError(f"output folder {output} is the content folder: choose another folder")
    if c.is_relative_to(o):
        raise OutputError(
            f"output folder {output} contains the content folder {content}: "
            "choose a folder outside it"
        )
    if o.is_relative_to(c):
        raise OutputError(
            f"output folder {output} is inside the content folder {content}: "
            "choose a folder outside it"
        )
    staging = staging_folder(output)
    if c.is_relative_to(staging):
        raise OutputError(
            f"the staging folder {staging} (where a build into {output} is staged) "
            f"is or contains the content folder {content}: rename it, or choose "
            "another output folder"
        )
    _check_staging(staging)
    if o.exists() and not o.is_dir():
        raise OutputError(f"output path {output} exists and is not a folder")
    ours = (o / MARKER).is_file() and not (o / MARKER).is_symlink()
    if o.is_dir() and not ours and any(o.iterdir()) and not force:
        raise OutputError(
            f"output folder {output} is not empty and was not made by irrtsite: "
            "empty it, choose another, or pass --force to build into it "
            "(files irrtsite does not produce are kept)"
        )


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("", ".", "..") for p in rel.parts)
        or "\\" in path
        or "\0" in path
        or rel.name == MARKER
    ):
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return rel


# A relative path with no empty, "." or ".." part, no backslash and no NUL.
_PLAIN = re.compile(r"(?!\.\.?(?:/|$))[^/\\\x00]+(?:/(?!\.\.?(?:/|$))[^/\\\x00]+)*")


def _previous(output: Path, planned: AbstractSet[str] = frozenset()) -> tuple[set[str], set[str]]:
    """What the last build wrote, and what it was replacing when it stopped (``? path``
    lines); entries that could lead outside are ignored. A line naming a ``planned`` file
    (checked already) is not checked again."""
    marker = output / MARKER
    if not marker.is_file() or marker.is_symlink():
        return set(), set()
    previous: set[str] = set()
    unfinished: set[str] = set()
    for line in marker.read_text(encoding="utf-8", errors="replace").splitlines():
        if line in planned and line[:1] not in "?#":
            previous.add(line)
            continue
        into = previous
        if line.startswith(_PENDING):
            into, line = unfinished, line[len(_PENDING) :]
        try:
            if line and not line.startswith("#"):
                into.add(_checked(line))
        except OutputError:
            continue
    return previous, unfinished


def _checked(path: str) -> str:
    """A path safe to write in the output folder, normalised; raises OutputError."""
    if _PLAIN.fullmatch(path) and path != MARKER and not path.endswith("/" + MARKER):
        return path  # the usual case, without pathlib's cost on a large site
    return _safe_relative(path).as_posix()


def _same(target: Path, source: Path | None, data: bytes | None) -> bool:
    """Is the live file already exactly this (a copy of ``source``, or ``data``)?"""
    if target.is_symlink() or not target.is_file():
        return False
    if source is not None:
        return filecmp.cmp(source, target, shallow=False)
    if data is None or target.stat().st_size != len(data):
        return False
    with open(target, "rb") as live, memoryview(data) as new:  # a part at a time: a large
        for at in range(0, len(new), _COMPARE):  # file (search.json) is not held twice
            if live.read(_COMPARE) != new[at : at + _COMPARE]:
                return False
    return True


_COMPARE = 1 << 20  # bytes of a live file compared at a time


def _ours_only(folder: Path, output: Path, stale: AbstractSet[str]) -> list[str] | None:
    """The files under ``folder`` when it holds only stale files of ours, else None.

    Every folder in it must lead to one of those files (so removing them empties it all):
    an empty folder, a symlink or any other file there is someone else's.
    """
    files: list[str] = []
    folders: set[Path] = {folder}
    covered: set[Path] = set()
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            if (Path(root) / name).is_symlink():
                return None
            folders.add(Path(root) / name)
        for name in names:
            path = Path(root) / name
            rel = path.relative_to(output).as_posix()
            if rel not in stale or path.is_symlink() or not path.is_file():
                return None
            files.append(rel)
            covered.update(path.parents)
    return files if folders <= covered else None


# -- plan: decide everything, refuse before the live folder changes ------------------------


def _targets(outputs: list[Output], kept: AbstractSet[str] = frozenset()) -> dict[str, Output]:
    """The outputs by their path in the output folder; refuses unsafe and duplicate paths
    (a ``kept`` path is one an earlier build checked and wrote: not checked again)."""
    planned: dict[str, Output] = {}
    for out in outputs:
        rel = out.path if out.path in kept else _checked(out.path)
        if rel in planned:
            raise OutputError(f"two outputs for one file: {rel}")
        planned[rel] = out
    return planned


def _folders_needed(
    planned: Mapping[str, Output], kept: AbstractSet[str] = frozenset()
) -> list[str]:
    """Every folder the planned files go in, parents first; refuses a path needed as both.

    Only the folders of files not ``kept`` are returned: a kept file is in place (its folder
    is one), and nothing is written into a folder that holds only kept files."""
    folders: set[str] = set()
    written: set[str] = set()
    for rel in planned:  # string work: this runs for every file of a large site
        cut = rel.rfind("/")
        if rel not in kept:
            while cut > 0 and rel[:cut] not in written:
                folders.add(rel[:cut])
                written.add(rel[:cut])
                cut = rel.rfind("/", 0, cut)
        while cut > 0 and rel[:cut] not in folders:
            folders.add(rel[:cut])
            cut = rel.rfind("/", 0, cut)
    clash = sorted(folders & planned.keys())
    if clash:
        raise OutputError(f"two outputs need {clash[0]} to be both a file and a folder")
    return sorted(written, key=lambda f: (f.count("/"), f))


def _files_where_folders_go(output: Path, folders: list[str], stale: AbstractSet[str]) -> list[str]:
    """Stale files of ours where a folder must go; refuses anything else in the way."""
    in_way: list[str] = []
    for folder in folders:
        try:
            mode = os.lstat(os.path.join(output, folder)).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        if stat.S_ISDIR(mode):
            continue
        here = output / folder
        if stat.S_ISLNK(mode):
            raise OutputError(f"refusing to write through the symlink {here}")
        if here.exists() and not here.is_dir():
            if folder in stale and here.is_file():
                in_way.append(folder)  # a file we wrote last time, no longer built
                continue
            raise OutputError(f"{here} is a file where a folder is needed: remove or rename it")
    return in_way


def _folders_where_files_go(
    output: Path, planned: Mapping[str, Output], stale: AbstractSet[str], kept: AbstractSet[str]
) -> list[str]:
    """The files in folders where a file must go, when all are stale files of ours; else refuses.

    A kept file (the caller saw it in place, with the size and mtime it was written with)
    is a file: not looked at again."""
    in_way: list[str] = []
    folder = os.fspath(output)
    for rel in sorted(planned.keys() - kept if kept else planned):
        try:
            if not stat.S_ISDIR(os.lstat(f"{folder}/{rel}").st_mode):
                continue
        except (FileNotFoundError, NotADirectoryError):
            continue
        target = output / rel
        if target.is_dir() and not target.is_symlink():
            ours = _ours_only(target, output, stale)
            if ours is None:
                raise OutputError(
                    f"{target} is a folder where a file is needed: remove or rename it"
                )
            in_way.extend(ours)
    return in_way


def _in_the_way(
    output: Path,
    planned: Mapping[str, Output],
    stale: AbstractSet[str],
    kept: AbstractSet[str] = frozenset(),
) -> list[str]:
    """Check every target before anything is touched; returns stale files of ours in the way.

    Raises OutputError when a folder sits where a file must go, or a file or a symlink
    where a folder must go, unless what is in the way is only files our last build wrote.
    """
    in_way = _files_where_folders_go(output, _folders_needed(planned, kept), stale)
    in_way += _folders_where_files_go(output, planned, stale, kept)
    marker = output / MARKER
    if (marker.exists() or marker.is_symlink()) and (marker.is_symlink() or not marker.is_file()):
        raise OutputError(f"{marker} is not a file: remove it")
    return in_way


def _plan(outputs: list[Output], output: Path, kept: AbstractSet[str]) -> WritePlan:
    """Decide the whole write. Refusals raise OutputError; by then at most an empty output
    folder has been made (when there was none)."""
    planned = _targets(outputs, kept)
    staging = staging_folder(output)
    _check_staging(staging)
    output.parent.mkdir(parents=True, exist_ok=True)  # the staging folder goes beside it
    listed, unfinished = _previous(output, planned.keys())
    previous = frozenset(listed)
    stale = previous - planned.keys()
    # a file a stopped build was replacing may be old or new: compare it, whatever the cache says
    known = frozenset(kept) - unfinished
    in_way = tuple(_in_the_way(output, planned, stale, known))
    return WritePlan(output, staging, planned, previous, stale, in_way, known)


# -- stage: write changed files beside the output folder ----------------------------------


def _new_staging(staging: Path) -> None:
    _check_staging(staging)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    (staging / STAGING_MARKER).write_text(_STAGING_TEXT, encoding="utf-8")


def _stage(plan: WritePlan, progress: _Progress, helpers: Helpers | None = None) -> tuple[str, ...]:
    """Render every file not kept, one at a time, and write those that differ from the live
    file into a fresh staging folder; the live folder is not touched. Returns them, sorted.

    With ``helpers`` and enough files to render, forked processes render and stage a share
    of them beside this one (``_stage_shared``)."""
    progress.at = plan.staging
    _new_staging(plan.staging)
    todo = sorted(plan.planned.keys() - plan.kept)
    lazy = [rel for rel in todo if plan.planned[rel].make is not None]
    if helpers is None or helpers.workers < 2 or len(lazy) < SHARED_MIN:
        changed, _, failure = _stage_each(plan, todo, progress)
        if failure is not None:
            raise failure[1]
        return changed
    here = [rel for rel in todo if plan.planned[rel].make is None]
    return _stage_shared(plan, here, lazy, helpers, progress)


def _stage_file(plan: WritePlan, rel: str, progress: _Progress) -> tuple[bool, bytes | None]:
    """Render one file (or find the file it copies) and stage it when it differs from the
    live one: (staged or not, the bytes rendered; None for a copied file)."""
    out = plan.planned[rel]  # (never a streamed output: ``_Streamed``)
    try:
        data = None if out.source is not None else out.bytes()
    except OSError as exc:  # a renderer's error (a missing template), not a write error
        raise _RenderFailed(exc) from exc
    if _same(plan.output / rel, out.source, data):
        return False, data
    progress.at = target = plan.staging / rel
    if target.parent not in progress.folders:  # each made once (a build makes thousands)
        target.parent.mkdir(parents=True, exist_ok=True)
        progress.folders.add(target.parent)
    if out.source is not None:
        _copied(out.source, target, out.linkable)
    elif data is not None:
        target.write_bytes(data)
    return True, data


def _copied(source: Path, target: Path, linkable: bool) -> None:
    """``source`` copied to ``target``, or, when ``linkable``, hard-linked there (where a
    link cannot be made, on another file system, copied)."""
    if linkable:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)


SHARED_MIN = 64  # files to render; fewer are rendered in this process alone
SHARED_RUN = 16  # files next to each other (by path) rendered by the same process


@dataclass
class Helpers:
    """Processes that render and stage files beside the build's own (a large build). Each
    is forked from the build, so it renders from the very objects the build holds; what the
    build would learn from rendering a file (a page's links) comes back from ``note``, which
    the helper calls on each file it renders, in ``notes`` (by path)."""

    workers: int  # processes rendering, the build's own included
    note: Callable[[str, bytes], object]
    notes: dict[str, object] = field(default_factory=dict)


# what a forked helper works on: set just before the fork, read only in the helper
_SHARED: tuple[WritePlan, list[list[str]], Callable[[str, bytes], object]] | None = None


def _stage_shared(
    plan: WritePlan, here: list[str], lazy: list[str], helpers: Helpers, progress: _Progress
) -> tuple[str, ...]:
    """Stage the files to copy and a share of those to render here, the other shares in
    forked helpers, at the same time. The error raised, if any, is that of the first file
    (by path) whose rendering or staging failed, as when one process stages them all: each
    process stops at its first, in path order, so the first of all is among those found."""
    global _SHARED
    # runs of neighbours (a folder's feed.xml and atom.xml share their entries' work), dealt out
    runs = [lazy[at : at + SHARED_RUN] for at in range(0, len(lazy), SHARED_RUN)]
    shares = [
        [rel for run in runs[n :: helpers.workers] for rel in run] for n in range(helpers.workers)
    ]
    _SHARED = (plan, shares, helpers.note)
    give_back_memory()  # what is free is not copied into the helpers' counts
    context = multiprocessing.get_context("fork")  # shares the build's objects
    pool = ProcessPoolExecutor(
        helpers.workers - 1, context, initializer=_end_with_parent, initargs=(os.getpid(),)
    )
    try:
        with frozen(), pool:
            gc.freeze()  # objects stay where they are: fewer pages copied into the helpers
            futures = [pool.submit(_stage_share, n) for n in range(1, helpers.workers)]
            done, _, failure = _stage_each(plan, here + shares[0], progress)
            changed = list(done)
            failures = [failure] if failure is not None else []
            for future in futures:
                done, notes, failure = future.result()
                changed += done
                helpers.notes.update(notes)
                if failure is not None:
                    failures.append(failure)
    finally:
        _SHARED = None
    if failures:
        raise min(failures, key=_failed_at)[1]
    return tuple(sorted(changed))


Failure = tuple[str, BaseException]  # the path whose rendering or staging failed, and why


def _stage_each(
    plan: WritePlan,
    todo: list[str],
    progress: _Progress,
    note: Callable[[str, bytes], object] | None = None,
) -> tuple[tuple[str, ...], dict[str, object], Failure | None]:
    """Stage ``todo`` (sorted) up to the first failure: (the files staged, what ``note``
    said of each file rendered, the failure)."""
    notes: dict[str, object] = {}
    done: list[str] = []
    streams = [_Streamed(plan, rel) for rel in todo if plan.planned[rel].stream is not None]
    failures: list[Failure] = []
    for thread in streams:
        thread.start()
    try:
        for rel in todo:
            if plan.planned[rel].stream is not None:
                continue
            try:
                staged, data = _stage_file(plan, rel, progress)
            except Exception as exc:  # raised by the build, as if it had staged it itself
                failures.append((rel, exc))
                break
            if note is not None and data is not None and plan.planned[rel].make is not None:
                notes[rel] = note(rel, data)
            if staged:
                done.append(rel)
    finally:
        for thread in streams:
            thread.join()
    for thread in streams:
        if thread.error is None:
            done.append(thread.rel)
        else:
            failures.append((thread.rel, thread.error))
    if streams:
        done.sort()
    return tuple(done), notes, min(failures, key=_failed_at) if failures else None


def _failed_at(failure: Failure) -> str:
    return failure[0]


class _Streamed(threading.Thread):
    """A streamed output (search.json), staged by a thread of its own while the other files
    are rendered: most of its bytes are copied file to file by the kernel, which leaves
    Python free to go on. ``error``: why it could not be staged."""

    def __init__(self, plan: WritePlan, rel: str):
        super().__init__(name=f"irrtsite: {rel}", daemon=True)
        self.plan, self.rel = plan, rel
        self.error: Exception | None = None

    def run(self) -> None:
        target = self.plan.staging / self.rel
        write = self.plan.planned[self.rel].stream
        assert write is not None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb", buffering=0) as file:
                write(file)
        except OSError as exc:  # named as the write error message names files
            self.error = exc if exc.filename else OSError(exc.errno, exc.strerror, str(target))
        except Exception as exc:  # a renderer's error, raised as if staged in order
            self.error = exc


def _stage_share(n: int) -> tuple[tuple[str, ...], dict[str, object], Failure | None]:
    """In a helper: stage share ``n`` of the files to render (``_stage_each``)."""
    assert _SHARED is not None
    plan, shares, note = _SHARED
    done, notes, failure = _stage_each(plan, shares[n], _Progress(at=plan.staging), note)
    if failure is not None:
        failure = (failure[0], _portable(failure[1]))
    return done, notes, failure


def _portable(exc: BaseException) -> BaseException:
    """``exc``, or a RuntimeError saying it, when it cannot be sent between processes."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


# -- swap: the live folder changes from here on -------------------------------------------


def _listing(files: AbstractSet[str]) -> str:
    """The marker's lines of ``files``, sorted."""
    return "".join(line + "\n" for line in sorted(files))


def _write_marker(
    output: Path,
    staging: Path,
    files: AbstractSet[str] | str,
    unfinished: tuple[str, ...] = (),
) -> None:
    """Replace the marker in one rename (staged first), unless it already says the same.
    ``files``: what it lists, or their lines (``_listing``). ``unfinished`` are the files
    about to be replaced, for the next build to check."""
    text = _HEADER + (files if isinstance(files, str) else _listing(files))
    if unfinished:
        text += _UNFINISHED + "".join(f"{_PENDING}{rel}\n" for rel in unfinished)
    marker = output / MARKER
    if (
        marker.is_file()
        and not marker.is_symlink()
        and marker.read_text(encoding="utf-8", errors="replace") == text
    ):
        return
    staged = staging / MARKER
    staged.write_text(text, encoding="utf-8")
    if put_in_place(os.fspath(staged), os.fspath(marker)):
        staged.unlink()  # the marker it replaced


def _swap(plan: WritePlan, changed: tuple[str, ...], progress: _Progress) -> None:
    """Move the staged files into place: one rename per changed file.

    First the marker claims every file, old and new, so a swap cut short leaves nothing
    the next build will not clean up, and names the changed files as unfinished; then
    stale files of ours in the way are removed and every folder is made. Only then do
    old and new meet: the renames run in one loop that does nothing else.
    """
    if not (plan.output.exists() or plan.output.is_symlink()):  # a first or "warm" build:
        (plan.staging / STAGING_MARKER).unlink()  # the staged folder becomes the output,
        _write_marker(plan.staging, plan.staging, plan.planned.keys())  # in one rename
        progress.at = plan.output
        os.rename(plan.staging, plan.output)
        progress.replaced = len(changed)
        return
    plan.output.mkdir(exist_ok=True)  # only now: a render that fails leaves no trace
    progress.at = plan.output / MARKER
    progress.listing = _listing(plan.previous | plan.planned.keys())  # (see _prune)
    _write_marker(plan.output, plan.staging, progress.listing, changed)
    for rel in plan.in_way:
        progress.at = target = plan.output / rel
        target.unlink()
        progress.removed += 1
        _remove_empty_folders(plan.output, target.parent)
    for folder in sorted({rel.rpartition("/")[0] for rel in changed} - {""}):
        progress.at = plan.output / folder
        (plan.output / folder).mkdir(parents=True, exist_ok=True)
    staged, live = os.fspath(plan.staging), os.fspath(plan.output)
    try:
        for rel in changed:  # the window: renames only (the files replaced go to staging)
            put_in_place(os.path.join(staged, rel), os.path.join(live, rel))
            progress.replaced += 1
    except OSError:
        progress.at = plan.output / changed[progress.replaced]  # named when the error does not
        raise


# -- prune: remove what our last build wrote and this one does not ------------------------


def _parents_are_folders(output: Path, rel: str) -> bool:
    here = output
    for part in PurePosixPath(rel).parts[:-1]:
        here = here / part
        if here.is_symlink() or not here.is_dir():
            return False
    return True


def _remove_empty_folders(output: Path, folder: Path) -> None:
    """Remove folders left empty by a removal, up to the output folder."""
    while folder != output and folder.is_dir() and _empty(folder):
        folder.rmdir()
        folder = folder.parent


def _empty(folder: Path) -> bool:
    """Does the folder hold nothing? Reads no more than its first entry (a folder of search
    files holds thousands, and each one removed asks)."""
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _prune(plan: WritePlan, progress: _Progress) -> None:
    """Remove stale files of ours (never through a symlink), then list only this build's."""
    for rel in sorted(plan.stale - set(plan.in_way)):
        progress.at = target = plan.output / rel
        if _parents_are_folders(plan.output, rel) and (target.is_file() or target.is_symlink()):
            target.unlink()
            progress.removed += 1
            _remove_empty_folders(plan.output, target.parent)
    progress.at = plan.output / MARKER
    # no stale file: the files listed before the swap are this build's (none sorted again)
    listed = progress.listing if progress.listing is not None and not plan.stale else None
    _write_marker(plan.output, plan.staging, plan.planned.keys() if listed is None else listed)


def write_site(
    outputs: list[Output],
    output: Path,
    kept: AbstractSet[str] = frozenset(),
    helpers: Helpers | None = None,
) -> WriteReport:
    """Bring ``output`` to exactly ``outputs`` (plus files irrtsite never wrote).

    Lazy outputs are rendered one at a time while staging, so a build never holds every
    file in memory. Paths in ``kept`` are outputs the caller knows to be in place already
    (``cache.py``: same key, same size and mtime as when written): they are neither
    rendered nor compared. ``helpers``: processes that render a share of the files
    (``Helpers``).

    Refusals raise OutputError before the live folder is changed. An OSError while
    writing (a full disk, no permission) is raised as OutputError("cannot write PATH:
    REASON"); the marker then already lists every file, so the next build finishes
    the job. Ctrl-C once files were replaced or removed is raised as PartialWrite.
    """
    progress = _Progress(at=output)
    try:
        plan = _plan(outputs, output, kept)
        changed: tuple[str, ...] = ()
        try:
            changed = _stage(plan, progress, helpers)
            _swap(plan, changed, progress)
            _prune(plan, progress)
        except KeyboardInterrupt as exc:
            if progress.replaced or progress.removed:
                raise PartialWrite(output, progress.replaced, progress.removed) from exc
            raise
        finally:
            shutil.rmtree(plan.staging, ignore_errors=True)
    except OSError as exc:
        where = exc.filename2 or exc.filename or progress.at
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from exc
    except _RenderFailed as failed:
        raise failed.error from None
    return WriteReport(len(changed), len(plan.planned) - len(changed), progress.removed)

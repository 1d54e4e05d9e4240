"""The only code that touches the output folder.

A build is rendered in memory first; nothing here runs unless it all
succeeded. Changed files are written to a staging folder beside the output,
then moved into place one by one (``os.replace``), so the live site never
holds a half-written file. Unchanged files are left alone. Files irrtsite wrote
last time and no longer produces are removed; files it never wrote (a CNAME,
a publishing checkout's .git) are never touched. The marker file lists what
irrtsite wrote, and marks the folder as ours.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import OutputError
from .outputs import Output

MARKER = ".irrtsite-output"
_HEADER = "# written by irrtsite: the files below are its own; anything else here is left alone\n"


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def check_output_folder(content: Path, output: Path, force: bool = False) -> None:
    """Refuse an output folder that could destroy sources or someone else's files."""
    c, o = content.resolve(), output.resolve()
    if o == c:
        raise OutputError(f"output folder {output} is the content folder: choose another folder")
    if c.is_relative_to(o):
        raise OutputError(f"output folder {output} contains the content folder {content}: "
                          "choose a folder outside it")
    if o.is_relative_to(c):
        raise OutputError(f"output folder {output} is inside the content folder {content}: "
                          "choose a folder outside it")
    if o.exists() and not o.is_dir():
        raise OutputError(f"output path {output} exists and is not a folder")
    if o.is_dir() and not (o / MARKER).is_file() and any(o.iterdir()) and not force:
        raise OutputError(f"output folder {output} is not empty and was not made by irrtsite: "
                          "empty it, choose another, or pass --force to build into it "
                          "(files irrtsite does not produce are kept)")


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts) \
            or "\\" in path or "\0" in path or rel.name == MARKER:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return rel


def _previous(output: Path) -> set[str]:
    """What the last build wrote (entries that could lead outside are ignored)."""
    marker = output / MARKER
    if not marker.is_file():
        return set()
    previous = set()
    for line in marker.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            if line and not line.startswith("#"):
                previous.add(_safe_relative(line).as_posix())
        except OutputError:
            continue
    return previous


def _same(target: Path, out: Output) -> bool:
    if target.is_symlink() or not target.is_file():
        return False
    if out.source is not None:
        return filecmp.cmp(out.source, target, shallow=False)
    return target.stat().st_size == len(out.data) and target.read_bytes() == out.data


def _check_parents(output: Path, rel: PurePosixPath) -> None:
    """No folder on the way may be a symlink (it could lead outside)."""
    here = output
    for part in rel.parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise OutputError(f"refusing to write through the symlink {here}")
        if here.exists() and not here.is_dir():
            raise OutputError(f"{here} is a file where a folder is needed")


def write_site(outputs: list[Output], output: Path) -> WriteReport:
    """Bring ``output`` to exactly ``outputs`` (plus files irrtsite never wrote)."""
    planned: dict[str, Output] = {}
    for out in outputs:
        rel = _safe_relative(out.path).as_posix()
        if rel in planned:
            raise OutputError(f"two outputs for one file: {rel}")
        planned[rel] = out
    output.mkdir(parents=True, exist_ok=True)
    previous = _previous(output)
    changed = [rel for rel in sorted(planned) if not _same(output / rel, planned[rel])]
    staging = output.parent / f".{output.name}.irrtsite-staging"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for rel in changed:
            _check_parents(output, PurePosixPath(rel))
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            out = planned[rel]
            if out.source is not None:
                shutil.copyfile(out.source, target)
            else:
                target.write_bytes(out.data)
        for rel in changed:                       # the swap: one rename per changed file
            target = output / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    stale = sorted(previous - planned.keys())
    removed = 0
    for rel in stale:
        target = output / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed += 1
            _prune(output, target.parent)
    (output / MARKER).write_text(_HEADER + "".join(f"{rel}\n" for rel in sorted(planned)),
                                 encoding="utf-8")
    return WriteReport(len(changed), len(planned) - len(changed), removed)


def _prune(output: Path, folder: Path) -> None:
    """Remove folders left empty by a removal, up to the output folder."""
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

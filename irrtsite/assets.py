"""Files copied as they are: the theme's assets/ and content/static/."""

from __future__ import annotations

from pathlib import Path

from . import urls
from .keys import Fingerprint
from .outputs import Output
from .site import Site


def render_assets(site: Site, templates: Path, fp: Fingerprint) -> list[Output]:
    files = list(site.static)
    folder = templates / "assets"
    if folder.is_dir():
        for file in sorted(folder.rglob("*")):
            hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
            if file.is_file() and not hidden:
                files.append((urls.asset(file.relative_to(folder).as_posix()), file))
    return [Output(rel, source=file, key=_copy_key(fp, file)) for rel, file in files]


def _copy_key(fp: Fingerprint, file: Path) -> str:
    """A copied file changes when its source does (its size or modification time)."""
    try:
        stat = file.stat()
    except OSError:
        return ""
    return fp.of("copy", str(file), stat.st_size, stat.st_mtime_ns)

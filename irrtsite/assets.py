"""Files copied as they are: the theme's assets/ and content/static/."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import urls
from .keys import Fingerprint
from .outputs import Output
from .site import Site


def render_assets(site: Site, theme: Sequence[Path], fp: Fingerprint | None = None) -> list[Output]:
    """content/static/, and the assets/ of the theme's folders: for each file name, the
    first folder that has it wins (a site's own templates/assets/ before the shipped one)."""
    fp = fp or Fingerprint()
    out = [Output(rel, source=file, key=_copy_key(fp, file)) for rel, file in site.static]
    chosen: dict[str, Path] = {}
    for folder in (templates / "assets" for templates in theme):
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                rel = file.relative_to(folder).as_posix()
                hidden = any(part.startswith(".") for part in rel.split("/"))
                if file.is_file() and not hidden:
                    chosen.setdefault(rel, file)
    out.extend(
        Output(urls.asset(rel), source=chosen[rel], key=_copy_key(fp, chosen[rel]))
        for rel in sorted(chosen)
    )
    return out


def _copy_key(fp: Fingerprint, file: Path) -> str:
    """A copied file changes when its source does (its size or modification time)."""
    try:
        stat = file.stat()
    except OSError:
        return ""
    return fp.of("copy", str(file), stat.st_size, stat.st_mtime_ns)

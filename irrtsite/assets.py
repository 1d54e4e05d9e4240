"""Files copied as they are: the theme's assets/ and content/static/."""

from __future__ import annotations

from pathlib import Path

from . import urls
from .outputs import Output
from .site import Site


def render_assets(site: Site, templates: Path) -> list[Output]:
    out = [Output(rel, source=file) for rel, file in site.static]
    folder = templates / "assets"
    if folder.is_dir():
        for file in sorted(folder.rglob("*")):
            hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
            if file.is_file() and not hidden:
                out.append(Output(urls.asset(file.relative_to(folder).as_posix()), source=file))
    return out

"""Every internal link and image in the built site must lead to a file of the site."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .config import Config
from .errors import Problem
from .outputs import Output

_ATTR = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""", re.S)


def _target(config: Config, page: str, url: str) -> str | None:
    """The output file a link points to, or None for external and special links."""
    url = url.replace("&amp;", "&")
    if url.startswith(config.base_url):
        url = config.base_path + url[len(config.base_url) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(config.base_path):
            return "\0" + path  # outside the site's base path
        path = path[len(config.base_path) :]
    else:  # relative to the page's folder
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        path = folder + path
    kept: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if kept:
                kept.pop()
        elif part not in ("", "."):
            kept.append(part)
    resolved = "/".join(kept)
    return resolved + "/index.html" if path.endswith("/") or not path else resolved


def broken_links(outputs: list[Output], config: Config) -> list[Problem]:
    """A warning for every internal link or image that leads to no built file.

    A link that is broken on many pages (one in a template) is reported once.
    """
    files = {o.path for o in outputs}
    broken: dict[str, list[str]] = {}
    for out in outputs:
        if not out.path.endswith(".html") or out.data is None:
            continue
        for url in dict.fromkeys(m.group(2) for m in _ATTR.finditer(out.data.decode("utf-8"))):
            target = _target(config, out.path, url)
            if target is None:
                continue
            target = target if target.startswith("\0") else target.lstrip("/")
            if target not in files and target.removesuffix("/index.html") not in files:
                broken.setdefault(url, []).append(out.origin or out.path)
    problems = []
    for url, pages in sorted(broken.items()):
        more = f" (and on {len(pages) - 1} other pages)" if len(pages) > 1 else ""
        problems.append(
            Problem(pages[0], 0, f"link to {url} leads to no page of the site{more}", True)
        )
    return problems

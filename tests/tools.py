"""Helpers for tests that need external tooling: a headless browser, the Nu
Html Checker (vnu) and axe-core.

Nothing here touches the network: Chromium is Debian's (/usr/bin/chromium,
never a ``playwright install`` download), and vnu.jar / axe-core come from
``tools/node_modules`` (``npm ci --prefix tools``, see tools/package.json).

When a tool is missing, tests are *skipped* on a developer machine but *fail*
under CI (``CI=true``), so CI can never go green by silently skipping.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = REPO_ROOT / "tools"
NODE_MODULES = TOOLS_DIR / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: vnu.jar needs Java 17 or later.
VNU_MIN_JAVA = 17
#: Files per JVM run of vnu (keeps the command line well below ARG_MAX).
VNU_BATCH = 1000

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_INSTALL_HINT = {
    "chromium": "apt-get install chromium",
    "playwright": 'python -m pip install -e ".[test]"',
    "java": "apt-get install default-jre-headless",
    "vnu": "npm ci --prefix tools",
    "axe": "npm ci --prefix tools",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def tool_missing(what: str) -> None:
    """Skip the current test locally, fail it under CI (CI=true).

    ``what`` says which tool is missing and how to get it. Never returns.
    """
    reason = f"required test tool missing: {what}"
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------
# Static file server
# --------------------------------------------------------------------------


def _normalize_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    return prefix if prefix == "/" else prefix + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler serving files only below ``url_prefix``."""

    url_prefix = "/"  # set on a subclass by serve()

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".atom": "application/atom+xml",
        ".rss": "application/rss+xml",
        ".xml": "application/xml",
        ".webmanifest": "application/manifest+json",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib name
        pass

    def _url_path(self) -> str:
        return urllib.parse.urlsplit(self.path).path

    def send_head(self):
        prefix = self.url_prefix
        path = self._url_path()
        if prefix != "/":
            if path == prefix.rstrip("/"):
                # /intl -> /intl/ like a real server would do for a directory
                self.send_response(301)
                query = urllib.parse.urlsplit(self.path).query
                self.send_header("Location", prefix + ("?" + query if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not path.startswith(prefix):
                self.send_error(404, "Not under " + prefix)
                return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        prefix = self.url_prefix
        if prefix != "/":
            parts = urllib.parse.urlsplit(path)
            if parts.path.startswith(prefix):
                path = "/" + parts.path[len(prefix) :]
        return super().translate_path(path)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def serve(directory: os.PathLike | str, prefix: str = "/") -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (ephemeral port).

    Yields the base URL **without** a trailing slash, including the prefix:
    ``http://127.0.0.1:PORT`` for ``prefix="/"`` and
    ``http://127.0.0.1:PORT/intl`` for ``prefix="/intl/"``; so
    ``f"{base}/x.html"`` works either way. With a prefix, ``/intl/x.html``
    serves ``directory/x.html`` and anything outside the prefix is a 404.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(directory)
    norm = _normalize_prefix(prefix)
    handler = type(
        "_Handler",
        (_QuietHandler,),
        {"url_prefix": norm},
    )
    handler_factory = functools.partial(handler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler_factory)
    port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}" + norm.rstrip("/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def origin_of(url: str) -> str:
    """``http://127.0.0.1:PORT/intl/x`` -> ``http://127.0.0.1:PORT``."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@contextmanager
def browser(**launch_kwargs) -> Iterator[object]:
    """Launch Debian's Chromium headless through sync Playwright; yields the Browser.

    Extra keyword arguments go to ``chromium.launch``. Nothing is fetched
    from the network: serve the site with serve() and open pages from it.
    """
    if not os.access(CHROMIUM, os.X_OK):
        tool_missing(f"{CHROMIUM} ({_INSTALL_HINT['chromium']})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        tool_missing(f"the playwright Python package ({_INSTALL_HINT['playwright']})")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=list(CHROMIUM_ARGS),
            headless=True,
            **launch_kwargs,
        )
        try:
            yield b
        finally:
            b.close()


# --------------------------------------------------------------------------
# Nu Html Checker (vnu)
# --------------------------------------------------------------------------


@functools.cache
def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0" style
        major = int(m.group(2))
    return major


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java:
        tool_missing(f"java, Java {VNU_MIN_JAVA}+ for vnu.jar ({_INSTALL_HINT['java']})")
    major = _java_major(java)
    if major is None or major < VNU_MIN_JAVA:
        tool_missing(
            f"Java {VNU_MIN_JAVA}+ for vnu.jar; {java} is version {major} ({_INSTALL_HINT['java']})"
        )
    if not VNU_JAR.is_file():
        tool_missing(f"{VNU_JAR} ({_INSTALL_HINT['vnu']})")
    return [
        java,
        "-Xss4m",  # vnu docs: deep documents can overflow the default stack
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--errors-only",
        "--stdout",
        "--exit-zero-always",
    ]


def _url_to_path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        return urllib.request.url2pathname(parts.path)
    return url


def vnu_check(paths: Iterable[os.PathLike | str], *, extra_args: Sequence[str] = ()) -> list[str]:
    """Validate HTML files with vnu.jar (one JVM per batch of up to VNU_BATCH files).

    Returns ``["file:line: message", ...]`` for errors only (info and
    warnings are ignored); an empty list means every file is valid. The
    file part is the path as the caller passed it. Raises FileNotFoundError
    for a path that is not a file (vnu itself would silently ignore it).
    """
    given = [Path(p) for p in paths]
    if not given:
        return []
    cmd = _vnu_command()
    missing = [str(p) for p in given if not p.is_file()]
    if missing:
        raise FileNotFoundError("vnu_check: not files: " + ", ".join(missing))
    shown = {str(p.resolve()): str(p) for p in given}
    errors: list[str] = []
    for start in range(0, len(given), VNU_BATCH):
        batch = given[start : start + VNU_BATCH]
        proc = subprocess.run(
            [*cmd, *extra_args, *(str(p.resolve()) for p in batch)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=1800,
        )
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(
                f"vnu.jar gave no JSON report (exit {proc.returncode}).\n"
                f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}"
            ) from None
        for msg in report.get("messages", []):
            kind = msg.get("type")
            if kind not in ("error", "non-document-error"):
                continue
            url = msg.get("url", "")
            resolved = _url_to_path(url)
            where = shown.get(str(Path(resolved).resolve()) if resolved != url else url, resolved)
            line = msg.get("lastLine") or msg.get("firstLine") or 0
            text = msg.get("message", "").strip()
            if kind == "non-document-error":
                text = f"(non-document error) {text}"
            errors.append(f"{where}:{line}: {text}")
    return errors


# --------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------

_AXE_LOADED = "() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"

_AXE_RUN = """
async ([tags, extra]) => {
  const options = Object.assign({runOnly: {type: 'tag', values: tags}}, extra || {});
  const results = await axe.run(document, options);
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    description: v.description,
    helpUrl: v.helpUrl,
    tags: v.tags,
    nodes: v.nodes.map(n => ({
      target: n.target,
      html: n.html,
      failureSummary: n.failureSummary,
    })),
  }));
}
"""


def axe_check(page, tags: Sequence[str] = WCAG_TAGS, *, options: dict | None = None) -> list[dict]:
    """Run axe-core (from tools/node_modules, no network) on a Playwright page.

    Returns the violations: dicts with ``id``, ``impact``, ``help``,
    ``description``, ``helpUrl``, ``tags`` and ``nodes`` (each with
    ``target``, a list of CSS selectors, ``html`` and ``failureSummary``).
    ``options`` is merged into the axe.run options (e.g. ``{"rules": {...}}``).
    Works on pages with a strict Content-Security-Policy too (falls back to
    evaluating the axe source when the inline <script> tag is refused).
    """
    if not AXE_JS.is_file():
        tool_missing(f"{AXE_JS} ({_INSTALL_HINT['axe']})")
    if not page.evaluate(_AXE_LOADED):
        try:
            page.add_script_tag(path=str(AXE_JS))
        except Exception as exc:  # playwright.sync_api.Error
            if "Content Security Policy" not in str(exc):
                raise
            # A page CSP forbids inline <script>; evaluating the source through
            # the DevTools protocol is not subject to the page's CSP.
            page.evaluate(_axe_source() + "\n;void 0")
        if not page.evaluate(_AXE_LOADED):
            raise RuntimeError(f"axe-core did not load into {page.url}")
    return page.evaluate(_AXE_RUN, [list(tags), options or {}])


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: Sequence[dict]) -> str:
    """Readable multi-line text for an assertion message."""
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact') or '?'}]: {v.get('help', '')}")
        for node in v.get("nodes", []):
            target = " ".join(
                t if isinstance(t, str) else " >>> ".join(t) for t in node.get("target", [])
            )
            html = (node.get("html") or "").replace("\n", " ")
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    at {target}: {html}")
    return "\n".join(lines)


def first_page(site: Path, pattern: str, contains: str = "") -> str:
    """Site-relative URL of the first page matching ``pattern`` (and containing ``contains``):
    one page of a kind, for the tests that visit every kind of page."""
    found = [p for p in sorted(site.glob(pattern)) if contains in p.read_text(encoding="utf-8")]
    assert found, f"the sample site has no page {pattern} {contains}"
    return found[0].relative_to(site).as_posix().removesuffix("index.html")

"""``irrtsite serve``: the live preview. Nothing here prints and nothing is written anywhere.

The site is built in memory and kept there (``pipeline.Session``: a save re-reads only the
changed files and re-renders only the outputs whose key changed), and served over HTTP under
its base path; static files and theme assets are read from their source files on each request. The
content folder, site.yaml and the templates folder are watched (watchfiles, which groups a
burst of events into one batch); every batch rebuilds the site and tells the open pages over
server-sent events, and they reload. The script that listens (``serve_client.js``, at
``/__irrtsite/reload.js``) is put into served HTML only, never into what ``build`` writes.
While the content has errors, the last good site is still served and the open pages show the
problems as ``path:line: message``.

Threads: the caller's (``start``, then ``wait`` until Ctrl-C, then ``stop``); the HTTP
server's, plus one per request (an open page keeps one for its event stream); the watcher's,
which also rebuilds, so builds never overlap and changes made during one make the next.
"""

from __future__ import annotations

import contextlib
import gc
import json
import mimetypes
import os
import secrets
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from urllib.parse import unquote, urlsplit

import watchfiles

from .errors import Problem, count, errors_only
from .outputs import Output
from .pipeline import Session, SiteFiles, default_templates
from .templates import TemplateProblem, theme_folders

RESERVED = "/__irrtsite/"  # the preview's own addresses, outside any site
CLIENT_URL = RESERVED + "reload.js"
EVENTS_URL = RESERVED + "events"
CLIENT = Path(__file__).resolve().with_name("serve_client.js")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (finds closed pages)
STEP_MS = 20  # a batch of changes ends after this long without another one ...
DEBOUNCE_MS = 1600  # ... or after this long in all
READY_TIMEOUT = 30.0  # seconds to wait for the watcher to start
FINISH_AFTER = 0.1  # seconds for the open pages to reload before the rest is rendered

EVENTS = "text/event-stream; charset=utf-8"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}

PLACEHOLDER = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Preview: the site has errors</title></head>
<body>
<main>
<h1>The site could not be built</h1>
<p>Fix the problems listed on this page; it will reload by itself when the site builds.</p>
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class Snapshot:
    """What is served: the last good site, and the errors of the latest build."""

    version: str  # a new one for every good build; "" before the first
    base_path: str  # "/" or "/intl/"
    files: SiteFiles  # by path (the search files made when first asked for)
    problems: tuple[str, ...]  # path:line: message; () when the latest build worked


@dataclass(frozen=True)
class Rebuild:
    """One build, for the command line to print."""

    changed: tuple[str, ...]  # the files that changed (none for the first build)
    ok: bool  # False: the content has errors (the last good site is still served)
    files: int  # files served (but the search files, made when asked for)
    seconds: float  # from the change seen to the open pages told
    after_save: float | None  # from the newest changed file's save to the open pages told
    problems: list[Problem] = field(default_factory=list)  # to print: errors, new warnings

    @property
    def message(self) -> str:
        if not self.changed:
            if self.ok:
                return f"built {self.files} files in {self.seconds:.2f} s"
            errors = _errors(self.problems)
            return f"the site cannot be built yet ({errors}); pages will show it once fixed"
        more = f" and {len(self.changed) - 3} more" if len(self.changed) > 3 else ""
        what = f"{', '.join(self.changed[:3])}{more} changed"
        if not self.ok:
            return f"{what}: {_errors(self.problems)}; still serving the last good site"
        saved = f", {self.after_save:.2f} s after the save" if self.after_save is not None else ""
        return f"{what}: rebuilt in {self.seconds:.2f} s{saved}"


def _errors(problems: list[Problem]) -> str:
    return count(len(errors_only(problems)), "error")


class Preview:
    """The preview server: ``start()``, ``wait()`` (returns when the watcher stops, e.g. the
    content folder is gone, with ``error`` set), ``stop()``; or ``with Preview(...) as p``."""

    def __init__(
        self,
        content: Path,
        clock: Callable[[], datetime],
        *,
        templates: Path | None = None,
        drafts: bool = False,
        workers: int | None = None,
        report: Callable[[Rebuild], None] = lambda rebuild: None,
    ) -> None:
        self.content = content.resolve()
        self.templates = (templates or default_templates(content)).resolve()
        self.clock = clock
        self.drafts = drafts
        self.workers = workers
        self.report = report
        self.error: str | None = None  # why watching stopped, if it did by itself
        self._state = Snapshot("", "/", SiteFiles([], []), ())
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._watching = threading.Event()
        self._warnings: list[Problem] = []
        self._server: _Server | None = None
        self._restore: Callable[[], object] | None = None  # the Ctrl-C handler before start()
        self._origin = ""  # http://127.0.0.1:8000 once started
        self._threads: list[threading.Thread] = []
        self._session: Session | None = None  # made by the first build, in its thread

    # -- the caller's side ---------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Build, then serve and watch. Raises OSError when the address cannot be used."""
        if threading.current_thread() is threading.main_thread():
            before = signal.signal(signal.SIGINT, partial(_interrupt, os.getpid()))
            self._restore = partial(signal.signal, signal.SIGINT, before)
        self._server = _Server((host, port), self)  # a taken port is said before a long build
        self._build((), None, time.perf_counter(), None)
        name, real_port = self._server.server_address[:2]
        self._origin = f"http://{name.decode() if isinstance(name, bytes) else name}:{real_port}"
        self._threads = [
            threading.Thread(target=self._server.serve_forever, args=(0.2,), name="serve-http"),
            threading.Thread(target=self._watch, name="serve-watch"),
        ]
        for thread in self._threads:
            thread.start()
        self._watching.wait(READY_TIMEOUT)  # edits made from now on are seen

    @property
    def url(self) -> str:
        """The address to open: http://127.0.0.1:8000/intl/ (the real port when 0 was asked)."""
        if not self._origin:
            raise RuntimeError("the preview is not started")
        return f"{self._origin}{self._state.base_path}"

    @property
    def state(self) -> Snapshot:
        return self._state

    def wait(self) -> None:
        """Until stop() or the watcher stops by itself; Ctrl-C interrupts it."""
        self._stopping.wait()

    def stop(self) -> None:
        """Stop watching and serving; returns when every thread has ended."""
        with self._changed:
            self._stopping.set()
            self._changed.notify_all()  # event streams end
        if self._server is not None:
            self._server.shutdown()
            self._server.close_connections()
            self._server.server_close()  # joins the request threads
            self._server = None
        for thread in self._threads:
            thread.join()
        self._threads = []
        gc.unfreeze()  # what _settle set aside is the collector's again
        if self._restore is not None and threading.current_thread() is threading.main_thread():
            self._restore()
            self._restore = None

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the watcher's thread ------------------------------------------------------------

    def _watch(self) -> None:
        try:
            for changes in watchfiles.watch(
                self.content,
                *theme_folders(self.templates),  # the site's templates/ if any, the shipped theme
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=self._stopping,
                rust_timeout=250,
                yield_on_timeout=True,  # an empty batch first: watching has begun
            ):
                self._watching.set()
                if changes:
                    self._changes(changes)
        except Exception as exc:  # the folder is gone, too many files to watch...
            self.error = f"stopped watching for changes: {exc}"
            self._stopping.set()
        finally:
            self._watching.set()

    def _changes(self, changes: set[tuple[watchfiles.Change, str]]) -> None:
        seen = time.perf_counter()
        added = {path for change, path in changes if change == watchfiles.Change.added}
        # an editor's temporary file, made and renamed away within the batch, is not news
        paths = sorted({Path(p) for _, p in changes if p not in added or os.path.lexists(p)})
        saved: list[float] = []
        for path in paths:
            with contextlib.suppress(OSError):  # removed
                saved.append(path.stat().st_mtime)
        newest = max(saved, default=None)
        since = None if newest is None else time.time() - newest
        self._build(tuple(self._show(p) for p in paths), paths, seen, since)

    # -- building ------------------------------------------------------------------------

    def _build(
        self,
        changed: tuple[str, ...],
        paths: list[Path] | None,
        seen: float,
        since_save: float | None,
    ) -> None:
        """Build the site and tell the open pages; the clock runs from ``seen``. ``paths``:
        the files that changed (None: any may have, the first build). Python's cycle
        collector waits meanwhile: a build makes many objects and no garbage cycles (a
        tenth of its time went to looking for them)."""
        gc.disable()
        try:
            good = self._tell(changed, paths, seen, since_save)
        finally:
            gc.enable()
        if good is not None:
            self._finish(good, changed, seen)
        if self._session is not None and self._session.full:
            _settle()

    def _tell(
        self,
        changed: tuple[str, ...],
        paths: list[Path] | None,
        seen: float,
        since_save: float | None,
    ) -> Snapshot | None:
        """The build and what it tells; returns the last good state before it when the
        site is good now."""
        try:
            if self._session is None:
                self._session = Session(
                    self.content, templates=self.templates, drafts=self.drafts, workers=self.workers
                )
            site, outputs, problems = self._session.render(self.clock(), paths)
        except Exception as exc:  # a template's mistake (or irrtsite's): shown like content's
            site, outputs, problems = None, SiteFiles([], []), [self._crash(exc)]
        old = self._state
        errors = errors_only(problems)
        if site is None or errors:
            state = Snapshot(old.version, old.base_path, old.files, tuple(map(str, errors)))
            printed = errors
        else:
            state = Snapshot(secrets.token_hex(8), site.config.base_path, outputs, ())
            warnings = [p for p in problems if p.warning]
            printed = warnings if warnings != self._warnings else []
            self._warnings = warnings
        with self._changed:
            self._state = state
            self._changed.notify_all()
        elapsed = time.perf_counter() - seen
        after = None if since_save is None else since_save + elapsed
        if not self._stopping.is_set():  # after Ctrl-C, "stopped" is the one line
            ok = not state.problems
            self.report(Rebuild(changed, ok, len(state.files), elapsed, after, printed))
        return old if state.version != old.version else None

    def _finish(self, old: Snapshot, changed: tuple[str, ...], seen: float) -> None:
        """Render the pages the build left for after the open pages were told
        (``Session.finish``), once their reloads had time to be served (rendering holds
        the interpreter's lock, which serving them needs too). A mistake there is shown
        like any other, over the last good site (``old``'s files)."""
        if self._session is None or not self._session.pending:
            return
        self._stopping.wait(FINISH_AFTER)
        try:
            self._session.finish()
        except Exception as exc:
            problem = self._crash(exc)
            state = Snapshot(old.version, old.base_path, old.files, (str(problem),))
            with self._changed:
                self._state = state
                self._changed.notify_all()
            if not self._stopping.is_set():
                elapsed = time.perf_counter() - seen
                self.report(Rebuild(changed, False, len(old.files), elapsed, None, [problem]))

    def _crash(self, exc: Exception) -> Problem:
        """An exception as a problem: at the template line it happened in, if any."""
        if isinstance(exc, TemplateProblem):  # the theme placed it (templates.py)
            where = Path(exc.path) if exc.path else self.templates
            return Problem(self._show(where), exc.line, exc.what)
        message = f"the site could not be built: {type(exc).__name__}: {exc}"
        return Problem(self._show(self.content), 0, message)

    def _show(self, path: Path) -> str:
        """A path as the editor sees it: content/blog/x.md, templates/base.html."""
        for folder in (self.content, self.templates):
            if path.is_relative_to(folder.parent):
                return path.relative_to(folder.parent).as_posix()
        return str(path)

    # -- the request threads -------------------------------------------------------------

    def events(self, send: Callable[[bytes], None]) -> None:
        """One page's event stream: the state now, then every change, until stop()."""
        send(b"retry: 1000\n\n")
        seen: Snapshot | None = None
        while True:
            state = self._next(seen)
            if self._stopping.is_set():
                return
            if state is seen:
                send(b": keep-alive\n\n")
                continue
            seen = state
            data = json.dumps({"version": state.version, "problems": list(state.problems)})
            send(f"event: state\ndata: {data}\n\n".encode())

    def _next(self, seen: Snapshot | None) -> Snapshot:
        """The state once it is not ``seen`` any more, or after KEEPALIVE seconds, or stop()."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._state is not seen or self._stopping.is_set(), KEEPALIVE
            )
            return self._state


def _settle() -> None:
    """After a full load, the site is the bulk of what the process holds: let Python's
    cycle collector leave it aside (``gc.freeze``), else each later rebuild pays for
    walking it (a tenth of a second at 5,000 posts, every other save). What an earlier
    freeze set aside is looked at once more now, so nothing that became garbage stays."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _interrupt(parent: int, signum: int, frame: FrameType | None) -> None:
    """Ctrl-C while serving. The terminal sends it to the processes that read files for a
    large site's build too: they go on (no trace printed), the build ends, stop() waits."""
    if os.getpid() == parent:
        raise KeyboardInterrupt


@cache
def _client() -> bytes:
    """The page script, read once (it is part of the package)."""
    return CLIENT.read_bytes()


def inject(html: bytes, version: str) -> bytes:
    """The reload script before the last </body> (at the end when there is none)."""
    tag = f'<script src="{CLIENT_URL}" data-version="{version}" defer></script>\n'.encode()
    at = html.rfind(b"</body>")
    if at < 0:
        at = html.lower().rfind(b"</body>")  # written in capitals, as a theme may
    return html + tag if at < 0 else html[:at] + tag + html[at:]


class _Server(ThreadingHTTPServer):
    """Knows its preview; can close the connections still open, so that stop() never waits
    for a browser's idle connection."""

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        if isinstance(request, socket.socket):
            with self._lock:
                self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        if isinstance(request, socket.socket):
            with self._lock:
                self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        """A page closed while being sent is normal; anything else is a bug worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_version = "irrtsite-preview"
    timeout = 60  # an idle connection's socket

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # no line per request: the terminal is for the editor's problems

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    @property
    def preview(self) -> Preview:
        server = self.server
        if not isinstance(server, _Server):
            raise TypeError("the preview's handler on another server")
        return server.preview

    def _respond(self, body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == EVENTS_URL:
            return self._events() if body else self._send(HTTPStatus.OK, EVENTS, b"", body)
        if path == CLIENT_URL:
            return self._send(HTTPStatus.OK, TYPES[".js"], _client(), body)
        state = self.preview.state
        if not state.version:  # no good build yet
            page = inject(PLACEHOLDER.encode(), "")
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, TYPES[".html"], page, body)
        base = state.base_path
        query = f"?{url.query}" if url.query else ""
        if not path.startswith(base):
            if path in ("/", base.rstrip("/")):
                return self._redirect(base + query)
            return self._not_found(state, body)
        rel = path[len(base) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        output = state.files.get(rel)
        if output is None:
            if f"{rel}/index.html" in state.files:
                return self._redirect(f"{url.path}/{query}")
            return self._not_found(state, body)
        self._send_output(HTTPStatus.OK, output, state, body)

    def _not_found(self, state: Snapshot, body: bool) -> None:
        page = state.files.get("404.html")
        if page is None:
            self._send(HTTPStatus.NOT_FOUND, TYPES[".txt"], b"Not found\n", body)
        else:
            self._send_output(HTTPStatus.NOT_FOUND, page, state, body)

    def _send_output(self, status: HTTPStatus, output: Output, state: Snapshot, body: bool) -> None:
        suffix = Path(output.path).suffix.lower()
        try:
            data = output.bytes()  # a page, a feed made when first asked for, or a file's copy
        except OSError:  # a copied file removed since the build; the rebuild is on its way
            self._send(HTTPStatus.NOT_FOUND, TYPES[".txt"], b"Not found\n", body)
            return
        except Exception:  # a page left for later, which fails: the open pages will be told
            page = inject(PLACEHOLDER.encode(), state.version)
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, TYPES[".html"], page, body)
            return
        if suffix == ".html":
            data = inject(data, state.version)
        kind = TYPES.get(suffix) or mimetypes.guess_type(output.path)[0]
        self._send(status, kind or "application/octet-stream", data, body)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", EVENTS)
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

        def send(data: bytes) -> None:
            self.wfile.write(data)
            self.wfile.flush()

        # OSError: the page was closed or reloaded, or stop() closed the connection
        with contextlib.suppress(OSError):
            self.preview.events(send)

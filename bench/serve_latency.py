#!/usr/bin/env python3
"""Save-to-page latency of ``irrtsite serve``: how long after a file is saved an open page
shows the new text.

    python bench/serve_latency.py [CONTENT] [--edits 5] [--file pages/about.md --page about/]

CONTENT (default: the sample site, content/) is copied to a temporary folder, which is the one
served and edited, so the original is never changed. ``irrtsite serve --port 0`` runs in a
child process; headless Chromium (Debian's /usr/bin/chromium through Playwright) opens the
page; each edit appends a paragraph with a new word to the file, and the time is taken from
just before the file is written to the moment the reloaded page that contains the word has
finished parsing (its DOMContentLoaded, read from the page's own navigation timing, so no
polling interval is counted). Prints each edit, the server's own "rebuilt in" figure, and
the medians.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from irrtsite.pipeline import default_templates  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 120_000  # a bound for one edit to show (large sites rebuild slowly), not a target
PAUSE = 1.0  # seconds between edits, so that each is its own rebuild
LOADED_AT = """() => performance.timeOrigin
    + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"""


def main() -> int:
    args = _args()
    content = args.content.resolve()
    rel = args.file or _first_page(content)
    page_path = args.page if args.page is not None else f"{Path(rel).stem}/"
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy)
        command = [sys.executable, "-m", "irrtsite", "serve", "--content", str(copy)]
        command += ["--port", "0"]
        if default_templates(content).is_dir():  # the site's own templates, if it has them
            command += ["--templates", str(default_templates(content))]
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        rebuilds: list[float] = []
        reader = threading.Thread(target=_read_rebuilds, args=(server, rebuilds), daemon=True)
        reader.start()
        try:
            line = server.stdout.readline() if server.stdout else ""
            match = re.match(r"Serving at (\S+)", line)
            if not match:
                print(f"serve did not start: {line!r}", file=sys.stderr)
                return 1
            url = match.group(1) + page_path
            print(f"{content} ({rel}, {url})")
            times = _measure(url, copy / rel, args.edits)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)
            reader.join(10)
    print(
        f"median save-to-page over {len(times)} edits: {statistics.median(times):.2f} s"
        f" (min {min(times):.2f}, max {max(times):.2f});"
        f" median rebuild as serve reports it: {statistics.median(rebuilds):.2f} s"
    )
    return 0


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("content", nargs="?", type=Path, default=ROOT / "content")
    p.add_argument("--edits", type=int, default=5, help="how many edits (default 5)")
    p.add_argument("--file", help="the file to edit, relative to CONTENT (default: a page)")
    p.add_argument("--page", help="the page that shows it, under the base path (e.g. about/)")
    return p.parse_args()


def _first_page(content: Path) -> str:
    pages = sorted((content / "pages").glob("*.md"))
    if not pages:
        raise SystemExit("no pages/*.md in the content folder: give --file and --page")
    return pages[0].relative_to(content).as_posix()


def _read_rebuilds(server: subprocess.Popen[str], found: list[float]) -> None:
    for line in server.stderr or ():
        match = re.search(r"rebuilt in (\d+\.\d+) s", line)
        if match:
            found.append(float(match.group(1)))
        elif "changed" in line or "error" in line:
            print(f"  serve: {line.rstrip()}")


def _measure(url: str, file: Path, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    original = file.read_text(encoding="utf-8")
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(url)
        for n in range(1, edits + 1):
            word = f"latency{secrets.token_hex(4)}"
            time.sleep(PAUSE)
            saved = time.time()
            file.write_text(f"{original.rstrip()}\n\nProbe {n}: {word}.\n", encoding="utf-8")
            page.get_by_text(word).wait_for(timeout=WAIT_MS)
            loaded = page.evaluate(LOADED_AT) / 1000
            times.append(loaded - saved)
            print(f"  edit {n}: {loaded - saved:.2f} s")
        browser.close()
    return times


if __name__ == "__main__":
    sys.exit(main())

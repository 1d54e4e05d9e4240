#!/usr/bin/env python3
"""What a reader's search costs on a built site: bytes transferred and time to results.

    python bench/search_bench.py OUTPUT_FOLDER [--query KIND=TEXT ...] [--cpu 4] [--runs 1]
                                 [--fast] [--json FILE]

Serves OUTPUT_FOLDER (a built site, e.g. of ``bench/gen_corpus.py bench/work/c5000 5000
--irrtsite``) over HTTP/1.1 on 127.0.0.1 with gzip (as any static host does), opens its
search page in headless Chromium (Debian's /usr/bin/chromium through Playwright) and, for
each query, in a fresh browser context (a cold cache):

1. loads the search page, then turns on Lighthouse's slow-4G profile through the DevTools
   protocol: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, and the CPU slowed 4x
   (``--cpu 1`` turns that off; ``--fast`` turns all throttling off);
2. types the query into the box (20 ms between keys) and measures
   - **bytes**: the encoded (gzipped) bytes of every response that arrives from the first
     key until the page has shown results and the network is quiet for a second;
   - **time**: from the last key to the first time the page shows results (a result
     list with at least one item) or says there are none and is done looking
     (``data-state="complete"``), using the page's own ``searchrendered`` event.

The page and its scripts load before throttling starts and are not counted: the figures
are what a query costs once the page is open. Prints a Markdown table; ``--json`` also
writes the figures. Standard library, plus Playwright and Chromium.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]

# The six kinds the issue measures, on the benchmark corpus (bench/gen_corpus.py).
QUERIES = {
    "title word": "makerspaces",
    "body word": "hillcrest",
    "Chinese word": "读者",
    "Arabic word": "مكتبة",
    "typo": "libary",
    "no match": "zqxvjw",
}

# Lighthouse's mobile slow-4G profile (as the issue states it).
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1_000_000 / 8,
    "uploadThroughput": 750 * 1_000 / 8,
}

GZIP_TYPES = (".html", ".json", ".js", ".css", ".xml", ".txt", ".svg", ".ics")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6) when the client accepts it, with Content-Length."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in GZIP_TYPES
        if gzipped:
            data = gzip.compress(data, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(data)


def serve(folder: Path) -> ThreadingHTTPServer:
    def handler(*a: object, **k: object) -> GzipHandler:
        return GzipHandler(*a, directory=str(folder), **k)  # type: ignore[arg-type]

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


RECORD = """() => {
  window.__events = [];
  document.getElementById('search-results').addEventListener('searchrendered',
    (e) => window.__events.push(e.detail));
}"""

# Results shown (at least one item), or "no results" with nothing left to fetch.
SHOWN = """(q) => {
  const e = (window.__events || []).find((d) => d.query === q && (d.count > 0 || d.complete));
  return e ? {ms: e.at - e.inputAt, count: e.count} : null;
}"""
DONE = """(q) => {
  const list = document.getElementById('search-results');
  return list.dataset.query === q && list.dataset.state === 'complete';
}"""


def measure(browser: object, base: str, query: str, cpu: float, fast: bool) -> dict[str, float]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base + "/search/")
    page.wait_for_load_state("networkidle")
    page.evaluate(RECORD)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    if not fast:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        if cpu > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    received: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    box = page.locator("#search-q")
    box.press_sequentially(query, delay=20)
    shown = page.wait_for_function(SHOWN, arg=query, timeout=300_000).json_value()
    page.wait_for_function(DONE, arg=query, timeout=300_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    result = {
        "bytes": sum(received.values()),
        "requests": len(received),
        "ms": shown["ms"],
        "results": shown["count"],
    }
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site's output folder")
    parser.add_argument("--query", action="append", default=[], metavar="KIND=TEXT")
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown (default 4)")
    parser.add_argument("--runs", type=int, default=1, help="runs per query (median shown)")
    parser.add_argument("--fast", action="store_true", help="no throttling at all")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    queries = dict(q.split("=", 1) for q in args.query) if args.query else QUERIES
    from playwright.sync_api import sync_playwright

    server = serve(args.output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for kind, query in queries.items():
                runs = [
                    measure(browser, base, query, args.cpu, args.fast) for _ in range(args.runs)
                ]
                rows[kind] = {
                    "query": query,
                    "bytes": statistics.median(r["bytes"] for r in runs),
                    "requests": statistics.median(r["requests"] for r in runs),
                    "ms": statistics.median(r["ms"] for r in runs),
                    "results": runs[0]["results"],
                }
                print(f"  {kind}: {rows[kind]}", file=sys.stderr)
        finally:
            browser.close()
            server.shutdown()
    print("| query | text | transferred | requests | time to results | results shown |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for kind, r in rows.items():
        print(
            f"| {kind} | {r['query']} | {r['bytes'] / 1000:,.1f} kB | {r['requests']:.0f} "
            f"| {r['ms'] / 1000:.2f} s | {r['results']} |"
        )
    if args.json:
        args.json.write_text(
            json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()

"""Lighthouse on every kind of page of the sample site: accessibility, best practices and SEO
at 100, performance at 95 or more, on Lighthouse's mobile profile (a mid-range phone on slow
4G, throttling simulated).

Lighthouse is pinned in tools/package.json (npm ci --prefix tools --ignore-scripts) and runs
on Debian's Chromium (CHROME_PATH=/usr/bin/chromium) through tests/js/lighthouse.js, which
opens every page in turn in one browser. The site is served on 127.0.0.1; nothing else is
fetched. The scores are printed as a table (pytest -s) for the record.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import tools

LIGHTHOUSE = tools.NODE_MODULES / "lighthouse" / "package.json"
RUNNER = Path(__file__).parent / "js" / "lighthouse.js"
AT_100 = ("accessibility", "best-practices", "seo")
MIN_PERFORMANCE = 0.95
RETRIES = 2  # more runs for a page whose performance is under the bar

pytestmark = pytest.mark.browser


def kinds(site: Path) -> dict[str, str]:
    """One page of every kind: {kind: path under the site}."""
    return {
        "home": "",
        "page": "about/",
        "blog listing": "blog/",
        "post": tools.first_page(site, "blog/[0-9]*/*/*/index.html"),
        "events listing": "events/",
        "event": tools.first_page(site, "events/*/index.html"),
        "leads listing": "leads/",
        "issue": tools.first_page(site, "leads/*/index.html"),
        "article (Arabic)": tools.first_page(site, "leads/*/*/ar/index.html"),
        "article (Chinese)": tools.first_page(site, "leads/*/*/zh-hans/index.html"),
        "sisters": "sisters/",
        "sister": tools.first_page(site, "sisters/*/index.html"),
        "tags": "tags/",
        "tag": tools.first_page(site, "tags/*/index.html"),
        "search": "search/?q=library",
        "404": "404.html",
    }


@pytest.fixture(scope="module")
def reports(sample_site) -> dict[str, dict]:
    """{kind: {url, scores, cls, failing}} from one run over every kind of page."""
    node = shutil.which("node")
    if node is None:
        tools.tool_missing("node, for Lighthouse (apt-get install nodejs)")
    if not LIGHTHOUSE.is_file():
        tools.tool_missing(f"{LIGHTHOUSE.parent} (npm ci --prefix tools --ignore-scripts)")
    if not os.access(tools.CHROMIUM, os.X_OK):
        tools.tool_missing(f"{tools.CHROMIUM} (apt-get install chromium)")
    pages = kinds(sample_site)
    with tools.serve(sample_site) as base:
        urls = {kind: f"{base}/{path}" for kind, path in pages.items()}
        results = lighthouse(node, list(urls.values()))
        # A performance score moves with the machine's load (the simulated phone is scaled
        # from the time the real CPU took): a page under the bar gets up to two more runs,
        # the best one counts. The other categories do not depend on timing.
        for _ in range(RETRIES):
            again = [url for url in urls.values() if low_performance(results[url])]
            if not again:
                break
            for url, report in lighthouse(node, again).items():
                if (report["scores"]["performance"] or 0) > (
                    results[url]["scores"]["performance"] or 0
                ):
                    results[url] = report
    found = {kind: {"url": url, **results[url]} for kind, url in urls.items()}
    print(table(found))
    return found


def lighthouse(node: str, urls: list[str]) -> dict[str, dict]:
    proc = subprocess.run(
        [node, str(RUNNER), *urls],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        env={**os.environ, "CHROME_PATH": tools.CHROMIUM},
    )
    assert proc.returncode == 0, f"lighthouse failed:\n{proc.stderr[-4000:]}"
    results: dict[str, dict] = json.loads(proc.stdout)
    return results


def low_performance(report: dict) -> bool:
    score = report["scores"]["performance"]
    return score is None or score < MIN_PERFORMANCE


def table(found: dict[str, dict]) -> str:
    """The scores as a Markdown table, for the record."""
    lines = [
        "| page kind | performance | accessibility | best practices | SEO | CLS |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind, report in found.items():
        s = report["scores"]
        lines.append(
            f"| {kind} | {round((s['performance'] or 0) * 100)} | {round(s['accessibility'] * 100)}"
            f" | {round(s['best-practices'] * 100)} | {round(s['seo'] * 100)}"
            f" | {report['cls']:.3f} |"
        )
    return "\n".join(lines)


def test_every_kind_of_page_scores_100_and_at_least_95_for_performance(reports):
    problems = []
    for kind, report in reports.items():
        scores = report["scores"]
        low = [c for c in AT_100 if scores[c] != 1]
        if low_performance(report):
            low.append("performance")
        if low:
            problems.append(
                f"{kind} ({report['url']}): {', '.join(f'{c} {scores[c]}' for c in low)};"
                f" failing audits: {', '.join(report['failing'])}"
            )
    assert not problems, "\n".join(problems) + "\n" + table(reports)


def test_nothing_shifts_under_lighthouse(reports):
    """Cumulative layout shift on a throttled phone, under 0.05 on every kind of page."""
    shifting = {kind: r["cls"] for kind, r in reports.items() if r["cls"] >= 0.05}
    assert not shifting, f"layout shifts: {shifting}\n{table(reports)}"

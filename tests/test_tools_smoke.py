"""Smoke tests proving the external test tooling (tests/tools.py) works:
vnu, axe-core, headless Chromium and the local static server."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tools import (
    axe_check,
    format_violations,
    origin_of,
    serve,
    tool_missing,
    vnu_check,
)

GOOD_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Good page</title>
</head>
<body>
<header><a href="#main">Skip to content</a></header>
<main id="main">
<h1>International Relations Round Table</h1>
<p>Hello, <strong>world</strong>.</p>
<img src="logo.png" alt="IRRT logo" width="10" height="10">
</main>
</body>
</html>
"""

INVALID_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad</title></head>
<body>
<div><span>unclosed</div>
<p><ul><li>list in paragraph</li></ul>
</body>
</html>
"""

INACCESSIBLE_HTML = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Bad a11y</title></head>
<body>
<main>
<h1>Page</h1>
<img src="logo.png">
</main>
</body>
</html>
"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_vnu_valid_and_invalid(tmp_path):
    good = _write(tmp_path, "good.html", GOOD_HTML)
    bad = _write(tmp_path, "sub/bad.html", INVALID_HTML)
    errors = vnu_check([good, bad])
    assert errors, "vnu found no error in an invalid document"
    assert all(e.startswith(f"{bad}:") for e in errors), errors
    assert any(":5: " in e for e in errors), errors  # the unclosed <span> line
    assert vnu_check([good]) == []


def test_vnu_missing_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        vnu_check([tmp_path / "nope.html"])


def test_prefix_server(tmp_path):
    _write(tmp_path, "x.html", GOOD_HTML)
    with serve(tmp_path, prefix="/intl/") as base:
        assert base.endswith("/intl")
        with urllib.request.urlopen(f"{base}/x.html", timeout=10) as r:
            assert r.status == 200
            assert r.headers.get_content_type() == "text/html"
            assert b"International Relations" in r.read()
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(f"{origin_of(base)}/x.html", timeout=10)
        assert exc.value.code == 404
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(f"{base}/missing.html", timeout=10)
        assert exc.value.code == 404


def test_browser_reads_served_page(tmp_path, chromium):
    _write(tmp_path, "index.html", GOOD_HTML)
    with serve(tmp_path) as base:
        page = chromium.new_page()
        try:
            response = page.goto(f"{base}/index.html")
            assert response is not None and response.ok
            assert page.title() == "Good page"
            assert "Hello, world." in page.inner_text("main")
        finally:
            page.close()


def test_axe_good_and_bad(tmp_path, chromium):
    _write(tmp_path, "good.html", GOOD_HTML)
    _write(tmp_path, "bad.html", INACCESSIBLE_HTML)
    with serve(tmp_path) as base:
        page = chromium.new_page()
        try:
            page.goto(f"{base}/good.html")
            violations = axe_check(page)
            assert violations == [], format_violations(violations)

            page.goto(f"{base}/bad.html")
            violations = axe_check(page)
            ids = {v["id"] for v in violations}
            assert {"image-alt", "html-has-lang"} <= ids, format_violations(violations)
            image_alt = next(v for v in violations if v["id"] == "image-alt")
            assert image_alt["nodes"][0]["target"] == ["img"]
            assert "image-alt" in format_violations(violations)
        finally:
            page.close()


def test_axe_under_strict_csp(tmp_path, chromium):
    """A page CSP that forbids inline scripts must not stop axe."""
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    _write(tmp_path, "csp.html", INACCESSIBLE_HTML.replace("<head>", "<head>" + csp))
    with serve(tmp_path) as base:
        page = chromium.new_page()
        try:
            page.goto(f"{base}/csp.html")
            assert "image-alt" in {v["id"] for v in axe_check(page)}
        finally:
            page.close()


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", pytest.fail.Exception), ("", pytest.skip.Exception), (None, pytest.skip.Exception)],
)
def test_tool_missing_fails_in_ci_skips_locally(monkeypatch, ci, outcome):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="frobnicator"):
        tool_missing("frobnicator")

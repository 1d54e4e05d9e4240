"""A small site and its expected output, byte for byte.

A change in output shows up here as a reviewed diff (the theme's assets, copied as they
are, are left out). After an intended change:

    python -m pytest tests/test_golden.py --update-golden
"""

import shutil

import pytest
from conftest import NOW, REPO, snapshot

from irrtsite.pipeline import build
from irrtsite.write import MARKER

GOLDEN = REPO / "tests" / "golden"


def test_golden_site(tmp_path, request):
    out = tmp_path / "out"
    build(GOLDEN / "content", out, NOW, templates=REPO / "templates")
    (out / MARKER).unlink()
    shutil.rmtree(out / "assets")  # copied as they are from templates/assets
    expected = GOLDEN / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out, expected)
        pytest.skip("golden files rewritten: review the diff of tests/golden/expected")
    got, want = snapshot(out), snapshot(expected)
    assert sorted(got) == sorted(want), "files differ; rerun with --update-golden if intended"
    changed = [path for path in sorted(got) if got[path] != want[path]]
    assert not changed, f"changed files: {changed}; rerun with --update-golden if intended"

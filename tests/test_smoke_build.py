"""The sample site in content/ builds, and the command line works end to end."""

import subprocess
import sys

from conftest import NOW_ISO, REPO, html


def test_sample_site_builds(tmp_path, run_cli):
    out = tmp_path / "site"
    code, _, err = run_cli(
        "build", "--content", str(REPO / "content"), "--output", str(out), "--now", NOW_ISO,
        "--no-cache",  # nothing written beside the repository's content/
    )  # fmt: skip
    assert code == 0, err
    doc = html(out / "index.html")
    assert doc.xpath("string(//h1)") == "International Relations Round Table"
    assert doc.get("lang") == "en"


def test_build_py_help_documents_options():
    result = subprocess.run(
        [sys.executable, "build.py", "--help"], cwd=REPO, capture_output=True, text=True, check=True
    )
    for option in ("--content", "--output", "--drafts", "--now", "--force"):
        assert option in result.stdout

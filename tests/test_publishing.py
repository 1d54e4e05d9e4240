"""Publishing from git: the GitHub workflows and the pre-commit hook this repository offers."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def _workflow(name: str) -> dict:
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def _runs(doc: dict) -> str:
    return "\n".join(
        step.get("run", "") for job in doc["jobs"].values() for step in job.get("steps", [])
    )


def _uses(doc: dict) -> list[str]:
    return [
        step["uses"].split("@")[0]
        for job in doc["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ]


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_workflow_is_valid_for_github(name):
    pytest.importorskip("check_jsonschema")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / name),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_are_checked_with_annotations_and_built():
    doc = _workflow("check.yml")
    assert "pull_request" in doc["on"]
    runs = _runs(doc)
    assert "irrtsite check --format github" in runs
    assert "irrtsite build" in runs
    assert "actions/setup-python" in _uses(doc)
    setup = next(
        step
        for job in doc["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python")
    )
    assert setup["with"]["cache"] == "pip"


def test_main_is_published_to_pages_as_of_its_last_commit():
    doc = _workflow("publish.yml")
    assert doc["on"]["push"]["branches"] == ["main"]
    assert doc["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert doc["concurrency"]["group"] == "pages"
    runs = _runs(doc)
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in runs
    assert re.search(r"irrtsite build --output output\b", runs)
    uses = _uses(doc)
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert doc["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    upload = next(
        step
        for step in doc["jobs"]["build"]["steps"]
        if step.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "output"


def _scripts() -> dict[str, str]:
    with open(REPO / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["scripts"]


def test_pre_commit_hook_runs_an_existing_command():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["irrtsite-check"]
    hook = hooks[0]
    command, *args = hook["entry"].split()
    assert command in _scripts()
    assert args == ["check"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # the check reads the whole content folder


def test_pre_commit_accepts_the_hook_manifest():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in hooks] == ["irrtsite-check"]


def test_the_documented_pre_commit_config_uses_the_hook():
    text = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    assert block, "docs/editing.md shows a .pre-commit-config.yaml"
    config = yaml.safe_load(block.group(1))
    ids = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert ids == ["irrtsite-check"]

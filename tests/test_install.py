"""A normal (non-editable) install: the wheel carries the theme, and `irrtsite build` and
`irrtsite check` work in a folder holding only content/.

The wheel is built from a copy of the sources (nothing is written into the checkout) with the
setuptools and wheel already installed (`--no-build-isolation`: nothing is downloaded), then
installed into a fresh venv. The venv sees the system's packages for irrtsite's dependencies,
so the test checks that the `irrtsite` it runs is the wheel's, not an editable install.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import NOW_ISO, REPO, html

from tools import tool_missing

SOURCES = ("pyproject.toml", "README.md", "irrtsite", "templates")


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A venv with irrtsite installed from its wheel; returns the venv's bin/ folder."""
    try:
        import setuptools  # noqa: F401
        import wheel  # noqa: F401
    except ImportError:
        tool_missing('setuptools and wheel: python -m pip install -e ".[test]"')
    root = tmp_path_factory.mktemp("install")
    src = root / "src"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    dist = root / "dist"
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, src,
        cwd=root,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel_file,) = dist.glob("irrtsite-*.whl")
    with zipfile.ZipFile(wheel_file) as zipped:
        names = set(zipped.namelist())
    theme = {
        "irrtsite/theme/" + p.relative_to(REPO / "templates").as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file()
    }
    assert theme <= names, f"left out of the wheel: {sorted(theme - names)}"
    env = root / "venv"
    made = run(
        sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", env, cwd=root
    )
    assert made.returncode == 0, made.stderr
    python = env / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel_file, cwd=root,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return env / "bin"


def test_the_wheel_builds_and_checks_a_site_with_only_content(venv, tmp_path):
    where = run(
        venv / "python", "-c", "import irrtsite.templates as t; print(t.shipped_theme())",
        cwd=tmp_path,
    )  # fmt: skip
    theme = Path(where.stdout.strip())
    assert theme.is_relative_to(venv.parent), where.stdout + where.stderr  # the wheel's, not ours
    assert theme.parts[-2:] == ("irrtsite", "theme")

    shutil.copytree(REPO / "content", tmp_path / "content")
    built = run(venv / "irrtsite", "build", "--now", NOW_ISO, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stderr.startswith("irrtsite: built ")
    # the site, and the build cache beside the content (git-ignored by its own .gitignore)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".irrtsite-cache", "content", "output"]
    assert (tmp_path / ".irrtsite-cache" / ".gitignore").read_text().splitlines()[-1] == "*"

    out = tmp_path / "output"
    home = html(out / "index.html")
    assert home.xpath("string(//h1)") == "International Relations Round Table"
    (sheet,) = home.xpath("//link[@rel='stylesheet']/@href")
    assert sheet == "/assets/style.css"
    assert (out / "assets/style.css").read_bytes() == (
        REPO / "templates/assets/style.css"
    ).read_bytes()
    search = html(out / "search/index.html")
    scripts = search.xpath("//script/@src")
    assert scripts == ["/assets/search-core.js", "/assets/search.js"]
    for script in scripts:  # the wheel's copies, byte for byte
        shipped = REPO / "templates" / script.lstrip("/")
        assert (out / script.lstrip("/")).read_bytes() == shipped.read_bytes(), script

    checked = run(venv / "irrtsite", "check", "--now", NOW_ISO, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[-1] == "irrtsite check: 0 errors, 0 warnings"

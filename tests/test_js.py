"""The site's JavaScript: the search core's unit tests (``node --test`` on tests/js/), ESLint over
the scripts (config: eslint.config.js at the repository root), and no copies of the tables
the search index carries.

Node and ESLint (tools/package.json, ``npm ci --prefix tools``) are skipped when missing on a
developer machine and fail under CI (``CI=true``), like the other tools in tools.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from irrtsite.dates import MONTHS
from irrtsite.languages import RTL_LANGUAGES
from irrtsite.models import LABELS as KINDS
from tools import NODE_MODULES, REPO_ROOT, tool_missing

ASSETS = REPO_ROOT / "templates" / "assets"
ESLINT = NODE_MODULES / ".bin" / "eslint"
TESTS_JS = REPO_ROOT / "tests" / "js"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        tool_missing("node, for the JavaScript tests (apt-get install nodejs)")
    return node


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=REPO_ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


def test_search_core_unit_tests_pass():
    # ``node --test tests/js/`` on Node 20; the files by name, since Node 21 reads each
    # argument as a glob (a folder name would be taken for one test file).
    files = sorted(p.relative_to(REPO_ROOT).as_posix() for p in TESTS_JS.glob("*.test.js"))
    assert len(files) >= 5, files
    proc = _run([_node(), "--test", "--test-reporter=tap", *files])
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    passed = re.search(r"^# pass (\d+)$", proc.stdout, re.M)
    failed = re.search(r"^# fail (\d+)$", proc.stdout, re.M)
    assert passed and failed, output[-3000:]
    assert int(failed.group(1)) == 0 and int(passed.group(1)) >= 25, output[-3000:]


def test_eslint_passes():
    _node()
    if not ESLINT.is_file():
        tool_missing(f"{ESLINT} (npm ci --prefix tools)")
    proc = _run(
        [str(ESLINT), "--max-warnings=0", "templates/assets", "tests/js", "eslint.config.js"]
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]


def test_scripts_copy_no_python_tables():
    """Type labels, month names and RTL languages reach the page with the index
    (irrtsite/search.py); no script keeps its own copy to drift from the Python."""
    scripts = sorted(ASSETS.glob("*.js"))
    assert {p.name for p in scripts} >= {"search.js", "search-core.js", "sisters.js", "contact.js"}
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        for label in [*KINDS.values(), *MONTHS]:
            assert not re.search(rf"['\"`]{re.escape(label)}['\"`]", text), (script.name, label)
        codes = {c for c in RTL_LANGUAGES if re.search(rf"['\"]{re.escape(c)}['\"]", text)}
        assert codes == set(), (script.name, sorted(codes))

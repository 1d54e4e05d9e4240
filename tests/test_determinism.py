"""The same input gives the same bytes, whatever the machine's hash seed, zone, locale or mtimes."""

import os
import subprocess
import sys

from conftest import REPO, snapshot


def _build(content, out, env_extra):
    env = {**os.environ, **env_extra, "SOURCE_DATE_EPOCH": "1795435200"}
    subprocess.run(
        # clean builds (no cache), and none written beside the repository's content/
        [
            sys.executable,
            str(REPO / "build.py"),
            "--content",
            str(content),
            "--output",
            str(out),
            "--no-cache",
        ],  # fmt: skip
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )


def test_two_builds_are_byte_identical(tmp_path):
    content = REPO / "content"
    _build(
        content, tmp_path / "a", {"PYTHONHASHSEED": "1", "TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8"}
    )
    copy = tmp_path / "content"
    subprocess.run(["cp", "-r", str(content), str(copy)], check=True)
    for i, file in enumerate(sorted(copy.rglob("*"))):
        os.utime(file, (1_000_000 + i * 7919 % 1000, 1_000_000 + i * 7919 % 1000))
    _build(copy, tmp_path / "b", {"PYTHONHASHSEED": "99", "TZ": "America/Anchorage", "LC_ALL": "C"})
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [p for p in a if a[p] != b[p]] == []


def test_source_date_epoch_sets_now(tmp_path):
    """1795435200 is 2026-11-23T12:00Z: the 2026 reception is past, the 2027 one upcoming."""
    _build(REPO / "content", tmp_path / "a", {})
    events = (tmp_path / "a" / "events/index.html").read_text()
    upcoming, past = events.split('id="h-past"')
    assert "International Librarians Reception, ALA Annual 2027" in upcoming
    assert "International Librarians Reception, ALA Annual 2026" in past
    assert "International Librarians Reception, ALA Annual 2026" not in upcoming


def test_one_process_or_several_give_the_same_bytes_and_warnings(tmp_path):
    """Files read and pages rendered in worker processes (reading.py, write.Helpers) make
    the same site as one process does, and their broken links are reported the same."""
    import shutil

    from conftest import NOW

    from irrtsite.pipeline import build
    from irrtsite.write import SHARED_MIN

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    for n in range(SHARED_MIN + 10):
        link = f"[gone](/blog/no-such-post-{n}/)"
        (content / "blog" / f"2026-01-{n % 28 + 1:02}-extra-{n}.md").write_text(
            f"---\ntitle: Extra {n}\ndate: 2026-01-{n % 28 + 1:02}\nauthor: Ana\n"
            f"tags: [Extra {n % 3}]\n"
            f"---\nPost {n} links to {link}.\n",
            encoding="utf-8",
        )
    one = build(content, tmp_path / "one", NOW, workers=1, templates=REPO / "templates")
    two = build(content, tmp_path / "two", NOW, workers=2, templates=REPO / "templates")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert one.warnings == two.warnings
    said = " ".join(p.message for p in two.warnings)
    assert all(f"/blog/no-such-post-{n}/" in said for n in range(SHARED_MIN + 10))

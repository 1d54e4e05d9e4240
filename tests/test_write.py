"""The output folder: safe swaps, refusals, and files that are not ours."""

import errno
import os
import shutil

import pytest
from conftest import NOW_ISO, snapshot

from irrtsite import write
from irrtsite.errors import OutputError
from irrtsite.templates import TemplateProblem, shipped_theme
from irrtsite.write import MARKER, STAGING_MARKER, check_output_folder

PAGE = "---\ntitle: About\n---\nHello.\n"


def test_failed_build_leaves_previous_site_byte_identical(make_content, run_cli, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = tmp_path / "output"
    assert (
        run_cli("build", "--content", str(content), "--output", str(out), "--now", NOW_ISO)[0] == 0
    )
    before = snapshot(out)
    (content / "pages/about.md").write_text("---\ntitle: About\nauther: x\n---\nChanged.\n")
    (content / "pages/new.md").write_text("---\ntitle: New\n---\nNew page.\n")
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1
    assert "content/pages/about.md:3: unknown field 'auther'" in err
    assert snapshot(out) == before


def test_template_error_leaves_previous_site_untouched(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    before = snapshot(out)
    templates = tmp_path / "templates"
    shutil.copytree(shipped_theme(), templates)  # every template there, one of them broken
    (templates / "base.html").write_text("{{ no_such_variable }}")
    with pytest.raises(
        TemplateProblem, match="base.html:1: template error: .no_such_variable. is undefined"
    ):
        build(content, templates=templates)
    assert snapshot(out) == before


def test_foreign_files_survive_and_stale_files_go(make_content, build):
    content = make_content({"pages/about.md": PAGE, "pages/old.md": "---\ntitle: Old\n---\n"})
    out = build(content)
    (out / "CNAME").write_text("irrt.example.org\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert (out / "old/index.html").is_file()
    (content / "pages/old.md").unlink()
    build(content)
    assert not (out / "old").exists()
    assert (out / "CNAME").read_text() == "irrt.example.org\n"
    assert (out / ".git" / "HEAD").is_file()
    assert (out / "about/index.html").is_file()


def test_unchanged_files_are_not_rewritten(make_content, build):
    content = make_content({"pages/about.md": PAGE, "pages/join.md": "---\ntitle: Join\n---\n"})
    out = build(content)
    join = out / "join/index.html"
    stamp = join.stat()
    (content / "pages/about.md").write_text("---\ntitle: About us\n---\nHello.\n")
    build(content)
    assert join.stat().st_ino == stamp.st_ino and join.stat().st_mtime_ns == stamp.st_mtime_ns
    assert "About us" in (out / "about/index.html").read_text()


def test_refuses_output_equal_to_content(make_content, run_cli):
    content = make_content({"pages/about.md": PAGE})
    before = snapshot(content)
    code, _, err = run_cli("build", "--content", str(content), "--output", str(content))
    assert code == 1 and "is the content folder" in err
    assert snapshot(content) == before


def test_refuses_output_above_content(make_content, run_cli, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    code, _, err = run_cli("build", "--content", str(content), "--output", str(tmp_path))
    assert code == 1 and "contains the content folder" in err


def test_refuses_output_inside_content_even_through_dotdot_and_symlinks(make_content, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    with pytest.raises(OutputError, match="inside the content folder"):
        check_output_folder(content, content / "x" / ".." / "site")
    link = tmp_path / "link"
    link.symlink_to(content)
    with pytest.raises(OutputError, match="inside the content folder"):
        check_output_folder(content, link / "site")


def test_sibling_with_common_prefix_is_allowed(make_content, build, tmp_path):
    """docs.src vs docs: compared by path components, not string prefixes."""
    content = make_content({"pages/about.md": PAGE}, name="docs.src")
    out = build(content, tmp_path / "docs")
    assert (out / "about/index.html").is_file()


def test_refuses_non_empty_foreign_folder_unless_forced(make_content, run_cli, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = tmp_path / "public"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1 and "not made by irrtsite" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["precious.txt"]
    code, _, _ = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO, "--force"
    )
    assert code == 0
    assert (out / "precious.txt").read_text() == "keep me"
    assert (out / MARKER).is_file() and (out / "about/index.html").is_file()


def test_empty_existing_folder_is_fine(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    (tmp_path / "empty").mkdir()
    assert (build(content, tmp_path / "empty") / "about/index.html").is_file()


def test_never_writes_outside_output(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE, "static/a.txt": "a"})
    outside_before = {p for p in tmp_path.iterdir()}
    out = build(content)
    assert {p for p in tmp_path.iterdir()} == outside_before | {out}


def test_symlinked_folder_inside_output_is_not_written_through(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = tmp_path / "output"
    out.mkdir()
    (out / MARKER).write_text("")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "about").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symlink"):
        build(content)
    assert list(elsewhere.iterdir()) == []


def test_static_files_copied_byte_for_byte(make_content, build):
    data = bytes(range(256)) * 10
    content = make_content({"pages/about.md": PAGE, "static/files/back-issue.pdf": data})
    out = build(content)
    assert (out / "static/files/back-issue.pdf").read_bytes() == data


def test_marker_entries_cannot_delete_outside(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    with open(out / MARKER, "a") as marker:
        marker.write("../victim.txt\n/etc/hostname\n")
    build(content)
    assert victim.read_text() == "x"


def test_interrupted_staging_is_cleaned(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    staging = tmp_path / ".output.irrtsite-staging"
    staging.mkdir()
    (staging / STAGING_MARKER).write_text("")
    (staging / "junk").write_text("x")
    build(content)
    assert not staging.exists()
    assert os.listdir(tmp_path / "output")


def _marker_files(out):
    return {
        line
        for line in (out / MARKER).read_text().splitlines()
        if line and not line.startswith(("#", "? "))
    }


def test_folder_where_a_file_goes_is_refused_before_anything_is_replaced(
    make_content, build, run_cli, tmp_path
):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    (content / "pages/about.md").write_text("---\ntitle: About us\n---\nHello.\n")
    (content / "pages/zzz.md").write_text("---\ntitle: Last\n---\n")
    (out / "zzz/index.html/keep").mkdir(parents=True)
    before = snapshot(out)
    with pytest.raises(OutputError, match=r"zzz/index.html is a folder where a file is needed"):
        build(content)
    assert snapshot(out) == before
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1 and "is a folder where a file is needed" in err
    assert "Traceback" not in err
    assert snapshot(out) == before and not list(tmp_path.glob(".*staging"))
    (out / "zzz/index.html/keep").rmdir()
    (out / "zzz/index.html").rmdir()
    build(content)
    assert "About us" in (out / "about/index.html").read_text()
    assert {"zzz/index.html", "about/index.html"} <= _marker_files(out)


def test_file_or_symlink_where_a_folder_goes_is_refused_up_front(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    (content / "pages/about.md").write_text("---\ntitle: About us\n---\nHello.\n")
    (content / "pages/zzz.md").write_text("---\ntitle: Last\n---\n")
    (out / "zzz").write_text("mine")
    before = snapshot(out)
    with pytest.raises(OutputError, match="is a file where a folder is needed"):
        build(content)
    assert snapshot(out) == before
    (out / "zzz").unlink()
    (tmp_path / "elsewhere").mkdir()
    (out / "zzz").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="symlink"):
        build(content)
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert "About us" not in (out / "about/index.html").read_text()


def test_stale_file_of_ours_in_the_way_is_replaced(make_content, build):
    """A file the last build wrote may become a folder (and back): it is ours, so it goes."""
    content = make_content({"pages/about.md": PAGE, "static/x": "file"})
    out = build(content)
    (content / "static/x").unlink()
    (content / "static/x").mkdir()
    (content / "static/x/y.txt").write_text("inside")
    build(content)
    assert (out / "static/x/y.txt").read_text() == "inside"
    (content / "static/x/y.txt").unlink()
    (content / "static/x").rmdir()
    (content / "static/x").write_text("file again")
    build(content)
    assert (out / "static/x").read_text() == "file again"


def _failing_replace(monkeypatch, fail_on, exc):
    real = write.put_in_place

    def replace(src, dst):
        if str(dst).endswith(fail_on):
            raise exc
        return real(src, dst)

    monkeypatch.setattr(write, "put_in_place", replace)


def test_write_error_mid_swap_is_reported_and_the_next_build_cleans_up(
    make_content, build, run_cli, monkeypatch, tmp_path
):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    (content / "pages/new.md").write_text("---\ntitle: New\n---\n")
    _failing_replace(
        monkeypatch,
        "sitemap.xml",
        OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "staged", None, "sitemap.xml"),
    )
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1
    assert err.startswith("irrtsite: cannot write ") and err.strip().endswith(
        os.strerror(errno.ENOSPC)
    )
    assert "Traceback" not in err
    assert (out / "new/index.html").is_file()  # swapped in before the failure
    assert "new/index.html" in _marker_files(out)  # ... and claimed, so never orphaned
    assert not list(tmp_path.glob(".*staging"))
    monkeypatch.undo()
    (content / "pages/new.md").unlink()
    build(content)
    assert not (out / "new").exists()
    assert "new/index.html" not in _marker_files(out)


def test_interrupt_mid_swap_never_orphans_files(make_content, build, run_cli, monkeypatch):
    content = make_content({"pages/about.md": PAGE})
    out = build(content)
    (out / "CNAME").write_text("irrt.example.org\n")
    (content / "pages/new.md").write_text("---\ntitle: New\n---\n")
    _failing_replace(monkeypatch, "sitemap.xml", KeyboardInterrupt())
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 130 and "build again" in err
    assert (out / "new/index.html").is_file()
    monkeypatch.undo()
    (content / "pages/new.md").unlink()
    build(content)
    assert not (out / "new").exists()
    assert (out / "CNAME").read_text() == "irrt.example.org\n"


def test_os_error_from_the_writer_is_one_line_not_a_traceback(
    make_content, run_cli, monkeypatch, tmp_path
):
    content = make_content({"pages/about.md": PAGE})

    def broken(outputs, output, kept=frozenset(), helpers=None):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(output / "x"))

    monkeypatch.setattr("irrtsite.pipeline.write_site", broken)
    out = tmp_path / "output"
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1
    assert err == f"irrtsite: cannot write {out / 'x'}: {os.strerror(errno.EACCES)}\n"


def test_foreign_folder_at_the_staging_path_is_never_deleted(
    make_content, build, run_cli, tmp_path
):
    content = make_content({"pages/about.md": PAGE})
    staging = tmp_path / ".output.irrtsite-staging"
    staging.mkdir()
    (staging / "precious.txt").write_text("keep me")
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(tmp_path / "output"), "--now", NOW_ISO
    )
    assert code == 1 and "was not made by irrtsite" in err and "remove or rename it" in err
    assert (staging / "precious.txt").read_text() == "keep me"
    with pytest.raises(OutputError, match="was not made by irrtsite"):
        write.write_site([], tmp_path / "output")
    assert (staging / "precious.txt").read_text() == "keep me"


def test_staging_path_that_is_the_content_folder_is_refused(make_content, run_cli, tmp_path):
    content = make_content({"pages/about.md": PAGE}, name=".site.irrtsite-staging")
    (content / STAGING_MARKER).write_text("")  # even one that looks like ours
    before = snapshot(content)
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(tmp_path / "site"), "--now", NOW_ISO
    )
    assert code == 1 and "content folder" in err
    assert snapshot(content) == before


def test_staging_path_containing_the_content_folder_is_refused(make_content, tmp_path):
    content = make_content({"pages/about.md": PAGE}, name=".site.irrtsite-staging/content")
    with pytest.raises(OutputError, match="content folder"):
        check_output_folder(content, tmp_path / "site")
    assert (content / "pages/about.md").is_file()


def test_staging_folder_is_beside_the_real_output_folder(make_content, build, tmp_path):
    """Output "." (or a symlink) must not stage inside the output or on another disk."""
    content = make_content({"pages/about.md": PAGE})
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert write.staging_folder(tmp_path / "link") == tmp_path / ".real.irrtsite-staging"
    build(content, tmp_path / "link")
    assert (tmp_path / "real/about/index.html").is_file()
    assert not list(tmp_path.glob(".*staging")) and not list((tmp_path / "real").glob(".*staging"))


def test_a_symlinked_marker_is_not_ours(make_content, build, tmp_path):
    content = make_content({"pages/about.md": PAGE})
    out = tmp_path / "output"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    elsewhere = tmp_path / "list.txt"
    elsewhere.write_text("keep.txt\n")
    (out / MARKER).symlink_to(elsewhere)
    with pytest.raises(OutputError, match="not made by irrtsite"):
        build(content, out)
    assert (out / "keep.txt").read_text() == "mine"


# -- a swap cut short: the next build finishes it -------------------------------------------

MANY = {f"pages/p{i}.md": f"---\ntitle: Page {i}\n---\nText {i}.\n" for i in range(12)}


def _fail_after(monkeypatch, files: int) -> None:
    """A full disk once ``files`` site files were renamed into place."""
    real = write.put_in_place
    renamed = 0

    def replace(src, dst):
        nonlocal renamed
        if not str(dst).endswith(MARKER):
            if renamed == files:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src), None, str(dst))
            renamed += 1
        return real(src, dst)

    monkeypatch.setattr(write, "put_in_place", replace)


@pytest.mark.parametrize("files", [0, 1, 7, 20])
def test_a_swap_cut_short_is_finished_by_the_next_build(
    make_content, build, run_cli, monkeypatch, tmp_path, files
):
    content = make_content({"pages/about.md": PAGE, **MANY})
    out = build(content)  # with its cache, which the next builds read
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("title: ", "title: New ", 1))
    (content / "pages/p3.md").unlink()
    (content / "pages/new.md").write_text("---\ntitle: New\n---\n")
    _fail_after(monkeypatch, files)
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 1 and "cannot write" in err
    listed = (out / MARKER).read_text().splitlines()
    unfinished = {line[2:] for line in listed if line.startswith("? ")}
    assert "index.html" in unfinished and "new/index.html" in unfinished
    monkeypatch.undo()
    build(content)
    clean = build(content, tmp_path / "clean", cache_folder=tmp_path / "fresh-cache")
    assert snapshot(out) == snapshot(clean)
    assert not any(line.startswith("? ") for line in (out / MARKER).read_text().splitlines())


def test_a_file_left_unfinished_is_compared_even_when_the_cache_says_it_is_in_place(tmp_path):
    out = tmp_path / "out"
    write.write_site([write.Output("a.html", b"old"), write.Output("b.html", b"b")], out)
    marker = out / MARKER
    marker.write_text(marker.read_text() + "? a.html\n")
    write.write_site(
        [write.Output("a.html", b"new"), write.Output("b.html", b"b")],
        out,
        kept={"a.html", "b.html"},  # what a cache written before the stopped build says
    )
    assert (out / "a.html").read_bytes() == b"new"
    assert "? a.html" not in marker.read_text()

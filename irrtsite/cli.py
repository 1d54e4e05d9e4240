"""Command line: ``irrtsite build``, ``check`` and ``serve``. The only code that prints."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from . import __version__
from .errors import ContentError, OutputError, PartialWrite, Problem, errors_only
from .pipeline import BuildResult, build, check

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
    _output_options(b)
    s.add_argument("--port", type=int, default=8000, metavar="N", help="default 8000; 0: any free")
    s.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="default 127.0.0.1 (this computer)"
    )
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
        help="processes that read content files (default: one per CPU; 1: none)",
    )
    cmd.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="the templates folder (default: templates/ beside the content folder)",
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
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        print(problem, file=sys.stderr)


def _summary(problems: list[Problem]) -> str:
    errors = len(errors_only(problems))
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _check(o: Options) -> int:
    problems = check(o.content, o.now, o.drafts, o.templates, o.jobs)
    _print_problems(problems)
    print(f"irrtsite check: {_summary(problems)}", file=sys.stderr)
    return 1 if errors_only(problems) else 0


def _build(o: Options, output: Path, force: bool) -> int:
    started = time.perf_counter()
    try:
        result = build(
            o.content,
            output,
            o.now,
            templates=o.templates,
            drafts=o.drafts,
            force=force,
            workers=o.jobs,
        )
    except ContentError as exc:
        _print_problems(exc.problems)
        return _say(f"build stopped, {_summary(exc.problems)}; {output} was not changed")
    except OutputError as exc:
        return _say(str(exc))
    except OSError as exc:  # writing failed in a way write.py did not foresee
        where = exc.filename2 or exc.filename or output
        return _say(f"cannot write {where}: {exc.strerror or exc}")
    except PartialWrite:
        return _say(f"interrupted while updating {output}; build again to finish", 130)
    except KeyboardInterrupt:
        return _say(f"interrupted; {output} was not changed", 130)
    _print_problems(result.warnings)
    _built(result, output, time.perf_counter() - started)
    return 0


def _built(result: BuildResult, output: Path, seconds: float) -> None:
    r = result.report
    _say(
        f"built {result.outputs} files into {output} in {seconds:.2f} s "
        f"({r.written} written, {r.unchanged} unchanged, {r.removed} removed)"
    )


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
    try:
        o = _options(args)
    except argparse.ArgumentTypeError as exc:
        return _say(str(exc), 2)
    if not o.content.is_dir():
        return _say(f"content folder not found: {o.content}")
    if args.command == "check":
        return _check(o)
    if args.command == "serve":
        return _serve(o, args)
    return _build(o, args.output, args.force)


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``irrtsite build`` and ``irrtsite check``. The only code that prints."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .errors import ContentError, OutputError, Problem, errors_only
from .pipeline import build, check

EPILOG = """\
"Now" (which posts are published, which events are upcoming) is --now when
given, else SOURCE_DATE_EPOCH when set, else the clock.

Exit status: 0 on success; 1 when the content has errors (each printed as
path:line: message) or the output folder is refused; 2 for a wrong command
line. When a build fails, the output folder is left exactly as it was (if
writing itself fails part way, e.g. on a full disk, the next build finishes
the job and removes whatever is left over).
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
    for cmd in (b, c):
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
    b.add_argument(
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="the output folder (default: output)",
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty folder that irrtsite did not create "
        "(files it does not produce are kept)",
    )
    return p


def _print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        print(problem, file=sys.stderr)


def _summary(problems: list[Problem]) -> str:
    errors = len(errors_only(problems))
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        now = _now(args.now)
    except argparse.ArgumentTypeError as exc:
        print(f"irrtsite: {exc}", file=sys.stderr)
        return 2
    if not args.content.is_dir():
        print(f"irrtsite: content folder not found: {args.content}", file=sys.stderr)
        return 1
    if args.command == "check":
        problems = check(args.content, now, args.drafts, args.templates, args.jobs)
        _print_problems(problems)
        print(f"irrtsite check: {_summary(problems)}", file=sys.stderr)
        return 1 if errors_only(problems) else 0
    started = time.perf_counter()
    try:
        result = build(
            args.content,
            args.output,
            now,
            templates=args.templates,
            drafts=args.drafts,
            force=args.force,
            workers=args.jobs,
        )
    except ContentError as exc:
        _print_problems(exc.problems)
        print(
            f"irrtsite: build stopped, {_summary(exc.problems)}; {args.output} was not changed",
            file=sys.stderr,
        )
        return 1
    except OutputError as exc:
        print(f"irrtsite: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # writing failed in a way write.py did not foresee
        where = exc.filename2 or exc.filename or args.output
        print(f"irrtsite: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        if getattr(exc, "irrtsite_partial", False):
            print(
                f"irrtsite: interrupted while updating {args.output}; build again to finish",
                file=sys.stderr,
            )
        else:
            print(f"irrtsite: interrupted; {args.output} was not changed", file=sys.stderr)
        return 130
    _print_problems(result.warnings)
    r = result.report
    print(
        f"irrtsite: built {result.outputs} files into {args.output} in "
        f"{time.perf_counter() - started:.2f} s ({r.written} written, {r.unchanged} unchanged, "
        f"{r.removed} removed)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

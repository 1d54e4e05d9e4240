"""Reading one content file: text, front matter, and the line of every key."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from . import yamlload
from .errors import Problem, quoted
from .text import clean, control_in
from .yamlload import KeyedDict, YamlValue

MAX_BYTES = 4 * 1024 * 1024
#: The longest front matter (or site.yaml), and the longest value in it, in characters.
MAX_FRONT_MATTER = 50_000
MAX_VALUE = 10_000
_BOUNDARY = YAMLHandler.FM_BOUNDARY  # a line of three or more dashes
# YAML counts these as line breaks, which would shift every line number after them.
_YAML_BREAKS = re.compile("[\u2028\u2029]")


@dataclass(frozen=True)
class Source:
    path: str  # as shown in messages, e.g. content/blog/x.md
    rel: str  # posix path relative to the content folder
    meta: KeyedDict  # front matter
    lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # file line of the body's first line


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to clean text: UTF-8 (BOM dropped), LF line endings, no NUL."""
    if len(data) > MAX_BYTES:
        return None, [
            Problem(
                path,
                0,
                f"file is larger than {MAX_BYTES // 1048576} MB: split it, "
                "or put large files under static/",
            )
        ]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [Problem(path, 0, "file is saved as UTF-16: save it as UTF-8")]
    if b"\0" in data:
        line = _line_of(data, data.index(b"\0"))
        return None, [
            Problem(
                path, line, "file contains a NUL byte (is it a binary file?): save it as UTF-8 text"
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(path, _line_of(data, exc.start), "file is not valid UTF-8: save it as UTF-8")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _line_of(data: bytes, index: int) -> int:
    """1-based line of byte ``index``, counting LF, CRLF and CR-only line ends alike."""
    head = data[:index].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return head.count(b"\n") + 1


def _scrub(text: str, path: str, first_line: int, what: str) -> tuple[str, list[Problem]]:
    """``text`` without control characters; one warning at the first line that had any."""
    found = control_in(text).search(text)
    if not found:
        return text, []
    line = text.count("\n", 0, found.start()) + first_line
    return clean(text), [Problem(path, line, f"control characters removed from {what}", True)]


def _scrub_yaml(text: str) -> tuple[str, list[int]]:
    """YAML text without control characters, and the 0-based lines that had any.

    U+2028/U+2029 become spaces: YAML would count them as line breaks.
    """
    dirty = sorted({text.count("\n", 0, m.start()) for m in control_in(text).finditer(text)})
    return _YAML_BREAKS.sub(" ", clean(text)), dirty


def _control_warnings(
    meta: KeyedDict, dirty: list[int], path: str, first_line: int
) -> list[Problem]:
    """A warning for each key whose value lost control characters (named like fields.py does)."""
    problems = []
    by_line = sorted((v, k) for k, v in meta.lines.items())
    starts = [v for v, _ in by_line]
    for line in dirty:  # the key at or above the line: a binary search, not a scan of all keys
        at = bisect.bisect_right(starts, line) - 1
        what = f"'{by_line[at][1]}'" if at >= 0 else "the front matter"
        problems.append(
            Problem(path, line + first_line, f"control characters removed from {what}", True)
        )
    return sorted(set(problems))


def _too_long(meta: KeyedDict, path: str, first_line: int) -> list[Problem]:
    """An error for each key whose value (or a text inside it) is longer than MAX_VALUE."""
    problems = []
    for key, value in meta.items():
        todo: list[YamlValue] = [value]
        while todo:
            item = todo.pop()
            if isinstance(item, dict):
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, str) and len(item) > MAX_VALUE:
                problems.append(
                    Problem(
                        path,
                        meta.lines[key] + first_line,
                        f"'{key}' is longer than {MAX_VALUE:,} characters ({len(item):,}): "
                        f"shorten {quoted(item)}; long text belongs in the body",
                    )
                )
                break
    return problems


def parse_yaml(text: str, path: str, first_line: int) -> tuple[YamlValue, list[Problem]]:
    """Load YAML whose first line is line ``first_line`` of the file."""
    try:
        return yamlload.load(text), []
    except yamlload.YamlProblem as exc:
        message = exc.message
        if exc.first_line is not None:
            message += f" (first given on line {exc.first_line + first_line}): keep only one"
        if exc.column is not None:
            message += f" (column {exc.column + 1})"
        return None, [Problem(path, exc.line + first_line, message)]


def _keyed(
    value: YamlValue, path: str, what: str, text: str, first_line: int
) -> tuple[KeyedDict | None, list[Problem]]:
    if value is None:
        return KeyedDict(), []
    for at, line in enumerate(text.split("\n") if isinstance(value, str) else ()):
        message = yamlload.no_space(line)  # "author:Lucía" alone: YAML read it as text
        if message:
            return None, [Problem(path, first_line + at, message)]
    if not isinstance(value, KeyedDict):
        kind = yamlload.describe(value)
        kind = "a single text value" if kind in ("text", "a time-like value") else kind
        return None, [Problem(path, 1, f"{what} must be 'key: value' lines, not {kind}")]
    return value, []


def unreadable(path: str, exc: OSError) -> Problem:
    """Why a file could not be read, as the editor is told it."""
    return Problem(path, 0, f"cannot read file: {exc.strerror}")


def read_text_file(file: Path, path: str) -> tuple[str | None, list[Problem]]:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [unreadable(path, exc)]
    return decode(data, path)


def _mapping(
    text: str, path: str, first_line: int, what: str
) -> tuple[KeyedDict | None, list[Problem]]:
    """YAML text (file line ``first_line`` is its line 0) as a KeyedDict, and its problems."""
    if len(text) > MAX_FRONT_MATTER:
        return None, [
            Problem(
                path,
                max(first_line - 1, 0),
                f"{what} is longer than {MAX_FRONT_MATTER:,} characters ({len(text):,}): "
                "shorten it; long text belongs in the body",
            )
        ]
    text, dirty = _scrub_yaml(text)
    value, problems = parse_yaml(text, path, first_line)
    if problems:
        return None, problems
    meta, problems = _keyed(value, path, what, text, first_line)
    if meta is None:
        return None, problems
    problems = _too_long(meta, path, first_line)
    if problems:
        return None, problems
    return meta, _control_warnings(meta, dirty, path, first_line)


def read_yaml_file(file: Path, path: str) -> tuple[KeyedDict | None, dict[str, int], list[Problem]]:
    """site.yaml: the whole file is one YAML mapping."""
    text, problems = read_text_file(file, path)
    if text is None:
        return None, {}, problems
    meta, problems = _mapping(text, path, 1, "the file")
    if meta is None:
        return None, {}, problems
    return meta, {k: v + 1 for k, v in meta.lines.items()}, problems


def read_source(file: Path, rel: str, path: str) -> tuple[Source | None, list[Problem]]:
    """A Markdown file with YAML front matter between two '---' lines."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [unreadable(path, exc)]
    return parse_source(data, rel, path)


def parse_source(data: bytes, rel: str, path: str) -> tuple[Source | None, list[Problem]]:
    """The bytes of a Markdown file with YAML front matter between two '---' lines."""
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    marks = []
    if text.startswith("---"):
        marks = [m for _, m in zip(range(2), _BOUNDARY.finditer(text), strict=False)]
    if not text.strip():
        return None, [
            Problem(
                path,
                0,
                "file is empty: it needs front matter, a line '---', "
                "then 'key: value' lines, then '---'",
            )
        ]
    if not marks or marks[0].start() != 0:
        return None, [
            Problem(
                path,
                1,
                "missing front matter: the file must start with a "
                "line '---', then 'key: value' lines, then '---'",
            )
        ]
    if len(marks) < 2:
        return None, [
            Problem(
                path,
                1,
                "front matter is never closed: add a line '---' after the last 'key: value' line",
            )
        ]
    start, end = marks
    offset = text.count("\n", 0, start.end()) + 1  # file line of YAML line 0
    meta, problems = _mapping(text[start.end() : end.start()], path, offset, "front matter")
    if meta is None:
        return None, problems
    lines = {k: v + offset for k, v in meta.lines.items()}
    body_line = text.count("\n", 0, end.end()) + 1
    body, warnings = _scrub(text[end.end() :], path, body_line, "the text")
    return Source(path, rel, meta, lines, body, body_line), problems + warnings

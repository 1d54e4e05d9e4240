"""Reading one content file: text, front matter, and the line of every key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from . import yamlload
from .errors import Problem

MAX_BYTES = 4 * 1024 * 1024
_BOUNDARY = YAMLHandler.FM_BOUNDARY     # a line of three or more dashes


@dataclass(frozen=True)
class Source:
    path: str                 # as shown in messages, e.g. content/blog/x.md
    rel: str                  # posix path relative to the content folder
    meta: dict                # front matter (a yamlload.KeyedDict)
    lines: dict               # key -> 1-based line in the file
    body: str
    body_line: int            # file line of the body's first line

    def line(self, key: str | None = None) -> int:
        return self.lines.get(key, 1) if key else 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to clean text: UTF-8 (BOM dropped), LF line endings, no NUL."""
    if len(data) > MAX_BYTES:
        return None, [Problem(path, 0, f"file is larger than {MAX_BYTES // 1048576} MB")]
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        return None, [Problem(path, line, "file contains a NUL byte: is it a binary file?")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(path, line, "file is not valid UTF-8: save it as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, path: str, first_line: int) -> tuple[object, list[Problem]]:
    """Load YAML whose first line is line ``first_line`` of the file."""
    try:
        return yamlload.load(text), []
    except yamlload.YamlProblem as exc:
        message = exc.message
        if exc.first_line is not None:
            message += f" (first given on line {exc.first_line + first_line})"
        if exc.column is not None:
            message += f" (column {exc.column + 1})"
        return None, [Problem(path, exc.line + first_line, message)]


def _keyed(value, path: str, what: str) -> tuple[dict | None, list[Problem]]:
    if value is None:
        empty = yamlload.KeyedDict()
        empty.lines = {}
        return empty, []
    if not isinstance(value, yamlload.KeyedDict):
        return None, [Problem(path, 1, f"{what} must be a mapping of 'key: value' lines, "
                                       f"not a {type(value).__name__}")]
    return value, []


def read_text_file(file: Path, path: str) -> tuple[str | None, list[Problem]]:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 0, f"cannot read file: {exc.strerror}")]
    return decode(data, path)


def read_yaml_file(file: Path, path: str) -> tuple[dict | None, dict, list[Problem]]:
    """site.yaml: the whole file is one YAML mapping."""
    text, problems = read_text_file(file, path)
    if text is None:
        return None, {}, problems
    value, problems = parse_yaml(text, path, 1)
    if problems:
        return None, {}, problems
    meta, problems = _keyed(value, path, "the file")
    if meta is None:
        return None, {}, problems
    return meta, {k: v + 1 for k, v in meta.lines.items()}, []


def read_source(file: Path, rel: str, path: str) -> tuple[Source | None, list[Problem]]:
    """A Markdown file with YAML front matter between two '---' lines."""
    text, problems = read_text_file(file, path)
    if text is None:
        return None, problems
    marks = []
    if text.startswith("---"):
        marks = [m for _, m in zip(range(2), _BOUNDARY.finditer(text))]
    if not marks or marks[0].start() != 0:
        return None, [Problem(path, 1, "missing front matter: the file must start with a "
                                       "line '---', then 'key: value' lines, then '---'")]
    if len(marks) < 2:
        return None, [Problem(path, 1, "front matter is never closed: add a line '---' "
                                       "after the last 'key: value' line")]
    start, end = marks
    offset = text.count("\n", 0, start.end()) + 1   # file line of YAML line 0
    value, problems = parse_yaml(text[start.end():end.start()], path, offset)
    if problems:
        return None, problems
    meta, problems = _keyed(value, path, "front matter")
    if meta is None:
        return None, problems
    lines = {k: v + offset for k, v in meta.lines.items()}
    body_line = text.count("\n", 0, end.end()) + 1
    return Source(path, rel, meta, lines, text[end.end():], body_line), []

"""A strict YAML loader for front matter and site.yaml.

PyYAML follows YAML 1.1, which turns ``no`` into False, ``10:00`` into 600 and
``012`` into 10. Editors mean text by those, so this loader resolves only
``true``/``false`` as booleans and plain decimal numbers as numbers; sexagesimal
values such as ``10:00`` become :class:`TimeLike` text, which text fields refuse
("quote it"). Dates stay text and are parsed by the schema. Anchors, aliases, tags and
duplicate keys are errors. Every mapping remembers the line of each key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn, TypeAlias

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import Event
from yaml.nodes import Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import quoted, shorten


class TimeLike(str):
    """A plain scalar such as ``10:00`` that YAML 1.1 would read as a number."""


class Int(int):
    """A whole number that remembers how it was written (``text``), for messages."""

    text: str


class Float(float):
    """A decimal number that remembers how it was written: ``1.10`` is not ``1.1`` to an editor."""

    text: str


class KeyedDict(dict[str, "YamlValue"]):
    """A mapping that knows the (0-based, block-relative) line of each key."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}


# What load() gives: text (TimeLike for 10:00), true/false, numbers (Int, Float), nothing
# (None), lists, and mappings whose keys are text.
YamlValue: TypeAlias = str | TimeLike | bool | int | float | None | list["YamlValue"] | KeyedDict


def describe(value: YamlValue) -> str:
    """How an editor would call a value of the wrong type."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, TimeLike):
        return "a time-like value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def as_written(value: YamlValue) -> str:
    """A value as the editor wrote it (numbers keep their spelling: 1.10, not 1.1)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Int, Float)):
        return value.text
    return str(value)


class YamlProblem(Exception):
    def __init__(
        self, message: str, line: int, column: int | None = None, first_line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 0-based within the YAML text
        self.column = column  # 0-based, or None
        self.first_line = first_line  # 0-based line of an earlier, clashing key


class _Resolver(BaseResolver):
    pass


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:irrtsite,timelike",
    re.compile(r"^[-+]?[0-9]+(?::[0-9]{1,2})+(?:\.[0-9]*)?$"),
    list("-+0123456789"),
)
# a plain 012345 (YAML 1.1 octal) or 1_000 is kept as text: the schema decides


MAX_DIGITS = 100  # a whole number longer is no count, year or order: a mistake, or text


class _Constructor(SafeConstructor):
    # Filled in below, on a copy: SafeConstructor's own table stays as PyYAML has it.
    yaml_constructors = dict(SafeConstructor.yaml_constructors)

    def construct_keyed_mapping(self, node: Node) -> KeyedDict:
        if not isinstance(node, yaml.MappingNode):
            raise YamlProblem("expected a mapping", node.start_mark.line)
        result = KeyedDict()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("merge keys (<<) are not allowed", key_node.start_mark.line)
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str) or isinstance(key, TimeLike):
                key = str(key)
            if key in result:
                raise YamlProblem(
                    f"duplicate key {quoted(key)}",
                    key_node.start_mark.line,
                    first_line=result.lines[key],
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line
        return result

    def construct_timelike(self, node: ScalarNode) -> TimeLike:
        return TimeLike(node.value)

    def construct_int(self, node: ScalarNode) -> Int:
        digits = len(node.value.lstrip("+-"))
        if digits > MAX_DIGITS:  # Python refuses to convert (or print) huge numbers
            raise YamlProblem(
                f"a number of {digits} digits: put it in quotes if it is text",
                node.start_mark.line,
            )
        number = Int(SafeConstructor.construct_yaml_int(self, node))
        number.text = node.value
        return number

    def construct_float(self, node: ScalarNode) -> Float:
        number = Float(SafeConstructor.construct_yaml_float(self, node))
        number.text = node.value
        return number

    def construct_undefined(self, node: Node) -> NoReturn:
        raise YamlProblem(
            f"YAML tags such as {shorten(_short_tag(node.tag))} are not allowed: remove it "
            "(put the value in quotes if it is text)",
            node.start_mark.line,
        )


# What add_constructor() does, written out: the type stubs only accept PyYAML's own loaders.
_Constructor.yaml_constructors.update(
    {
        "tag:yaml.org,2002:map": _Constructor.construct_keyed_mapping,
        "tag:irrtsite,timelike": _Constructor.construct_timelike,
        "tag:yaml.org,2002:int": _Constructor.construct_int,
        "tag:yaml.org,2002:float": _Constructor.construct_float,
        None: _Constructor.construct_undefined,
    }
)
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    _Constructor.yaml_constructors[f"tag:yaml.org,2002:{_tag}"] = _Constructor.construct_undefined


class _Composer(Composer):
    peek_event: Callable[[], Event | None]  # the parser's, in the loaders below

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                f"YAML aliases (*{shorten(event.anchor or '')}) are not allowed: "
                "write the value out in full",
                _line(event),
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlProblem(
                f"YAML anchors (&{shorten(event.anchor)}) are not allowed: remove it", _line(event)
            )
        return super().compose_node(parent, index)


def _line(event: Event) -> int:
    return event.start_mark.line if event.start_mark else 0


class _Loader(Reader, Scanner, Parser, _Composer, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


_FAST: type[_FastLoader] | None
try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover
    _FAST = None
else:

    class _FastLoader(_Composer, CParser, _Constructor, _Resolver):
        """libyaml's scanner and parser under the same composer, constructor and resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)
            _Composer.__init__(self)

    _FAST = _FastLoader


def load(text: str) -> YamlValue:
    """Parse YAML text into plain Python values (KeyedDict for mappings).

    Raises YamlProblem with a 0-based line (and column) on any error. Valid YAML is
    read with libyaml when PyYAML has it (about ten times faster); text it refuses, or
    with a tab (libyaml accepts some that PyYAML refuses), is read by the pure-Python
    parser, whose messages the error explanations are written for.
    """
    value: YamlValue  # PyYAML's types say Any: the constructors above build only YamlValue
    bad = Reader.NON_PRINTABLE.search(text)
    if bad:
        raise YamlProblem(
            f"character U+{ord(bad.group()):04X} is not allowed in YAML: remove it",
            text.count("\n", 0, bad.start()),
        )
    deep = _too_deep(text)
    if deep is not None:  # both parsers would recurse until Python stops them: slow
        raise YamlProblem("the YAML is nested too deeply", deep)
    tab = _LINE_TAB.search(text) if len(text) > _PURE_LIMIT else None
    if tab:  # never valid at the start of a block line; the pure-Python parser is slow
        raise YamlProblem(
            "a tab is not allowed here: use spaces instead", text.count("\n", 0, tab.start()), 0
        )
    if _FAST is not None and "\t" not in text:  # libyaml lets some tabs pass
        fast = _FAST(text)
        try:
            value = fast.get_single_data()
            return value
        except (yaml.YAMLError, YamlProblem, RecursionError):
            pass
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        value = loader.get_single_data()
        return value
    except RecursionError:
        raise YamlProblem("the YAML is nested too deeply", _deepest(text)) from None
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(_plain(str(exc)), 0) from None
    finally:
        loader.dispose()


# Text longer than this, with a tab at the start of a line, is refused without parsing.
_PURE_LIMIT = 4096
_LINE_TAB = re.compile(r"^\t", re.M)
_INDENT = re.compile(r"^ *", re.M)


# Lists and mappings in brackets inside each other, at most (real front matter has 2 or 3).
_MAX_DEPTH = 100


def _too_deep(text: str) -> int | None:
    """The 0-based line where brackets nest deeper than _MAX_DEPTH, if they do (brackets
    inside quotes do not count; a line starting a new key starts again from nothing)."""
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return None
    depth, quote, before = 0, "", "\n"
    for i, char in enumerate(text):
        if quote:
            if char == quote and before != "\\":
                quote = ""
        elif char in "\"'" and before in " \t\n[{,:":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return text.count("\n", 0, i)
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif before == "\n" and char not in " \t":
            depth = 0
        before = char
    return None


def _deepest(text: str) -> int:
    """The 0-based line where the YAML is nested deepest: brackets, else indentation."""
    depth = most = at = 0
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > most:
                most, at = depth, i
        elif char in "]}":
            depth -= 1
    if most < 8:  # nested by indentation, not by brackets
        at = max(_INDENT.finditer(text), key=lambda m: m.end() - m.start()).start()
    return text.count("\n", 0, at)


def _explain(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """PyYAML's error as a YamlProblem an editor can act on, at the line that needs the fix."""
    problem = (exc.problem or exc.context or "invalid YAML").strip().replace("\n", " ")
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, None)
    start = exc.context_mark.line if exc.context_mark else line
    if "'\\t'" in problem or "\t" in problem:
        return YamlProblem("a tab is not allowed here: use spaces instead", line, column)
    slip = _slip(text, line)
    if slip is not None:
        return slip
    if "quoted scalar" in context:
        return YamlProblem("a quoted value is never closed: add the closing quote", start)
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return YamlProblem(
            f"a '{opening}' is never closed: add '{closing}', or put the value in quotes", start
        )
    if problem.startswith("could not find expected ':'"):
        return YamlProblem("expected 'key: value' on this line", start)
    if problem.startswith("mapping values are not allowed") and _indented_key(text, line):
        return YamlProblem(
            "this line is indented: start each 'key: value' line at the beginning of the line", line
        )
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "this character"
        return YamlProblem(
            f"a value cannot start with '{char}': put the value in quotes", line, column
        )
    if "another document" in problem:
        return YamlProblem("only one block of settings is allowed: remove the '---' line", line)
    return YamlProblem(_plain(problem), line, column)


# key: “value” -- curly quotes from a word processor, which YAML does not read as quotes
_CURLY_VALUE = re.compile(
    r"^\s*(?:-\s+)?([\w-]+):\s+[\u201c\u2018\u201e](.*?)[\u201c\u201d\u2019]?\s*$"
)
# key:value -- no space after the colon, so YAML reads the whole line as text
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?!//)(\S.*?)\s*$")


def no_space(line: str) -> str | None:
    """The message for a line written ``key:value``, which YAML reads as text, not a field."""
    found = _NO_SPACE.match(line)
    if found is None:
        return None
    key, value = found.groups()
    return (
        f"no space after the colon: YAML reads {quoted(line.strip())} as text, not as the field "
        f"'{shorten(key)}': write {shorten(f'{key}: {value}')}"
    )


def _slip(text: str, line: int) -> YamlProblem | None:
    """A common slip at the error's line (or the line before it, where YAML went on
    reading): curly quotes used as quotes, or ``key:value`` without a space."""
    lines = text.split("\n")
    here = lines[line] if 0 <= line < len(lines) else ""
    curly = _CURLY_VALUE.match(here)
    if curly:
        key, inner = curly.groups()
        example = shorten(f'{key}: "{inner}"' if '"' not in inner and "\\" not in inner else key)
        return YamlProblem(
            "curly quotes (“ ” or ‘ ’) are not quotes to YAML: type straight quotes, "
            f"e.g. {example}",
            line,
        )
    for at in (line, line - 1):
        message = no_space(lines[at]) if 0 <= at < len(lines) else None
        if message:
            return YamlProblem(message, at)
    return None


def _indented_key(text: str, line: int) -> bool:
    lines = text.split("\n")
    here = lines[line] if 0 <= line < len(lines) else ""
    return here[:1] == " " and re.match(r"^\s+[\w-]+:(\s|$)", here) is not None


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/name:os.system`` as written: ``!!python/name:os.system``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _plain(message: str) -> str:
    """PyYAML's messages, made a little friendlier for editors."""
    message = message.strip().replace("\n", " ")
    hints = {
        "mapping values are not allowed here": (
            "a ':' inside a value is not allowed here: put the value in quotes"
        ),
        "expected <block end>": "expected 'key: value' on this line",
    }
    for key, hint in hints.items():
        if message.startswith(key):
            return hint
    return message

"""Every message the content check can print is in the editors' documentation.

The messages are read from the code with ``ast``: the message argument of every
``Problem(...)``, ``_Wrong(...)``, ``YamlProblem(...)``, ``.error(...)``, ``.warn(...)`` and
``.problem(...)`` call, what the names in it were given (a constant, a hint), the messages
returned as ``(key, message)`` and the hint tables. Each becomes a pattern whose variable
parts match anything, and docs/editing.md or docs/content-guide.md must hold text it
matches: a real example (`'draft' expected true or false, got 'yes'`) or the message with
``…`` where it varies.

``python tests/test_docs_messages.py`` prints them all, for writing the docs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "irrtsite"
DOCS = [REPO / "docs" / "editing.md", REPO / "docs" / "content-guide.md"]
# The command line and the output folder speak to whoever builds; editing.md describes
# their messages by hand.
# Modules whose lines are not content problems: the command line, its display, `new`.
NOT_CONTENT = {"cli", "write", "progress", "scaffold", "__main__", "__init__"}
# Where the message is among a call's positional arguments.
MESSAGE_ARG = {
    "Problem": 2, "_Wrong": 0, "YamlProblem": 0, "problem": 1, "error": -1, "warn": -1,
    "MissingTemplate": 1, "TemplateProblem": 0,  # the theme's messages, shown like content's
    "TooSlow": 1,  # markup.py: a body refused before Python-Markdown sees it
}  # fmt: skip

Piece = str | None  # literal text, or None where the message varies


@dataclass(frozen=True)
class Template:
    module: str
    line: int
    pieces: tuple[Piece, ...]

    def __str__(self) -> str:
        return "".join("…" if p is None else p for p in self.pieces)

    def words(self) -> int:
        return len("".join(p for p in self.pieces if p).split())

    def pattern(self) -> re.Pattern[str]:
        parts = list(self.pieces)
        while parts and parts[0] is None:
            parts.pop(0)
        while parts and parts[-1] is None:
            parts.pop()
        regex = "".join(
            r"[^`]*?" if p is None else r"\s+".join(map(re.escape, p.split())) for p in parts
        )
        if parts and parts[0] and parts[0][0].isspace():
            regex = r"\s*" + regex
        return re.compile(regex)


def _alternatives(
    node: ast.expr, names: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()
) -> list[list[Piece]]:
    """A message expression as its possible texts (f-string parts become None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [[node.value]]
    if isinstance(node, ast.JoinedStr):
        out: list[list[Piece]] = [[]]
        for value in node.values:
            parts = [[value.value]] if isinstance(value, ast.Constant) else [[None]]
            out = [a + b for a in out for b in parts]
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = (_alternatives(n, names, seen) for n in (node.left, node.right))
        return [a + b for a in left for b in right]
    if isinstance(node, ast.IfExp):
        return _alternatives(node.body, names, seen) + _alternatives(node.orelse, names, seen)
    if isinstance(node, ast.Name) and node.id in names and node.id not in seen:
        return [
            alt for value in names[node.id] for alt in _alternatives(value, names, seen | {node.id})
        ]
    return [[None]]


def _assigned(nodes: Iterable[ast.AST]) -> dict[str, list[ast.expr]]:
    """What each name is given by these statements."""
    found: dict[str, list[ast.expr]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif (
            isinstance(node, (ast.AnnAssign, ast.AugAssign))
            and node.value is not None
            and isinstance(node.target, ast.Name)
        ):
            found.setdefault(node.target.id, []).append(node.value)
    return found


def _names_in(node: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _messages(tree: ast.Module) -> Iterator[tuple[ast.expr, dict[str, list[ast.expr]]]]:
    """Each message expression, with the names it may use (the function's, the module's)."""
    module = _assigned(ast.iter_child_nodes(tree))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    scopes = [(f, {**module, **_assigned(ast.walk(f))}) for f in functions]
    for node in ast.walk(tree):
        names = next(
            (
                names
                for f, names in reversed(scopes)
                if f.lineno <= getattr(node, "lineno", 0) <= (f.end_lineno or 0)
            ),
            module,
        )
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            index = MESSAGE_ARG.get(name or "")
            if index is not None and node.args and len(node.args) > max(index, -index - 1):
                message = node.args[index]
                yield message, names
                for used in _names_in(message):  # a hint given to a name, then used
                    for value in names.get(used, []) if used != "message" else []:
                        yield value, names
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and node.value.elts:
            yield node.value.elts[-1], names  # (the key at fault, the message)
        elif isinstance(node, ast.Return) and isinstance(node.value, (ast.JoinedStr, ast.Constant)):
            yield node.value, names  # a message made by a function of its own
        elif (
            isinstance(node, ast.Dict)
            and node.values
            and all(isinstance(v, ast.Constant) and ": " in str(v.value) for v in node.values)
        ):
            yield from ((value, names) for value in node.values)  # a table of hints


def templates() -> list[Template]:
    found: dict[str, Template] = {}
    for file in sorted(PACKAGE.glob("*.py")):
        if file.stem in NOT_CONTENT:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node, names in _messages(tree):
            for pieces in _alternatives(node, names):
                template = Template(file.stem, node.lineno, tuple(_merge(pieces)))
                if template.words() >= 3 and str(template) not in found:
                    found[str(template)] = template
    return sorted(found.values(), key=lambda t: (t.module, t.line, str(t)))


def _merge(pieces: list[Piece]) -> Iterator[Piece]:
    """Adjacent literal parts as one, adjacent variable parts as one."""
    text: str | None = None
    last_none = False
    for piece in pieces:
        if piece is None:
            if text is not None:
                yield text
                text = None
            if not last_none:
                yield None
            last_none = True
        else:
            text = (text or "") + piece
            last_none = False
    if text is not None:
        yield text


def _docs() -> str:
    return " ".join(" ".join(d.read_text(encoding="utf-8").split()) for d in DOCS)


def test_the_collector_finds_the_messages():
    found = {str(t) for t in templates()}
    assert "'…' expected true or false, got '…'" in found
    assert "a ':' inside a value is not allowed here: put the value in quotes" in found
    assert "a partnered library needs 'partner': the partner library's name" in found
    assert "a 'nav' entry is missing '…'" in found
    assert "e-mail address in … shown as [e-mail]: …" in found
    assert "link to … leads to no page of the site…" in found
    assert len(found) > 80


def test_every_message_is_in_the_docs():
    docs = _docs()
    missing = [f"{t.module}:{t.line}: {t}" for t in templates() if not t.pattern().search(docs)]
    assert missing == [], "document these messages in docs/editing.md:\n" + "\n".join(missing)


if __name__ == "__main__":
    for template in templates():
        print(f"{template.module}:{template.line}: {template}")

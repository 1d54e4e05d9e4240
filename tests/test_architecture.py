"""The package's layering (docs/architecture.md), kept by reading the imports with ast.

A module may import only from lower layers (or its own layer where listed); renderers
never import one another; only cli prints.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "irrtsite"

LAYERS = [
    {"text"},
    {"errors"},
    {"outputs", "dates", "languages", "regions", "yamlload", "markup", "renaming"},
    {"source", "fields"},
    {"config"},
    {"urls", "models"},
    {"readers", "tags", "site", "keys", "cache"},
    {"contentfiles"},
    {"reading", "crosscheck"},
    {"loader", "templates", "routes", "scaffold"},
    {"jsonld"},
    {"pages", "feeds", "calendar", "search", "sitemap", "directory", "assets", "linkcheck"},
    {"write"},
    {"pipeline"},
    {"serve"},  # the live preview: calls pipeline; only cli imports it
    {"progress"},
    {"cli"},
    {"__main__"},
]
RENDERERS = LAYERS[11]
LAYER = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names if alias.name in LAYER)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("irrtsite."):
            found.add(node.module.split(".")[1])
    return found


def modules():
    return sorted(p for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_has_a_layer():
    assert [p.stem for p in modules() if p.stem not in LAYER] == []


def test_lower_layers_never_import_higher_ones():
    wrong = []
    for file in modules():
        for name in _imports(file):
            if LAYER[name] >= LAYER[file.stem] and name != file.stem:
                wrong.append(f"{file.stem} imports {name}")
    assert wrong == []


def test_renderers_do_not_import_each_other():
    wrong = [
        f"{f.stem} imports {n}"
        for f in modules()
        if f.stem in RENDERERS
        for n in _imports(f)
        if n in RENDERERS
    ]
    assert wrong == []


def test_only_the_cli_prints():
    printing = []
    for file in modules():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        if calls and file.stem != "cli":
            printing.append(file.stem)
    assert printing == []

"""Data flows one way (STYLE.md §1): a module imports only from modules to its left.

errors -> layers -> models -> importers -> graph -> tables / diagram -> render -> plot -> cli.
Only module-level imports count: ``Model.to_graph()`` and friends import inside the
method on purpose, so that definitions never load the emitters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "modelviz"

# Rank of each top-level module or package; a module may import lower or equal ranks
# within its own package, and strictly lower ranks elsewhere.
RANKS = {
    "errors": 0, "gcpause": 0, "layers": 1, "backend": 2, "models": 2, "importers": 3, "graph": 4,
    "fold": 5, "tables": 6, "diagram": 6, "render": 7, "pages": 7, "notebook": 8, "plot": 8,
    "cli": 9, "sphinx": 9, "gallery": 9,
    "provenance": 7, "embedding": 7, "check": 9, "mkdocs_plugin": 9,
    "diffing": 8, "confine": 0.5, "drawings": 8.5,
}
RANKS["ops"] = 2  # modelviz.ops: keras.ops on symbolic tensors (uses layers only)
# Bitmap pages draw through render; output paths are checked before writing.
RANKS.update({"pages": 7.5, "output": 7, "utils": 8.5, "limits": 0})
RANKS["compute"] = 3  # graph data -> compute attributes; graph.to_graph calls it
RANKS["layer_facts"] = 3.9  # one layer's shapes and weights, read by graph.py
RANKS["levels"] = 4.5  # depth/expand_nested: one rule for the tables and the diagram
RANKS["html"] = 8  # the interactive page: graph, fold, diagram, render -> one .html file
RANKS["torch"] = 4  # PyTorch capture: builds on importers.op_graph
RANKS["applications"] = 2.5  # keras.applications builders: layers and models only
# Keras's other namespaces: objects models record (initializers, optimizers...), built on layers.
RANKS.update(dict.fromkeys(("initializers", "regularizers", "constraints", "random", "saving",
                            "optimizers", "losses", "metrics", "callbacks", "datasets"), 2))
RANKS["activations"] = 3  # calls modelviz.ops (rank 2)


def _top(module: str) -> str:
    return module.split(".")[1] if module.startswith("modelviz.") else ""


def _module_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("modelviz"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("modelviz"))
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
                 or p.parent != PACKAGE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_left(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    own = relative.parts[0].removesuffix(".py")
    assert own in RANKS, f"{relative}: add the module to RANKS in this test"
    for module in _module_level_imports(path):
        target = _top(module)
        if not target or target == own:
            continue
        assert target in RANKS, f"{relative} imports unknown modelviz.{target}"
        assert RANKS[target] < RANKS[own], f"{relative} imports {module}, which is to its right"


def _all_imports(path: Path) -> list[str]:
    """Every modelviz import in the file, also those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("modelviz"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("modelviz"))
    return found


def test_no_circle_between_the_page_and_plot_model() -> None:
    """``plot_model`` calls the page (``html/``); the page takes its options from
    ``diagram/``, never from ``plot.py``, not even inside a function."""
    for path in sorted((PACKAGE / "html").glob("*.py")):
        assert "modelviz.plot" not in _all_imports(path), path.name
    assert "modelviz.plot" not in _all_imports(PACKAGE / "diagram" / "options.py")


def test_render_imports_only_errors() -> None:
    imports = {_top(m) for m in _module_level_imports(PACKAGE / "render.py")}
    assert imports <= {"errors", "limits"}


def test_errors_imports_nothing_from_modelviz() -> None:
    assert _module_level_imports(PACKAGE / "errors.py") == []

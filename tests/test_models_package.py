"""The house rules for the definition modules: small modules, no graph <-> models cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "modelviz"
OWN = sorted([*(PACKAGE / "models").glob("*.py"), *(PACKAGE / "ops").glob("*.py"),
              PACKAGE / "layers" / "base.py", PACKAGE / "layers" / "tensors.py",
              PACKAGE / "layers" / "ops.py", PACKAGE / "layers" / "op_shapes.py",
              PACKAGE / "layers" / "op_table.py", PACKAGE / "layers" / "subclassing.py",
              PACKAGE / "layers" / "naming.py", PACKAGE / "layers" / "arguments.py"])


@pytest.mark.parametrize("path", OWN, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_under_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 400


def test_graph_does_not_import_models() -> None:
    """graph.py recognises models by ``_model_kind``; models import graph only in methods."""
    tree = ast.parse((PACKAGE / "graph.py").read_text())
    imported = [node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module]
    assert not [m for m in imported if m.startswith("modelviz.models")]

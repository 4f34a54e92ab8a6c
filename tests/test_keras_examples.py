"""Official Keras examples (tests/fixtures/keras_examples) three ways, against real Keras.

Each example is Keras 3 code. It passes when (1) the script, with only its import lines
swapped to modelviz by :func:`swap_imports`, (2) the ``.keras`` file and (3) the ``.h5``
file real Keras saved from it all give Keras's summary rows (name (class), output
shape, params; top level and expanded) and its three totals
(scripts/make_keras_examples_fixtures.py wrote the references). Where Keras itself
cannot save a model, its reference says why and that path is not expected.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

import modelviz
from modelviz.layers.base import clear_session
from modelviz.tables.rich import row_cells
from modelviz.tables.rows import summary_options, summary_rows, summary_totals

CORPUS = Path(__file__).parent / "fixtures" / "keras_examples"
NAMES = sorted(p.stem for p in CORPUS.glob("ex_*.py"))
_IMPORTS = [
    (re.compile(r"^import keras$", re.M), "import modelviz as keras"),
    (re.compile(r"^from keras import ", re.M), "from modelviz import "),
    (re.compile(r"^from keras\.([\w.]+) import ", re.M), r"from modelviz.\1 import "),
    (re.compile(r"^import keras\.([\w.]+) as ", re.M), r"import modelviz.\1 as "),
]


def swap_imports(source: str) -> str:
    """The example with its import lines pointing at modelviz, and nothing else changed."""
    for pattern, replacement in _IMPORTS:
        source = pattern.sub(replacement, source)
    return source


def test_swap_imports_changes_only_import_lines() -> None:
    source = "import keras\nfrom keras import layers, ops\nfrom keras.applications import X\n" \
             "x = keras.layers.Dense(1)  # import keras\n"
    swapped = swap_imports(source)
    assert swapped.splitlines()[3] == source.splitlines()[3]
    assert swapped.splitlines()[:3] == ["import modelviz as keras", "from modelviz import "
                                        "layers, ops", "from modelviz.applications import X"]
    for name in NAMES:
        text = (CORPUS / f"{name}.py").read_text()
        changed = [(a, b) for a, b in zip(text.splitlines(), swap_imports(text).splitlines(),
                                          strict=True) if a != b]
        assert changed and all(a.startswith(("import keras", "from keras")) for a, _ in changed)


def _reference(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{name}.json").read_text())


def _cells(model: Any, expand_nested: bool) -> list[list[Any]]:
    graph = model.to_graph()
    opts = summary_options("rich", None, None, expand_nested, False, None, False)
    found = []
    for row in summary_rows(graph, expand_nested=expand_nested):
        cells = row_cells(row, True, opts)
        found.append([row.name, row.class_name, row.depth, cells[1], cells[2]])
    return found


def _expected(rows: list[list[Any]]) -> list[list[Any]]:
    return [[name, cls, depth, shape.replace(",)", ")"), params]
            for name, cls, depth, shape, params in rows]


def _check(model: Any, ref: dict[str, Any]) -> None:
    assert _cells(model, False) == _expected(ref["rows"])
    assert _cells(model, True) == _expected(ref["rows_expanded"])
    totals = summary_totals(model.to_graph())
    assert [totals.total, totals.trainable, totals.non_trainable] == ref["totals"]


def test_the_corpus_is_large_and_every_example_has_a_reference() -> None:
    assert len(NAMES) >= 30
    assert sorted(p.stem for p in CORPUS.glob("ex_*.json")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_script_with_only_its_imports_swapped(name: str, tmp_path: Path) -> None:
    script = tmp_path / f"{name}.py"
    script.write_text(swap_imports((CORPUS / f"{name}.py").read_text()))
    clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", modelviz.ModelvizWarning)
        model = modelviz.load(script)
    _check(model, _reference(name))


@pytest.mark.parametrize("suffix", ["keras", "h5"])
@pytest.mark.parametrize("name", NAMES)
def test_the_saved_file(name: str, suffix: str) -> None:
    ref = _reference(name)
    if suffix not in ref["files"]:
        assert ref["why_not"][suffix]  # Keras itself could not save it, and said why
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", modelviz.ModelvizWarning)
        model = modelviz.load(CORPUS / ref["files"][suffix])
    _check(model, ref)

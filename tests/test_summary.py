"""Tests for modelviz.summary: rows, totals and the four formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz import Input, LayerConfigError, Model, Sequential, layers
from modelviz.layers.base import clear_session
from modelviz.tables import (
    FORMATS,
    format_summary,
    summary,
    summary_rows,
    summary_totals,
)
from tests.fixtures.model_zoo import ZOO

FIXTURES = Path(__file__).parent / "fixtures"
KERAS3 = sorted((FIXTURES / "keras3").glob("*.json"))
# Keras 3 draws the mask operations (NotEqual, Any) of Masking / Embedding(mask_zero=True)
# as rows; tf.keras 2 has no such rows, so those models' layouts cannot be compared with it.
_MASKED = {"rnn_variants", "seq_bidir_td"}
TFKERAS2 = sorted(p for p in (FIXTURES / "tfkeras2").glob("*.json") if p.stem not in _MASKED)
VARIANTS = {"default": {}, "expand_nested_show_trainable": {"expand_nested": True,
                                                            "show_trainable": True},
            "line_length_120": {"line_length": 120}, "terminal_80": {"line_length": 76}}


def build(name: str) -> Model:
    """A zoo model defined with modelviz, or a keras.applications model loaded from its config."""
    clear_session()
    if name in ZOO:
        return ZOO[name](modelviz)
    return modelviz.load(FIXTURES / "keras3" / "configs" / f"{name}.json")


def nested() -> Model:
    inner = Sequential([Input((3,)), layers.Dense(4, name="d4"), layers.Dense(2, name="d2")],
                       name="inner")
    inputs = Input((3,), name="x")
    outer = Model(inputs, layers.Dense(1, name="out")(inner(inputs)), name="outer")
    inner.trainable = False
    return outer


def lines_of(model: object, **options: object) -> list[str]:
    printed: list[str] = []
    summary(model, print_fn=printed.append, **options)
    return printed


# -- rows and totals ------------------------------------------------------------------
def test_cifar_rows_and_totals() -> None:
    graph = build("seed_cifar_cnn").to_graph()
    rows = summary_rows(graph)
    assert [row.params for row in rows] == [896, 18496, 73856, 0, 11075712, 1290]
    assert rows[0].output_shapes == ((None, 30, 30, 32),)
    totals = summary_totals(graph)
    assert sum(row.params for row in rows) == totals.total == 11170250
    assert "Total params: 11,170,250 (42.61 MB)" in format_summary(graph)


def test_cifar_text_layout() -> None:
    text = format_summary(build("seed_cifar_cnn"))
    lines = text.split("\n")
    assert lines[:5] == [
        'Model: "sequential"', "_" * 65,
        " Layer (type)                Output Shape              Param #   ", "=" * 65,
        " conv2d (Conv2D)             (None, 30, 30, 32)        896       "]
    assert lines[-4:] == ["Total params: 11,170,250 (42.61 MB)",
                          "Trainable params: 11,170,250 (42.61 MB)",
                          "Non-trainable params: 0 (0.00 B)", "_" * 65]
    assert " dense (Dense)               (None, 128)               11075712  " in lines


def test_two_inputs_connected_to() -> None:
    model = build("seed_two_inputs")
    text = format_summary(model)
    assert "Connected to" in text and "Total params: 6,201 (24.22 KB)" in text
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(" concatenate"))
    assert lines[row].rstrip().endswith("['dense[0][0]',")
    assert lines[row + 1].strip() == "'dense_1[0][0]']"
    assert all(len(line) == 98 for line in lines[1:-4] if not line.startswith("Model"))
    assert sum(row.params for row in summary_rows(model.to_graph())) == 6201


# -- Keras references -----------------------------------------------------------------
@pytest.mark.parametrize("path", KERAS3, ids=[p.stem for p in KERAS3])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_rich_matches_keras3(path: Path, variant: str) -> None:
    expected = json.loads(path.read_text())["summary"][variant]
    got = format_summary(build(path.stem), fmt="rich", **VARIANTS[variant])
    assert _body(got) == _body(expected)


@pytest.mark.parametrize("path", TFKERAS2, ids=[p.stem for p in TFKERAS2])
def test_text_matches_tfkeras2_layout(path: Path) -> None:
    expected = json.loads(path.read_text())["summary"]
    expected = expected.get("default", "") if isinstance(expected, dict) else expected
    got = format_summary(build(path.stem))
    # Keras 2's layer names, InputLayer shapes and comma-less totals differ; the frame must not.
    assert _body(got)[:1] == _body(expected)[:1]
    assert len(_body(got)) == len(_body(expected))


def _body(text: str) -> list[str]:
    """Content lines after the title, without trailing whitespace and without rules.

    The title's name may differ; tf.keras 2.21 separates rows with blank lines where
    modelviz keeps the classic ``_`` rules of the seeds, so rules are left out.
    """
    lines = [line.rstrip() for line in text.strip("\n").split("\n")[1:]]
    return [line for line in lines if line.strip(" _=")]


# -- options --------------------------------------------------------------------------
def test_print_fn_gets_whole_lines_and_returns_none() -> None:
    printed: list[str] = []
    assert summary(build("seed_cifar_cnn"), print_fn=printed.append) is None
    assert all("\n" not in line for line in printed)
    assert "\n".join(printed) == format_summary(build("seed_cifar_cnn"))


@pytest.mark.parametrize("length", [40, 65, 80, 150])
@pytest.mark.parametrize("name", ["seed_cifar_cnn", "seed_two_inputs", "seed_stacked_lstm"])
def test_line_length_honoured(name: str, length: int) -> None:
    lines = lines_of(build(name), line_length=length, explain=True)
    assert all(len(line) <= length for line in lines[1:])
    rich = lines_of(build(name), fmt="rich", line_length=length)
    assert all(len(line) <= length for line in rich[1:])


def test_too_narrow_is_an_error() -> None:
    with pytest.raises(LayerConfigError, match="line_length"):
        format_summary(build("seed_cifar_cnn"), line_length=8)


def test_layer_range() -> None:
    model = build("seed_cifar_cnn")
    rows = summary_rows(model.to_graph(), layer_range=("conv2d_1", "flatten"))
    assert [row.name for row in rows] == ["conv2d_1", "conv2d_2", "flatten"]
    text = format_summary(model, layer_range=["conv2d_2", "dense$"])
    assert "conv2d_1" not in text and "dense_1" not in text and " dense (Dense)" in text
    assert "Total params: 11,170,250" in text
    with pytest.raises(LayerConfigError, match="conv2d_1, conv2d_2"):
        format_summary(model, layer_range=("nope", "dense"))
    with pytest.raises(LayerConfigError, match="two layer names"):
        format_summary(model, layer_range=("dense",))


def test_show_trainable_with_frozen_layer() -> None:
    inputs = Input((4,))
    frozen = layers.Dense(3, name="frozen", trainable=False)
    model = Model(inputs, layers.Dense(1, name="head")(frozen(inputs)), name="m")
    text = format_summary(model, show_trainable=True)
    assert "Trainable" in text and "Non-trainable params: 15 (60.00 B)" in text
    row = next(line for line in text.split("\n") if line.startswith(" frozen"))
    assert row.rstrip().endswith("N")
    rich = format_summary(model, fmt="rich", show_trainable=True)
    assert "│    N    │" in rich and "│    -    │" in rich


def test_expand_nested_text_blocks() -> None:
    text = format_summary(nested(), expand_nested=True, show_trainable=True)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(" inner (Sequential)"))
    assert lines[start + 1] == "|" + "¯" * 74 + "|"
    assert lines[start + 2].startswith("| d4 (Dense)") and lines[start + 2].endswith("N         |")
    assert lines[start + 3] == "|" + " " * 74 + "|"
    assert lines[start + 5] == "¯" * 76
    assert lines[start + 6].startswith(" out (Dense)")
    assert "d4" not in format_summary(nested())


def test_expand_nested_rows_have_parent() -> None:
    rows = summary_rows(nested().to_graph(), expand_nested=True)
    assert [(row.name, row.depth, row.parent) for row in rows][2:4] == [
        ("d4", 1, "inner"), ("d2", 1, "inner")]
    assert not rows[2].trainable  # frozen with its model
    data = json.loads(format_summary(nested(), fmt="json", expand_nested=True))
    assert [layer["parent"] for layer in data["layers"]] == [None, None, "inner", "inner", None]


def test_explain() -> None:
    text = format_summary(build("seed_cifar_cnn"), explain=True)
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(" conv2d (Conv2D)"))
    assert lines[row + 1].startswith("   = ") and "896" in lines[row + 1]
    for fmt in ("rich", "markdown"):
        assert "Explanation" in format_summary(build("seed_cifar_cnn"), fmt=fmt, explain=True)


# -- formats --------------------------------------------------------------------------
def test_markdown_table() -> None:
    lines = format_summary(build("seed_two_inputs"), fmt="markdown").split("\n")
    assert lines[2] == "| Layer (type) | Output Shape | Param # | Connected to |"
    assert lines[3] == "|:--|:--|--:|:--|"
    assert "| concatenate (Concatenate) | (None, 100) | 0 | dense[0][0], dense_1[0][0] |" in lines
    assert lines[-3:] == ["- Total params: 6,201 (24.22 KB)",
                          "- Trainable params: 6,201 (24.22 KB)",
                          "- Non-trainable params: 0 (0.00 B)"]


def test_json_schema_and_determinism() -> None:
    text = format_summary(build("seed_two_inputs"), fmt="json")
    assert text == format_summary(build("seed_two_inputs"), fmt="json")
    data = json.loads(text)
    assert set(data) == {"name", "class_name", "total_params", "trainable_params",
                         "non_trainable_params", "unknown_params", "layers"}
    assert data["total_params"] == 6201 and data["class_name"] == "Functional"
    first, concat = data["layers"][0], data["layers"][4]
    assert first["class_name"] == "InputLayer" and first["output_shapes"] == [[None, 100]]
    assert concat["inbound"] == ["dense", "dense_1"] and concat["params"] == 0
    assert set(first) == {"name", "class_name", "output_shapes", "params", "trainable_params",
                          "non_trainable_params", "trainable", "inbound", "explanation",
                          "parent", "depth"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_bytes_twice(fmt: str) -> None:
    model = nested()
    options = {"expand_nested": True, "show_trainable": True, "explain": True}
    assert format_summary(model, fmt=fmt, **options) == format_summary(model, fmt=fmt, **options)


def test_several_outputs_wrap_like_keras() -> None:
    inputs = Input((5, 1))
    outputs = layers.LSTM(8, return_state=True, name="lstm")(inputs)
    model = Model(inputs, outputs)
    lines = format_summary(model).split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(" lstm (LSTM)"))
    assert lines[row][29:].startswith("[(None, 8),")
    assert lines[row + 1][29:].startswith(" (None, 8),")
    assert "[(None, 8), (None, 8), (None, 8)]" in format_summary(model, fmt="markdown")


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_names(fmt: str) -> None:
    long_name = "x" * 300
    inputs = Input((4,), name='a<b>&"c"')
    model = Model(inputs, layers.Dense(2, name=long_name)(inputs), name="hostile")
    text = format_summary(model, fmt=fmt)
    if fmt == "json":
        assert {layer["name"] for layer in json.loads(text)["layers"]} == {'a<b>&"c"', long_name}
    elif fmt == "markdown":
        assert "a&lt;b&gt;&amp;\"c\"" in text and "<b>" not in text
    else:
        assert all(len(line) <= 98 for line in text.split("\n"))
        assert 'a<b>&"c"' in text


def test_unknown_params() -> None:
    graph = build("seed_cifar_cnn").to_graph()
    graph.nodes["flatten"]["params"] = None
    graph.graph["unknown_params"] = ["flatten"]
    text = format_summary(graph)
    assert " flatten (Flatten)           (None, 86528)             ?         " in text
    assert "Unknown params: 1 layer(s) (flatten) not counted" in text
    assert "│               ? │" in format_summary(graph, fmt="rich")


def test_bad_arguments() -> None:
    with pytest.raises(LayerConfigError, match="text, rich, markdown, json"):
        format_summary(build("seed_cifar_cnn"), fmt="html")
    with pytest.raises(LayerConfigError, match="model or its graph"):
        format_summary(42)


def test_model_summary_delegates() -> None:
    printed: list[str] = []
    build("seed_cifar_cnn").summary(print_fn=printed.append, line_length=80)
    assert printed[1] == "_" * 80


def test_large_sequential() -> None:
    model = Sequential([Input((4,)), *(layers.Dense(4) for _ in range(5000))])
    assert len(summary_rows(model.to_graph())) == 5000
    assert format_summary(model, fmt="rich").count("(Dense)") == 5000


# -- rich fits the terminal as Keras 3 does --------------------------------------------
@pytest.mark.parametrize("columns, variant", [("80", "terminal_80"), ("200", "default")])
def test_rich_summary_fits_the_terminal_as_keras(columns: str, variant: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """summary() reads the width as Keras's shutil.get_terminal_size() does ($COLUMNS)."""
    from modelviz.tables import summary

    monkeypatch.setenv("COLUMNS", columns)
    path = KERAS3[0]
    lines: list[str] = []
    summary(build(path.stem), fmt="rich", print_fn=lines.append)
    expected = json.loads(path.read_text())["summary"][variant]
    assert _body("\n".join(lines)) == _body(expected)


def test_piped_rich_summary_is_76_wide() -> None:
    """No terminal and no $COLUMNS: Keras's fallback of 80 columns, so 76; deterministic."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    code = ("from modelviz import Sequential, Input, layers, summary\n"
            "summary(Sequential([Input((4,)), layers.Dense(2)]), fmt='rich')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**env, "PYTHONPATH": str(Path(__file__).parent.parent / "src")},
                         check=True).stdout
    assert max(len(line) for line in out.splitlines()) == 76


def test_unknown_macs_line_names_at_most_five() -> None:
    import dataclasses

    from modelviz.tables.rows import compute_lines, summary_options, summary_totals

    totals = summary_totals(Sequential([Input((4,)), layers.Dense(2, name="d")]).to_graph())
    totals = dataclasses.replace(totals, unknown_macs=tuple(f"op{i}" for i in range(8)))
    options = summary_options("text", None, None, False, False, None, False, show_macs=True)
    assert "Unknown MACs: 8 layer(s) (op0, op1, op2, op3, op4 and 3 more) not counted" in (
        compute_lines(totals, "", options))

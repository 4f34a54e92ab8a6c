"""fmt="tf_keras": tf_keras 2.13+'s summary, byte for byte against real tf_keras output.

The references are what tf_keras 2.21's ``summary()`` prints for the models it reads back
from the configurations and ``.h5`` files ``scripts/make_tf_keras_fixtures.py`` saved
(``tests/fixtures/tfkeras2/loaded/<name>.json``, written with ``--loaded``); modelviz reads
the same files, so the names are tf_keras's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import modelviz
from modelviz import Input, Model, Sequential, layers
from modelviz.layers.base import clear_session
from modelviz.tables import format_summary, summary, tf_keras_memory_size

TFKERAS2 = Path(__file__).parent / "fixtures" / "tfkeras2"
# What modelviz reads differs from what tf_keras reads for these files, not the layout
# (docs/keras.rst lists both):
_DIFFERENT = {
    "rnn_variants": "Keras 3's rows for the masks of Masking/Embedding(mask_zero=True)",
    "seq_bidir_td": "Keras 3's rows for the masks of Masking/Embedding(mask_zero=True)",
    "preprocessing_frontend": "tf_keras's Normalization keeps an int64 count (8 bytes); "
                              "modelviz, as Keras 3, counts 4 bytes per weight",
}
# The .h5 records MultiHeadAttention's keyword tensors as value, key; tf_keras lists them
# in that order, modelviz sorted (key, value) as Keras 3 flattens call kwargs. The
# configuration (keys sorted by to_json) is compared.
_H5_DIFFERENT = {"attention_layers"}
NAMES = sorted(p.stem for p in (TFKERAS2 / "loaded").glob("*.json") if p.stem not in _DIFFERENT)
VARIANTS = {"default": {}, "line_length_120": {"line_length": 120},
            "expand_nested_show_trainable": {"expand_nested": True, "show_trainable": True}}
SOURCES = {"config": "configs/{}.json", "h5": "files/{}.h5"}


@pytest.mark.parametrize("name", NAMES)
def test_equals_tf_keras_byte_for_byte(name: str) -> None:
    expected = json.loads((TFKERAS2 / "loaded" / f"{name}.json").read_text())
    assert expected
    for kind, texts in expected.items():
        if kind == "h5" and name in _H5_DIFFERENT:
            continue
        model = modelviz.load(TFKERAS2 / SOURCES[kind].format(name))
        for variant, options in VARIANTS.items():
            got = format_summary(model, fmt="tf_keras", **options)
            assert got == texts[variant], f"{kind} {variant}"


def test_the_models_left_out_differ_for_the_stated_reason() -> None:
    """Only the rows the reason names differ: mask rows, or the non-trainable bytes."""
    for name in _DIFFERENT:
        expected = json.loads((TFKERAS2 / "loaded" / f"{name}.json").read_text())["h5"]
        got = format_summary(modelviz.load(TFKERAS2 / "files" / f"{name}.h5"), fmt="tf_keras")
        if "mask" in _DIFFERENT[name]:
            assert "(NotEqual)" in got and "(NotEqual)" not in expected["default"]
        else:
            extra = set(got.split("\n")) ^ set(expected["default"].split("\n"))
            assert extra == {"Non-trainable params: 7 (32.00 Byte)",
                             "Non-trainable params: 7 (28.00 Byte)"}
    expected = json.loads((TFKERAS2 / "loaded" / "attention_layers.json").read_text())["h5"]
    got = format_summary(modelviz.load(TFKERAS2 / "files" / "attention_layers.h5"),
                         fmt="tf_keras")
    changed = set(got.split("\n")) ^ set(expected["default"].split("\n"))
    assert changed and all("'key[0][0]'" in line or "'value[0][0]'" in line for line in changed)


def test_the_classic_and_keras_3_layouts_are_unchanged() -> None:
    model = modelviz.load(TFKERAS2 / "configs" / "seed_mlp.json")
    text, tf_keras = format_summary(model), format_summary(model, fmt="tf_keras")
    assert "(28.00 B)" in text and "(28.00 Byte)" in tf_keras
    assert text.count("_" * 65) == 3 and tf_keras.count("_" * 65) == 2


def test_nested_blocks_as_tf_keras_prints_them() -> None:
    clear_session()
    inner = Sequential([Input((3,)), layers.Dense(2, name="a"), layers.Dense(2, name="b")],
                       name="inner")
    x = Input((3,), name="x")
    model = Model(x, layers.Dense(1, name="head")(inner(x)), name="outer")
    lines = format_summary(model, fmt="tf_keras", expand_nested=True).split("\n")
    body = [line.rstrip() for line in lines[4:lines.index("=" * 65, 4)]]
    assert body == [
        " x (InputLayer)              [(None, 3)]               0",
        "",
        " inner (Sequential)          (None, 2)                 14",
        "|" + "¯" * 63 + "|",
        "| a (Dense)                  (None, 2)                 8        |",
        "|" + " " * 63 + "|",
        "| b (Dense)                  (None, 2)                 6        |",
        "¯" * 65,  # no blank line after an expanded model, as tf_keras
        " head (Dense)                (None, 1)                 3",
        "",
    ]


def test_model_summary_and_print_fn_take_the_format() -> None:
    clear_session()
    model = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny")
    printed: list[str] = []
    model.summary(print_fn=printed.append, fmt="tf_keras")
    assert printed[-2] == "Non-trainable params: 0 (0.00 Byte)"
    summary(model, fmt="tf_keras", print_fn=printed.append)
    assert printed[len(printed) // 2:] == printed[:len(printed) // 2]


@pytest.mark.parametrize(("size", "text"), [(0, "0.00 Byte"), (1000, "1000.00 Byte"),
                                            (1024, "1.00 KB"), (1024**3, "1.00 GB"),
                                            (1024**5 * 1.41415, "1.41 PB")])
def test_memory_sizes_in_tf_keras_units(size: float, text: str) -> None:
    assert tf_keras_memory_size(size) == text


def test_cli_format_tf_keras() -> None:
    path = TFKERAS2 / "configs" / "seed_mlp.json"
    result = subprocess.run([sys.executable, "-m", "modelviz", "summary", str(path),
                             "--format", "tf_keras"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    expected = json.loads((TFKERAS2 / "seed_mlp.json").read_text())["summary"]["default"]
    assert result.stdout.rstrip("\n") == expected

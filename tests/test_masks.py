"""Masks through merge layers and MultiHeadAttention, against real Keras 3 (issue #10.9).

References: tests/fixtures/keras3_masks/, written by scripts/make_keras_fixtures.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz import format_summary
from modelviz.layers import Add, Concatenate, Embedding, Input
from modelviz.layers.base import clear_session

from .fixtures.model_zoo import MASK_ZOO

FIXTURES = Path(__file__).parent / "fixtures" / "keras3_masks"


@pytest.mark.parametrize("name", list(MASK_ZOO))
def test_summary_equals_keras(name: str) -> None:
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    clear_session()
    model = MASK_ZOO[name](modelviz)
    assert format_summary(model, fmt="rich").splitlines() == ref["summary"]["default"].splitlines()


@pytest.mark.parametrize("name", list(MASK_ZOO))
def test_layers_order_equals_keras(name: str) -> None:
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    clear_session()
    model = MASK_ZOO[name](modelviz)
    assert [layer.name for layer in model.layers] == [entry["path"] for entry in ref["layers"]]


@pytest.mark.parametrize("name", list(MASK_ZOO))
def test_mask_operations_equal_keras(name: str) -> None:
    """Every row of Keras's summary, mask operations included, is in ours (any order)."""
    ref = json.loads((FIXTURES / f"{name}.json").read_text())["summary"]["default"]
    clear_session()
    ours = format_summary(MASK_ZOO[name](modelviz), fmt="rich")
    rows = [line for line in ref.splitlines() if line.startswith("│")]
    assert sorted(rows) == sorted(line for line in ours.splitlines() if line.startswith("│"))


def test_add_joins_masks_with_logical_or() -> None:
    a, b = Input((5,)), Input((5,))
    x = Add()([Embedding(9, 4, mask_zero=True)(a), Embedding(9, 4, mask_zero=True)(b)])
    assert x._keras_mask._keras_history[0].class_name == "LogicalOr"


def test_concatenate_without_masks_makes_no_operations() -> None:
    a, b = Input((5, 2)), Input((5, 2))
    assert Concatenate()([a, b])._keras_mask is None

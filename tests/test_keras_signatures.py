"""Keras's method signatures and the checks of issue #10.6 that need no Keras fixture.

``build()`` without a shape where Keras allows it (Embedding, Wrapper),
``MultiHeadAttention.build(query_shape=, value_shape=)``, ``compute_mask(x, mask=...)``,
negative dimensions and non-boolean ``trainable`` in saved files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz import Input, LayerConfigError, ModelvizError
from modelviz.layers import (
    Add,
    Dense,
    Embedding,
    Masking,
    MultiHeadAttention,
    TextVectorization,
    TimeDistributed,
    Wrapper,
)


def test_embedding_builds_without_a_shape() -> None:
    layer = Embedding(10, 4)
    layer.build()
    assert layer.built and layer.count_params() == 40


def test_text_vectorization_and_wrapper_build_without_a_shape() -> None:
    text = TextVectorization(output_sequence_length=3)
    text.build()
    assert text.built and text.count_params() == 0
    Wrapper(Dense(2)).build()  # Keras allows it; nothing to build yet


def test_multi_head_attention_build_takes_query_and_value_shapes() -> None:
    built = MultiHeadAttention(num_heads=2, key_dim=8)
    built.build(query_shape=(None, 6, 16), value_shape=(None, 9, 12))
    called = MultiHeadAttention(num_heads=2, key_dim=8)
    called(Input((6, 16)), Input((9, 12)))
    assert built.count_params() == called.count_params() > 0
    assert [w.shape for w in built.weights] == [w.shape for w in called.weights]


def test_compute_mask_takes_mask_as_keyword() -> None:
    x = Input((5, 3))
    assert Masking().compute_mask(x, mask=None) is not None
    assert Add().compute_mask([x, x], mask=[None, None]) is None


def test_wrapper_stands_for_its_layer() -> None:
    wrapped = Wrapper(Dense(3))
    assert wrapped(Input((4,))).shape == (None, 3)
    assert wrapped.count_params() == 15
    assert isinstance(TimeDistributed(Dense(2)), Wrapper)
    with pytest.raises(LayerConfigError, match="wrapper"):
        Wrapper("dense")


def _keras2_file(tmp_path: Path, batch_input_shape: list, trainable: object) -> Path:
    config = {"class_name": "Sequential", "keras_version": "2.4.0", "backend": "tensorflow",
              "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {
                  "name": "d", "units": 2, "batch_input_shape": batch_input_shape,
                  "trainable": trainable}}]}}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(config))
    return path


def test_negative_dimension_in_a_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelvizError, match="invalid dimension -3"):
        modelviz.load(_keras2_file(tmp_path, [None, -3], True))


def test_non_boolean_trainable_in_a_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelvizError, match=r"d \(Dense\): trainable is 'no'"):
        modelviz.load(_keras2_file(tmp_path, [None, 3], "no"))


@pytest.mark.parametrize("shape", [(-1,), (3, -2)])
def test_negative_dimension_in_batch_shape_is_rejected(shape: tuple) -> None:
    with pytest.raises(LayerConfigError, match="invalid dimension"):
        Input(batch_shape=(None, *shape))

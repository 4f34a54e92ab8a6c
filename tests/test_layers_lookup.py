"""Hashing and lookup layers. Real Keras 3 needs TensorFlow for these layers (not in the
fixture environment), so the expected shapes are those of Keras's ``compute_output_shape``
(keras/src/layers/preprocessing/hashing.py, index_lookup.py, text_vectorization.py)."""

from __future__ import annotations

import pytest

from modelviz import Input, LayerConfigError, Model
from modelviz.layers import Hashing, IntegerLookup, StringLookup, TextVectorization


def test_hashing_int_keeps_the_shape_and_encodings_replace_the_last_axis() -> None:
    assert Hashing(8).compute_output_shape((None, 3)) == (None, 3)
    assert Hashing(8, output_mode="multi_hot").compute_output_shape((None, 3)) == (None, 8)


def test_lookup_width_is_vocabulary_plus_oov_or_unknown() -> None:
    assert StringLookup(vocabulary=["a", "b", "c"], output_mode="count") \
        .compute_output_shape((None, 4)) == (None, 4)
    assert IntegerLookup(output_mode="one_hot").compute_output_shape((None, 1)) == (None, None)
    assert IntegerLookup(max_tokens=10, pad_to_max_tokens=True, output_mode="one_hot") \
        .compute_output_shape((None, 5)) == (None, 5, 10)


def test_text_vectorization_in_a_model_has_no_parameters() -> None:
    text = Input((1,), dtype="string")
    model = Model(text, TextVectorization(max_tokens=20, output_sequence_length=6)(text))
    assert model.output.shape == (None, 6) and model.count_params() == 0


def test_bad_output_mode_is_rejected() -> None:
    with pytest.raises(LayerConfigError, match="hashing"):
        Hashing(4, output_mode="bogus")

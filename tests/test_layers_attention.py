"""Attention layers: MultiHeadAttention, Attention and AdditiveAttention as Keras 3."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, layers
from modelviz.errors import LayerConfigError, ShapeError


def _weights(layer: layers.Layer) -> list[tuple[str, tuple]]:
    return [(w.name, w.shape) for w in layer.weights]


def test_mha_self_attention_weights_in_keras_order() -> None:
    x = Input((6, 16))
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=8)
    assert mha(x, x).shape == (None, 6, 16)
    assert _weights(mha) == [
        ("query/kernel", (16, 2, 8)), ("query/bias", (2, 8)),
        ("key/kernel", (16, 2, 8)), ("key/bias", (2, 8)),
        ("value/kernel", (16, 2, 8)), ("value/bias", (2, 8)),
        ("attention_output/kernel", (2, 8, 16)), ("attention_output/bias", (16,))]
    assert mha.count_params() == 1_088
    assert mha.explain() == ("2 heads × 8 dims: query/key/value projections 272 + 272 + 272 "
                             "+ output projection 272 = 1,088")


def test_mha_key_value_dim_and_output_shape() -> None:
    q, v, k = Input((6, 16)), Input((9, 16)), Input((9, 12))
    mha = layers.MultiHeadAttention(3, 4, value_dim=6, output_shape=10, use_bias=False)
    assert mha(q, v, k).shape == (None, 6, 10)
    assert [s for _, s in _weights(mha)] == [(16, 3, 4), (12, 3, 4), (16, 3, 6), (3, 6, 10)]
    assert mha.count_params() == 804


def test_mha_keywords_gate_and_tuple_output_shape() -> None:
    q, v, k = Input((6, 16)), Input((9, 16)), Input((9, 12))
    mha = layers.MultiHeadAttention(3, 4, output_shape=(2, 5), use_gate=True)
    assert mha(query=q, value=v, key=k).shape == (None, 6, 2, 5)
    assert [n for n, _ in _weights(mha)][4:6] == ["gate/kernel", "gate/bias"]
    assert _weights(mha)[-2:] == [("attention_output/kernel", (3, 4, 2, 5)),
                                  ("attention_output/bias", (2, 5))]
    assert mha.count_params() == 898


def test_mha_scores_shape_is_keras_symbolic_one() -> None:
    # Keras's compute_output_spec sizes the scores (batch, heads, Tq, Tq), even when Tv != Tq.
    mha = layers.MultiHeadAttention(2, 8)
    out, scores = mha(Input((6, 16)), Input((9, 16)), return_attention_scores=True)
    assert (out.shape, scores.shape) == ((None, 6, 16), (None, 2, 6, 6))
    assert mha.compute_output_shape([(None, 6, 16), (None, 9, 16)]) == (None, 6, 16)


def test_mha_higher_rank_with_attention_axes() -> None:
    mha = layers.MultiHeadAttention(2, 4, attention_axes=(1, 2))
    out, scores = mha(Input((5, 6, 16)), Input((7, 8, 12)), return_attention_scores=True)
    assert (out.shape, scores.shape) == ((None, 5, 6, 16), (None, 2, 5, 5))
    assert mha.count_params() == 488


def test_mha_consumes_softmax_and_dropout_names_like_keras() -> None:
    x = Input((20, 32))
    y = layers.MultiHeadAttention(num_heads=4, key_dim=8, dropout=0.1)(x, x, training=False)
    drop = layers.Dropout(0.1)
    model = Model(x, drop(y))
    assert drop.name == "dropout_1"
    assert model.count_params() == 4_224


@pytest.mark.parametrize(("make", "inputs", "out", "weights"), [
    (lambda: layers.Attention(), [(6, 16), (9, 16)], (None, 6, 16), []),
    (lambda: layers.Attention(use_scale=True), [(6, 16), (9, 16), (9, 16)], (None, 6, 16),
     [("scale", ())]),
    (lambda: layers.Attention(), [(6, 16), (9, 5), (9, 12)], (None, 6, 5), []),
    (lambda: layers.AdditiveAttention(), [(6, 16), (9, 16)], (None, 6, 16),
     [("scale", (16,))]),
    (lambda: layers.AdditiveAttention(use_scale=False), [(6, 16), (9, 5)], (None, 6, 5), []),
])
def test_dense_attention(make, inputs, out, weights) -> None:
    layer = make()
    assert layer([Input(s) for s in inputs]).shape == out
    assert _weights(layer) == weights


def test_attention_scores_and_concat_score_mode() -> None:
    att = layers.Attention(use_scale=True, score_mode="concat")
    out, scores = att([Input((6, 16)), Input((9, 16)), Input((9, 12))],
                      return_attention_scores=True)
    assert (out.shape, scores.shape) == ((None, 6, 16), (None, 6, 9))
    assert _weights(att) == [("scale", ()), ("concat_score_weight", ())]
    assert att.explain() == "scale 1 + concat_score_weight 1 = 2"


def test_errors_name_the_layer() -> None:
    att = layers.Attention()
    with pytest.raises(ShapeError, match=r"attention .*list"):
        att(Input((6, 16)))
    mha = layers.MultiHeadAttention(2, 4)
    with pytest.raises(ShapeError, match=r"multi_head_attention .*value and key"):
        mha(Input((6, 16)), Input((9, 16)), Input((8, 16)))
    with pytest.raises(ShapeError, match="undefined"):
        layers.MultiHeadAttention(2, 4)(Input((6, None)), Input((9, 16)))
    with pytest.raises(LayerConfigError, match="score_mode"):
        layers.Attention(score_mode="add")
    with pytest.raises(LayerConfigError, match="num_heads"):
        layers.MultiHeadAttention(0, 4)

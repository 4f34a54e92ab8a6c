"""Recurrent layers and wrappers: shapes and weights as Keras 3's RNN, Bidirectional, ConvLSTM."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, Sequential, layers
from modelviz.errors import LayerConfigError, ShapeError


def _shapes(layer: layers.Layer) -> list[tuple]:
    return [w.shape for w in layer.weights]


# (layer, input shape, output shape(s), weight shapes, params): Keras's formulas, checked
# against keras 3.15 layer by layer.
CASES = [
    (lambda: layers.LSTM(50), (None, 10, 1), (None, 50), [(1, 200), (50, 200), (200,)], 10_400),
    (lambda: layers.LSTM(16, return_sequences=True, return_state=True), (None, 10, 8),
     [(None, 10, 16), (None, 16), (None, 16)], [(8, 64), (16, 64), (64,)], 1_600),
    (lambda: layers.LSTM(8, use_bias=False, return_sequences=True), (None, None, 8),
     (None, None, 8), [(8, 32), (8, 32)], 512),
    (lambda: layers.GRU(6, return_state=True), (None, 10, 8), [(None, 6), (None, 6)],
     [(8, 18), (6, 18), (2, 18)], 288),
    (lambda: layers.GRU(6, reset_after=False, return_sequences=True), (None, 10, 8),
     (None, 10, 6), [(8, 18), (6, 18), (18,)], 270),
    (lambda: layers.SimpleRNN(4, return_state=True, return_sequences=True), (None, 10, 8),
     [(None, 10, 4), (None, 4)], [(8, 4), (4, 4), (4,)], 52),
    (lambda: layers.LSTM(5, stateful=True, implementation=1), (4, 10, 8), (4, 5),
     [(8, 20), (5, 20), (20,)], 280),
    (lambda: layers.CuDNNLSTM(5), (None, 10, 8), (None, 5), [(8, 20), (5, 20), (40,)], 300),
    (lambda: layers.CuDNNGRU(5), (None, 10, 8), (None, 5), [(8, 15), (5, 15), (30,)], 225),
    (lambda: layers.Bidirectional(layers.LSTM(8, return_state=True)), (None, 10, 8),
     [(None, 16), (None, 8), (None, 8), (None, 8), (None, 8)],
     [(8, 32), (8, 32), (32,)] * 2, 1_088),
    (lambda: layers.Bidirectional(layers.GRU(5, return_sequences=True, return_state=True),
                                  merge_mode=None), (None, 10, 8),
     [(None, 10, 5)] * 2 + [(None, 5)] * 2, [(8, 15), (5, 15), (2, 15)] * 2, 450),
    (lambda: layers.Bidirectional(layers.GRU(8, return_sequences=True, reset_after=False),
                                  merge_mode="ave"), (None, 12, 6), (None, 12, 8),
     [(6, 24), (8, 24), (24,)] * 2, 720),
    (lambda: layers.Bidirectional(
        layers.LSTM(8, return_sequences=True),
        backward_layer=layers.LSTM(4, return_sequences=True, go_backwards=True)),
     (None, 10, 8), (None, 10, 16), [(8, 32), (8, 32), (32,), (8, 16), (4, 16), (16,)], 752),
    (lambda: layers.TimeDistributed(layers.Dense(3)), (None, 10, 8), (None, 10, 3),
     [(8, 3), (3,)], 27),
    (lambda: layers.TimeDistributed(layers.Flatten()), (None, 5, 4, 4, 3), (None, 5, 48), [], 0),
    (lambda: layers.ConvLSTM1D(4, 3, padding="same", return_sequences=True), (None, 4, 20, 3),
     (None, 4, 20, 4), [(3, 3, 16), (3, 4, 16), (16,)], 352),
    (lambda: layers.ConvLSTM1D(4, 3, data_format="channels_first", return_state=True),
     (None, 4, 3, 20), [(None, 4, 18)] * 3, [(3, 3, 16), (3, 4, 16), (16,)], 352),
    (lambda: layers.ConvLSTM2D(4, 3, strides=2, return_state=True), (None, 4, 16, 16, 2),
     [(None, 7, 7, 4)] * 3, [(3, 3, 2, 16), (3, 3, 4, 16), (16,)], 880),
    (lambda: layers.ConvLSTM2D(4, (3, 2), dilation_rate=2, use_bias=False),
     (None, 4, 16, 15, 2), (None, 12, 13, 4), [(3, 2, 2, 16), (3, 2, 4, 16)], 576),
    (lambda: layers.ConvLSTM3D(2, 3, strides=2, padding="same"), (None, 3, 9, 8, 7, 1),
     (None, 5, 4, 4, 2), [(3, 3, 3, 1, 8), (3, 3, 3, 2, 8), (8,)], 656),
]


@pytest.mark.parametrize(("make", "in_shape", "out_shape", "weights", "params"), CASES)
def test_shapes_and_weights(make, in_shape, out_shape, weights, params) -> None:
    layer = make()
    out = layer(Input(batch_shape=in_shape))
    got = [t.shape for t in out] if isinstance(out, list) else out.shape
    assert got == out_shape
    assert _shapes(layer) == weights
    assert layer.count_params() == params
    assert layer.explain().endswith(f"= {params:,}" if params else "has no weights")


def test_explanations_teach_the_gate_formula() -> None:
    assert layers.LSTM(50).explain((None, 10, 1)) == (
        "4 gates × ((1 input + 50 units) × 50 + 50 bias) = 10,400")
    assert layers.GRU(6).explain((None, 10, 8)) == (
        "3 gates × ((8 inputs + 6 units) × 6 + 2 × 6 biases) = 288")
    assert layers.Bidirectional(layers.SimpleRNN(4)).explain((None, 12, 6)) == (
        "2 directions × ((6 inputs + 4 units) × 4 + 4 bias) = 88")
    assert layers.ConvLSTM2D(4, 3).explain((None, 4, 16, 16, 2)) == (
        "4 gates × (kernel 3×3 × (2 in + 4 filters) × 4 + 4 bias) = 880")


def test_bidirectional_names_its_copies_and_keeps_the_wrapped_name() -> None:
    inner = layers.LSTM(8)
    bi = layers.Bidirectional(inner)
    bi(Input((10, 8)))
    assert inner.name == "lstm"
    assert [w.name for w in bi.weights][::3] == ["forward_lstm/kernel", "backward_lstm/kernel"]
    assert layers.LSTM(2).name == "lstm_1"


def test_frozen_inner_layer_gives_frozen_wrapper_weights() -> None:
    inner = layers.Dense(3, trainable=False)
    td = layers.TimeDistributed(inner)
    td(Input((10, 8)))
    assert [w.trainable for w in td.weights] == [False, False]


def test_call_keywords_do_not_change_shapes() -> None:
    enc_in, dec_in = Input((None, 20)), Input((None, 30))
    _, h, c = layers.LSTM(32, return_state=True)(enc_in)
    dec = layers.LSTM(32, return_sequences=True, return_state=True)
    out, _, _ = dec(dec_in, initial_state=[h, c], training=False)
    model = Model([enc_in, dec_in], layers.Dense(30)(out))
    assert model.output_shape == (None, None, 30)
    assert model.count_params() == 6_784 + 8_064 + 990


def test_sequential_stacked_lstm() -> None:
    model = Sequential([layers.LSTM(64, return_sequences=True, input_shape=(50, 1)),
                        layers.LSTM(32), layers.Dense(1)])
    assert model.output_shape == (None, 1)
    assert model.count_params() == 29_345


@pytest.mark.parametrize(("make", "shape", "match"), [
    (lambda: layers.LSTM(4), (None, 10, 8, 3), "3-D input"),
    (lambda: layers.GRU(4), (None, 8), "3-D input"),
    (lambda: layers.LSTM(4), (None, 10, None), "undefined"),
    (lambda: layers.LSTM(4, stateful=True), (None, 10, 8), "static batch size"),
    (lambda: layers.ConvLSTM2D(4, 5), (None, 3, 4, 4, 2), "does not fit"),
    (lambda: layers.ConvLSTM2D(4, 3), (None, 3, None, 4, 2), "known spatial"),
    (lambda: layers.TimeDistributed(layers.Dense(2)), (None, 8), "at least 3 axes"),
])
def test_shape_errors_name_the_layer(make, shape, match) -> None:
    layer = make()
    with pytest.raises(ShapeError, match=f"{layer.name} .*{match}"):
        layer(Input(batch_shape=shape))


def test_config_errors() -> None:
    with pytest.raises(LayerConfigError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(LayerConfigError, match="go_backwards"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(LayerConfigError, match="recurrent layer"):
        layers.Bidirectional(layers.Dense(2))
    with pytest.raises(LayerConfigError, match="units"):
        layers.GRU(0)
    with pytest.raises(LayerConfigError, match="unrecognized"):
        layers.LSTM(2, time_major=True)

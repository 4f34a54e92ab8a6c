"""MACs and activation memory (modelviz.compute): hand-derived counts for every family."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

import modelviz.layers as layers_module
from modelviz import Input, Model, Sequential, layers
from modelviz.compute import (
    MACS_COUNTERS,
    Count,
    LayerCall,
    count_call,
    flops,
    readable_count,
    register_macs,
)
from modelviz.fold import fold_graph
from modelviz.importers import load
from modelviz.layers.base import Layer

ROOT = Path(__file__).parent.parent
CONFIGS = ROOT / "tests" / "fixtures" / "keras3" / "configs"


def _macs(model: Model, name: str) -> int | None:
    return model.to_graph().nodes[name]["macs"]


def test_cifar_cnn_seed_is_exact() -> None:
    graph = runpy.run_path(str(ROOT / "examples" / "cifar_cnn.py"))["model"].to_graph()
    per_layer = [graph.nodes[key]["macs"] for key in graph]
    # 30·30·32·(3·3·3), 28·28·64·(3·3·32), 26·26·128·(3·3·64), Flatten, 86528·128, 128·10
    assert per_layer == [777_600, 14_450_688, 49_840_128, 0, 11_075_584, 1_280]
    assert graph.graph["total_macs"] == 76_145_280
    assert graph.nodes["conv2d_2"]["macs_explanation"] == (
        "26×26 positions × 128 filters × (3×3×64) = 49,840,128 MACs")


def test_multi_head_attention_counts_projections_and_both_products() -> None:
    query, value = Input((6, 16)), Input((9, 12))
    out = layers.MultiHeadAttention(num_heads=2, key_dim=8, value_dim=4, output_shape=10,
                                    name="mha")(query, value)
    graph = Model([query, value], out).to_graph()
    heads, key_dim, value_dim, tq, tk = 2, 8, 4, 6, 9
    projections = (tq * 16 * heads * key_dim + tk * 12 * heads * key_dim
                   + tk * 12 * heads * value_dim + tq * heads * value_dim * 10)
    products = heads * tq * tk * (key_dim + value_dim)
    assert graph.nodes["mha"]["macs"] == projections + products == 5_904
    assert graph.nodes["mha"]["macs_explanation"] == (
        "projections 6×256 query + 9×192 key + 9×96 value + 6×80 attention_output + "
        "QKᵀ 2 heads × 6×9 pairs × 8 + AV 2 heads × 6×9 pairs × 4 = 5,904 MACs")


def test_multi_head_attention_mask_is_not_taken_for_the_key() -> None:
    query, value, mask = Input((6, 16)), Input((9, 12)), Input((6, 9), dtype="bool")
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=8, value_dim=4, output_shape=10,
                                    name="mha")
    graph = Model([query, value, mask], mha(query, value, attention_mask=mask)).to_graph()
    assert graph.nodes["mha"]["macs"] == 5_904


def test_multi_head_attention_over_chosen_axes() -> None:
    query = Input((4, 5, 8))
    out = layers.MultiHeadAttention(1, 2, attention_axes=(2,), name="mha")(query, query)
    # projections: 20 positions × (8·2 + 8·2 + 8·2 + 2·8); scores 4 × 5×5 pairs × (2 + 2)
    assert _macs(Model(query, out), "mha") == 20 * 64 + 4 * 25 * 4


def test_keras_resnet50_and_mobilenetv2_match_published_figures() -> None:
    resnet = load(CONFIGS / "app_resnet50.json").to_graph().graph
    mobilenet = load(CONFIGS / "app_mobilenetv2.json").to_graph().graph
    assert resnet["unknown_macs"] == [] and mobilenet["unknown_macs"] == []
    assert resnet["total_macs"] == pytest.approx(3.858e9, rel=0.01)
    assert mobilenet["total_macs"] == pytest.approx(300.8e6, rel=0.01)


@pytest.mark.parametrize(("layer", "shape", "expected"), [
    (layers.Dense(4), (5, 8), 5 * 8 * 4),
    (layers.Dense(3), (2, 5, 8), 2 * 5 * 8 * 3),
    (layers.Conv1D(32, 5), (100, 16), 96 * 32 * 5 * 16),
    (layers.Conv2D(16, 3, groups=4), (10, 10, 8), 8 * 8 * 16 * 3 * 3 * 2),
    (layers.Conv2D(8, 3, strides=2, padding="same"), (28, 28, 1), 14 * 14 * 8 * 9),
    (layers.Conv2D(8, 3, dilation_rate=2), (28, 28, 1), 24 * 24 * 8 * 9),
    (layers.Conv2D(8, 3, data_format="channels_first"), (3, 12, 12), 10 * 10 * 8 * 27),
    (layers.Conv3D(4, 3), (6, 6, 6, 2), 4 * 4 * 4 * 4 * 27 * 2),
    (layers.Conv2DTranspose(5, 3, strides=2), (6, 8, 4), 6 * 8 * 5 * 9 * 4),
    (layers.Conv1DTranspose(2, 4, strides=2), (10, 3), 10 * 2 * 4 * 3),
    (layers.DepthwiseConv2D(3, depth_multiplier=2), (10, 12, 8), 8 * 10 * 16 * 9),
    (layers.DepthwiseConv1D(3), (10, 4), 8 * 4 * 3),
    (layers.SeparableConv2D(4, 3), (8, 10, 16), 6 * 8 * (9 * 16 + 16 * 4)),
    (layers.SeparableConv1D(4, 3, depth_multiplier=2), (10, 3), 8 * (3 * 6 + 6 * 4)),
    (layers.MaxPooling2D(), (8, 8, 3), 0),
    (layers.GlobalAveragePooling1D(), (8, 3), 0),
    (layers.BatchNormalization(), (8, 3), 0),
    (layers.LayerNormalization(), (8, 3), 0),
    (layers.Flatten(), (8, 3), 0),
    (layers.SimpleRNN(6), (7, 5), 7 * (5 * 6 + 6 * 6)),
    (layers.LSTM(6), (7, 5), 7 * (5 * 24 + 6 * 24)),
    (layers.GRU(4), (7, 3), 7 * (3 * 12 + 4 * 12)),
    (layers.GRU(4, reset_after=False), (7, 3), 7 * (3 * 12 + 4 * 12)),
    (layers.Bidirectional(layers.LSTM(6)), (7, 5), 2 * 7 * (5 * 24 + 6 * 24)),
    (layers.Bidirectional(layers.GRU(3), backward_layer=layers.GRU(2, go_backwards=True)),
     (7, 5), 7 * (5 * 9 + 3 * 9) + 7 * (5 * 6 + 2 * 6)),
    (layers.TimeDistributed(layers.Dense(3)), (7, 12), 7 * 12 * 3),
    (layers.TimeDistributed(layers.Conv2D(4, 3)), (5, 6, 6, 2), 5 * 4 * 4 * 4 * 18),
    (layers.ConvLSTM2D(4, 3, padding="same"), (5, 6, 6, 2), 5 * 36 * (9 * 2 * 16 + 9 * 4 * 16)),
])
def test_layer_family_counts(layer: Layer, shape: tuple[int, ...], expected: int) -> None:
    model = Sequential([Input(shape), layer])
    assert _macs(model, layer.name) == expected


def test_embedding_counts_nothing() -> None:
    model = Sequential([Input((5,), dtype="int32"), layers.Embedding(100, 16)])
    graph = model.to_graph()
    assert graph.nodes["embedding"]["macs"] == 0
    assert graph.nodes["embedding"]["macs_explanation"] == "0 MACs (table lookup)"


def test_attention_layers_count_both_products() -> None:
    query, value = Input((6, 16)), Input((9, 16))
    dot = layers.Attention(name="dot")([query, value])
    additive = layers.AdditiveAttention(name="additive")([query, value])
    batch_dot = layers.Dot(axes=2, name="batch_dot")([query, value])
    graph = Model([query, value], [dot, additive, batch_dot]).to_graph()
    assert graph.nodes["dot"]["macs"] == 6 * 9 * 16 + 6 * 9 * 16
    assert graph.nodes["additive"]["macs"] == 6 * 9 * 16 + 6 * 9 * 16
    assert graph.nodes["batch_dot"]["macs"] == 6 * 9 * 16


def test_einsum_dense_counts_every_index_once() -> None:
    call = LayerCall("e", "EinsumDense", {"equation": "abc,cd->abd"}, [(None, 7, 16)],
                     [(None, 7, 32)], {"kernel": (16, 32)})
    assert count_call(call) == Count(7 * 16 * 32, "abc,cd->abd: 1×7×16×32 (abcd)")
    ellipsis = LayerCall("e", "EinsumDense", {"equation": "...b,bc->...c"}, [(None, 4, 5, 6)],
                         [(None, 4, 5, 3)], {"kernel": (6, 3)})
    assert count_call(ellipsis).macs == 4 * 5 * 6 * 3  # type: ignore[union-attr]
    from_output = LayerCall("e", "EinsumDense", {"equation": "abc,cd->abd"}, [(None, 7, 16)],
                            [(None, 7, 32)], {})
    assert count_call(from_output).macs == 7 * 16 * 32  # type: ignore[union-attr]


def test_unknown_layers_and_dimensions_are_none_never_guessed() -> None:
    model = Sequential([Input((None, 5)), layers.LSTM(3), layers.Dense(2)])
    graph = model.to_graph()
    assert graph.nodes["lstm"]["macs"] is None
    assert "unknown" in graph.nodes["lstm"]["macs_explanation"]
    assert graph.graph["unknown_macs"] == ["lstm"] and graph.graph["total_macs"] == 3 * 2
    assert count_call(LayerCall("x", "NoSuchLayer", {}, [], [], {})) is None


def test_every_modelviz_layer_class_has_a_rule() -> None:
    classes = [getattr(layers_module, name) for name in dir(layers_module)]
    names = sorted(c.__name__ for c in classes if isinstance(c, type) and issubclass(c, Layer)
                   and not c.__name__.startswith(("_", "Base")) and c.__name__ != "Layer")
    assert [name for name in names if name not in MACS_COUNTERS] == []


def test_register_macs_lets_importers_plug_in() -> None:
    register_macs("Gemmish", lambda call: Count(call.input_shapes[0][-1] * 2, "k × 2"))
    try:
        assert count_call(LayerCall("g", "Gemmish", {}, [(None, 5)], [], {})) == Count(10, "k × 2")
    finally:
        del MACS_COUNTERS["Gemmish"]


def test_nested_and_shared_layers_count_every_call() -> None:
    inner = Sequential([Input((4,)), layers.Dense(3)], name="inner")
    a, b = Input((4,)), Input((4,))
    shared = layers.Dense(2, name="shared")
    graph = Model([a, b], [inner(a), inner(b), shared(a), shared(b)]).to_graph()
    assert graph.nodes["inner"]["macs"] == 2 * 4 * 3
    assert graph.nodes["shared"]["macs"] == 2 * 4 * 2
    assert graph.graph["total_macs"] == 2 * 12 + 2 * 8


def test_activation_bytes_and_peak() -> None:
    inputs = Input((8,))
    left = layers.Dense(16, name="left")(inputs)
    right = layers.Dense(4, name="right")(inputs)
    out = layers.Concatenate(name="cat")([left, right])
    graph = Model(inputs, out).to_graph()
    sizes = {key: graph.nodes[key]["activation_bytes"] for key in graph}
    assert sizes == {"input_layer": 32, "left": 64, "right": 16, "cat": 80}
    assert graph.graph["total_activation_bytes"] == 192
    # at `cat`: left, right and cat are alive (the input was freed after `right`)
    assert graph.graph["peak_activation_bytes"] == 160
    assert graph.graph["peak_activation_layer"] == "cat"


def test_mixed_precision_activations_are_half_size() -> None:
    model = Sequential([Input((8,)), layers.Dense(4, dtype="mixed_float16")])
    assert model.to_graph().nodes["dense"]["activation_bytes"] == 8


def test_folded_groups_keep_the_sum() -> None:
    graph = load(CONFIGS / "app_resnet50.json").to_graph()
    folded = fold_graph(graph)
    assert sum(data["macs"] for _, data in folded.nodes(data=True)) == graph.graph["total_macs"]


def test_readable_counts_and_flops() -> None:
    assert readable_count(76_145_280) == "76.15 M"
    assert readable_count(3_858_000_000) == "3.86 G"
    assert readable_count(999_999) == "1.00 M"
    assert readable_count(None) == "?"
    assert flops(76_145_280) == 2 * 76_145_280


@pytest.mark.parametrize(("call", "expected"), [
    (LayerCall("c", "Conv", {}, [(1, 3, 32, 32)], [(1, 32, 30, 30)],
               {"W": (32, 3, 3, 3), "B": (32,)}), 30 * 30 * 32 * 27),
    (LayerCall("c", "Conv2d", {}, [(None, 8, 10, 10)], [(None, 16, 8, 8)],
               {"weight": (16, 2, 3, 3)}), 8 * 8 * 16 * 18),  # groups=4
    (LayerCall("t", "ConvTranspose2d", {}, [(1, 4, 6, 8)], [(1, 5, 13, 17)],
               {"weight": (4, 5, 3, 3)}), 6 * 8 * 4 * 5 * 9),
    (LayerCall("g", "Gemm", {}, [(1, 2048)], [(1, 1000)], {"B": (1000, 2048)}), 2_048_000),
    (LayerCall("l", "Linear", {}, [(None, 7, 12)], [(None, 7, 3)], {"weight": (3, 12)}),
     7 * 12 * 3),
    (LayerCall("m", "MatMul", {}, [(1, 4, 6, 16), (1, 4, 16, 9)], [(1, 4, 6, 9)], {}),
     4 * 6 * 9 * 16),
    (LayerCall("r", "Relu", {}, [(1, 8)], [(1, 8)], {}), 0),
    (LayerCall("p", "MaxPool2d", {}, [(1, 8, 4, 4)], [(1, 8, 2, 2)], {}), 0),
])
def test_onnx_and_pytorch_operators(call: LayerCall, expected: int) -> None:
    count = count_call(call)
    assert count is not None and count.macs == expected


def test_operator_without_weights_or_dimensions_is_unknown() -> None:
    assert count_call(LayerCall("c", "Conv", {}, [(1, 3, 8, 8)], [(1, 4, 6, 6)], {})) is None
    assert count_call(LayerCall("m", "MatMul", {}, [(1, None, 8)], [(1, None, 4)], {})) is None


def _resnet18_calls() -> list[LayerCall]:
    """torchvision's resnet18 as (Conv2d / Linear) calls with channels-first shapes."""
    def conv(cin: int, cout: int, k: int, size: int) -> LayerCall:
        return LayerCall("c", "Conv2d", {}, [(1, cin, 2 * size, 2 * size)],
                         [(1, cout, size, size)], {"weight": (cout, cin, k, k)})
    calls = [conv(3, 64, 7, 112)] + [conv(64, 64, 3, 56) for _ in range(4)]
    for cin, cout, size in ((64, 128, 28), (128, 256, 14), (256, 512, 7)):
        calls += [conv(cin, cout, 3, size), conv(cin, cout, 1, size)]  # first conv, downsample
        calls += [conv(cout, cout, 3, size) for _ in range(3)]
    calls.append(LayerCall("fc", "Linear", {}, [(1, 512)], [(1, 1000)],
                           {"weight": (1000, 512)}))
    return calls


def test_torch_resnet18_matches_torchinfo_mult_adds() -> None:
    total = sum(count.macs for count in map(count_call, _resnet18_calls()) if count)
    assert total == pytest.approx(1.814e9, rel=0.01)


def test_peak_counts_layers_inside_nested_models() -> None:
    """Issue 20 item 15: the peak was 'at block' with the nested Conv2D's 256 KB left out."""
    block = Sequential([Input((32, 32, 16)), layers.Conv2D(64, 3, padding="same", name="conv"),
                        layers.MaxPooling2D(4, name="pool")], name="block")
    model = Sequential([Input((32, 32, 16)), block, layers.Flatten(name="flat"),
                        layers.Dense(10, name="out")], name="outer")
    graph = model.to_graph()
    conv, pool = (graph.nodes[f"block/{k}"]["activation_bytes"] for k in ("conv", "pool"))
    assert conv == 32 * 32 * 64 * 4 and pool == 8 * 8 * 64 * 4
    # at block/pool: the convolution's output and the pooled one (the block's input is
    # not an activation a Sequential counts)
    assert graph.graph["peak_activation_bytes"] == conv + pool
    assert graph.graph["peak_activation_layer"] == "block/pool"


@pytest.mark.parametrize("config", ["nested_functional_in_seq.json",
                                    "nested_seq_in_functional.json", "siamese.json",
                                    "app_efficientnetb0.json"])
def test_peak_is_at_least_every_layer_at_every_depth(config: str) -> None:
    graph = load(CONFIGS / config).to_graph()
    sizes = {key: data["activation_bytes"] for key, data in graph.nodes(data=True)
             if not data.get("is_model")}
    assert any(graph.nodes[key]["depth"] for key in sizes) or config.startswith("app_")
    biggest = max(sizes, key=lambda key: sizes[key])
    assert graph.graph["peak_activation_bytes"] >= sizes[biggest]
    assert graph.graph["peak_activation_layer"] in graph

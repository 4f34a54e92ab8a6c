"""MACs of PyTorch models, counted from the operators each module call ran.

References: torchinfo 1.8.0 for convolutions and linear layers (it counts biases and
BatchNorm as products too, so those terms are taken off its per-layer numbers here), and
hand counts written as formulas for attention and recurrent layers (one forward pass at
batch 1, biases not counted, QKᵀ and AV counted). ONNX exports of the same models
(tests/fixtures/onnx, scripts/make_torch_fixtures.py) must give the same totals.
"""

from __future__ import annotations

import functools
import warnings
from math import prod
from pathlib import Path
from typing import Any

import pytest

import modelviz
from modelviz.compute import ensure_compute
from modelviz.graph import DTYPE_BYTES
from modelviz.importers import load

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")

from .fixtures.torch_models import MODELS, TRANSFORMERS  # noqa: E402

ALL = {**MODELS, **TRANSFORMERS}
ONNX_DIR = Path(__file__).parent / "fixtures" / "onnx"


@functools.cache
def _graph(name: str, capture: str) -> Any:
    torch.manual_seed(0)
    build, make_input = ALL[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = modelviz.from_torch(build().eval(), make_input(), capture=capture)
    return ensure_compute(model.to_graph(), DTYPE_BYTES)


def _transformer_macs(tokens: int, dim: int, ff: int, layers: int) -> int:
    """Encoder layers: Q, K, V and output projections, QKᵀ, AV, two feed-forward layers."""
    per_token = 4 * dim * dim + 2 * dim * ff
    return layers * (tokens * per_token + 2 * tokens * tokens * dim)


def _swin_stage(size: int, dim: int, window: int, depth: int) -> int:
    tokens = size * size
    block = tokens * (3 * dim * dim + dim * dim + 8 * dim * dim) + 2 * tokens * window ** 2 * dim
    return depth * block


HAND_COUNTS = {
    # embed 10×16×32, six layers at 10 tokens (dim 32, feed-forward 64), head 32×3
    "transformer": 10 * 16 * 32 + _transformer_macs(10, 32, 64, 6) + 32 * 3,
    # embedding 0; bidirectional LSTM: 7 steps × 2 directions × 4 gates × 24 × (16 + 24);
    # per-token Linear 7 × 48 × 5
    "lstm_tagger": 7 * 2 * 4 * 24 * (16 + 24) + 7 * 48 * 5,
    # Conv1d 9 × 12 × 4×3; GRU layers 9 steps × 3 gates × 20 × (12 + 20) and × (20 + 20); fc
    "gru_conv": 9 * 12 * 12 + 9 * 3 * 20 * (12 + 20) + 9 * 3 * 20 * (20 + 20) + 20 * 3,
    # patches 16 × 64 × (3×8×8); two blocks at 17 tokens (dim 64, MLP 128); head 64 × 10
    "vit": 16 * 64 * 192 + _transformer_macs(17, 64, 128, 2) + 64 * 10,
    # patches 16×16 × 32 × (3×4×4); two blocks at 16×16 (dim 32, window 4); merging
    # 8×8 × 128 × 64; two blocks at 8×8 (dim 64, window 4); head 64 × 10
    "swin": (256 * 32 * 48 + _swin_stage(16, 32, 4, 2) + 64 * 128 * 64
             + _swin_stage(8, 64, 4, 2) + 64 * 10),
    # shared Linear 8×8 twice, out 8×2
    "shared_twice": 2 * 64 + 16,
    # issue 21's two references, configurations reconstructed from its figures
    # (tests/fixtures/torch_models.py): LSTM 128 steps × 4 gates × 128 × (256 + 128), head
    # 128 × 10 on the last step: 25,167,104 (25.17 M)
    "lstm_classifier": 128 * 4 * 128 * (256 + 128) + 128 * 10,
    # four layers at 128 tokens (dim 256, feed-forward 1024), head 256 × 10: 436,210,176
    "transformer_encoder": _transformer_macs(128, 256, 1024, 4) + 256 * 10,
}


@pytest.mark.parametrize("capture", ["export", "recorder"])
@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_attention_and_recurrent_macs_equal_the_hand_counts(name: str, capture: str) -> None:
    graph = _graph(name, capture)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == HAND_COUNTS[name]


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_onnx_exports_count_the_same(name: str) -> None:
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    graph = ensure_compute(load(ONNX_DIR / f"{name}.onnx").to_graph(), DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == HAND_COUNTS[name]


def _torchinfo_layers(name: str) -> list[tuple[str, int, Any]]:
    """(module path, torchinfo's MACs at batch 1 less its bias/BatchNorm terms, module)."""
    torchinfo = pytest.importorskip("torchinfo", reason="torchinfo is a test extra")
    torch.manual_seed(0)
    build, make_input = ALL[name]
    model = build().eval()
    paths = {id(m): p for p, m in model.named_modules()}
    stats = torchinfo.summary(model, input_data=make_input()[:1], verbose=0)
    layers = []
    for layer in stats.summary_list:
        module = layer.module
        if not isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
            continue
        bias = 0 if module.bias is None else module.bias.numel()
        positions = prod(layer.output_size[2:]) if isinstance(module, torch.nn.Conv2d) else 1
        layers.append((paths[id(module)], layer.macs - bias * positions, module))
    return layers


@pytest.mark.parametrize("capture", ["export", "recorder"])
@pytest.mark.parametrize("name", ["resnet18", "depthwise"])
def test_conv_and_linear_layers_equal_torchinfo(name: str, capture: str) -> None:
    graph = _graph(name, capture)
    by_path = {data["name"]: data for _, data in graph.nodes(data=True)}
    layers = _torchinfo_layers(name)
    assert len(layers) >= 4
    for path, macs, _ in layers:
        assert by_path[path]["macs"] == macs, path
    batch_norm = sum(d["macs"] for d in by_path.values() if d["class_name"] == "BatchNorm2d")
    assert batch_norm == 0  # normalization is element-wise: 0 MACs, not unknown


def test_parent_rows_sum_their_operators() -> None:
    graph = _graph("transformer", "export")
    layer = graph.nodes["encoder/encoder.layers.0"]
    inner = [d["macs"] for _, d in graph.nodes(data=True)
             if d["parent"] == "encoder/encoder.layers.0"]
    assert None not in inner and layer["macs"] == sum(inner)
    attention = next(d for _, d in graph.nodes(data=True)
                     if d["name"] == "encoder.layers.0.self_attn")
    assert attention["macs"] == 10 * 4 * 32 * 32 + 2 * 10 * 10 * 32
    assert "scaled_dot_product_attention" in attention["macs_explanation"]


class _FastAttention(torch.nn.Module):
    """nn.MultiheadAttention's eval fast path, called as the module calls it."""

    def __init__(self) -> None:
        super().__init__()
        self.mha = torch.nn.MultiheadAttention(32, 4, batch_first=True)

    def forward(self, x: Any) -> Any:
        m = self.mha
        return torch._native_multi_head_attention(
            x, x, x, 32, 4, m.in_proj_weight, m.in_proj_bias, m.out_proj.weight,
            m.out_proj.bias, None, False)[0]


class _FastEncoderLayer(torch.nn.Module):
    """TransformerEncoderLayer's fused eval kernel."""

    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)

    def forward(self, x: Any) -> Any:
        layer, attention = self.layer, self.layer.self_attn
        return torch._transformer_encoder_layer_fwd(
            x, 32, 4, attention.in_proj_weight, attention.in_proj_bias,
            attention.out_proj.weight, attention.out_proj.bias, False, False, 1e-5,
            layer.norm1.weight, layer.norm1.bias, layer.norm2.weight, layer.norm2.bias,
            layer.linear1.weight, layer.linear1.bias, layer.linear2.weight, layer.linear2.bias,
            None)


@pytest.mark.parametrize("capture", ["export", "recorder"])
@pytest.mark.parametrize(("module", "expected"), [
    (_FastAttention, 10 * 4 * 32 * 32 + 2 * 10 * 10 * 32),
    (_FastEncoderLayer, _transformer_macs(10, 32, 64, 1)),
])
def test_fused_fast_paths(module: Any, expected: int, capture: str) -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = modelviz.from_torch(module().eval(), torch.zeros(2, 10, 32), capture=capture)
    graph = ensure_compute(model.to_graph(), DTYPE_BYTES)
    assert graph.graph["total_macs"] == expected  # batch 2 counted, divided by 2


class _FastEncoder(torch.nn.Module):
    """Issue 21's TransformerEncoder (``transformer_encoder``) run as torch runs it in eval
    mode without gradients: each layer one fused ``_transformer_encoder_layer_fwd`` call."""

    def __init__(self) -> None:
        super().__init__()
        self.model = MODELS["transformer_encoder"][0]().eval()

    def forward(self, tokens: Any) -> Any:
        x = self.model.embedding(tokens)
        for layer in self.model.encoder.layers:
            attention = layer.self_attn
            x = torch._transformer_encoder_layer_fwd(
                x, 256, 8, attention.in_proj_weight, attention.in_proj_bias,
                attention.out_proj.weight, attention.out_proj.bias, False, False, 1e-5,
                layer.norm1.weight, layer.norm1.bias, layer.norm2.weight, layer.norm2.bias,
                layer.linear1.weight, layer.linear1.bias, layer.linear2.weight,
                layer.linear2.bias, None)
        return self.model.head(x.mean(dim=1))


@pytest.mark.parametrize("capture", ["export", "recorder"])
def test_transformer_encoder_fast_path_counts_the_same(capture: str) -> None:
    torch.manual_seed(0)
    fast = _FastEncoder().eval()
    tokens = MODELS["transformer_encoder"][1]()
    with torch.no_grad():  # the fused kernel computes what the module computes
        assert torch.allclose(fast(tokens), fast.model(tokens), atol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = ensure_compute(modelviz.from_torch(fast, tokens, capture=capture).to_graph(),
                               DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == HAND_COUNTS["transformer_encoder"] == 436_210_176


class _Custom(torch.nn.Module):
    """Attention written with einsum and bmm, a LayerNorm2d made of element-wise ops."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(8, 1, 1))

    def forward(self, x: Any) -> Any:
        mean = x.mean(1, keepdim=True)
        x = (x - mean) / (x.var(1, keepdim=True) + 1e-6).sqrt() * self.weight  # LayerNorm2d
        q = x.flatten(2).transpose(1, 2)  # (1, 16, 8)
        scores = torch.einsum("bqd,bkd->bqk", q, q)
        return torch.bmm(scores.softmax(-1), q)


def test_custom_modules_count_their_operators() -> None:
    graph = ensure_compute(modelviz.from_torch(_Custom(), torch.zeros(1, 8, 4, 4),
                                               capture="recorder").to_graph(), DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == 16 * 16 * 8 * 2


def test_unknown_line_names_at_most_five() -> None:
    from modelviz.tables.rows import Totals, compute_lines, summary_options

    totals = Totals(1, 1, 0, 4, 4, 0, (), macs=1, unknown_macs=tuple(f"op{i}" for i in range(8)))
    lines = compute_lines(totals, "", summary_options("text", None, None, False, False, None,
                                                      False, show_macs=True))
    assert "Unknown MACs: 8 layer(s) (op0, op1, op2, op3, op4 and 3 more) not counted" in lines


def test_diagram_boxes_of_a_torch_model_show_their_macs() -> None:
    from modelviz.plot import to_dot_text

    torch.manual_seed(0)
    build, make_input = ALL["vit"]
    model = modelviz.from_torch(build().eval(), make_input(), capture="recorder")
    text = to_dot_text(model, show_macs=True, depth=2)
    assert "594.05 K" in text  # each EncoderBlock, folded: its operators' sum
    assert "<b>?</b>" not in text


@pytest.mark.parametrize("name", ["resnet18", "unet", "depthwise"])
def test_onnx_conv_nets_count_as_their_torch_capture(name: str) -> None:
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    graph = ensure_compute(load(ONNX_DIR / f"{name}.onnx").to_graph(), DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == _graph(name, "export").graph["total_macs"]


# torchvision's ViT-B/16 and Swin-T at 224×224 as hand counts; all ten torchvision models of
# issue 21 against the MACs their weights' metadata publishes (``_ops``, G, three decimals).
TORCHVISION_HAND_COUNTS = {
    # 196 patches × 768 × (3×16×16); 12 layers at 197 tokens (dim 768, MLP 3072); head
    "vit_b_16": 196 * 768 * 768 + _transformer_macs(197, 768, 3072, 12) + 768 * 1000,
    # patches 56×56 × 96 × (3×4×4); stages at 56, 28, 14, 7 (dims 96·2ᵏ, depths 2-2-6-2,
    # 7×7 windows); patch merging (s/2)² × 4d × 2d between stages; head 768 × 1000
    "swin_t": (56 * 56 * 96 * 48 + _swin_stage(56, 96, 7, 2) + _swin_stage(28, 192, 7, 2)
               + _swin_stage(14, 384, 7, 6) + _swin_stage(7, 768, 7, 2)
               + sum(s * s * 4 * d * 2 * d for s, d in [(28, 96), (14, 192), (7, 384)])
               + 768 * 1000),
}
PUBLISHED = ("resnet18", "resnet50", "mobilenet_v3_large", "efficientnet_b0", "densenet121",
             "convnext_tiny", "vit_b_16", "swin_t", "regnet_y_400mf", "inception_v3")


@pytest.mark.parametrize("name", PUBLISHED)
def test_torchvision_models_equal_their_published_macs(name: str, monkeypatch: Any) -> None:
    """Full size, recorded on the meta device (shapes only, as ``from_torch`` does for
    large models by itself) to keep this fast; test_torch_zoo.py checks that the meta
    capture gives a real run's graph."""
    torchvision = pytest.importorskip("torchvision", reason="the test extra installs it")
    monkeypatch.setattr("modelviz.torch.META_PARAMS", 0)
    torch.manual_seed(0)
    keywords = {"aux_logits": False, "init_weights": False} if name == "inception_v3" else {}
    size = 299 if name == "inception_v3" else 224
    model = getattr(torchvision.models, name)(weights=None, **keywords).eval()
    graph = modelviz.from_torch(model, torch.zeros(1, 3, size, size)).to_graph()
    graph = ensure_compute(graph, DTYPE_BYTES)
    assert graph.graph["shapes_only"] and graph.graph["unknown_macs"] == []
    published = torchvision.models.get_model_weights(name).DEFAULT.meta["_ops"]
    assert round(graph.graph["total_macs"] / 1e9, 3) == published
    if name in TORCHVISION_HAND_COUNTS:
        assert graph.graph["total_macs"] == TORCHVISION_HAND_COUNTS[name]

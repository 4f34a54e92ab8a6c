"""Models people load (torchvision, timm, Hugging Face transformers) through ``from_torch``.

References come from torch itself (``parameters()``) and from torchinfo 1.8.0, run on the
same model and input in this process: every executed leaf-module call in torchinfo's
list has a row of the same class and output shape, and no graph has a cycle. Models are
built with ``weights=None`` (no download) at small input sizes, once per module; the
whole torchvision set, at full size, with timings, is ``benchmarks/bench_torch.py``.
Hugging Face models come from small configs (``HF_HUB_OFFLINE=1``, set in conftest).
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from typing import Any

import networkx
import pytest

import modelviz
from modelviz.compute import ensure_compute
from modelviz.graph import DTYPE_BYTES

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")
torchvision = pytest.importorskip("torchvision", reason="the test extra installs torchvision")
torchinfo = pytest.importorskip("torchinfo", reason="the test extra installs torchinfo")
timm = pytest.importorskip("timm", reason="the test extra installs timm")
transformers = pytest.importorskip("transformers", reason="the test extra installs transformers")

from .fixtures.torch_models import MODELS  # noqa: E402

# (constructor keywords, input size): small inputs keep the forward passes short.
TORCHVISION = {
    "resnet18": ({}, 64),  # a ReLU module called three times per block
    "efficientnet_b0": ({}, 64),  # StochasticDepth: identity in eval mode
    "vit_b_16": ({"image_size": 32}, 32),  # MultiheadAttention, heads.head
    "inception_v3": ({"aux_logits": False, "init_weights": False}, 75),  # branches, cat
    "resnet50": ({}, 64),  # bottlenecks: ReLU called three times, downsample branches
    "mobilenet_v3_large": ({}, 64),  # squeeze-excitation, Hardswish
    "densenet121": ({}, 64),  # cat of every earlier feature map
    "convnext_tiny": ({}, 64),  # LayerNorm2d, per-channel scale, StochasticDepth
    "swin_t": ({}, 64),  # window attention written in forward, padded windows
    "regnet_y_400mf": ({}, 64),  # grouped convolutions, squeeze-excitation
}
TIMM = ("test_resnet", "test_efficientnet", "test_convnext", "test_vit")
OWN = ("shared_twice", "unet", "lstm_tagger", "transformer", "lstm_classifier",
       "transformer_encoder")


@functools.cache
def _torchvision(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    keywords, size = TORCHVISION[name]
    model = getattr(torchvision.models, name)(weights=None, **keywords).eval()
    return model, torch.zeros(1, 3, size, size)


@functools.cache
def _timm(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    model = timm.create_model(name, pretrained=False).eval()
    size = model.default_cfg["input_size"][1:]
    return model, torch.zeros(1, 3, *size)


@functools.cache
def _own(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    build, make_input = MODELS[name]
    return build().eval(), make_input()


def _model(source: str, name: str) -> tuple[Any, Any]:
    return {"torchvision": _torchvision, "timm": _timm, "own": _own}[source](name)


@functools.cache
def _graph(source: str, name: str, capture: str = "auto") -> Any:
    model, example = _model(source, name)
    return modelviz.from_torch(model, example, capture=capture).to_graph()


CASES = ([("torchvision", n) for n in TORCHVISION] + [("timm", n) for n in TIMM]
         + [("own", n) for n in OWN])


def _torchinfo_leaf_calls(model: Any, example: Any) -> list[tuple[str, tuple[int, ...]]]:
    info = torchinfo.summary(model, input_data=example, verbose=0)
    return [(layer.class_name, tuple(layer.output_size)) for layer in info.summary_list
            if layer.is_leaf_layer and layer.executed]


def _module_rows(graph: Any) -> list[tuple[str, tuple[int, ...]]]:
    return [(data["class_name"], tuple(data["output_shapes"][0]))
            for _, data in graph.nodes(data=True) if "module" in data]


@pytest.mark.parametrize(("source", "name"), CASES, ids=[n for _, n in CASES])
def test_params_equal_torch_and_graph_is_acyclic(source: str, name: str) -> None:
    model, _ = _model(source, name)
    graph = _graph(source, name)
    large = sum(p.numel() for p in model.parameters()) >= 20_000_000
    assert graph.graph["shapes_only"] == large  # large models record on the meta device
    assert graph.graph["total_params"] == sum(p.numel() for p in model.parameters())
    assert networkx.is_directed_acyclic_graph(graph)
    rows = sum(data["params"] for _, data in graph.nodes(data=True) if data["parent"] is None)
    assert rows == graph.graph["total_params"]  # each parameter at one row


@pytest.mark.parametrize(("source", "name"), CASES, ids=[n for _, n in CASES])
def test_every_call_has_known_macs(source: str, name: str) -> None:
    """Identity modules (StochasticDepth in eval mode), shape-only and element-wise
    operators count 0, so no row is unknown."""
    graph = ensure_compute(_graph(source, name), DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == [] and graph.graph["total_macs"] > 0


@pytest.mark.parametrize(("source", "name"), CASES, ids=[n for _, n in CASES])
def test_every_torchinfo_leaf_call_has_a_row(source: str, name: str) -> None:
    model, example = _model(source, name)
    expected = _torchinfo_leaf_calls(model, example)
    missing = Counter(expected) - Counter(_module_rows(_graph(source, name)))
    assert not missing, f"{name}: no row for {list(missing.items())[:5]}"


@pytest.mark.parametrize(("source", "name"), CASES, ids=[n for _, n in CASES])
def test_module_paths_are_named_modules(source: str, name: str) -> None:
    model, _ = _model(source, name)
    paths = {path for path, _ in model.named_modules()}
    graph = _graph(source, name)
    for _, data in graph.nodes(data=True):
        if "module" in data:
            assert data["module"] in paths
            suffix = "" if data["call"] == 0 else " ["
            assert data["name"].startswith(data["module"] + suffix)


def test_resnet_relu_calls_are_separate_nodes() -> None:
    graph = _graph("torchvision", "resnet18")
    block = "layer1/layer1.0"
    relus = [k for k in graph.nodes if k.startswith(f"{block}/layer1.0.relu")]
    assert relus == [f"{block}/layer1.0.relu", f"{block}/layer1.0.relu [2nd call]"]
    assert graph.has_edge(f"{block}/layer1.0.bn1", f"{block}/layer1.0.relu")
    assert graph.nodes[f"{block}/layer1.0.relu [2nd call]"]["call"] == 1
    assert list(graph.predecessors(f"{block}/layer1.0.relu [2nd call]")) == [f"{block}/add"]


@pytest.mark.parametrize("capture", ["auto", "export"])
def test_identity_modules_have_rows(capture: str) -> None:
    graph = _graph("torchvision", "efficientnet_b0", capture)
    depth = [d for _, d in graph.nodes(data=True) if d["class_name"] == "StochasticDepth"]
    assert len(depth) == 9  # one per residual MBConv block
    assert all(d["operators"][0]["op"] == "identity" for d in depth)
    assert "heads.head" in {d.get("module") for _, d in _graph("torchvision", "vit_b_16",
                                                                 capture).nodes(data=True)}


# Models with modules that run no operation in eval mode (StochasticDepth, Identity)
SAME_ROWS = [("own", "transformer"), ("torchvision", "efficientnet_b0"),
             ("torchvision", "convnext_tiny"), ("torchvision", "swin_t"),
             ("timm", "test_convnext"), ("timm", "test_vit")]


@pytest.mark.parametrize(("source", "name"), SAME_ROWS, ids=[n for _, n in SAME_ROWS])
def test_export_capture_gives_the_same_rows(source: str, name: str) -> None:
    recorded = _graph(source, name, "recorder")
    exported = _graph(source, name, "export")
    assert exported.graph["capture"] == "torch.export"
    assert exported.graph["total_params"] == recorded.graph["total_params"]
    assert networkx.is_directed_acyclic_graph(exported)
    assert Counter(_module_rows(exported)) == Counter(_module_rows(recorded))
    identities = [k for k, d in exported.nodes(data=True)
                  if [o["op"] for o in d.get("operators") or []] == ["identity"]]
    assert identities or name == "transformer"
    for key in identities:  # connected as the recorder connects them
        assert (exported.in_degree(key), exported.out_degree(key)) == (
            recorded.in_degree(key), recorded.out_degree(key)), key


def _hf(name: str) -> Any:
    configs = {
        "bert": (transformers.BertModel, transformers.BertConfig(
            vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=64, max_position_embeddings=64)),
        "gpt2": (transformers.GPT2LMHeadModel, transformers.GPT2Config(
            vocab_size=100, n_positions=64, n_embd=32, n_layer=2, n_head=4)),
        "llama": (transformers.LlamaForCausalLM, transformers.LlamaConfig(
            vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
            num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)),
        "t5": (transformers.T5Model, transformers.T5Config(
            vocab_size=100, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4)),
        "vit": (transformers.ViTModel, transformers.ViTConfig(
            hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=64, image_size=32, patch_size=8)),
    }
    torch.manual_seed(0)
    cls, config = configs[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the small configs' token ids are out of range
        return cls(config).eval()


def _hf_inputs(name: str) -> dict[str, Any]:
    ids = torch.arange(8).reshape(1, 8) * 7 % 100
    mask = torch.ones(1, 8, dtype=torch.long)
    mask[0, 6:] = 0  # two padding tokens: the mask matters
    if name == "vit":
        return {"pixel_values": torch.zeros(1, 3, 32, 32)}
    if name == "t5":
        return {"input_ids": ids, "attention_mask": mask, "decoder_input_ids": ids[:, :4]}
    return {"input_ids": ids, "attention_mask": mask}


HF = ("bert", "gpt2", "llama", "t5", "vit")


@pytest.mark.parametrize("capture", ["recorder", "export"])
@pytest.mark.parametrize("name", HF)
def test_hugging_face_models_capture_with_exact_params(name: str, capture: str) -> None:
    model = _hf(name)
    imported = modelviz.from_torch(model, _hf_inputs(name), capture=capture)
    graph = imported.to_graph()
    assert imported.capture == ("torch.export" if capture == "export" else "recorder")
    assert graph.graph["total_params"] == sum(p.numel() for p in model.parameters())
    assert networkx.is_directed_acyclic_graph(graph)
    assert set(graph.graph["inputs"]) == set(_hf_inputs(name))
    leaves = sum(d["params"] for _, d in graph.nodes(data=True) if not d["is_model"])
    assert leaves == graph.graph["total_params"]  # GPT-2's tied lm_head counted once


def test_keyword_and_dict_inputs_are_the_same_capture() -> None:
    model = _hf("gpt2")
    inputs = _hf_inputs("gpt2")
    by_dict = modelviz.from_torch(model, inputs).to_graph()
    by_keyword = modelviz.from_torch(model, inputs["input_ids"],
                                     attention_mask=inputs["attention_mask"]).to_graph()
    assert list(by_dict.nodes) == list(by_keyword.nodes)
    assert by_dict.graph["inputs"] == ["input_ids", "attention_mask"]
    logits = by_dict.nodes[by_dict.graph["outputs"][0]]
    assert logits["output_shapes"] == [(1, 8, 100)]  # no key/value cache: use_cache=False


def test_mask_plumbing_folds_into_one_small_node() -> None:
    graph = modelviz.from_torch(_hf("bert"), _hf_inputs("bert")).to_graph()
    masks = [k for k, d in graph.nodes(data=True) if d.get("auxiliary")]
    assert masks and all(graph.nodes[k]["is_operation"] for k in masks)
    (mask,) = [k for k in masks if graph.nodes[k]["class_name"] == "Mask"]
    assert list(graph.predecessors(mask)) == ["attention_mask"]
    assert list(graph.successors(mask)) == ["encoder"]
    assert graph.nodes[mask]["folded_operations"] > 5
    assert all(graph.out_degree(k) > 0 for k in masks)  # nothing connected to nothing


def test_meta_tensors_give_the_same_graph_as_a_real_run() -> None:
    """Large models record on the meta device (shapes only): same nodes, shapes, edges."""
    fake = _graph("torchvision", "vit_b_16")
    real = _graph("torchvision", "vit_b_16", "recorder")
    assert fake.graph["shapes_only"] and not real.graph["shapes_only"]
    assert list(fake.nodes) == list(real.nodes) and list(fake.edges) == list(real.edges)
    for key, data in fake.nodes(data=True):
        assert data["output_shapes"] == real.nodes[key]["output_shapes"], key
        assert data.get("operators") == real.nodes[key].get("operators"), key


class _BigDataDependent(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(4500, 4500)  # large enough for the meta device

    def forward(self, x: Any) -> Any:
        y = self.fc(x)
        return torch.relu(y) if y.sum() > 0 else -y  # needs values: meta tensors have none


def test_forward_that_needs_values_runs_for_real() -> None:
    model = _BigDataDependent().eval()
    graph = modelviz.from_torch(model, torch.ones(1, 4500)).to_graph()
    assert not graph.graph["shapes_only"]
    assert graph.graph["total_params"] == 20_254_500
    assert list(graph)[:4] == ["x", "fc", "sum", "gt"] and len(graph) == 5  # and the branch


class _Caching(torch.nn.Module):
    """Caches a tensor on itself during the forward, as positional encodings often do."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(4500, 4500)
        self.register_buffer("table", None)

    def forward(self, x: Any) -> Any:
        if self.table is None:  # on the input's device, as careful code makes them
            self.table = torch.ones(4500, device=x.device)
            self.scale = torch.full((4500,), 2.0, device=x.device)
        return self.fc(x) * self.table * self.scale


def test_meta_tensors_never_stay_on_the_model() -> None:
    model = _Caching().eval()
    graph = modelviz.from_torch(model, torch.ones(1, 4500)).to_graph()
    assert graph.nodes[graph.graph["outputs"][0]]["output_shapes"] == [(1, 4500)]
    assert graph.graph["shapes_only"]
    assert model.table is None and not hasattr(model, "scale")
    assert model(torch.ones(1, 4500)).shape == (1, 4500)  # still runs for real


def test_onnx_export_of_an_untrained_model_reads_back_exactly(tmp_path: Any) -> None:
    """The exporter shares an untrained model's equal tensors (BatchNorm's ones and zeros)
    behind ``Identity`` nodes; read back, parameters and statistics are torch's."""
    pytest.importorskip("onnx", reason="the test extra installs onnx")
    model, example = _torchvision("resnet18")
    path = tmp_path / "resnet18.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation notice
        torch.onnx.export(model, (example,), str(path), dynamo=False,
                          do_constant_folding=False)
    graph = modelviz.load(path).to_graph()
    assert graph.graph["trainable_params"] == sum(p.numel() for p in model.parameters())
    assert graph.graph["non_trainable_params"] == sum(
        b.numel() for n, b in model.named_buffers() if "running" in n)
    assert networkx.is_directed_acyclic_graph(graph)
    assert not [k for k, d in graph.nodes(data=True) if d["class_name"] == "Identity"]
    top = sum(d["params"] for _, d in graph.nodes(data=True) if d["parent"] is None)
    assert top == graph.graph["total_params"]
    exported = ensure_compute(graph, DTYPE_BYTES).graph
    captured = ensure_compute(_graph("torchvision", "resnet18"), DTYPE_BYTES).graph
    assert exported["unknown_macs"] == []
    assert exported["total_macs"] == pytest.approx(captured["total_macs"], rel=0.01)


@pytest.mark.parametrize("name", TIMM)
def test_timm_models_capture_through_export(name: str) -> None:
    model, _ = _timm(name)
    graph = _graph("timm", name, "export")
    assert graph.graph["capture"] == "torch.export"
    assert graph.graph["total_params"] == sum(p.numel() for p in model.parameters())
    assert networkx.is_directed_acyclic_graph(graph)


def _layer_macs(tokens: int, dim: int, ff: int, *, context: int | None = None,
                inner: int | None = None, kv: int | None = None, gated: bool = False) -> int:
    """One attention + feed-forward block at batch 1, biases not counted: Q and output
    projections (``tokens × dim × inner``), K and V (``context × dim × kv`` each), QKᵀ and
    AV (``tokens × context × inner`` each), the feed-forward's two (three when gated)
    matrices. ``context`` is the attended tokens (cross-attention), ``kv`` the K/V width
    (grouped-query attention)."""
    context = tokens if context is None else context
    inner = dim if inner is None else inner
    kv = inner if kv is None else kv
    projections = 2 * tokens * dim * inner + 2 * context * dim * kv
    return projections + 2 * tokens * context * inner + (3 if gated else 2) * tokens * dim * ff


# The small configs of ``_hf`` at 8 tokens (T5's decoder: 4); embedding lookups and
# normalizations 0; all 8 positions attended (the mask only zeroes weights).
HF_HAND_COUNTS = {
    # 2 layers (dim 32, feed-forward 64), pooler 32 × 32 on the first token
    "bert": 2 * _layer_macs(8, 32, 64) + 32 * 32,
    # 2 layers (dim 32, MLP 4 × 32, Conv1D projections), tied lm_head 8 × 32 × 100
    "gpt2": 2 * _layer_macs(8, 32, 128) + 8 * 32 * 100,
    # 2 layers: 4 heads of 8, 2 key/value heads (K, V width 16), gated MLP 64; lm_head.
    # Rotary angles: transformers 5 computes them as ``position_ids[..., None].float() *
    # inv_freq``, a broadcast multiply (element-wise: 0 MACs); the matmul that 4.x wrote
    # is counted (test_torch_capture.py::test_operations_under_no_grad_and_autocast...)
    "llama": 2 * _layer_macs(8, 32, 64, kv=16, gated=True) + 8 * 32 * 100,
    # encoder: 2 layers at 8 tokens; decoder: 2 × (self-attention at 4 tokens, no
    # feed-forward, + cross-attention over the 8 encoder tokens + feed-forward)
    "t5": (2 * _layer_macs(8, 32, 64)
           + 2 * (_layer_macs(4, 32, 0) + _layer_macs(4, 32, 64, context=8))),
    # patches 16 × 32 × (3 × 8 × 8); 2 layers at 17 tokens (16 patches + CLS); pooler
    "vit": 16 * 32 * 192 + 2 * _layer_macs(17, 32, 64) + 32 * 32,
}


@pytest.mark.parametrize("capture", ["recorder", "export"])
@pytest.mark.parametrize("name", HF)
def test_hugging_face_macs_equal_the_hand_counts(name: str, capture: str) -> None:
    """Counted from the operators the capture records (HF's ``Conv1D``, SDPA, eager
    attention's matmuls) with no per-class rule; inputs as users pass them."""
    inputs = _hf_inputs(name)
    model = _hf(name)
    if capture == "export":
        imported = modelviz.from_torch(model, **inputs, capture=capture)  # keywords
    else:
        imported = modelviz.from_torch(model, inputs, capture=capture)  # one dict
    graph = ensure_compute(imported.to_graph(), DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.graph["total_macs"] == HF_HAND_COUNTS[name]


@pytest.mark.parametrize("capture", ["recorder", "export"])
def test_llama_rotary_angles_are_a_broadcast_multiply(capture: str) -> None:
    """The hand count's 0 for the rotary angles holds because transformers 5 runs no
    product with a shared axis there; were it a ``matmul`` again, it would be counted."""
    graph = modelviz.from_torch(_hf("llama"), _hf_inputs("llama"), capture=capture).to_graph()
    graph = ensure_compute(graph, DTYPE_BYTES)
    (rotary,) = [d for _, d in graph.nodes(data=True)
                 if d["class_name"] == "LlamaRotaryEmbedding"]
    ops = [o["op"] for o in rotary["operators"]]
    assert "mul" in ops and not {"matmul", "bmm", "einsum"} & set(ops)
    assert rotary["macs"] == 0

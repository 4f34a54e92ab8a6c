"""Issue 21's fourteen models exported to ONNX read back as ``from_torch`` sees them.

The ten torchvision models (the small inputs of ``test_torch_zoo.py``; ViT-B/16 and
Swin-T at 224×224) and our four (``shared_twice``, ``unet`` and the LSTM classifier and
TransformerEncoder of issue 21's references, tests/fixtures/torch_models.py) are
exported in the test (``torch.onnx.export``, the TorchScript exporter, constant folding
off so BatchNorm stays its own node) with distinct random weights: every parameter and
buffer re-drawn from a seeded normal distribution (running variances uniform in
[0.5, 1.5]), so the exporter merges no two initializers and BatchNorm statistics are not
the untrained 0/1. Read with ``modelviz.load``: trainable parameters equal torch's
``parameters()``, BatchNorm running statistics are the non-trainable ones, the graph is
acyclic, nothing has unknown MACs, and the total MACs equal the ``from_torch`` count of
the same model within 1%. ViT and Swin also at small widths of torchvision's own classes
(``nn.MultiheadAttention``'s fast path, window attention written in ``forward`` with its
reshapes, windows padded). The exports of ViT-B/16 and Swin-T (4-8 s each, once per
session) and of the own models at their full configuration reach issue 21's references:
17.56 G (±1%), 4.49 G (±3%), 436.2 M, 25.17 M.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx
import pytest

import modelviz
from modelviz.compute import ensure_compute
from modelviz.graph import DTYPE_BYTES

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")
torchvision = pytest.importorskip("torchvision", reason="the test extra installs torchvision")
pytest.importorskip("onnx", reason="the test extra installs onnx")

from .fixtures.torch_models import MODELS  # noqa: E402

# (constructor keywords, input size): the small inputs of test_torch_zoo.py; ViT-B/16 and
# Swin-T at their full 224×224 (their exports hold all their weights at any input size, and
# the small "vit" and "swin" below cover padded windows).
TORCHVISION = {
    "resnet18": ({}, 64),
    "resnet50": ({}, 64),
    "mobilenet_v3_large": ({}, 64),
    "efficientnet_b0": ({}, 64),
    "densenet121": ({}, 64),
    "convnext_tiny": ({}, 64),
    "vit_b_16": ({}, 224),
    "swin_t": ({}, 224),
    "regnet_y_400mf": ({}, 64),
    "inception_v3": ({"aux_logits": False, "init_weights": False}, 75),
}
OWN = ("shared_twice", "unet", "lstm_classifier", "transformer_encoder")
FOURTEEN = [*TORCHVISION, *OWN]
# Issue 21's references (MACs at batch 1, bias not counted; QKᵀ and AV counted), tolerance.
REFERENCES = {
    "vit_b_16": (17.56e9, 0.01),
    "swin_t": (4.49e9, 0.03),
    "transformer_encoder": (436.2e6, 0.01),
    "lstm_classifier": (25.17e6, 0.01),
}


def _torchvision(name: str) -> tuple[Any, Any]:
    if name == "vit":  # ViT-B/16's class: 2 layers, 4 heads, width 64, 16×16 patches
        model = torchvision.models.vision_transformer.VisionTransformer(
            image_size=64, patch_size=16, num_layers=2, num_heads=4, hidden_dim=64,
            mlp_dim=128, num_classes=10)
        return model, torch.zeros(1, 3, 64, 64)
    if name == "swin":  # Swin-T's class: two stages, width 32, 4×4 windows, padded at 7×7
        model = torchvision.models.swin_transformer.SwinTransformer(
            patch_size=[4, 4], embed_dim=32, depths=[2, 2], num_heads=[2, 4],
            window_size=[4, 4], num_classes=10)
        return model, torch.zeros(1, 3, 56, 56)
    keywords, size = TORCHVISION[name]
    model = getattr(torchvision.models, name)(weights=None, **keywords)
    return model, torch.zeros(1, 3, size, size)


def _build(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    if name in OWN:
        build, make_input = MODELS[name]
        model, example = build(), make_input()
    else:
        model, example = _torchvision(name)
    _randomize(model.eval())
    return model, example


def _randomize(model: Any) -> None:
    """Distinct random values in every floating parameter and buffer (seeded)."""
    torch.manual_seed(1)
    with torch.no_grad():
        for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
            if name.endswith("running_var"):
                tensor.uniform_(0.5, 1.5)
            elif tensor.is_floating_point():
                tensor.normal_(0.0, 0.02)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: Any) -> Callable[[str], tuple[Any, Any, Any]]:
    """``name -> (model, example, graph read from its ONNX export)``, each exported once."""
    folder = Path(tmp_path_factory.mktemp("onnx_zoo"))

    @functools.cache
    def export(name: str) -> tuple[Any, Any, Any]:
        model, example = _build(name)
        path = folder / f"{name}.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
            torch.onnx.export(model, (example,), str(path), dynamo=False,
                              do_constant_folding=False)
        graph = modelviz.load(path).to_graph()
        path.unlink()  # up to 330 MB each: pytest keeps its last three temporary folders
        return model, example, graph

    return export


def _macs(graph: Any) -> Any:
    return ensure_compute(graph, DTYPE_BYTES).graph


@pytest.mark.parametrize("name", [*FOURTEEN, "vit", "swin"])
def test_onnx_export_counts_as_from_torch(name: str, exported: Any) -> None:
    model, example, graph = exported(name)
    assert graph.graph["trainable_params"] == sum(p.numel() for p in model.parameters())
    statistics = sum(b.numel() for n, b in model.named_buffers() if "running_" in n)
    assert graph.graph["non_trainable_params"] == statistics  # BatchNorm's running stats
    assert networkx.is_directed_acyclic_graph(graph)
    onnx_count = _macs(graph)
    torch_count = _macs(modelviz.from_torch(model, example).to_graph())
    assert onnx_count["unknown_macs"] == [] and torch_count["unknown_macs"] == []
    assert onnx_count["total_macs"] == pytest.approx(torch_count["total_macs"], rel=0.01)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_onnx_export_reaches_the_issue_reference(name: str, exported: Any) -> None:
    """The exports of the test above (cached), against the issue's published figures."""
    count = _macs(exported(name)[2])
    assert count["unknown_macs"] == []
    reference, tolerance = REFERENCES[name]
    assert count["total_macs"] == pytest.approx(reference, rel=tolerance)

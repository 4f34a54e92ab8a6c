"""torchvision models exported to ONNX read back as ``from_torch`` sees them.

Each model is exported in the test (``torch.onnx.export``, the TorchScript exporter,
constant folding off so BatchNorm stays its own node; weights are the untrained ones, not
downloaded), then read with ``modelviz.load``: trainable parameters equal torch's, the
graph is acyclic, nothing has unknown MACs, and the total MACs equal the ``from_torch``
count of the same model within 1%. ViT and Swin use torchvision's own
``VisionTransformer`` / ``SwinTransformer`` classes (the code of ViT-B/16 and Swin-T:
``nn.MultiheadAttention``'s fast path, window attention written in ``forward`` with its
reshapes) at small widths, so the exports stay well under a second each; the full-size
ViT-B/16 and Swin-T take 4-5 s to export and are checked by ``benchmarks/bench_torch.py``.
ResNet-18's export is checked in ``test_torch_zoo.py``.
"""

from __future__ import annotations

import warnings
from typing import Any

import networkx
import pytest

import modelviz
from modelviz.compute import ensure_compute
from modelviz.graph import DTYPE_BYTES

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")
torchvision = pytest.importorskip("torchvision", reason="the test extra installs torchvision")
pytest.importorskip("onnx", reason="the test extra installs onnx")


def _build(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    models = torchvision.models
    if name == "mobilenet_v3_large":
        return models.mobilenet_v3_large(weights=None).eval(), torch.zeros(1, 3, 64, 64)
    if name == "vit":  # ViT-B/16's class: 2 layers, 4 heads, width 64, 16×16 patches
        model = models.vision_transformer.VisionTransformer(
            image_size=64, patch_size=16, num_layers=2, num_heads=4, hidden_dim=64,
            mlp_dim=128, num_classes=10)
        return model.eval(), torch.zeros(1, 3, 64, 64)
    # Swin-T's class: two stages (2 blocks each), width 32, 4×4 windows, padded at 7×7
    model = models.swin_transformer.SwinTransformer(
        patch_size=[4, 4], embed_dim=32, depths=[2, 2], num_heads=[2, 4], window_size=[4, 4],
        num_classes=10)
    return model.eval(), torch.zeros(1, 3, 56, 56)


def _macs(graph: Any) -> Any:
    return ensure_compute(graph, DTYPE_BYTES).graph


@pytest.mark.parametrize("name", ["mobilenet_v3_large", "vit", "swin"])
def test_onnx_export_counts_as_from_torch(name: str, tmp_path: Any) -> None:
    model, example = _build(name)
    path = tmp_path / f"{name}.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(model, (example,), str(path), dynamo=False,
                          do_constant_folding=False)
    graph = modelviz.load(path).to_graph()
    assert graph.graph["trainable_params"] == sum(p.numel() for p in model.parameters())
    assert networkx.is_directed_acyclic_graph(graph)
    exported = _macs(graph)
    captured = _macs(modelviz.from_torch(model, example).to_graph())
    assert exported["unknown_macs"] == [] and captured["unknown_macs"] == []
    assert exported["total_macs"] == pytest.approx(captured["total_macs"], rel=0.01)

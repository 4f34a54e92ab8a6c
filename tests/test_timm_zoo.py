"""timm's image models at full size through ``from_torch(..., capture="export")``.

Default configs, ``pretrained=False`` (no download), one 224×224 image: each model is built
and exported once (about 1-2 s each). Parameters come from torch (``parameters()``);
MACs are compared with hand counts written below as formulas (the transformers) and with
timm's published GMACs, read from tests/fixtures/timm_gmacs.json (rows of timm's own
benchmark csv, written by scripts/make_timm_gmacs_fixture.py with the path and commit).

timm's figures come from fvcore, which also counts normalization and pooling
(``batch_norm`` 2 per element, ``layer_norm`` 5 per element, ``adaptive_avg_pool2d`` 1 per
input element); modelviz counts those 0 (docs/pytorch_onnx.rst). Adding fvcore's terms to
modelviz's count gives every published figure to its two decimals, so the whole
difference is that convention.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import networkx
import pytest

import modelviz
from modelviz.compute import ensure_compute
from modelviz.graph import DTYPE_BYTES

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")
timm = pytest.importorskip("timm", reason="the test extra installs timm")

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "timm_gmacs.json").read_text())
PUBLISHED = {name: row["infer_gmacs"] for name, row in REFERENCE["rows"].items()}
CONVOLUTIONAL = ("resnet50", "efficientnet_b0", "convnext_tiny", "mobilenetv3_large_100",
                 "regnety_016")
TRANSFORMERS = ("vit_small_patch16_224", "deit_small_patch16_224",
                "swin_tiny_patch4_window7_224")
MODELS = CONVOLUTIONAL + TRANSFORMERS


def _block(tokens: int, dim: int, attended: int) -> int:
    """One pre-norm transformer block at batch 1, biases not counted: Q, K, V and output
    projections (4 × tokens × dim²), QKᵀ and AV (2 × tokens × attended × dim), an MLP of
    ratio 4 (2 × tokens × dim × 4·dim)."""
    return 4 * tokens * dim * dim + 2 * tokens * attended * dim + 8 * tokens * dim * dim


# ViT-S/16 (DeiT-S is the same network): 196 patches × 384 × (3×16×16); 12 blocks at 197
# tokens (196 + class token), width 384, global attention; head 384 × 1000.
VIT_S16 = 196 * 384 * 768 + 12 * _block(197, 384, 197) + 384 * 1000
# Swin-T: patches 56×56 × 96 × (3×4×4); stages at 56, 28, 14, 7 tokens a side, widths
# 96·2ᵏ, depths 2-2-6-2, each token attending to the 7×7 = 49 of its window; patch
# merging (s/2)² × 4d × 2d between stages; head 768 × 1000.
SWIN_T = (56 * 56 * 96 * 48
          + sum(depth * _block(side * side, dim, 49)
                for side, dim, depth in [(56, 96, 2), (28, 192, 2), (14, 384, 6), (7, 768, 2)])
          + sum(side * side // 4 * 4 * dim * 2 * dim for side, dim in [(56, 96), (28, 192),
                                                                       (14, 384)])
          + 768 * 1000)
HAND_COUNTS = {"vit_small_patch16_224": VIT_S16, "deit_small_patch16_224": VIT_S16,
               "swin_tiny_patch4_window7_224": SWIN_T}


@functools.cache
def _model(name: str) -> Any:
    torch.manual_seed(0)
    return timm.create_model(name, pretrained=False).eval()


@functools.cache
def _graph(name: str) -> Any:
    imported = modelviz.from_torch(_model(name), torch.zeros(1, 3, 224, 224), capture="export")
    return ensure_compute(imported.to_graph(), DTYPE_BYTES)


def test_the_fixture_names_its_source() -> None:
    assert REFERENCE["path"] == "results/benchmark-infer-amp-nchw-pt240-cu124-rtx3090.csv"
    assert len(REFERENCE["commit"]) == 40 and set(PUBLISHED) == set(MODELS)
    assert all(row["infer_img_size"] == 224 for row in REFERENCE["rows"].values())


@pytest.mark.parametrize("name", MODELS)
def test_full_size_models_capture_through_export(name: str) -> None:
    graph = _graph(name)
    assert graph.graph["capture"] == "torch.export"  # no fall-back to the recorder
    assert graph.graph["total_params"] == sum(p.numel() for p in _model(name).parameters())
    assert networkx.is_directed_acyclic_graph(graph)
    assert graph.graph["unknown_macs"] == [] and graph.graph["total_macs"] > 0


@pytest.mark.parametrize("name", TRANSFORMERS)
def test_transformer_macs_equal_the_hand_counts(name: str) -> None:
    """Exact (the issue asks for 2%): 4,598,882,304 for ViT-S/16 and DeiT-S, 4,490,566,656
    for Swin-T (torchvision's Swin-T, the same network, publishes 4.49 G)."""
    assert _graph(name).graph["total_macs"] == HAND_COUNTS[name]
    assert abs(HAND_COUNTS[name] / 1e9 - PUBLISHED[name]) < 0.005 * PUBLISHED[name]


@pytest.mark.parametrize("name", CONVOLUTIONAL)
def test_convolutional_macs_are_within_5_percent_of_published(name: str) -> None:
    """At the published precision (two decimals): MobileNetV3-Large's 0.2166 G is 0.22
    against 0.23 (the 0.0088 G between them is fvcore's BatchNorm count, see below)."""
    ours = round(_graph(name).graph["total_macs"] / 1e9, 2)
    assert abs(ours - PUBLISHED[name]) <= 0.05 * PUBLISHED[name]


def _fvcore_terms(graph: Any) -> int:
    """What fvcore counts and modelviz does not (every norm here has weights)."""
    per_element = {"batch_norm": 2, "layer_norm": 5, "group_norm": 5, "adaptive_avg_pool2d": 1}
    return sum(per_element.get(op["op"], 0) * math.prod(op["input_shapes"][0])
               for _, data in graph.nodes(data=True) for op in data.get("operators") or [])


@pytest.mark.parametrize("name", MODELS)
def test_published_figures_are_ours_plus_fvcores_normalization(name: str) -> None:
    graph = _graph(name)
    assert round((graph.graph["total_macs"] + _fvcore_terms(graph)) / 1e9, 2) == PUBLISHED[name]


# The same networks in torchvision, whose weights' metadata publish MACs (G, three
# decimals) counted as modelviz counts them, and the parameter count.
TORCHVISION_TWINS = {"resnet50": "resnet50", "efficientnet_b0": "efficientnet_b0",
                     "convnext_tiny": "convnext_tiny",
                     "mobilenetv3_large_100": "mobilenet_v3_large",
                     "regnety_016": "regnet_y_1_6gf", "swin_tiny_patch4_window7_224": "swin_t"}


@pytest.mark.parametrize("name", sorted(TORCHVISION_TWINS))
def test_macs_equal_torchvisions_published_count_of_the_same_network(name: str) -> None:
    torchvision = pytest.importorskip("torchvision", reason="the test extra installs it")
    meta = torchvision.models.get_model_weights(TORCHVISION_TWINS[name]).DEFAULT.meta
    graph = _graph(name)
    assert graph.graph["total_params"] == meta["num_params"]
    assert round(graph.graph["total_macs"] / 1e9, 3) == meta["_ops"]

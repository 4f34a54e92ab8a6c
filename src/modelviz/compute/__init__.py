"""Compute and memory of a model graph: MACs and activation bytes per layer, with totals.

The counts come from the graph alone (``class_name``, ``config``, shapes, weight
shapes, ``dtype``; see :mod:`modelviz.graph`), through a registry keyed by
``class_name`` (:mod:`modelviz.compute.registry`) that importers of other formats
extend with :func:`register_macs`. Nodes of PyTorch and ONNX models are counted from the
operators they ran instead (:mod:`modelviz.compute.operator_macs`). A layer without a rule
has an unknown count (``None``, shown as ``?``), never a guess.

Conventions:
    * MACs: multiply-accumulates of one forward pass at batch size 1, products with
      weights only (the convention of the published figures: ResNet50 3.86 G,
      MobileNetV2 300 M), plus the two activation products of attention (QKᵀ, AV) and
      of ``Dot``. Element-wise work (bias adds, activations, normalization, pooling,
      merges) counts 0.
    * FLOPs = 2 × MACs, nothing more: bias adds are not counted, as in PyTorch's
      ``FlopCounterMode`` and fvcore (see :func:`flops`).
    * Activation bytes: output elements × the size of the layer's dtype, at batch 1
      (a ``mixed_float16`` policy computes in float16).

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> G = Sequential([Input((32, 32, 3)), layers.Conv2D(32, 3)]).to_graph()
    >>> G.nodes["conv2d"]["macs"], G.graph["total_macs"]
    (777600, 777600)
    >>> G.nodes["conv2d"]["macs_explanation"]
    '30×30 positions × 32 filters × (3×3×3) = 777,600 MACs'
    >>> readable_count(G.graph["total_macs"]), readable_count(flops(777600))
    ('777.60 K', '1.56 M')
"""

from __future__ import annotations

from typing import Final

from modelviz.compute.annotate import annotate_compute, ensure_compute
from modelviz.compute.registry import MACS_COUNTERS, Count, LayerCall, count_call, register_macs

__all__ = ["COUNTS", "MACS_COUNTERS", "Count", "LayerCall", "annotate_compute", "count_call",
           "count_label", "count_value", "ensure_compute", "flops", "readable_count",
           "register_macs"]

COUNTS: Final = ("macs", "flops")
_PREFIXES: Final = ("", " K", " M", " G", " T", " P")


def flops(macs: int | None) -> int | None:
    """FLOPs of a MAC count: one multiply and one add each (bias adds not counted).

    Example:
        >>> flops(76145280), flops(None) is None
        (152290560, True)
    """
    return None if macs is None else 2 * macs


def count_value(macs: int | None, count: str) -> int | None:
    """``macs`` in the unit ``count`` names (``"macs"`` or ``"flops"``).

    Example:
        >>> count_value(777600, "macs"), count_value(777600, "flops"), count_value(None, "flops")
        (777600, 1555200, None)
    """
    return flops(macs) if count == "flops" else macs


def count_label(count: str) -> str:
    """The unit as printed in headers: ``MACs`` or ``FLOPs``.

    Example:
        >>> count_label("macs"), count_label("flops")
        ('MACs', 'FLOPs')
    """
    return "FLOPs" if count == "flops" else "MACs"


def readable_count(value: int | None) -> str:
    """A count in steps of 1000 with two decimals (``?`` when unknown).

    Example:
        >>> readable_count(76145280), readable_count(3858000000), readable_count(512)
        ('76.15 M', '3.86 G', '512')
    """
    if value is None:
        return "?"
    if value < 1000:
        return str(value)
    number = float(value)
    for prefix in _PREFIXES[1:]:
        number /= 1000
        if round(number, 2) < 1000 or prefix == _PREFIXES[-1]:
            break
    return f"{number:.2f}{prefix}"

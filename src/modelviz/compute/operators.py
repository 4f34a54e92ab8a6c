"""MAC counters for ONNX operators and PyTorch modules (channels first), for the importers.

They read only shapes: the output's spatial axes, the input's last axis and the
largest weight (whatever its name: ONNX initializers and PyTorch parameters are
named by their files). Batch is the first axis, taken as 1. Graphs made by the ONNX and
PyTorch importers carry the operators each node ran and are counted from those
(:mod:`modelviz.compute.operator_macs`, attention and recurrent operators included);
these class-name rules count graphs without operator records.

Example:
    >>> from modelviz.compute.registry import LayerCall, count_call
    >>> conv = LayerCall("c", "Conv", {}, [(1, 64, 28, 28)], [(1, 128, 26, 26)],
    ...                  {"W": (128, 64, 3, 3), "B": (128,)})
    >>> count_call(conv)
    Count(macs=49840128, formula='26×26 positions × 128 filters × (64×3×3)')
    >>> count_call(LayerCall("g", "Gemm", {}, [(1, 512)], [(1, 10)], {}))
    Count(macs=5120, formula='512 inputs × 10 outputs')
"""

from __future__ import annotations

from math import prod
from typing import Final

from modelviz.compute.registry import (
    Count,
    LayerCall,
    UnknownDimensionError,
    dims_text,
    known,
    positions,
    register_macs,
    zero_macs,
)

__all__ = ["ZERO_MAC_OPERATORS"]

ZERO_MAC_OPERATORS: Final = {
    "element-wise, no weight products": (
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Clip", "HardSigmoid", "HardSwish", "Erf",
        "Sqrt", "Pow", "Exp", "Add", "Sub", "Mul", "Div", "Neg", "Cast",
        "ReLU6", "GELU", "SiLU", "Hardswish", "Hardsigmoid", "Mish"),
    "pooling, no weights": (
        "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean",
        "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
        "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
        "AdaptiveMaxPool1d", "AdaptiveMaxPool2d"),
    "normalization: element-wise scale and shift, not counted": (
        "InstanceNormalization", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm",
        "GroupNorm", "InstanceNorm2d"),
    "moves data only": (
        "Reshape", "Transpose", "Concat", "Squeeze", "Unsqueeze", "Gather", "Shape", "Slice",
        "Split", "Pad", "Expand", "Tile", "Constant", "Resize", "Upsample", "Unflatten",
        "ZeroPad2d"),
    "selects between inputs, no products": ("Where",),
}

for _reason, _names in ZERO_MAC_OPERATORS.items():
    register_macs(_names, zero_macs(_reason))


def _largest_weight(call: LayerCall) -> tuple[int, ...]:
    shapes = [shape for shape in call.weights.values() if len(shape) >= 2]
    if not shapes:
        raise UnknownDimensionError
    return max(shapes, key=prod)


@register_macs(("Conv", "Conv1d", "Conv2d", "Conv3d"))
def _conv(call: LayerCall) -> Count:
    """Weight (filters, in / groups, k...): every output position uses all of it."""
    weight = _largest_weight(call)
    where = call.output_shapes[0][2:]
    return Count(positions(where) * prod(weight),
                 f"{dims_text(where)} positions × {weight[0]:,} filters × "
                 f"({dims_text(weight[1:])})")


@register_macs(("ConvTranspose", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"))
def _conv_transpose(call: LayerCall) -> Count:
    """Weight (in, filters / groups, k...): every input position spreads all of it."""
    weight = _largest_weight(call)
    where = call.input_shapes[0][2:]
    return Count(positions(where) * prod(weight),
                 f"{dims_text(where)} input positions × ({dims_text(weight)})")


@register_macs(("Gemm", "Linear"))
def _gemm(call: LayerCall) -> Count:
    """(…, K) times (K, N): every leading position makes N outputs of K products each."""
    first = call.input_shapes[0]
    transposed = bool(call.config.get("transA"))
    inputs = known(first[0] if transposed and len(first) == 2 else first[-1])
    outputs = known(call.output_shapes[0][-1])
    where = call.output_shapes[0][1:-1]
    formula = f"{inputs:,} inputs × {outputs:,} outputs"
    if where:
        formula = f"{dims_text(where)} positions × {formula}"
    return Count(positions(where) * inputs * outputs, formula)


@register_macs("MatMul")
def _matmul(call: LayerCall) -> Count:
    """NumPy's matmul: every output element is a dot product over A's last axis."""
    length = known(call.input_shapes[0][-1])
    out = call.output_shapes[0][1:]
    return Count(positions(out) * length, f"{dims_text(out)} outputs × {length:,} products")

"""MAC rules for ONNX operators, read from the operator records of an ONNX file.

Each record holds every input's shape in the operator's order (initializers included,
``None`` for an absent optional input) and its attributes. Counted: ``Conv``,
``ConvTranspose``, ``Gemm``, ``MatMul`` (and ``MatMulInteger``), ``Einsum``, ``LSTM``,
``GRU``, ``RNN`` (``W`` and ``R`` once per step and batch row, every direction),
``Attention`` (ONNX's: QKᵀ and AV; com.microsoft's: the packed QKV projection too) and
com.microsoft's ``MultiHeadAttention``. Shape-only, element-wise, reduction,
normalization and pooling operators count 0 (:data:`ONNX_ZERO_MAC_OPERATORS`).

Example:
    >>> from modelviz.compute.operator_macs import count_operators
    >>> lstm = {"op": "LSTM", "inputs": [(7, 1, 16), (2, 96, 16), (2, 96, 24)],
    ...         "attrs": {"hidden_size": 24, "direction": "bidirectional"}, "outputs": []}
    >>> count_operators("onnx", [lstm], batch=1)
    (53760, 'LSTM 7 steps × 1 rows × (2×96×16 + 2×96×24) = 53,760 MACs')
"""

from __future__ import annotations

from typing import Final

from modelviz.compute.operator_macs import (
    Operator,
    register_operator,
    shape_arg,
    size,
    zero_operators,
)
from modelviz.compute.registry import Count, UnknownDimensionError
from modelviz.compute.torch_ops import einsum_macs

__all__ = ["ONNX_ZERO_MAC_OPERATORS"]

ONNX_ZERO_MAC_OPERATORS: Final = {
    "moves or creates data only": (
        "Reshape", "Transpose", "Concat", "Squeeze", "Unsqueeze", "Gather", "GatherElements",
        "GatherND", "Shape", "Size", "Slice", "Split", "Pad", "Expand", "Tile", "Constant",
        "ConstantOfShape", "Identity", "Flatten", "Resize", "Upsample", "Cast", "CastLike",
        "Range", "Where", "ScatterND", "ScatterElements", "Scatter", "NonZero", "Trilu",
        "DepthToSpace", "SpaceToDepth", "Dropout", "OneHot", "Compress", "ReverseSequence",
        "EyeLike", "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike",
        "TopK", "ArgMax", "ArgMin", "CumSum", "Col2Im", "GridSample", "SequenceAt",
        "SplitToSequence", "ConcatFromSequence", "SequenceConstruct", "Optional",
        "OptionalGetElement", "OptionalHasElement", "Unique"),
    "element-wise": (
        "Add", "Sub", "Mul", "Div", "Neg", "Abs", "Pow", "Sqrt", "Reciprocal", "Exp", "Log",
        "Sin", "Cos", "Tan", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu",
        "Celu", "Gelu", "FastGelu", "BiasGelu", "QuickGelu", "HardSigmoid", "HardSwish",
        "Softplus", "Softsign", "Mish", "Erf", "Sign", "Floor", "Ceil", "Round", "Mod", "Min",
        "Max", "Mean", "Sum", "Clip", "Equal", "Less", "LessOrEqual", "Greater",
        "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf", "BitShift",
        "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot", "Softmax", "LogSoftmax",
        "Hardmax", "ThresholdedRelu", "Shrink", "Asin", "Acos", "Atan", "Sinh", "Cosh",
        "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "BiasAdd"),
    "reduction, normalization or pooling: no weight products": (
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
        "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "MaxPool",
        "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool",
        "MaxRoiPool", "RoiAlign", "MaxUnpool", "BatchNormalization", "InstanceNormalization",
        "LayerNormalization", "GroupNormalization", "RMSNormalization",
        "SimplifiedLayerNormalization", "SkipLayerNormalization",
        "SkipSimplifiedLayerNormalization", "LpNormalization", "LRN",
        "MeanVarianceNormalization"),
}

for _reason, _names in ONNX_ZERO_MAC_OPERATORS.items():
    zero_operators("onnx", _reason, _names)


def _output(call: Operator) -> tuple[int, ...]:
    out = call.outputs[0] if call.outputs else None
    if not isinstance(out, (tuple, list)) or any(not isinstance(d, int) for d in out):
        raise UnknownDimensionError
    return tuple(out)


@register_operator("onnx", ("Conv", "ConvInteger", "QLinearConv"))
def _conv(call: Operator) -> Count:
    """W (filters, in/groups, k...): every output element is a dot product over W[1:]."""
    weight = shape_arg(call, 3 if call.op == "QLinearConv" else 1)
    out = _output(call)
    return Count(size(out) * size(weight[1:]),
                 f"{size(out):,} outputs × ({'×'.join(map(str, weight[1:]))})")


@register_operator("onnx", "ConvTranspose")
def _conv_transpose(call: Operator) -> Count:
    """W (in, filters/groups, k...): every input element spreads over W[1:]."""
    x, weight = shape_arg(call, 0), shape_arg(call, 1)
    return Count(size(x) * size(weight[1:]),
                 f"{size(x):,} inputs × ({'×'.join(map(str, weight[1:]))})")


@register_operator("onnx", "Gemm")
def _gemm(call: Operator) -> Count:
    """A (M, K) or transposed: M×N outputs of K products each."""
    a = shape_arg(call, 0)
    shared = a[0] if call.attrs.get("transA") else a[-1]
    out = _output(call)
    return Count(size(out) * shared, f"{size(out):,} outputs × {shared:,} products")


@register_operator("onnx", ("MatMul", "MatMulInteger", "FusedMatMul"))
def _matmul(call: Operator) -> Count:
    """NumPy's matmul: every output element is a dot product over A's last axis."""
    a = shape_arg(call, 0)
    out = _output(call)
    shared = a[-1] if a else 1
    return Count(size(out) * shared, f"{size(out):,} outputs × {shared:,} products")


@register_operator("onnx", "Einsum")
def _einsum(call: Operator) -> Count:
    equation = str(call.attrs.get("equation", ""))
    shapes = [shape_arg(call, i) for i in range(len(call.inputs))]
    return Count(einsum_macs(equation, shapes), f"{equation.replace(' ', '')} products")


@register_operator("onnx", ("LSTM", "GRU", "RNN"))
def _recurrent(call: Operator) -> Count:
    """X (seq, batch, in) (``layout=1``: batch first), W and R: each once per step and row."""
    x, w, r = shape_arg(call, 0), shape_arg(call, 1), shape_arg(call, 2)
    steps, rows = (x[1], x[0]) if call.attrs.get("layout") else (x[0], x[1])
    macs = steps * rows * (size(w) + size(r))
    return Count(macs, f"{steps:,} steps × {rows:,} rows × "
                       f"({'×'.join(map(str, w))} + {'×'.join(map(str, r))})")


@register_operator("onnx", "Attention")
def _attention(call: Operator) -> Count:
    """ONNX's Attention (Q, K, V) or com.microsoft's (input, packed QKV weights)."""
    first, second = shape_arg(call, 0), shape_arg(call, 1)
    if len(first) == 3 and len(second) == 2:  # com.microsoft: (B, S, D) × (D, 3·D')
        rows, hidden = first[0] * first[1], second[1] // 3
        macs = rows * size(second) + 2 * first[0] * first[1] * first[1] * hidden
        return Count(macs, f"{rows:,} rows × {'×'.join(map(str, second))} + QKᵀ + AV")
    return _qkv_attention(call, first, second)


@register_operator("onnx", "MultiHeadAttention")
def _multi_head_attention(call: Operator) -> Count:
    """com.microsoft's MultiHeadAttention on projected (B, L, D) query, key, value."""
    return _qkv_attention(call, shape_arg(call, 0), shape_arg(call, 1))


def _qkv_attention(call: Operator, q: tuple[int, ...], k: tuple[int, ...]) -> Count:
    """Every query position meets every key position, per head: QKᵀ and AV."""
    v = shape_arg(call, 2)
    if len(q) == 4:  # (B, heads, L, E)
        macs = size(q[:-1]) * k[-2] * (q[-1] + v[-1])
        return Count(macs, f"{size(q[:-1]):,} queries × {k[-2]:,} keys × ({q[-1]}+{v[-1]})")
    heads = int(call.attrs.get("q_num_heads") or call.attrs.get("num_heads") or 1)
    kv_heads = int(call.attrs.get("kv_num_heads") or heads)
    value_width = v[-1] // kv_heads * heads
    macs = q[0] * q[1] * k[1] * (q[-1] + value_width)
    return Count(macs, f"{q[0] * q[1]:,} queries × {k[1]:,} keys × ({q[-1]}+{value_width})")

"""MAC rules for the operators a PyTorch capture records (ATen names from ``torch.export``,
function names from the recorder), so any module is counted by what its ``forward`` does.

Counted: ``linear``, ``conv*`` and ``convolution``, ``matmul``/``mm``/``bmm``/``addmm``/
``baddbmm`` and friends (every output element is a dot product over the shared axis),
``einsum`` (pairwise, left to right), ``scaled_dot_product_attention`` (QKᵀ and AV),
``multi_head_attention_forward`` and the eval fast paths ``_native_multi_head_attention``
and ``_transformer_encoder_layer_fwd`` (projections, QKᵀ, AV, output projection, and the
feed-forward of the latter), ``lstm``/``gru``/``rnn_*`` (every 2-D weight of every layer
and direction once per step) and their cells. Shape-only, element-wise, reduction,
normalization and pooling operators count 0 (:data:`TORCH_ZERO_MAC_OPERATORS`).

Example:
    >>> from modelviz.compute.operator_macs import count_operators
    >>> sdpa = {"op": "scaled_dot_product_attention",
    ...         "inputs": [(1, 4, 10, 8), (1, 4, 10, 8), (1, 4, 10, 8)], "outputs": []}
    >>> count_operators("torch", [sdpa], batch=1)[0] == 4 * 10 * 10 * (8 + 8)
    True
"""

from __future__ import annotations

from math import prod
from typing import Any, Final

from modelviz.compute.operator_macs import (
    Operator,
    arg,
    register_operator,
    shape_arg,
    size,
    zero_operators,
)
from modelviz.compute.registry import Count, UnknownDimensionError

__all__ = ["TORCH_ZERO_MAC_OPERATORS", "einsum_macs"]

TORCH_ZERO_MAC_OPERATORS: Final = {
    "moves or creates data only": (
        "view", "reshape", "_reshape_alias", "_unsafe_view", "unsafe_view", "permute",
        "transpose", "t", "contiguous", "clone", "flatten", "unflatten", "squeeze", "unsqueeze",
        "expand", "expand_as", "repeat", "repeat_interleave", "tile", "cat", "concat",
        "concatenate", "stack", "hstack", "vstack", "split", "split_with_sizes", "chunk",
        "unbind", "narrow", "select", "slice", "getitem", "setitem", "index", "index_select",
        "gather", "scatter", "scatter_add", "index_put", "index_put_", "index_copy", "roll",
        "flip", "pad", "constant_pad_nd", "reflection_pad1d", "reflection_pad2d",
        "replication_pad1d", "replication_pad2d", "to", "type", "float", "half", "double",
        "int", "long", "bool", "type_as", "detach", "alias", "lift_fresh_copy", "_to_copy",
        "copy", "new_zeros", "new_ones", "new_empty", "new_full", "zeros", "ones", "empty",
        "full", "zeros_like", "ones_like", "empty_like", "full_like", "rand", "randn",
        "rand_like", "randn_like", "arange", "linspace", "tensor", "as_strided", "view_as",
        "reshape_as", "movedim", "moveaxis", "swapaxes", "diagonal", "tril", "triu", "where",
        "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "interpolate",
        "upsample_nearest1d", "upsample_nearest2d", "upsample_bilinear2d",
        "upsample_nearest3d", "meshgrid", "broadcast_to", "dropout", "native_dropout",
        "feature_dropout", "alpha_dropout", "dropout1d", "dropout2d", "dropout3d",
        "embedding", "one_hot", "sym_size", "unfold", "fold", "im2col", "masked_fill",
        "masked_select", "nonzero", "fill", "zero", "clamp", "clip", "clamp_min", "clamp_max",
        "sort", "argsort", "topk", "cumsum", "cumprod", "_assert_tensor_metadata",
        "_assert_scalar", "scalar_tensor", "item", "split_tensor", "pack_padded_sequence",
        "pad_packed_sequence", "pad_sequence", "pack_sequence", "index_add", "index_fill",
        "scatter_reduce", "bucketize", "searchsorted", "unique", "lift_fresh", "resolve_conj",
        "resolve_neg", "view_copy", "permute_copy", "expand_copy", "transpose_copy",
        "slice_copy", "select_copy", "unsqueeze_copy", "squeeze_copy", "alias_copy",
        "sym_numel", "sym_stride", "sym_storage_offset", "empty_strided", "new_empty_strided",
        "bernoulli", "randint", "normal", "uniform", "eye", "diag", "diag_embed",
        "identity"),
    "element-wise": (
        "add", "sub", "mul", "div", "rsub", "radd", "rmul", "rdiv", "rtruediv", "truediv",
        "iadd", "isub", "imul", "itruediv", "idiv", "floordiv", "floor_divide", "neg", "pos",
        "abs", "pow", "rpow", "sqrt", "rsqrt", "exp", "exp2", "log", "log1p", "log2",
        "log10", "expm1", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "relu6",
        "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "hardswish",
        "hardsigmoid", "hardtanh", "softplus", "softsign", "prelu", "glu", "logsigmoid",
        "threshold", "erf", "erfc", "reciprocal", "sign", "floor", "ceil", "round", "trunc",
        "frac", "fmod", "remainder", "mod", "rmod", "maximum", "minimum", "eq", "ne", "lt",
        "le", "gt", "ge", "logical_and", "logical_or", "logical_not", "logical_xor",
        "bitwise_and", "bitwise_or", "bitwise_not", "bitwise_xor", "and", "or", "xor",
        "invert", "isnan", "isinf", "isfinite", "nan_to_num", "lerp", "addcmul", "addcdiv",
        "square", "softmax", "log_softmax", "_softmax", "_log_softmax", "_safe_softmax",
        "hardshrink", "softshrink", "tanhshrink", "rrelu"),
    "reduction, normalization or pooling: no weight products": (
        "mean", "sum", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "std",
        "var", "var_mean", "std_mean", "norm", "linalg_vector_norm", "logsumexp", "all",
        "any", "layer_norm", "native_layer_norm", "group_norm", "native_group_norm",
        "batch_norm", "native_batch_norm", "_native_batch_norm_legit_no_training",
        "_native_batch_norm_legit_functional", "_native_batch_norm_legit", "instance_norm",
        "rms_norm", "_fused_rms_norm", "normalize", "local_response_norm", "max_pool1d",
        "max_pool2d", "max_pool3d", "max_pool2d_with_indices", "max_pool1d_with_indices",
        "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d", "avg_pool3d",
        "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
        "_adaptive_avg_pool2d", "_adaptive_avg_pool3d", "adaptive_max_pool1d",
        "adaptive_max_pool2d", "adaptive_max_pool3d", "lp_pool1d", "lp_pool2d",
        "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "binary_cross_entropy",
        "binary_cross_entropy_with_logits"),
}

for _reason, _names in TORCH_ZERO_MAC_OPERATORS.items():
    zero_operators("torch", _reason, _names)


@register_operator("torch", "linear")
def _linear(call: Operator) -> Count:
    """Every row of the input meets the whole weight (out × in)."""
    x, weight = shape_arg(call, 0, "input"), shape_arg(call, 1, "weight")
    rows = size(x[:-1]) if len(weight) == 2 else 1
    return Count(rows * size(weight), f"{rows:,} rows × {_dims(weight)}")


@register_operator("torch", ("conv1d", "conv2d", "conv3d", "conv_tbc"))
def _conv(call: Operator) -> Count:
    """Every output element is a dot product over in/groups × kernel."""
    weight, out = shape_arg(call, 1, "weight"), _output(call)
    return Count(size(out) * size(weight[1:]),
                 f"{size(out):,} outputs × ({_dims(weight[1:])})")


@register_operator("torch", ("conv_transpose1d", "conv_transpose2d", "conv_transpose3d"))
def _conv_transpose(call: Operator) -> Count:
    """Every input element spreads over out/groups × kernel."""
    x, weight = shape_arg(call, 0, "input"), shape_arg(call, 1, "weight")
    return Count(size(x) * size(weight[1:]), f"{size(x):,} inputs × ({_dims(weight[1:])})")


@register_operator("torch", ("convolution", "_convolution"))
def _convolution(call: Operator) -> Count:
    """ATen's general convolution: ``transposed`` is its seventh argument."""
    return _conv_transpose(call) if arg(call, 6, "transposed") else _conv(call)


@register_operator("torch", ("matmul", "mm", "bmm", "dot", "vdot", "mv", "inner"))
def _matmul(call: Operator) -> Count:
    """Every output element is a dot product over the first operand's last axis."""
    return _product(shape_arg(call, 0), _output(call))


@register_operator("torch", "rmatmul")
def _rmatmul(call: Operator) -> Count:
    """``b @ a`` recorded as ``a.__rmatmul__(b)``: the shared axis is b's last."""
    return _product(shape_arg(call, 1), _output(call))


@register_operator("torch", ("addmm", "baddbmm", "addmv", "addbmm"))
def _addmm(call: Operator) -> Count:
    """``bias + a @ b``: the product as matmul (the bias add is not counted)."""
    a = shape_arg(call, 1)
    if call.op == "addbmm":  # a sum over the batch of products
        return _product(a[1:], _output(call), a[0])
    return _product(a, _output(call))


@register_operator("torch", ("outer", "ger", "addr"))
def _outer(call: Operator) -> Count:
    out = _output(call)
    return Count(size(out), f"{_dims(out)} products")


def _product(first: tuple[int, ...], out: tuple[int, ...], repeat: int = 1) -> Count:
    shared = first[-1] if first else 1
    macs = size(out) * shared * repeat
    return Count(macs, f"{size(out):,} outputs × {shared * repeat:,} products")


def _output(call: Operator) -> tuple[int, ...]:
    out = call.outputs[0] if call.outputs else None
    if not isinstance(out, (tuple, list)) or any(not isinstance(d, int) for d in out):
        raise UnknownDimensionError
    return tuple(out)


def _dims(shape: Any) -> str:
    return "×".join(str(d) for d in shape) if len(shape) else "1"


@register_operator("torch", "einsum")
def _einsum(call: Operator) -> Count:
    equation = call.inputs[0]
    rest = call.inputs[1:]
    operands = rest[0] if len(rest) == 1 and isinstance(rest[0], list) else rest
    shapes = [tuple(s) for s in operands if isinstance(s, (tuple, list))]
    if not isinstance(equation, str) or len(shapes) != len(operands):
        raise UnknownDimensionError
    macs = einsum_macs(equation, shapes)
    return Count(macs, f"{equation.replace(' ', '')} products")


def einsum_macs(equation: str, shapes: list[tuple[int, ...]]) -> int:
    """Products of an einsum contracted pairwise left to right (one operand: 0).

    Example:
        >>> einsum_macs("bhqd,bhkd->bhqk", [(1, 2, 5, 8), (1, 2, 7, 8)]) == 2 * 5 * 7 * 8
        True
    """
    spec = equation.replace(" ", "")
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes) or "..." in spec:
        raise UnknownDimensionError
    sizes: dict[str, int] = {}
    for term, shape in zip(terms, shapes, strict=True):
        if len(term) != len(shape):
            raise UnknownDimensionError
        for letter, dim in zip(term, shape, strict=True):
            sizes[letter] = max(sizes.get(letter, 1), dim)
    if not output and "->" not in spec:
        output = "".join(sorted(c for c in sizes if inputs.count(c) == 1))
    total, current = 0, terms[0]
    for index in range(1, len(terms)):
        letters = dict.fromkeys(current + terms[index])
        total += prod(sizes[c] for c in letters)
        later = "".join(terms[index + 1:]) + output
        current = "".join(c for c in letters if c in later)
    return total


def _attention_count(queries: int, keys: int, key_dim: int, value_dim: int) -> int:
    """QKᵀ and AV: every query meets every key."""
    return queries * keys * (key_dim + value_dim)


@register_operator("torch", ("scaled_dot_product_attention", "_scaled_dot_product_flash_attention",
                             "_scaled_dot_product_efficient_attention",
                             "_scaled_dot_product_flash_attention_for_cpu",
                             "_scaled_dot_product_attention_math"))
def _sdpa(call: Operator) -> Count:
    """q (…, L, E), k (…, S, E), v (…, S, Ev): L·S·(E + Ev) per head and batch."""
    q, k, v = shape_arg(call, 0, "query"), shape_arg(call, 1, "key"), shape_arg(call, 2, "value")
    heads = size(q[:-2])
    macs = heads * _attention_count(q[-2], k[-2], q[-1], v[-1])
    return Count(macs, f"{heads:,} heads × {q[-2]:,} queries × {k[-2]:,} keys × "
                       f"({q[-1]}+{v[-1]})")

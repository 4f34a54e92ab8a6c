"""Which Keras 3 operation each ``keras.ops`` function records, and its shape rule.

Class names were read from real Keras 3 (``type(ops.<fn>(x)._keras_history.operation)``);
``KINDS`` says which rule of :mod:`modelviz.layers.ops` computes the shape.

Example:
    >>> class_name_of("true_divide"), KINDS["true_divide"], class_name_of("swish")
    ('TrueDivide', 'broadcast', 'Silu')
"""

from __future__ import annotations

from typing import Final

__all__ = ["BOOL_RESULT", "CLASS_NAMES", "KINDS", "class_name_of"]

_ELEMENTWISE: Final = {
    "abs": "Absolute", "absolute": "Absolute", "negative": "Negative", "relu": "Relu",
    "relu6": "Relu6", "sigmoid": "Sigmoid", "tanh": "Tanh", "exp": "Exp", "log": "Log",
    "sqrt": "Sqrt", "rsqrt": "Rsqrt", "square": "Square", "sign": "Sign", "floor": "Floor",
    "ceil": "Ceil", "round": "Round", "softplus": "Softplus", "softsign": "Softsign",
    "silu": "Silu", "swish": "Silu", "gelu": "Gelu", "elu": "Elu", "selu": "Selu",
    "leaky_relu": "LeakyRelu", "hard_sigmoid": "HardSigmoid", "hard_silu": "HardSilu",
    "hard_swish": "HardSilu", "log_sigmoid": "LogSigmoid", "softmax": "Softmax",
    "log_softmax": "LogSoftmax", "erf": "Erf", "sin": "Sin", "cos": "Cos", "tan": "Tan",
    "arctan": "Arctan", "reciprocal": "Reciprocal", "logical_not": "LogicalNot",
    "stop_gradient": "StopGradient", "isnan": "Isnan", "isfinite": "Isfinite", "log1p": "Log1p",
    "expm1": "Expm1", "convert_to_tensor": "ConvertToTensor", "copy": "Copy",
    "nan_to_num": "NanToNum", "clip": "Clip", "sinh": "Sinh", "cosh": "Cosh",
    "arcsin": "Arcsin", "arccos": "Arccos", "celu": "Celu", "squareplus": "Squareplus",
    "sparse_plus": "SparsePlus", "sparsemax": "Sparsemax", "tanh_shrink": "TanhShrink",
    "tril": "Tril", "triu": "Triu", "flip": "Flip", "sort": "Sort", "argsort": "Argsort",
    "zeros_like": "ZerosLike", "ones_like": "OnesLike", "full_like": "FullLike",
    "normalize": "Normalize", "hard_tanh": "HardTanh", "hard_shrink": "HardShrink",
    "soft_shrink": "SoftShrink", "sparse_sigmoid": "SparseSigmoid", "threshold": "Threshold",
}
_BROADCAST: Final = {
    "add": "Add", "subtract": "Subtract", "multiply": "Multiply", "divide": "Divide",
    "true_divide": "TrueDivide", "floor_divide": "FloorDivide", "mod": "Mod", "power": "Power",
    "maximum": "Maximum", "minimum": "Minimum", "equal": "Equal", "not_equal": "NotEqual",
    "less": "Less", "less_equal": "LessEqual", "greater": "Greater",
    "greater_equal": "GreaterEqual", "logical_and": "LogicalAnd", "logical_or": "LogicalOr",
    "logical_xor": "LogicalXor", "divide_no_nan": "DivideNoNan", "arctan2": "Arctan2",
    "hypot": "Hypot", "where": "Where",
}
_REDUCE: Final = {
    "mean": "Mean", "sum": "Sum", "max": "Max", "min": "Min", "prod": "Prod", "any": "Any",
    "all": "All", "std": "Std", "var": "Var", "argmax": "Argmax", "argmin": "Argmin",
    "logsumexp": "Logsumexp", "amax": "Amax", "amin": "Amin", "median": "Median",
    "norm": "Norm",
}
_SINGLE: Final = {
    "get_item": ("GetItem", "get_item"), "reshape": ("Reshape", "reshape"),
    "transpose": ("Transpose", "transpose"), "expand_dims": ("ExpandDims", "expand_dims"),
    "squeeze": ("Squeeze", "squeeze"), "concatenate": ("Concatenate", "concatenate"),
    "stack": ("Stack", "stack"), "split": ("Split", "split"), "matmul": ("Matmul", "matmul"),
    "einsum": ("Einsum", "einsum"), "cast": ("Cast", "cast"), "tile": ("Tile", "tile"),
    "one_hot": ("OneHot", "one_hot"), "top_k": ("TopK", "top_k"),
    "repeat": ("Repeat", "repeat"), "take": ("Take", "take"), "pad": ("Pad", "pad"),
    "take_along_axis": ("TakeAlongAxis", "take_along_axis"),
    "slice": ("Slice", "slice"), "broadcast_to": ("BroadcastTo", "broadcast_to"),
    "swapaxes": ("Swapaxes", "swapaxes"), "moveaxis": ("Moveaxis", "moveaxis"),
    "cumsum": ("Cumsum", "cumulative"), "cumprod": ("Cumprod", "cumulative"),
    "resize": ("Resize", "resize"), "extract_patches": ("ExtractPatches", "extract_patches"),
    "tensordot": ("Tensordot", "tensordot"), "linspace": ("Linspace", "linspace"),
}

#: Keras class name per ``keras.ops`` function name.
CLASS_NAMES: Final[dict[str, str]] = {
    **_ELEMENTWISE, **_BROADCAST, **_REDUCE, **{k: v[0] for k, v in _SINGLE.items()}}
#: Shape rule per function name.
KINDS: Final[dict[str, str]] = {
    **dict.fromkeys(_ELEMENTWISE, "elementwise"), **dict.fromkeys(_BROADCAST, "broadcast"),
    **dict.fromkeys(_REDUCE, "reduce"), **{k: v[1] for k, v in _SINGLE.items()}}
#: Operations whose result is boolean.
BOOL_RESULT: Final = frozenset({"Equal", "NotEqual", "Less", "LessEqual", "Greater",
                                "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalXor",
                                "LogicalNot", "Isnan", "Isfinite", "Any", "All"})


def class_name_of(function: str) -> str:
    """Keras's class name for ``keras.ops.<function>``."""
    return CLASS_NAMES[function]

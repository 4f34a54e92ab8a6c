"""``keras.activations`` for modelviz: activation functions to pass as ``activation=``.

``layers.Dense(64, activation=activations.gelu)`` is recorded as ``"gelu"``, as Keras
records it. Called on a symbolic tensor, each function records the operation Keras
records (``activations.relu(x)`` is ``relu (Relu)``).

Example:
    >>> from modelviz import activations, layers
    >>> layers.Dense(4, activation=activations.gelu).get_config()["activation"]
    'gelu'
"""

from __future__ import annotations

from typing import Any

from modelviz import ops
from modelviz.layers.keras_objects import lookup
from modelviz.layers.ops import call_op

__all__ = [
    "celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear",
    "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "serialize", "sigmoid",
    "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
]


def relu(x: Any, negative_slope: float = 0.0, max_value: Any = None,
         threshold: float = 0.0) -> Any:
    """Rectified linear unit.

    Example:
        >>> from modelviz import Input
        >>> relu(Input((3,)))._keras_history[0].class_name
        'Relu'
    """
    return ops.relu(x)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """Leaky ReLU.

    Example:
        >>> from modelviz import Input
        >>> leaky_relu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x: Any) -> Any:
    """ReLU capped at 6.

    Example:
        >>> from modelviz import Input
        >>> relu6(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.relu6(x)


def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along ``axis``.

    Example:
        >>> from modelviz import Input
        >>> softmax(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.softmax(x, axis=axis)


def log_softmax(x: Any, axis: int = -1) -> Any:
    """Log-softmax along ``axis``.

    Example:
        >>> from modelviz import Input
        >>> log_softmax(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.log_softmax(x, axis=axis)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit.

    Example:
        >>> from modelviz import Input
        >>> elu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.elu(x, alpha=alpha)


def selu(x: Any) -> Any:
    """Scaled ELU.

    Example:
        >>> from modelviz import Input
        >>> selu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("selu", x)


def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable ELU.

    Example:
        >>> from modelviz import Input
        >>> celu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("celu", x, alpha=alpha)


def gelu(x: Any, approximate: bool = False) -> Any:
    """Gaussian error linear unit (Keras's activation default is the exact form).

    Example:
        >>> from modelviz import Input
        >>> gelu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.gelu(x, approximate=approximate)


def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: halves ``axis`` (recorded as a split, a sigmoid and a product).

    Example:
        >>> from modelviz import Input
        >>> glu(Input((2, 4))).shape
        (None, 2, 2)
    """
    a, b = ops.split(x, 2, axis=axis)
    return a * ops.sigmoid(b)


def softplus(x: Any) -> Any:
    """Softplus.

    Example:
        >>> from modelviz import Input
        >>> softplus(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.softplus(x)


def softsign(x: Any) -> Any:
    """Softsign.

    Example:
        >>> from modelviz import Input
        >>> softsign(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.softsign(x)


def sparse_plus(x: Any) -> Any:
    """SparsePlus.

    Example:
        >>> from modelviz import Input
        >>> sparse_plus(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("sparse_plus", x)


def squareplus(x: Any, b: float = 4) -> Any:
    """SquarePlus.

    Example:
        >>> from modelviz import Input
        >>> squareplus(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("squareplus", x, b=b)


def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax along ``axis``.

    Example:
        >>> from modelviz import Input
        >>> sparsemax(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("sparsemax", x, axis=axis)


def silu(x: Any) -> Any:
    """Swish / SiLU.

    Example:
        >>> from modelviz import Input
        >>> silu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.silu(x)


swish = silu


def hard_silu(x: Any) -> Any:
    """Hard SiLU (hard swish).

    Example:
        >>> from modelviz import Input
        >>> hard_silu(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("hard_silu", x)


hard_swish = hard_silu


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid.

    Example:
        >>> from modelviz import Input
        >>> sigmoid(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.sigmoid(x)


def hard_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid.

    Example:
        >>> from modelviz import Input
        >>> hard_sigmoid(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("hard_sigmoid", x)


def log_sigmoid(x: Any) -> Any:
    """Log of the sigmoid.

    Example:
        >>> from modelviz import Input
        >>> log_sigmoid(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("log_sigmoid", x)


def sparse_sigmoid(x: Any) -> Any:
    """Sparse sigmoid.

    Example:
        >>> from modelviz import Input
        >>> sparse_sigmoid(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.sparse_sigmoid(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent.

    Example:
        >>> from modelviz import Input
        >>> tanh(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.tanh(x)


def tanh_shrink(x: Any) -> Any:
    """``x - tanh(x)``.

    Example:
        >>> from modelviz import Input
        >>> tanh_shrink(Input((2, 4))).shape
        (None, 2, 4)
    """
    return call_op("tanh_shrink", x)


def hard_tanh(x: Any) -> Any:
    """Tanh clipped piecewise-linear.

    Example:
        >>> from modelviz import Input
        >>> hard_tanh(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.hard_tanh(x)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Zero inside ``[-threshold, threshold]``.

    Example:
        >>> from modelviz import Input
        >>> hard_shrink(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.hard_shrink(x, threshold=threshold)


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Shrinks towards zero by ``threshold``.

    Example:
        >>> from modelviz import Input
        >>> soft_shrink(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.soft_shrink(x, threshold=threshold)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """``default_value`` where ``x <= threshold``.

    Example:
        >>> from modelviz import Input
        >>> threshold(Input((2, 4)), 0.5, 0.0).shape
        (None, 2, 4)
    """
    return ops.threshold(x, threshold, default_value)


def exponential(x: Any) -> Any:
    """``exp(x)``.

    Example:
        >>> from modelviz import Input
        >>> exponential(Input((2, 4))).shape
        (None, 2, 4)
    """
    return ops.exp(x)


def linear(x: Any) -> Any:
    """The identity (records nothing, as in Keras).

    Example:
        >>> from modelviz import Input
        >>> linear(Input((2, 4))).shape
        (None, 2, 4)
    """
    return x


def mish(x: Any) -> Any:
    """``x * tanh(softplus(x))``.

    Example:
        >>> from modelviz import Input
        >>> mish(Input((2, 4))).shape
        (None, 2, 4)
    """
    return x * ops.tanh(ops.softplus(x))


_TABLE: dict[str, Any] = {name: globals()[name] for name in __all__
                          if name not in ("get", "serialize", "deserialize")}


def get(identifier: Any) -> Any:
    """``keras.activations.get``: a name (``"relu"``), None (linear) or a function.

    Example:
        >>> get("gelu") is gelu, get(None) is linear
        (True, True)
    """
    return linear if identifier is None else lookup("activation", identifier, _TABLE)


def serialize(activation: Any) -> str:
    """``keras.activations.serialize``: a function's name.

    Example:
        >>> serialize(relu)
        'relu'
    """
    return str(getattr(activation, "__name__", activation))


def deserialize(config: Any, custom_objects: Any = None) -> Any:
    """``keras.activations.deserialize``: the function a name stands for.

    Example:
        >>> deserialize("silu") is silu
        True
    """
    return lookup("activation", config, {**_TABLE, **(custom_objects or {})})

"""Neural-network ``keras.ops`` (``keras/src/ops/nn.py``): activations, softmax, one-hot.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.softmax(x).shape, ops.one_hot(ops.cast(x, "int32"), 4).shape
    ((None, 5, 3), (None, 5, 3, 4))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "celu",
    "elu",
    "erf",
    "gelu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "norm",
    "normalize",
    "one_hot",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "top_k",
]


def relu(x: Any) -> Any:
    """``keras.ops.relu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = relu(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Relu')
    """
    return call_op("relu", x)


def relu6(x: Any) -> Any:
    """``keras.ops.relu6``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = relu6(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Relu6')
    """
    return call_op("relu6", x)


def sigmoid(x: Any) -> Any:
    """``keras.ops.sigmoid``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sigmoid(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sigmoid')
    """
    return call_op("sigmoid", x)


def tanh(x: Any) -> Any:
    """``keras.ops.tanh``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = tanh(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Tanh')
    """
    return call_op("tanh", x)


def softplus(x: Any) -> Any:
    """``keras.ops.softplus``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = softplus(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Softplus')
    """
    return call_op("softplus", x)


def softsign(x: Any) -> Any:
    """``keras.ops.softsign``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = softsign(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Softsign')
    """
    return call_op("softsign", x)


def silu(x: Any) -> Any:
    """``keras.ops.silu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = silu(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Silu')
    """
    return call_op("silu", x)


def swish(x: Any) -> Any:
    """``keras.ops.swish`` (Keras records ``Silu``): the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = swish(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Silu')
    """
    return call_op("swish", x)


def gelu(x: Any, approximate: bool = True) -> Any:
    """``keras.ops.gelu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = gelu(Input((5, 3)), approximate=False)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Gelu')
    """
    return call_op("gelu", x, approximate=approximate)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """``keras.ops.elu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = elu(Input((5, 3)), alpha=0.5)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Elu')
    """
    return call_op("elu", x, alpha=alpha)


def selu(x: Any) -> Any:
    """``keras.ops.selu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = selu(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Selu')
    """
    return call_op("selu", x)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """``keras.ops.leaky_relu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = leaky_relu(Input((5, 3)), negative_slope=0.1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'LeakyRelu')
    """
    return call_op("leaky_relu", x, negative_slope=negative_slope)


def hard_sigmoid(x: Any) -> Any:
    """``keras.ops.hard_sigmoid``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = hard_sigmoid(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'HardSigmoid')
    """
    return call_op("hard_sigmoid", x)


def hard_silu(x: Any) -> Any:
    """``keras.ops.hard_silu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = hard_silu(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'HardSilu')
    """
    return call_op("hard_silu", x)


def hard_swish(x: Any) -> Any:
    """``keras.ops.hard_swish`` (Keras records ``HardSilu``): the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = hard_swish(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'HardSilu')
    """
    return call_op("hard_swish", x)


def log_sigmoid(x: Any) -> Any:
    """``keras.ops.log_sigmoid``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = log_sigmoid(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'LogSigmoid')
    """
    return call_op("log_sigmoid", x)


def softmax(x: Any, axis: int = -1) -> Any:
    """``keras.ops.softmax``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = softmax(Input((5, 3)), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Softmax')
    """
    return call_op("softmax", x, axis=axis)


def log_softmax(x: Any, axis: int = -1) -> Any:
    """``keras.ops.log_softmax``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = log_softmax(Input((5, 3)), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'LogSoftmax')
    """
    return call_op("log_softmax", x, axis=axis)


def erf(x: Any) -> Any:
    """``keras.ops.erf``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = erf(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Erf')
    """
    return call_op("erf", x)


def one_hot(
    x: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False
) -> Any:
    """``keras.ops.one_hot``: a new axis of length ``num_classes``.

    Example:
        >>> from modelviz import Input
        >>> y = one_hot(Input((5,), dtype="int32"), 10)
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 10), 'float32', 'OneHot')
    """
    return call_op(
        "one_hot", x, num_classes=num_classes, axis=axis, dtype=dtype or "float32", sparse=sparse
    )


def top_k(x: Any, k: int, sorted: bool = True) -> Any:
    """``keras.ops.top_k``: values and indices, the last axis cut to ``k``.

    Example:
        >>> from modelviz import Input
        >>> values, indices = top_k(Input((5, 8)), 3)
        >>> values.shape, indices.shape
        ((None, 5, 3), (None, 5, 3))
    """
    return call_op("top_k", x, k=k, sorted=sorted)


def celu(x: Any, alpha: float = 1.0) -> Any:
    """``keras.ops.celu``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = celu(Input((5, 3)), alpha=0.5)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Celu')
    """
    return call_op("celu", x, alpha=alpha)


def squareplus(x: Any, b: float = 4) -> Any:
    """``keras.ops.squareplus``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = squareplus(Input((5, 3)), b=2)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Squareplus')
    """
    return call_op("squareplus", x, b=b)


def sparse_plus(x: Any) -> Any:
    """``keras.ops.sparse_plus``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sparse_plus(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'SparsePlus')
    """
    return call_op("sparse_plus", x)


def sparsemax(x: Any, axis: int = -1) -> Any:
    """``keras.ops.sparsemax``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sparsemax(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sparsemax')
    """
    return call_op("sparsemax", x, axis=axis)


def tanh_shrink(x: Any) -> Any:
    """``keras.ops.tanh_shrink``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = tanh_shrink(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'TanhShrink')
    """
    return call_op("tanh_shrink", x)


def normalize(x: Any, axis: int = -1, order: int = 2, epsilon: Any = None) -> Any:
    """``keras.ops.normalize``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = normalize(Input((5, 3)), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Normalize')
    """
    return call_op("normalize", x, axis=axis, order=order, epsilon=epsilon)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.norm``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> norm(x, axis=-1).shape, norm(x, axis=-1, keepdims=True).shape, norm(x).shape
        ((None, 5), (None, 5, 1), ())
    """
    return call_op("norm", x, ord=ord, axis=axis, keepdims=keepdims)

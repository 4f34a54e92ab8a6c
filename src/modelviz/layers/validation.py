"""Argument checks Keras makes when a layer is created, shared by every layer family.

Example:
    >>> "relu" in KERAS_ACTIVATIONS, "relux" in KERAS_ACTIVATIONS
    (True, False)
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["ACTIVATION_ARGUMENTS", "KERAS_ACTIVATIONS", "unknown_activation"]

#: ``keras.activations.ALL_OBJECTS_DICT`` of Keras 3.15, the names ``activations.get`` takes.
KERAS_ACTIVATIONS: Final = frozenset({
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
})
ACTIVATION_ARGUMENTS: Final = ("activation", "recurrent_activation")


def unknown_activation(arguments: dict[str, Any]) -> tuple[str, str] | None:
    """(argument, value) of the first activation string Keras would not interpret.

    Example:
        >>> unknown_activation({"activation": "relu"}) is None
        True
        >>> unknown_activation({"activation": "relu", "recurrent_activation": "sigmod"})
        ('recurrent_activation', 'sigmod')
    """
    for key in ACTIVATION_ARGUMENTS:
        value = arguments.get(key)
        if isinstance(value, str) and value not in KERAS_ACTIVATIONS:
            return key, value
    return None

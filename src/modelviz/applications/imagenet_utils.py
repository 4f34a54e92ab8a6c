"""What every ``keras.applications`` builder shares (Keras's ``imagenet_utils``).

The input-shape rules, the image input (``input_tensor``), the pooling of
``include_top=False`` models and the final ``Model``, plus ``preprocess_input``
and ``decode_predictions``. ``weights`` is accepted with any value and never
downloaded or read: ``"imagenet"`` only keeps Keras's argument checks (1,000
classes and the default input size with the top), a path is not opened.

Example:
    >>> obtain_input_shape(None, default_size=224, min_size=32, require_flatten=True)
    (224, 224, 3)
    >>> obtain_input_shape(None, default_size=224, min_size=32, require_flatten=False)
    (None, None, 3)
    >>> correct_pad(layers.Input((224, 224, 3)), 3)
    ((0, 1), (0, 1))
"""

from __future__ import annotations

import warnings
from typing import Any

from modelviz import layers
from modelviz.errors import LayerConfigError
from modelviz.layers.tensors import KerasTensor
from modelviz.models import Model

__all__ = [
    "check_arguments",
    "correct_pad",
    "decode_predictions",
    "finish",
    "image_input",
    "obtain_input_shape",
    "pool",
    "preprocess_input",
    "validate_activation",
]


def check_arguments(weights: Any, include_top: bool, classes: int) -> None:
    """Keras's check: ImageNet weights with the top need 1,000 classes.

    Example:
        >>> check_arguments("imagenet", True, 10)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        modelviz.errors.LayerConfigError: If using `weights='imagenet'` ... received classes=10 ...
    """
    if weights == "imagenet" and include_top and classes != 1000:
        raise LayerConfigError(
            "If using `weights='imagenet'` with `include_top=True`, `classes` should be "
            f"1000; received classes={classes} (modelviz reads no weights: pass "
            "weights=None for another number of classes)")


def _check_given_shape(input_shape: tuple, min_size: int, weights: Any) -> None:
    if len(input_shape) != 3:
        raise LayerConfigError(f"`input_shape` must be a tuple of three integers; received "
                               f"input_shape={input_shape}")
    if input_shape[-1] != 3 and weights == "imagenet":
        raise LayerConfigError(f"The input must have 3 channels; received "
                               f"input_shape={input_shape}")
    if any(d is not None and d < min_size for d in input_shape[:2]):
        raise LayerConfigError(f"Input size must be at least {min_size}x{min_size}; "
                               f"received input_shape={input_shape}")


def obtain_input_shape(input_shape: Any, default_size: int, min_size: int,
                       require_flatten: bool, weights: Any = None) -> tuple:
    """The model's input shape (channels last), checked as Keras checks it.

    Example:
        >>> obtain_input_shape((160, 160, 3), default_size=224, min_size=32, require_flatten=True)
        (160, 160, 3)
    """
    input_shape = None if input_shape is None else tuple(input_shape)
    default_shape = (default_size, default_size, 3)
    if input_shape and weights != "imagenet" and len(input_shape) == 3:
        if input_shape[-1] not in {1, 3}:
            warnings.warn("This model usually expects 1 or 3 input channels. However, it "
                          f"was passed an input_shape with {input_shape[-1]} input channels.",
                          stacklevel=3)
        default_shape = (default_size, default_size, input_shape[-1])
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise LayerConfigError(
                "When setting `include_top=True` and loading `imagenet` weights, "
                f"`input_shape` should be {default_shape}; received input_shape={input_shape}")
        return default_shape
    if input_shape:
        _check_given_shape(input_shape, min_size, weights)
    else:
        input_shape = default_shape if require_flatten else (None, None, 3)
    if require_flatten and None in input_shape:
        raise LayerConfigError("If `include_top` is True, you should specify a static "
                               f"`input_shape`; received input_shape={input_shape}")
    return input_shape


def image_input(input_tensor: Any, input_shape: tuple) -> Any:
    """The tensor the model starts from: ``input_tensor`` or a new ``Input``.

    Example:
        >>> image_input(None, (32, 32, 3)).shape
        (None, 32, 32, 3)
    """
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not isinstance(input_tensor, KerasTensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def _source_inputs(tensor: KerasTensor) -> list[KerasTensor]:
    """The Input tensors ``tensor`` comes from (Keras's ``get_source_inputs``), by a worklist."""
    found: list[KerasTensor] = []
    stack, seen = [tensor], set()
    while stack:
        t = stack.pop()
        if id(t) in seen or not t._keras_history:
            continue
        seen.add(id(t))
        node = t._keras_history[0]._inbound_nodes[t._keras_history[1]]
        if node.is_input:
            found.append(t)
        stack.extend(reversed(node.input_tensors))
    return found or [tensor]


def pool(x: Any, pooling: Any, avg_name: str | None = None, max_name: str | None = None) -> Any:
    """``pooling="avg"`` / ``"max"`` on the features of an ``include_top=False`` model.

    Example:
        >>> pool(layers.Input((7, 7, 8)), "max").shape
        (None, 8)
    """
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x


def finish(input_tensor: Any, img_input: Any, x: Any, name: str) -> Model:
    """The functional model from the source inputs of ``input_tensor`` (or the new input).

    Example:
        >>> inputs = layers.Input((4,))
        >>> finish(None, inputs, layers.Dense(2)(inputs), "tiny").count_params()
        10
    """
    inputs = img_input
    if input_tensor is not None:
        inputs = _source_inputs(input_tensor)
    return Model(inputs, x, name=name)


def validate_activation(classifier_activation: Any, weights: Any) -> None:
    """With pretrained weights Keras allows only ``None`` and ``"softmax"`` on the top.

    Example:
        >>> validate_activation("relu", None)
    """
    if weights is None or classifier_activation in (None, "softmax", "linear"):
        return
    if getattr(classifier_activation, "__name__", None) in ("softmax", "linear"):
        return
    raise LayerConfigError(
        "Only `None` and `softmax` activations are allowed for the `classifier_activation` "
        "argument when using pretrained weights, with `include_top=True`; received "
        f"classifier_activation={classifier_activation!r}")


def correct_pad(inputs: Any, kernel_size: Any) -> tuple:
    """Zero-padding that makes a strided 'valid' convolution behave like Keras's models.

    Example:
        >>> correct_pad(layers.Input((None, None, 3)), (3, 3))
        ((0, 1), (0, 1))
    """
    size = inputs.shape[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def preprocess_input(x: Any, data_format: Any = None, mode: str = "caffe") -> Any:
    """Return ``x`` unchanged: modelviz runs no model, so there is nothing to preprocess.

    Symbolic tensors, NumPy arrays and lists all come back as they are, so
    ``x = preprocess_input(inputs)`` in model code keeps its shapes. Unlike Keras,
    no arithmetic is recorded on a symbolic tensor (Keras adds its ``x / 127.5 - 1``
    operations as graph nodes; modelviz's drawing leaves them out).

    Example:
        >>> preprocess_input([1.0, 2.0])
        [1.0, 2.0]
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise LayerConfigError(f"Expected mode to be one of `caffe`, `tf` or `torch`; "
                               f"received mode={mode!r}")
    return x


def decode_predictions(preds: Any, top: int = 5) -> list:
    """Refuse: modelviz has no ImageNet class index and runs no model to predict with.

    Example:
        >>> decode_predictions([[0.1] * 1000])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        modelviz.errors.LayerConfigError: decode_predictions: modelviz runs no model ...
    """
    raise LayerConfigError("decode_predictions: modelviz runs no model and has no ImageNet "
                           "class index; decode predictions with Keras itself")

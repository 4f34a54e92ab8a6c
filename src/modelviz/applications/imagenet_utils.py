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

from modelviz import layers, ops
from modelviz.errors import LayerConfigError
from modelviz.layers.tensors import KerasTensor
from modelviz.models import Model

__all__ = [
    "average_top",
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
        raise LayerConfigError(
            f"input_tensor must be a symbolic tensor (the output of Input() or of a layer); "
            f"received {type(input_tensor).__name__}: pass input_shape=... for a new input")
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


def average_top(x: Any, include_top: bool, pooling: Any, classes: int,
                classifier_activation: Any, weights: Any,
                pool_names: tuple[str | None, str | None] = (None, None)) -> Any:
    """Keras's usual head: average pooling and a ``predictions`` Dense with the top, else
    ``pooling`` (its layers named ``pool_names`` where the family names them).

    Example:
        >>> features = layers.Input((7, 7, 8))
        >>> average_top(features, True, None, 10, "softmax", None).shape
        (None, 10)
        >>> average_top(features, False, "max", 10, "softmax", None).shape
        (None, 8)
    """
    if not include_top:
        return pool(x, pooling, *pool_names)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    validate_activation(classifier_activation, weights)
    return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)


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


def _symbolic_preprocess(x: KerasTensor, mode: str) -> Any:
    """Keras's ``_preprocess_tensor_input`` (channels last): the same operation nodes."""
    if mode == "tf":
        return x / 127.5 - 1.0
    std: list[float] | None = None
    if mode == "torch":
        x = x / 255.0
        mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    else:  # caffe: RGB -> BGR, then zero-centre
        x = ops.stack([x[..., i] for i in (2, 1, 0)], axis=-1)
        mean = [103.939, 116.779, 123.68]
    mean_tensor = ops.convert_to_tensor([-m for m in mean], dtype=x.dtype)
    x = x + ops.reshape(mean_tensor, (1,) * (len(x.shape) - 1) + (3,))
    if std is not None:
        x = x / ops.convert_to_tensor(std, dtype=x.dtype)
    return x


def preprocess_input(x: Any, data_format: Any = None, mode: str = "caffe") -> Any:
    """Keras's preprocessing on a symbolic tensor; any other value comes back unchanged.

    On a symbolic tensor inside a model this records the operations Keras records
    (``mode="tf"``: ``x / 127.5 - 1``; ``"torch"``: scale, subtract the mean, divide by
    the deviation; ``"caffe"``: RGB to BGR, subtract the mean), so the rows match.
    NumPy arrays, lists and numbers are returned as they are: modelviz runs no
    computation. Only ``channels_last`` is supported, as everywhere in modelviz.

    Example:
        >>> preprocess_input([1.0, 2.0])
        [1.0, 2.0]
        >>> preprocess_input(layers.Input((8, 8, 3)), mode="tf").shape
        (None, 8, 8, 3)
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise LayerConfigError(f"Expected mode to be one of `caffe`, `tf` or `torch`; "
                               f"received mode={mode!r}")
    if data_format not in (None, "channels_last", "channels_first"):
        raise LayerConfigError("Expected data_format to be one of `channels_first` or "
                               f"`channels_last`; received data_format={data_format!r}")
    if not isinstance(x, KerasTensor):
        return x
    if data_format == "channels_first":
        raise LayerConfigError("preprocess_input: modelviz supports channels_last images only; "
                               "leave data_format unset")
    return _symbolic_preprocess(x, mode)


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

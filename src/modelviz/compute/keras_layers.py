"""MAC counters for the Keras layer families (registered on import).

The convention of the published figures (ResNet50 "3.8 × 10⁹", MobileNetV2 "300 M"):
multiply-accumulates of products with weights, for one forward pass at batch size 1;
element-wise work (activations, bias adds, normalization, pooling, merges) counts 0.
Attention also counts its two activation products, QKᵀ and AV, as MatMul does.

Example:
    >>> from modelviz.compute.registry import LayerCall, count_call
    >>> conv = LayerCall("c", "Conv2D", {"data_format": "channels_last"},
    ...                  [(None, 28, 28, 64)], [(None, 26, 26, 128)],
    ...                  {"kernel": (3, 3, 64, 128), "bias": (128,)})
    >>> count_call(conv)
    Count(macs=49840128, formula='26×26 positions × 128 filters × (3×3×64)')
"""

from __future__ import annotations

from math import prod
from typing import Any, Final

from modelviz.compute.registry import (
    Count,
    LayerCall,
    count_call,
    dims_text,
    known,
    positions,
    register_macs,
    zero_macs,
)

__all__ = ["ZERO_MAC_FAMILIES", "count_recurrent"]

ZERO_MAC_FAMILIES: Final = {
    "input tensor": ("InputLayer",),
    "pooling, no weights": (
        "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
        "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D"),
    "table lookup": ("Embedding",),
    "normalization: element-wise scale and shift, not counted": (
        "BatchNormalization", "LayerNormalization", "GroupNormalization", "RMSNormalization",
        "UnitNormalization", "Normalization"),
    "element-wise, no weight products": (
        "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Add", "Subtract",
        "Multiply", "Average", "Maximum", "Minimum", "Rescaling", "NotEqual", "Any", "Masking"),
    "moves data only": (
        "Flatten", "Reshape", "Permute", "RepeatVector", "Concatenate", "Identity",
        "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D",
        "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "CategoryEncoding"),
    "identity at inference": (
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
        "GaussianDropout", "AlphaDropout", "ActivityRegularization", "RandomCrop", "RandomFlip",
        "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
        "RandomBrightness"),
    "resampling, no weights": ("Resizing", "CenterCrop"),
    # keras.applications.convnext.LayerScale: a per-channel scale
    "element-wise scale": ("LayerScale",),
}

for _reason, _names in ZERO_MAC_FAMILIES.items():
    register_macs(_names, zero_macs(_reason))


def _spatial(shape: tuple[Any, ...], config: dict[str, Any]) -> tuple[Any, ...]:
    """The spatial axes of a conv input/output (channels last unless said otherwise)."""
    if config.get("data_format") == "channels_first":
        return shape[2:]
    return shape[1:-1]


def _number(value: int) -> str:
    return f"{value:,}"


@register_macs("Dense")
def _dense(call: LayerCall) -> Count:
    inputs, units = call.weights["kernel"]
    where = call.input_shapes[0][1:-1]
    formula = f"{_number(inputs)} inputs × {_number(units)} units"
    if where:
        formula = f"{dims_text(where)} positions × {formula}"
    return Count(positions(where) * inputs * units, formula)


@register_macs(("Conv1D", "Conv2D", "Conv3D"))
def _conv(call: LayerCall) -> Count:
    kernel = call.weights["kernel"]
    where = _spatial(call.output_shapes[0], call.config)
    groups = int(call.config.get("groups") or 1)
    window = dims_text(kernel[:-1])
    formula = f"{dims_text(where)} positions × {_number(kernel[-1])} filters × ({window})"
    if groups > 1:
        formula += f" [{groups} groups]"
    return Count(positions(where) * prod(kernel), formula)


@register_macs(("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"))
def _conv_transpose(call: LayerCall) -> Count:
    kernel = call.weights["kernel"]  # (k..., filters, in)
    where = _spatial(call.input_shapes[0], call.config)
    formula = (f"{dims_text(where)} input positions × {_number(kernel[-2])} filters × "
               f"({dims_text((*kernel[:-2], kernel[-1]))})")
    return Count(positions(where) * prod(kernel), formula)


@register_macs(("DepthwiseConv1D", "DepthwiseConv2D"))
def _depthwise(call: LayerCall) -> Count:
    kernel = call.weights["kernel"]  # (k..., in, multiplier)
    where = _spatial(call.output_shapes[0], call.config)
    formula = (f"{dims_text(where)} positions × {_number(kernel[-2] * kernel[-1])} channels × "
               f"({dims_text(kernel[:-2])})")
    return Count(positions(where) * prod(kernel), formula)


@register_macs(("SeparableConv1D", "SeparableConv2D"))
def _separable(call: LayerCall) -> Count:
    depthwise, pointwise = call.weights["depthwise_kernel"], call.weights["pointwise_kernel"]
    where = _spatial(call.output_shapes[0], call.config)
    channels = depthwise[-2] * depthwise[-1]
    formula = (f"{dims_text(where)} positions × ({dims_text(depthwise[:-2])}×{channels} "
               f"depthwise + {channels}×{pointwise[-1]} pointwise)")
    return Count(positions(where) * (prod(depthwise) + prod(pointwise)), formula)


def _steps(call: LayerCall) -> int:
    return known(call.input_shapes[0][1])


@register_macs(("SimpleRNN", "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU"))
def count_recurrent(call: LayerCall) -> Count:
    """Every time step multiplies the input by ``kernel`` and the state by ``recurrent_kernel``
    (GRU's ``reset_after`` moves the reset gate, not a product).

    Example:
        >>> gru = LayerCall("g", "GRU", {}, [(None, 10, 8)], [(None, 4)],
        ...                 {"kernel": (8, 12), "recurrent_kernel": (4, 12), "bias": (2, 12)})
        >>> count_recurrent(gru).macs
        1440
    """
    steps = _steps(call)
    kernel, recurrent = call.weights["kernel"], call.weights["recurrent_kernel"]
    formula = (f"{_number(steps)} steps × ({kernel[0]}×{kernel[1]} input + "
               f"{recurrent[0]}×{recurrent[1]} recurrent)")
    return Count(steps * (prod(kernel) + prod(recurrent)), formula)


@register_macs(("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"))
def _conv_lstm(call: LayerCall) -> Count:
    steps = _steps(call)
    kernel, recurrent = call.weights["kernel"], call.weights["recurrent_kernel"]
    out = call.output_shapes[0]
    sequences = bool(call.config.get("return_sequences"))
    rank = len(kernel) - 2
    first = 2 if sequences else 1
    if call.config.get("data_format") == "channels_first":
        first += 1
    where = out[first:first + rank]
    formula = (f"{_number(steps)} steps × {dims_text(where)} positions × "
               f"({dims_text(kernel)} input + {dims_text(recurrent)} recurrent)")
    return Count(steps * positions(where) * (prod(kernel) + prod(recurrent)), formula)


def _inner_call(call: LayerCall, prefix: str, input_shape: Any, output_shape: Any) -> LayerCall:
    """The wrapped layer's call: its config, and the weights under ``prefix`` renamed."""
    inner = call.config["layer"]
    weights = {name[len(prefix):]: shape for name, shape in call.weights.items()
               if name.startswith(prefix)}
    return LayerCall(call.name, inner["class_name"], inner.get("config") or {},
                     [input_shape], [output_shape], weights, call.dtype)


@register_macs("Bidirectional")
def _bidirectional(call: LayerCall) -> Count | None:
    prefixes = sorted({name.split("/", 1)[0] + "/" for name in call.weights if "/" in name})
    counts = [count_call(_inner_call(call, prefix, call.input_shapes[0], call.output_shapes[0]))
              for prefix in prefixes]
    if len(counts) != 2 or None in counts:
        return None
    forward, backward = (count for count in counts if count is not None)
    if forward.formula == backward.formula:
        return Count(2 * forward.macs, f"2 directions × [{forward.formula}]")
    return Count(forward.macs + backward.macs,
                 f"forward [{forward.formula}] + backward [{backward.formula}]")


@register_macs("TimeDistributed")
def _time_distributed(call: LayerCall) -> Count | None:
    steps = _steps(call)
    shape_in, shape_out = call.input_shapes[0], call.output_shapes[0]
    inner = count_call(_inner_call(call, "", (shape_in[0], *shape_in[2:]),
                                   (shape_out[0], *shape_out[2:])))
    if inner is None:
        return None
    return Count(steps * inner.macs, f"{_number(steps)} steps × [{inner.formula}]")


@register_macs("Dot")
def _dot(call: LayerCall) -> Count:
    """A batched product of two tensors: output elements × the contracted length."""
    axes = call.config.get("axes", -1)
    axis = axes[0] if isinstance(axes, (list, tuple)) else axes
    first = call.input_shapes[0]
    length = known(first[axis])
    out = call.output_shapes[0][1:]
    return Count(positions(out) * length,
                 f"{dims_text(out)} outputs × {_number(length)} products")


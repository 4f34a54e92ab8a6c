"""Keras 1 and Keras 2.0-2.2 layer configs rewritten with today's names.

Keras 1 called ``units`` ``output_dim``, ``filters`` ``nb_filter``, ``padding``
``border_mode`` and so on; the ``Merge`` layer had a ``mode``. This module maps
what has a clear meaning and leaves the rest to be drawn as unknown.

Example:
    >>> name, config = modern_layer("Convolution2D", {"nb_filter": 8, "nb_row": 3, "nb_col": 3,
    ...                                               "border_mode": "same", "dim_ordering": "th"})
    >>> name, config["filters"], config["kernel_size"], config["data_format"]
    ('Conv2D', 8, (3, 3), 'channels_first')
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["LEGACY_CLASSES", "MERGE_MODES", "keras2_fixups", "merge_class", "modern_layer"]

LEGACY_CLASSES: Final = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "AtrousConvolution1D": "Conv1D",
    "AtrousConvolution2D": "Conv2D",
    "Deconvolution2D": "Conv2DTranspose",
    "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool2D": "MaxPooling2D",
    "AveragePooling": "AveragePooling2D",
    "CuDNNLSTM": "CuDNNLSTM",
    "CuDNNGRU": "CuDNNGRU",
}
# Keras 1 Merge modes -> merge layer classes.
MERGE_MODES: Final = {
    "concat": "Concatenate",
    "sum": "Add",
    "mul": "Multiply",
    "ave": "Average",
    "max": "Maximum",
    "min": "Minimum",
    "dot": "Dot",
}

_RENAMED: Final = {
    "output_dim": "units",
    "nb_filter": "filters",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "U_constraint": "recurrent_constraint",
    "bias": "use_bias",
    "filter_length": "kernel_size",
    "pool_length": "pool_size",
    "stride": "strides",
    "atrous_rate": "dilation_rate",
    "inner_activation": "recurrent_activation",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "input_dtype": "dtype",
}
# Per-class renames that differ from the table above.
_CLASS_RENAMED: Final = {
    "Embedding": {
        "output_dim": "output_dim",
        "init": "embeddings_initializer",
        "W_regularizer": "embeddings_regularizer",
        "W_constraint": "embeddings_constraint",
    },
    "ReversibleEmbedding": {"output_dim": "output_dim"},
    "Dropout": {"p": "rate"},
    "SpatialDropout1D": {"p": "rate"},
    "SpatialDropout2D": {"p": "rate"},
    "SpatialDropout3D": {"p": "rate"},
    "GaussianDropout": {"p": "rate"},
}
_DROPPED: Final = frozenset(
    {
        "consume_less",
        "cache_enabled",
        "nb_row",
        "nb_col",
        "nb_depth",
        "dim_ordering",
        "mode",
        "forget_bias_init",
    }
)
_DATA_FORMAT: Final = {"th": "channels_first", "tf": "channels_last", "default": None}


def modern_layer(class_name: str, config: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Today's class name and arguments for a Keras 1 / early Keras 2 layer config."""
    class_name = LEGACY_CLASSES.get(class_name, class_name)
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key in _DROPPED:
            continue
        new_key = _CLASS_RENAMED.get(class_name, {}).get(key) or _RENAMED.get(key, key)
        out[new_key] = value
    kernel = [config[k] for k in ("nb_depth", "nb_row", "nb_col") if k in config]
    if kernel and "kernel_size" not in out:
        out["kernel_size"] = tuple(kernel)
    if "dim_ordering" in config and "data_format" not in out:
        data_format = _DATA_FORMAT.get(str(config["dim_ordering"]))
        if data_format is not None:
            out["data_format"] = data_format
    return class_name, out


def merge_class(config: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The merge layer for a Keras 1 ``Merge`` config, or None when the mode is a function.

    Example:
        >>> merge_class({"name": "merge_1", "mode": "concat", "concat_axis": 1})
        ('Concatenate', {'name': 'merge_1', 'axis': 1})
        >>> merge_class({"name": "merge_2", "mode": ["lambda code", None, None]})
        (None, {'name': 'merge_2'})
    """
    mode = config.get("mode", "sum")
    target = MERGE_MODES.get(mode) if isinstance(mode, str) else None
    args: dict[str, Any] = {"name": config.get("name")}
    if target == "Concatenate":
        args["axis"] = config.get("concat_axis", -1)
    if target == "Dot":
        axes = config.get("dot_axes", -1)
        args["axes"] = axes
    return target, args


def keras2_fixups(class_name: str, config: dict[str, Any]) -> dict[str, Any]:
    """tf.keras 2 spellings Keras 3 changed: LeakyReLU ``alpha``, a one-item BN ``axis`` list.

    Example:
        >>> keras2_fixups("BatchNormalization", {"axis": [3]})
        {'axis': 3}
    """
    config = dict(config)
    if class_name == "LeakyReLU" and "alpha" in config and "negative_slope" not in config:
        config["negative_slope"] = config.pop("alpha")
    axis = config.get("axis")
    if class_name == "BatchNormalization" and isinstance(axis, list) and len(axis) == 1:
        config["axis"] = axis[0]
    return config

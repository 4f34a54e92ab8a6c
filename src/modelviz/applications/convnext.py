"""ConvNeXt Tiny/Small/Base/Large/XLarge (Keras's ``keras.applications.convnext``).

Built with modelviz layers as Keras 3 builds them: the stem and downsampling blocks
are nested ``Sequential`` models, each block ends in ``LayerScale`` and an identity
``Activation`` (``StochasticDepth`` when ``drop_path_rate`` > 0), and the residual
``inputs + x`` is a ``keras.ops`` node. ``weights`` is accepted with any value and
never downloaded or read.

Example:
    >>> ConvNeXtTiny(weights="imagenet").count_params()
    28589128
    >>> [ConvNeXtSmall(weights=None).count_params(), ConvNeXtLarge(weights=None).count_params(),
    ...  ConvNeXtXLarge(weights=None).count_params()]
    [50223688, 197767336, 350196968]
    >>> ConvNeXtBase(include_top=False, pooling="avg", weights=None).output_shape
    (None, 1024)
"""

from __future__ import annotations

from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.custom_layers import LayerScale, StochasticDepth
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.errors import LayerConfigError
from modelviz.models import Model, Sequential

__all__ = ["ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtSmall", "ConvNeXtTiny", "ConvNeXtXLarge",
           "convnext", "decode_predictions", "preprocess_input"]

MODEL_CONFIGS = {  # depths, projection_dims
    "tiny": ((3, 3, 9, 3), (96, 192, 384, 768)),
    "small": ((3, 3, 27, 3), (96, 192, 384, 768)),
    "base": ((3, 3, 27, 3), (128, 256, 512, 1024)),
    "large": ((3, 3, 27, 3), (192, 384, 768, 1536)),
    "xlarge": ((3, 3, 27, 3), (256, 512, 1024, 2048)),
}


def convnext_block(x: Any, projection_dim: int, drop_path_rate: float = 0.0,
                   layer_scale_init_value: float | None = 1e-6, name: str = "") -> Any:
    """Keras's ``ConvNeXtBlock``: 7x7 grouped conv, LayerNorm, MLP, scale, residual add.

    Example:
        >>> convnext_block(layers.Input((7, 7, 8)), 8, name="b").shape
        (None, 7, 7, 8)
    """
    inputs = x
    x = layers.Conv2D(filters=projection_dim, kernel_size=7, padding="same",
                      groups=projection_dim, name=f"{name}_depthwise_conv")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_layernorm")(x)
    x = layers.Dense(4 * projection_dim, name=f"{name}_pointwise_conv_1")(x)
    x = layers.Activation("gelu", name=f"{name}_gelu")(x)
    x = layers.Dense(projection_dim, name=f"{name}_pointwise_conv_2")(x)
    if layer_scale_init_value is not None:
        x = LayerScale(layer_scale_init_value, projection_dim, name=f"{name}_layer_scale")(x)
    if drop_path_rate:
        layer = StochasticDepth(drop_path_rate, name=f"{name}_stochastic_depth")
    else:
        layer = layers.Activation("linear", name=f"{name}_identity")
    return inputs + layer(x)


def _downsample_layers(projection_dims: tuple, name: str) -> list[Any]:
    stem = Sequential([
        layers.Conv2D(projection_dims[0], kernel_size=4, strides=4, name=f"{name}_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6, name=f"{name}_stem_layernorm"),
    ], name=f"{name}_stem")
    out = [stem]
    for i in range(3):
        out.append(Sequential([
            layers.LayerNormalization(epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
            layers.Conv2D(projection_dims[i + 1], kernel_size=2, strides=2,
                          name=f"{name}_downsampling_conv_{i}"),
        ], name=f"{name}_downsampling_block_{i}"))
    return out


def _stages(x: Any, depths: tuple, projection_dims: tuple, drop_path_rate: float,
            layer_scale_init_value: Any, name: str) -> Any:
    downsample = _downsample_layers(projection_dims, name)
    total = sum(depths)
    rates = [drop_path_rate * i / (total - 1) if total > 1 else 0.0 for i in range(total)]
    cur = 0
    for i in range(4):
        x = downsample[i](x)
        for j in range(depths[i]):
            x = convnext_block(x, projection_dims[i], rates[cur + j], layer_scale_init_value,
                               name=f"{name}_stage_{i}_block_{j}")
        cur += depths[i]
    return x


def _head(x: Any, classes: int, classifier_activation: Any, name: str) -> Any:
    x = layers.GlobalAveragePooling2D(name=f"{name}_head_gap")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_head_layernorm")(x)
    return layers.Dense(classes, activation=classifier_activation, name=f"{name}_head_dense")(x)


def _prestem(x: Any, name: str) -> Any:
    return layers.Normalization(
        mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
        variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
        name=f"{name}_prestem_normalization")(x)


def convnext(depths: tuple, projection_dims: tuple, args: dict[str, Any],
             drop_path_rate: float = 0.0, layer_scale_init_value: Any = 1e-6,
             default_size: int = 224, weights_name: str = "") -> Model:
    """Keras's ``ConvNeXt``; ``args`` holds the builder's arguments.

    Example:
        >>> convnext((1, 1, 1, 1), (8, 8, 8, 8), {"include_top": False, "weights": None,
        ...     "include_preprocessing": False, "input_tensor": None, "input_shape": None,
        ...     "pooling": None, "classes": 1000, "classifier_activation": None,
        ...     "name": "tiny"}).output_shape
        (None, None, None, 8)
    """
    a, name = args, args["name"]
    utils.check_arguments(a["weights"], a["include_top"], a["classes"])
    if a["weights"] == "imagenet" and weights_name not in name:
        raise LayerConfigError(f"Model name {name!r} does not match weights variant "
                               f"{weights_name!r}; with imagenet weights the name must contain "
                               "it (or pass weights=None)")
    input_shape = utils.obtain_input_shape(a["input_shape"], default_size=default_size,
                                           min_size=32, require_flatten=a["include_top"],
                                           weights=a["weights"])
    x = img_input = utils.image_input(a["input_tensor"], input_shape)
    if a["include_preprocessing"] and input_shape[2] == 3:
        x = _prestem(x, name)
    x = _stages(x, depths, projection_dims, drop_path_rate, layer_scale_init_value, name)
    if a["include_top"]:
        utils.validate_activation(a["classifier_activation"], a["weights"])
        x = _head(x, a["classes"], a["classifier_activation"], name)
    else:
        x = utils.pool(x, a["pooling"])
        x = layers.LayerNormalization(epsilon=1e-6)(x)
    return utils.finish(a["input_tensor"], img_input, x, name)


def ConvNeXtTiny(include_top: bool = True, include_preprocessing: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, input_shape: Any = None,
                 pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "convnext_tiny") -> Model:
    """ConvNeXtTiny as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return convnext(*MODEL_CONFIGS["tiny"], dict(locals()), weights_name="convnext_tiny")


def ConvNeXtSmall(include_top: bool = True, include_preprocessing: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, input_shape: Any = None,
                 pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "convnext_small") -> Model:
    """ConvNeXtSmall as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return convnext(*MODEL_CONFIGS["small"], dict(locals()), weights_name="convnext_small")


def ConvNeXtBase(include_top: bool = True, include_preprocessing: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, input_shape: Any = None,
                 pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "convnext_base") -> Model:
    """ConvNeXtBase as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return convnext(*MODEL_CONFIGS["base"], dict(locals()), weights_name="convnext_base")


def ConvNeXtLarge(include_top: bool = True, include_preprocessing: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, input_shape: Any = None,
                 pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "convnext_large") -> Model:
    """ConvNeXtLarge as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return convnext(*MODEL_CONFIGS["large"], dict(locals()), weights_name="convnext_large")


def ConvNeXtXLarge(include_top: bool = True, include_preprocessing: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, input_shape: Any = None,
                 pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "convnext_xlarge") -> Model:
    """ConvNeXtXLarge as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return convnext(*MODEL_CONFIGS["xlarge"], dict(locals()), weights_name="convnext_xlarge")


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Return ``x`` unchanged, as Keras does here (the model normalizes its own input).

    Example:
        >>> preprocess_input(3)
        3
    """
    return x

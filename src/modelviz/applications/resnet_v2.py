"""ResNet50V2/101V2/152V2 (Keras's ``keras.applications.resnet_v2``), built with modelviz.

``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> ResNet50V2(weights=None).count_params()
    25613800
    >>> ResNet101V2(include_top=False, pooling="max").output_shape
    (None, 2048)
    >>> ResNet152V2(include_top=False, input_shape=(96, 96, 3)).output_shape
    (None, 3, 3, 2048)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.applications.resnet import resnet_model, stack_v2
from modelviz.models import Model

__all__ = ["ResNet50V2", "ResNet101V2", "ResNet152V2", "decode_predictions", "preprocess_input"]


def _v2_stacks(depths: tuple[int, int, int, int]) -> Callable[[Any], Any]:
    def stack_fn(x: Any) -> Any:
        x = stack_v2(x, 64, depths[0], name="conv2")
        x = stack_v2(x, 128, depths[1], name="conv3")
        x = stack_v2(x, 256, depths[2], name="conv4")
        return stack_v2(x, 512, depths[3], stride1=1, name="conv5")
    return stack_fn


def ResNet50V2(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
               input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
               classes: int = 1000, classifier_activation: Any = "softmax",
               name: str = "resnet50v2") -> Model:
    """ResNet50V2 as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return resnet_model(_v2_stacks((3, 4, 6, 3)), True, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def ResNet101V2(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                classes: int = 1000, classifier_activation: Any = "softmax",
                name: str = "resnet101v2") -> Model:
    """ResNet101V2 as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return resnet_model(_v2_stacks((3, 4, 23, 3)), True, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def ResNet152V2(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                classes: int = 1000, classifier_activation: Any = "softmax",
                name: str = "resnet152v2") -> Model:
    """ResNet152V2 as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return resnet_model(_v2_stacks((3, 8, 36, 3)), True, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "tf" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="tf")

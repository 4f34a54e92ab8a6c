"""``keras.applications`` for modelviz: the 40 architectures of Keras 3, built layer by layer.

``from modelviz import applications`` then ``applications.ResNet50()`` (or
``applications.resnet50.ResNet50``) gives the model Keras 3.15 builds, with the same
layer names, shapes, parameters and trainable split. Every builder takes Keras's
arguments (``include_top``, ``weights``, ``input_tensor``, ``input_shape``,
``pooling``, ``classes``, ``classifier_activation``, and per family
``include_preprocessing``, ``alpha``, ``minimalistic``, ...). ``weights`` is accepted
with any value (``None``, ``"imagenet"``, a path) and never downloaded or read:
modelviz holds no weights; ``"imagenet"`` only keeps Keras's argument checks.
Each family module also has ``preprocess_input`` (returns its input unchanged) and
``decode_predictions`` (raises: there is no model run and no class index).
Modules load on first use, so ``import modelviz`` stays light.

Example:
    >>> from modelviz import Input, Model, applications, layers
    >>> base = applications.MobileNetV2(include_top=False, weights="imagenet",
    ...                                 input_shape=(96, 96, 3))
    >>> base.trainable = False
    >>> inputs = Input((96, 96, 3))
    >>> x = layers.GlobalAveragePooling2D()(base(inputs, training=False))
    >>> model = Model(inputs, layers.Dense(10)(x))
    >>> model.count_params(), sum(w.size for w in model.trainable_weights)
    (2270794, 12810)
"""

from __future__ import annotations

import importlib
from typing import Any

_FAMILIES: dict[str, tuple[str, ...]] = {
    "vgg16": ("VGG16",),
    "vgg19": ("VGG19",),
    "resnet": ("ResNet50", "ResNet101", "ResNet152"),
    "resnet_v2": ("ResNet50V2", "ResNet101V2", "ResNet152V2"),
    "inception_v3": ("InceptionV3",),
    "inception_resnet_v2": ("InceptionResNetV2",),
    "xception": ("Xception",),
    "mobilenet": ("MobileNet",),
    "mobilenet_v2": ("MobileNetV2",),
    "mobilenet_v3": ("MobileNetV3Small", "MobileNetV3Large"),
    "densenet": ("DenseNet121", "DenseNet169", "DenseNet201"),
    "nasnet": ("NASNetMobile", "NASNetLarge"),
    "efficientnet": tuple(f"EfficientNetB{i}" for i in range(8)),
    "efficientnet_v2": tuple(f"EfficientNetV2{s}" for s in ("B0", "B1", "B2", "B3", "S", "M",
                                                               "L")),
    "convnext": tuple(f"ConvNeXt{s}" for s in ("Tiny", "Small", "Base", "Large", "XLarge")),
}
_BUILDERS = {name: module for module, names in _FAMILIES.items() for name in names}
# Keras's other module names for the same families.
_MODULES = {**{m: m for m in _FAMILIES}, "resnet50": "resnet50", "imagenet_utils": "imagenet_utils"}


def __getattr__(name: str) -> Any:
    if name in _BUILDERS:
        return getattr(importlib.import_module(f"{__name__}.{_BUILDERS[name]}"), name)
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_BUILDERS, *_MODULES])


__all__ = sorted(_BUILDERS)

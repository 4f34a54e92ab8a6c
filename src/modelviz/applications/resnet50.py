"""Keras's ``keras.applications.resnet50`` module: ResNet50 and its helpers.

Example:
    >>> ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3)).output_shape
    (None, 2, 2, 2048)
"""

from __future__ import annotations

from modelviz.applications.resnet import ResNet50, decode_predictions, preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]

"""Exceptions and warnings raised by modelviz.

Every error modelviz raises on bad input is a :class:`ModelvizError`. The
subclasses also inherit the matching built-in exception, so code written for
Keras (``except ValueError``) keeps working.

Example:
    >>> issubclass(ShapeError, ValueError)
    True
"""

from __future__ import annotations

__all__ = [
    "LayerConfigError",
    "LayerRangeError",
    "ModelFileError",
    "ModelvizError",
    "ModelvizWarning",
    "RenderError",
    "ShapeError",
]


class ModelvizError(Exception):
    """Base class of every error modelviz raises on bad input."""


class ShapeError(ModelvizError, ValueError):
    """A layer cannot be applied to the shape it receives."""


class LayerConfigError(ModelvizError, TypeError, ValueError):
    """A layer or model was given arguments Keras would refuse."""


class LayerRangeError(LayerConfigError, AssertionError):
    """A ``layer_range`` leaves out an input of a layer inside it (tf_keras asserts)."""


class ModelFileError(ModelvizError, ValueError):
    """A saved model file cannot be read."""


class RenderError(ModelvizError, RuntimeError):
    """A diagram could not be rendered (missing or failing Graphviz)."""


class ModelvizWarning(UserWarning):
    """Something was drawn or counted on an assumption; the message says which."""

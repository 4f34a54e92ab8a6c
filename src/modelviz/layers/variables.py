"""``keras.Variable``: a weight made outside ``add_weight``, counted where it is held.

``self.mask_token = keras.Variable(initializer, trainable=True)`` in a layer's
``__init__`` makes a weight Keras tracks and counts (before the weights ``build()``
adds). modelviz keeps its shape, name and trainability.

Example:
    >>> from modelviz import Variable, layers, random
    >>> class Tokens(layers.Layer):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.token = Variable(random.normal((1, 8)), name="token")
    ...     def call(self, x):
    ...         return x + self.token
    >>> layer = Tokens()
    >>> layer(layers.Input((8,))).shape, layer.count_params()
    ((None, 8), 8)
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import LayerConfigError
from modelviz.layers.dims import static_dims
from modelviz.layers.ops import shape_of
from modelviz.layers.subclassing import Variable as _ShapeVariable
from modelviz.layers.tensors import Weight

__all__ = ["Variable"]


class Variable(_ShapeVariable):
    """Keras's ``Variable(initializer, shape=None, dtype=None, trainable=True, ...)``."""

    __slots__ = ()
    standalone = True  # held in an attribute, not made by add_weight

    def __init__(self, initializer: Any, shape: Any = None, dtype: Any = None,
                 trainable: bool = True, autocast: bool = True, aggregation: str = "none",
                 synchronization: str = "auto", name: str | None = None) -> None:
        if shape is None:
            if callable(initializer) and not hasattr(initializer, "shape"):
                raise LayerConfigError("Variable: an initializer function needs shape=...")
            shape = shape_of(initializer)
        dims = static_dims(shape) if shape != () else ()
        if None in dims:
            raise LayerConfigError(f"Variable {name or 'variable'}: shape {dims} has an "
                                   "unknown dimension; a weight needs a fixed shape")
        super().__init__(Weight(name or "variable", dims, bool(trainable)))

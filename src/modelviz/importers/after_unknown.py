"""A known layer fed by an unknown shape (``?``): drawn with ``?``, never a crash.

An unknown class's output that no file entry records has no shape (``?``). A layer
after it may need its input's sizes (a ``Dense`` its last axis): when building it on
the stand-in shape fails, the layer is drawn under its own class name with what the
file records (its output shape, its stored weights) and ``?`` for the rest.

Example:
    >>> import warnings
    >>> from modelviz.importers.context import Context
    >>> from modelviz.importers.custom import UnknownLayer, UnknownShapeTensor
    >>> from modelviz.layers import Dense, Input
    >>> x = Input((4,))
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     y = UnknownLayer("Mystery", name="m", output_shape=lambda c, s: None, weights=[])(x)
    ...     layer, out = call_after_unknown(Dense(3, name="head"), lambda l: l(y), [y],
    ...                                     Context("m.keras"))
    >>> layer.class_name, layer.params_unknown, out.shape_known
    ('Dense', True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modelviz.errors import ShapeError
from modelviz.importers.context import Context
from modelviz.importers.custom import UnknownLayer, UnknownShapeTensor
from modelviz.importers.file_layers import unknown_output_rule
from modelviz.layers.base import Layer, Weight, flatten_tensors
from modelviz.models import Model

__all__ = ["call_after_unknown", "replace_layer"]


def call_after_unknown(layer: Layer, call: Callable[[Layer], Any], inputs: list[Any],
                       ctx: Context) -> tuple[Layer, Any]:
    """``(layer, call(layer))``; after an unknown input shape, what the file records or ``?``.

    A layer that builds on the stand-in shape gets the output shapes the file records,
    else ``?``; one that cannot build is replaced by a stand-in of its class name.
    """
    unknown_input = any(not getattr(t, "shape_known", True) for t in flatten_tensors(inputs))
    try:
        result = call(layer)
    except ShapeError:
        if not unknown_input:
            raise
        return _stand_in(layer, call, ctx)
    inner = layer._outputs if isinstance(layer, Model) else ()  # a nested model's ends
    derived = unknown_input or any(not getattr(t, "shape_known", True) for t in inner)
    if derived and not isinstance(layer, UnknownLayer):  # computed from a stand-in shape
        recorded = ctx.recorded_shapes(layer.name, len(layer._inbound_nodes) - 1) or []
        for index, tensor in enumerate(flatten_tensors(result)):
            if index < len(recorded) and recorded[index] is not None:
                tensor.shape = tuple(recorded[index])
            else:
                tensor.__class__ = UnknownShapeTensor
    return layer, result


def _stand_in(layer: Layer, call: Callable[[Layer], Any], ctx: Context) -> tuple[Layer, Any]:
    stored = ctx.stored_weights(layer.name)
    trainable = bool(layer.trainable)
    weights = None if stored is None else [Weight(w.name, w.shape, trainable) for w in stored]
    stand_in = UnknownLayer(getattr(layer, "class_name", None) or type(layer).__name__,
                            name=layer.name, output_shape=unknown_output_rule(ctx, layer.name),
                            weights=weights, trainable=trainable, dtype=layer.dtype)
    stand_in.split_unknown = bool(trainable and stored)  # the file keeps no trainable flag
    return stand_in, call(stand_in)

def replace_layer(layers: list[Layer], by_name: dict[str, Layer], old: Layer, new: Layer) -> None:
    """Put a stand-in where ``old`` was (nothing to do, the usual case, when it is ``old``).

    Example:
        >>> from modelviz.layers import Dense
        >>> a, b = Dense(1, name="a"), Dense(2, name="a")
        >>> layers, by_name = [a], {"a": a}
        >>> replace_layer(layers, by_name, a, b)
        >>> layers[0] is b and by_name["a"] is b
        True
    """
    if new is not old:
        layers[layers.index(old)] = by_name[new.name] = new

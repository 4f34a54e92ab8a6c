"""Layers a file describes but modelviz has no class for, built from what the file records.

An unknown class (a user's ``ScaledDense``) takes its output shape from the
file: the config's ``output_shape``, else the shapes the file records where
the layer's output is consumed (Keras 3 ``__keras_tensor__`` arguments, a
consumer's ``build_config``); a model output with no recorded shape is unknown
(``?``), never a guess. Its parameters are the weights the file stores for it;
which of them are trainable the file does not say, so that split is unknown.
Class names lose their registration package (``my>ScaledDense`` in a Keras 3
``.h5`` is ``ScaledDense`` as in ``.keras``).

Example:
    >>> short_class_name("my>ScaledDense"), short_class_name("Dense")
    ('ScaledDense', 'Dense')
"""

from __future__ import annotations

import warnings
from typing import Any, Final

from modelviz.errors import ModelvizWarning
from modelviz.importers.context import Context
from modelviz.importers.custom import Registration, UnknownLayer, op_output_shape
from modelviz.layers.base import Weight, to_snake_case
from modelviz.layers.ops import CLASS_NAMES

__all__ = ["is_operation", "lambda_layer", "registered_layer", "short_class_name",
           "unknown_layer", "unknown_output_rule"]

# Keras 3 operations that share a class name with a merge layer: an .h5 drops the
# entry's ``module``, so the call (several positional arguments) tells them apart.
_MERGE_LIKE_OPS: Final = frozenset({"Add", "Subtract", "Multiply", "Maximum", "Minimum",
                                    "Average", "Dot", "Concatenate"})
_MAX_TENSORS: Final = 64
_OP_CLASSES: Final = frozenset(CLASS_NAMES.values())  # ExpandDims, ZerosLike, Any, ...


def short_class_name(class_name: str) -> str:
    """The class name without a ``package>`` registration prefix.

    Example:
        >>> short_class_name("keras_cv>ImageProjection")
        'ImageProjection'
    """
    return class_name.rsplit(">", 1)[-1] or class_name


def is_operation(entry: dict[str, Any], class_name: str, known_layer: bool) -> bool:
    """A Keras 3 operation whose entry lost its ``module`` (legacy ``.h5``).

    Example:
        >>> tensor = {"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}}
        >>> entry = {"class_name": "Add", "inbound_nodes": [{"args": [tensor, 3.0]}]}
        >>> is_operation(entry, "Add", True)
        True
    """
    if entry.get("module") is not None or ">" in str(entry.get("class_name")):
        return False  # a module says what it is; ``package>Name`` is a registered custom class
    nodes = entry.get("inbound_nodes")
    node = nodes[0] if isinstance(nodes, list) and nodes else None
    if not isinstance(node, dict):
        return False
    args = node.get("args")
    if class_name in _MERGE_LIKE_OPS:
        return isinstance(args, list) and len(args) > 1
    if known_layer:
        return False
    return class_name in _OP_CLASSES or op_output_shape(to_snake_case(class_name), (None,))[1]


def lambda_layer(name: Any, config: dict[str, Any], ctx: Context) -> UnknownLayer:
    """A Lambda's stored code is never run: its shape comes from ``output_shape`` or the file.

    Example:
        >>> from modelviz.importers.context import Context
        >>> from modelviz.layers import Input
        >>> layer = lambda_layer("halve", {"output_shape": [4], "function": "4wEAAAA..."},
        ...                      Context("m.json"))
        >>> layer.class_name, layer(Input((8,))).shape, layer.count_params()
        ('Lambda', (None, 4), 0)
    """
    shape = plain_shape(config.get("output_shape"))
    rule: Any = shape
    if shape is None and ctx.recorded_shapes(str(name)) is not None:
        rule = _recorded_rule(ctx, str(name))
    return UnknownLayer("Lambda", name=name, config={}, output_shape=rule, weights=[],
                        dtype=config.get("dtype"))


def unknown_layer(class_name: str, name: Any, config: dict[str, Any], ctx: Context,
                  consumed: bool) -> UnknownLayer:
    """An unknown class: shapes and weights from the file, the rest marked unknown.

    Example:
        >>> import warnings
        >>> from modelviz.importers.context import Context
        >>> from modelviz.layers import Input
        >>> from modelviz.layers.base import Weight
        >>> ctx = Context("m.h5", weights={"blk": [Weight("kernel", (4, 8), True)]},
        ...               shapes={("blk", 0): [(None, 8)]})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("error")
        ...     layer = unknown_layer("ScaledDense", "blk", {"name": "blk"}, ctx, consumed=True)
        >>> layer.class_name, layer(Input((4,))).shape, layer.count_params()
        ('ScaledDense', (None, 8), 32)
    """
    shape: Any = plain_shape(config.get("output_shape")) or plain_shape(
        config.get("target_shape"))
    if shape is None:
        shape = _recorded_rule(ctx, str(name)) if ctx.recorded_shapes(str(name)) else None
    if shape is None and not consumed:
        shape = _nothing_recorded
    stored = ctx.stored_weights(str(name)) if name else None
    trainable = config.get("trainable", True) is not False
    if stored is None:
        _warn(ctx, name, class_name, "unknown layer class; parameters unknown (shown as ?)")
    elif stored:
        stored = [Weight(w.name if not w.name.isdigit() else f"weight_{w.name}", w.shape,
                         trainable) for w in stored]
    layer = UnknownLayer(class_name, name=name, config=config, output_shape=shape,
                         weights=stored, trainable=trainable, dtype=config.get("dtype"))
    layer.split_unknown = bool(trainable and stored)  # the file keeps no trainable flag
    return layer


def registered_layer(registration: Registration, class_name: str, name: Any,
                     config: dict[str, Any], ctx: Context) -> UnknownLayer:
    """A class taught with ``register_layer(name, output_shape=..., weights=...)``.

    Example:
        >>> from modelviz.importers.context import Context
        >>> from modelviz.importers.custom import Registration
        >>> from modelviz.layers import Input
        >>> units = Registration(output_shape=lambda config, shape: (*shape[:-1], config["units"]))
        >>> layer = registered_layer(units, "ScaledDense", "sd", {"units": 6}, Context("m.json"))
        >>> layer.class_name, layer(Input((4,))).shape
        ('ScaledDense', (None, 6))
    """
    weights: Any = registration.weights or ctx.stored_weights(str(name))
    return UnknownLayer(
        class_name, name=name, config=config,
        output_shape=registration.output_shape or plain_shape(config.get("output_shape")),
        weights=[] if weights is None else weights, dtype=config.get("dtype"))


def plain_shape(shape: Any) -> tuple[int | None, ...] | None:
    """A stored shape (list of ints/None); None for code or anything else.

    Example:
        >>> plain_shape([None, 4]), plain_shape("4ZYXWV")
        ((None, 4), None)
    """
    if isinstance(shape, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in shape
    ):
        return tuple(shape)
    return None


def _recorded_rule(ctx: Context, name: str) -> Any:
    """Output shapes for each call, in the order the layer is called; None when unrecorded."""
    calls = iter(range(1 << 20))

    def rule(config: dict[str, Any], input_shape: Any) -> Any:
        shapes = ctx.recorded_shapes(name, next(calls)) or ctx.recorded_shapes(name)
        if not shapes or any(s is None for s in shapes):
            return None
        return shapes[0] if len(shapes) == 1 else list(shapes)

    return rule


def unknown_output_rule(ctx: Context, name: str) -> Any:
    """The output rule of a layer whose shape only the file can give: recorded, else ``?``.

    Example:
        >>> rule = unknown_output_rule(Context("m.keras", shapes={("d", 0): [(None, 3)]}), "d")
        >>> rule({}, (None, None)), unknown_output_rule(Context("m.keras"), "d")({}, (None,))
        ((None, 3), None)
    """
    return _recorded_rule(ctx, name) if ctx.recorded_shapes(name) else _nothing_recorded


def _nothing_recorded(config: dict[str, Any], input_shape: Any) -> None:
    """A model output no file entry describes: its shape is unknown (``?``)."""
    return None


def _warn(ctx: Context, name: Any, class_name: str, what: str) -> None:
    warnings.warn(f"{ctx.source}: {name} ({class_name}): {what}; register it with "
                  "modelviz.importers.register_layer(...)", ModelvizWarning, stacklevel=4)



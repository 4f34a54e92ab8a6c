"""What the graph records of one layer: the shapes a summary row shows (from its symbolic
calls, or, for a layer built without one — on arrays, by ``build()``, inside a subclassed
model — ``compute_output_shape`` of the shape it was built on, as Keras's
``format_layer_shape``), and its weights and parameter counts.

Example:
    >>> from modelviz import Input, layers
    >>> dense = layers.Dense(2)
    >>> _ = dense(Input((4,)))
    >>> call_shapes(dense._inbound_nodes[0])["output_shapes"]
    [(None, 2)]
"""

from __future__ import annotations

from typing import Any

from modelviz.layers import subclassing
from modelviz.layers.base import Layer, Node

__all__ = ["call_shapes", "class_name", "output_keys", "param_attributes", "uncalled_shapes",
           "weight_trainable"]


def _kind(layer: Layer) -> str | None:
    """The kind of model a layer is, or None for a plain layer."""
    return getattr(layer, "_model_kind", None)


def call_shapes(node: Node, keyed: bool = False) -> dict[str, Any]:
    """A call's shapes. Keras prints a symbolic call's flat outputs as a list; inside a
    subclassed model (traced, no symbolic nodes) it prints ``compute_output_shape``'s
    structure, so a dict keeps its keys there (``keyed``)."""
    outputs = node.output_tensors  # an unknown layer's unrecorded output: no shape (``?``)
    known = all(getattr(t, "shape_known", True) for t in outputs)
    return {"input_shapes": [t.shape for t in node.input_tensors],
            "output_shapes": [t.shape for t in outputs] if known else [],
            "output_keys": output_keys(node.outputs) if keyed else None}


def output_keys(outputs: Any) -> list[str] | None:
    """The keys of a dict of outputs (Keras prints ``{head1: (1, 10), ...}``), in flat order.

    Example:
        >>> output_keys({"b": 1, "a": 2}), output_keys([1, 2])
        (['a', 'b'], None)
    """
    if isinstance(outputs, dict) and all(not isinstance(v, (dict, list, tuple))
                                         for v in outputs.values()):
        return sorted(str(k) for k in outputs)
    return None


def uncalled_shapes(layer: Layer, eager_only: bool = False) -> list[dict[str, Any]]:
    """A layer built without a symbolic call (on arrays, or by ``build()``): Keras's summary
    shows ``compute_output_shape`` of the shape it was built on; ``[]`` (``?``) if none.
    Example:
        >>> from modelviz import layers
        >>> dense = layers.Dense(3)
        >>> dense.build((None, 4))
        >>> uncalled_shapes(dense)[0]["output_shapes"]
        [(None, 3)]
    """
    value_call = layer.__dict__.get("_value_call")
    if value_call is None and not eager_only and _kind(layer) and layer.built:
        value_call = ([t.shape for t in layer._inputs], [t.shape for t in layer._outputs])
    if value_call is None and not eager_only and layer.built and not _kind(layer) and not (
            subclassing.is_custom(layer)
            and not subclassing.overrides(layer, "compute_output_shape", Layer)):
        try:
            value_call = (layer._built_shape, layer.compute_output_shape(layer._built_shape))
        except Exception:  # Keras too shows "?" when this fails
            return []
    if value_call is None:
        return []
    return [{"input_shapes": _shape_list(value_call[0]),
             "output_shapes": _shape_list(value_call[1]),
             "output_keys": output_keys(value_call[1])}]


def _shape_list(structure: Any) -> list[Any]:
    """The shapes of a shape structure, flat (dicts in sorted key order)."""
    found, stack = [], [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple) and all(d is None or isinstance(d, int) for d in item):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item[k] for k in sorted(item, reverse=True))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
    return found


def class_name(layer: Layer) -> str:
    """The class a row shows: a file's recorded name, else the Python class's.

    Example:
        >>> from modelviz import layers
        >>> class_name(layers.Dense(2))
        'Dense'
    """
    return getattr(layer, "class_name", None) or type(layer).__name__


def param_attributes(layer: Layer) -> dict[str, Any]:
    """The layer's weights, parameter counts and explanation (None where unknown).

    Example:
        >>> from modelviz import Input, layers
        >>> dense = layers.Dense(2)
        >>> _ = dense(Input((4,)))
        >>> param_attributes(dense)["params"], param_attributes(layers.Dense(2))["params"]
        (10, 0)
    """
    if getattr(layer, "params_unknown", False):
        return {"weights": [], "params": None, "trainable_params": None,
                "non_trainable_params": None, "explanation": layer.explain()}
    if not layer.built and not layer.weights:  # Keras: "0 (unbuilt)"
        return {"weights": [], "params": 0, "trainable_params": 0, "non_trainable_params": 0,
                "explanation": f"{class_name(layer)} is not built (no input shape yet)"}
    weights = layer.weights
    total = trainable = 0
    records = []
    for w in weights:
        size = w.size
        total += size
        trainable += size if w.trainable else 0
        records.append({"name": w.name, "shape": w.shape, "trainable": w.trainable})
    if getattr(layer, "split_unknown", False) and layer.trainable:  # the file does not say
        return {"weights": [{**r, "trainable": None} for r in records], "params": total,
                "trainable_params": None, "non_trainable_params": None,
                "explanation": layer.explain()}
    return {"weights": records, "params": total, "trainable_params": trainable,
            "non_trainable_params": total - trainable, "explanation": layer.explain()}


def weight_trainable(layer: Layer, weight: Any, frozen: bool) -> bool | None:
    """Whether training updates the weight; None when the file does not say.

    Example:
        >>> from modelviz import layers
        >>> weight_trainable(layers.Dense(2), None, frozen=True)
        False
    """
    if frozen or not layer.trainable:
        return False
    if getattr(layer, "split_unknown", False):
        return None
    return weight is None or weight.trainable

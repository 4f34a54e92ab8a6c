"""Tracing a subclassed model: its ``call()`` run once on symbolic inputs, as a functional graph.

Keras 3 builds a subclassed model by running ``call()``; modelviz runs it on its
own symbolic tensors, so every layer the model holds gets its input and output
shapes, and the operations between them (``x + 1``, ``ops.mean``) are recorded
without using automatic names (Keras runs them on backend tensors, unnamed).

Example:
    >>> from modelviz.layers import Dense
    >>> from modelviz.models import Model
    >>> class Head(Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.dense = Dense(2)
    ...     def call(self, x):
    ...         return self.dense(x) * 2
    >>> head = Head()
    >>> trace_model(head, (None, 3))
    >>> head.output_shape, head.count_params()
    ((None, 2), 8)
"""

from __future__ import annotations

from typing import Any

from modelviz.gcpause import paused_gc
from modelviz.layers import subclassing
from modelviz.layers.base import Layer, flatten_tensors, map_shapes
from modelviz.layers.core import InputLayer
from modelviz.layers.naming import hidden_names
from modelviz.models.graph_walk import map_graph

__all__ = ["call_subclassed", "trace_model"]


def trace_model(model: Any, input_shape: Any) -> None:
    """Run ``model.call`` on inputs of ``input_shape`` and keep the graph it makes.

    Raises:
        ShapeError: naming the model and the line of ``call()`` that needs tensor values.
    """
    inputs = _make_inputs(model, input_shape)
    with paused_gc(), hidden_names():
        outputs = subclassing.run_call(model, (inputs,), {})
    flat_inputs, flat_outputs = flatten_tensors(inputs), flatten_tensors(outputs)
    if not flat_outputs:
        raise model.config_error("call() returned no tensor; return the model's output")
    with paused_gc():
        graph = map_graph(model, flat_inputs, flat_outputs)
    model._inputs_struct, model._outputs_struct = inputs, outputs
    model._inputs, model._outputs = flat_inputs, flat_outputs
    model._operations, model._ordered_nodes, model._nodes_by_depth = graph
    model._node_ids = frozenset(id(node) for node in model._ordered_nodes)
    model._built_shape = [t.shape for t in flat_inputs]


def call_subclassed(model: Any, args: tuple, kwargs: dict) -> Any:
    """A subclassed model called on tensors: traced on their shapes once, then one node.

    Example:
        >>> from modelviz.layers import Dense, Input
        >>> from modelviz.models import Model
        >>> class Head(Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.dense = Dense(2)
        ...     def call(self, x):
        ...         return self.dense(x) * 2
        >>> head = Head()
        >>> call_subclassed(head, (Input((3,)),), {}).shape, head.count_params()
        ((None, 2), 8)
    """
    if not model._operations:
        first = args[0] if args else kwargs.get("inputs", next(iter(kwargs.values())))
        shape = map_shapes(first)  # symbolic inputs, or arrays: model(np.zeros((1, 16)))
        if type(model).build is not _model_build() and not model.__dict__.get("_user_built"):
            model._user_built = True  # Keras calls the subclass's own build() first
            model.build(shape)
        if not model._operations:
            trace_model(model, shape)
    return Layer.__call__(model, *args, **kwargs)


def _model_build() -> Any:
    from modelviz.models.model import Model

    return Model.build


def _make_inputs(model: Any, input_shape: Any) -> Any:
    """Symbolic inputs for a shape, a list of shapes or a dict of shapes."""
    if isinstance(input_shape, dict):
        return {key: _input(model, f"{key}", shape) for key, shape in input_shape.items()}
    if _is_shape(input_shape):
        return _input(model, "", input_shape)
    if isinstance(input_shape, (list, tuple)):
        return [_input(model, str(i), shape) for i, shape in enumerate(input_shape)]
    raise model.config_error(f"build() needs an input shape such as (None, 3), got "
                             f"{input_shape!r}")


def _is_shape(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or (hasattr(d, "__index__") and not isinstance(d, bool)) for d in value)


def _input(model: Any, suffix: str, shape: Any) -> Any:
    if not _is_shape(shape):
        raise model.config_error(f"build() got {shape!r} where a shape such as (None, 3) "
                                 "belongs")
    name = f"{model.name}_input" + (f"_{suffix}" if suffix else "")
    return InputLayer(batch_shape=tuple(shape), name=name).output

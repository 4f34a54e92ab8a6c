"""Functional models: ``Model(inputs, outputs)`` built from tensors made by calling layers.

Example:
    >>> from modelviz.layers import Dense, Input
    >>> inputs = Input((4,))
    >>> Functional(inputs, Dense(2)(inputs)).count_params()
    10
"""

from __future__ import annotations

from typing import Any

from modelviz.gcpause import paused_gc
from modelviz.layers.base import flatten_tensors
from modelviz.models.graph_walk import _describe, map_graph
from modelviz.models.model import Model

__all__ = ["Functional", "init_graph"]


class Functional(Model):
    """A model defined by calling layers on ``Input`` tensors."""

    #: Keras's Functional.call takes ``mask`` and never converts its inputs, so the masks
    #: of its inputs are always recorded as inputs of its node.
    takes_mask = True

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None,
                 trainable: bool = True, **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        init_graph(self, inputs, outputs)
        if not trainable:
            self.trainable = False  # reaches every layer, as Keras's setter does


def init_graph(model: Model, inputs: Any, outputs: Any) -> None:
    """Make ``model`` the functional graph from ``inputs`` to ``outputs`` (also for subclasses
    that call ``super().__init__(inputs, outputs)``, as Keras allows).

    Example:
        >>> from modelviz.layers import Dense, Input
        >>> class Bare(Model):
        ...     pass
        >>> inputs = Input((4,))
        >>> model = Bare(name="bare")
        >>> init_graph(model, inputs, Dense(3)(inputs))
        >>> model.output_shape, model.count_params()
        ((None, 3), 15)
        >>> init_graph(Bare(name="broken"), inputs, [1, 2])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: broken (Bare): outputs must be tensors made by ...
    """
    model._inputs_struct = inputs
    model._outputs_struct = outputs
    model._inputs = flatten_tensors(inputs)
    model._outputs = flatten_tensors(outputs)
    for label, given, tensors in (("inputs", inputs, model._inputs),
                                  ("outputs", outputs, model._outputs)):
        if not tensors or not all(t._keras_history for t in tensors):
            raise model.config_error(f"{label} must be tensors made by Input(...) or by "
                                     f"calling layers, got {_describe(given)}")
    with paused_gc():
        graph = map_graph(model, model._inputs, model._outputs)
    model._operations, model._ordered_nodes, model._nodes_by_depth = graph
    model._node_ids = {id(node) for node in model._ordered_nodes}
    model._functional_graph = True
    _check_unique_names(model)
    model._built_shape = [t.shape for t in model._inputs]


def _check_unique_names(model: Model) -> None:
    counts: dict[str, int] = {}
    for layer in model._operations:
        counts[layer.name] = counts.get(layer.name, 0) + 1
    for name, count in counts.items():
        if count > 1:
            raise model.config_error(f'the name "{name}" is used {count} times in the model; '
                                     "all layer names must be unique: pass name=... to tell "
                                     "them apart")

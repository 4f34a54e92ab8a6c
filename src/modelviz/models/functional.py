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

__all__ = ["Functional"]


class Functional(Model):
    """A model defined by calling layers on ``Input`` tensors."""

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None,
                 trainable: bool = True, **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._init_graph(inputs, outputs)
        if not trainable:
            self.trainable = False  # reaches every layer, as Keras's setter does

    def _init_graph(self, inputs: Any, outputs: Any) -> None:
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flatten_tensors(inputs)
        self._outputs = flatten_tensors(outputs)
        for label, given, tensors in (("inputs", inputs, self._inputs),
                                      ("outputs", outputs, self._outputs)):
            if not tensors or not all(t._keras_history for t in tensors):
                raise self.config_error(f"{label} must be tensors made by Input(...) or by "
                                        f"calling layers, got {_describe(given)}")
        with paused_gc():
            graph = map_graph(self, self._inputs, self._outputs)
        self._operations, self._ordered_nodes, self._nodes_by_depth = graph
        self._node_ids = {id(node) for node in self._ordered_nodes}
        self._check_unique_names()
        self._built_shape = [t.shape for t in self._inputs]

    def _check_unique_names(self) -> None:
        counts: dict[str, int] = {}
        for layer in self._operations:
            counts[layer.name] = counts.get(layer.name, 0) + 1
        for name, count in counts.items():
            if count > 1:
                raise self.config_error(f'the name "{name}" is used {count} times in the model; '
                                        "all layer names must be unique: pass name=... to tell "
                                        "them apart")



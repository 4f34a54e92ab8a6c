"""``Sequential``: a plain stack of layers, built as soon as its input shape is known.

Example:
    >>> from modelviz.layers import Dense, Input
    >>> Sequential([Input((4,)), Dense(2)]).count_params()
    10
"""

from __future__ import annotations

from typing import Any

from modelviz.gcpause import paused_gc
from modelviz.layers.base import KerasTensor, Layer, auto_name, flatten_tensors
from modelviz.layers.core import InputLayer
from modelviz.models.graph_walk import _describe
from modelviz.models.model import Model

__all__ = ["Sequential"]


class Sequential(Model):
    """A plain stack of layers, like ``keras.Sequential``."""

    _model_kind = "sequential"

    def __init__(self, layers: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._layers: list[Layer] = []
        self._names: set[str] = set()
        self._operations: list[Layer] = []
        self._inputs: list[KerasTensor] = []
        self._outputs: list[KerasTensor] = []
        with paused_gc():
            for layer in layers or []:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()
        if not trainable:
            self.trainable = False  # reaches every layer, as Keras's setter does

    @property
    def layers(self) -> list[Layer]:
        """The layers, without the leading InputLayer (as Keras)."""
        if self._layers and isinstance(self._layers[0], InputLayer):
            return self._layers[1:]
        return list(self._layers)

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Append a layer (or an ``Input`` tensor, which becomes the InputLayer)."""
        if isinstance(layer, KerasTensor) and isinstance(layer._keras_history[0], InputLayer):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise self.config_error(f"can only add layers, got {_describe(layer)}")
        if layer.name in self._names:
            raise self.config_error(f"all layers need unique names; {layer.name!r} is already "
                                    "in this model: pass name=... to the new layer")
        if isinstance(layer, InputLayer) and self._layers:
            raise self.config_error(f"an InputLayer ({layer.name}) can only be the first layer")
        if not self._layers and isinstance(layer, Model) and layer.built:
            layer._batch_input_shape = layer._inputs[0].shape
        if not self._layers and layer._batch_input_shape is not None:
            self._layers.append(InputLayer(batch_shape=layer._batch_input_shape))
            self._names.add(self._layers[0].name)
        self._layers.append(layer)
        self._names.add(layer.name)
        if rebuild:
            self._maybe_rebuild()

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self.layers:
            raise self.config_error("there is no layer to pop")
        layer = self._layers.pop()
        self._names.discard(layer.name)
        self._rebuild_all()
        return layer

    def _maybe_rebuild(self) -> None:
        if self._layers and isinstance(self._layers[0], InputLayer) and len(self._layers) > 1:
            auto_name("functional")  # Keras builds (and names) an inner Functional each time
            self._extend_chain()

    def _extend_chain(self) -> None:
        """Call the layers not yet called on the current output (linear, not quadratic)."""
        if not self._inputs:
            self._inputs = [self._layers[0].output]
            self._outputs = list(self._inputs)
            self._operations = [self._layers[0]]
            self._ordered_nodes = [self._layers[0]._inbound_nodes[0]]
        x = self._outputs[0]
        for layer in self._layers[len(self._operations):]:
            x = layer(x)
            if not isinstance(x, KerasTensor):
                raise self.config_error(f"{layer.name} ({type(layer).__name__}) returns several "
                                        "tensors; Sequential needs one: use the functional API")
            self._operations.append(layer)
            self._ordered_nodes.append(layer._inbound_nodes[-1])
        self._outputs = [x]
        self._inputs_struct, self._outputs_struct = self._inputs[0], x
        self._node_ids = {id(node) for node in self._ordered_nodes}
        self._nodes_by_depth = {len(self._ordered_nodes) - 1 - i: [node]
                                for i, node in enumerate(self._ordered_nodes)}
        self._built_shape = [self._inputs[0].shape]

    def _rebuild_all(self) -> None:
        self._inputs, self._outputs, self._operations = [], [], []
        self._maybe_rebuild()

    def build(self, input_shape: Any = None) -> None:
        """Give a Sequential built without input_shape its input: ``model.build((None, 784))``."""
        if input_shape is None or (self._layers and isinstance(self._layers[0], InputLayer)):
            return
        self._layers.insert(0, InputLayer(batch_shape=tuple(input_shape)))
        self._names.add(self._layers[0].name)
        self._maybe_rebuild()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.built:
            first = flatten_tensors((args, kwargs))
            if first:
                self.build(first[0].shape)
        return super().__call__(*args, **kwargs)



"""RNN cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells) and the ``RNN`` layer.

A cell describes one step; ``RNN(cell)`` runs it over the time axis and has the
cell's weights. A list of cells is stacked: each cell reads the previous one's output.

Example:
    >>> RNN(LSTMCell(4)).compute_output_shape((None, 5, 3))
    (None, 4)
    >>> [w.shape for w in RNN([GRUCell(4), SimpleRNNCell(2)]).weight_shapes((None, 5, 3))]
    [(3, 12), (4, 12), (2, 12), (4, 2), (2, 2), (2,)]
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape, Weight
from modelviz.layers.core import known_last_axis, positive_int
from modelviz.layers.recurrent import _Recurrent

__all__ = ["RNN", "GRUCell", "LSTMCell", "SimpleRNNCell", "StackedRNNCells"]


class _Cell(Layer):
    """One recurrent step: kernel (in, gates×units), recurrent_kernel, bias."""

    _GATES: ClassVar[int] = 1
    _STATES: ClassVar[int] = 1

    def _setup(self, units: int, use_bias: bool) -> None:
        self.units = positive_int(self, units, "units")
        self.use_bias = bool(use_bias)

    def _bias_shape(self) -> tuple[int, ...]:
        return (self._GATES * self.units,)

    def cell_weights(self, in_dim: int) -> list[Weight]:
        """The step's weights for ``in_dim`` input features."""
        width = self._GATES * self.units
        weights = [Weight("kernel", (in_dim, width)),
                   Weight("recurrent_kernel", (self.units, width))]
        if self.use_bias:
            weights.append(Weight("bias", self._bias_shape()))
        return weights

    def state_count(self) -> int:
        """How many state tensors the cell carries (LSTM: h and c)."""
        return self._STATES

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """Weights for a (batch, features) step input."""
        return self.cell_weights(known_last_axis(self, input_shape))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, units)."""
        return (input_shape[0], self.units)


class SimpleRNNCell(_Cell):
    """The step of a SimpleRNN."""

    def __init__(self, units: int, activation: Any = "tanh", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup(units, use_bias)


class LSTMCell(_Cell):
    """The step of an LSTM: 4 gates, states h and c."""

    _GATES = 4
    _STATES = 2

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 unit_forget_bias: bool = True, kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 kernel_constraint: Any = None, recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup(units, use_bias)


class GRUCell(_Cell):
    """The step of a GRU: 3 gates; ``reset_after`` keeps two bias rows."""

    _GATES = 3

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, reset_after: bool = True,
                 seed: int | None = None, **kwargs: Any) -> None:
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup(units, use_bias)
        self.reset_after = bool(reset_after)

    def _bias_shape(self) -> tuple[int, ...]:
        if self.reset_after:
            return (2, self._GATES * self.units)
        return (self._GATES * self.units,)


class StackedRNNCells(Layer):
    """Several cells as one: each reads the previous cell's output."""

    def __init__(self, cells: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cells = _cells(self, cells)
        self.units = self.cells[-1].units

    def cell_weights(self, in_dim: int) -> list[Weight]:
        """Every cell's weights, each cell reading the one before."""
        weights: list[Weight] = []
        for cell in self.cells:
            weights += cell.cell_weights(in_dim)
            in_dim = cell.units
        return weights

    def state_count(self) -> int:
        """The states of every cell."""
        return sum(cell.state_count() for cell in self.cells)

    def state_units(self) -> list[int]:
        """Each state's size, cell by cell."""
        return [cell.units for cell in self.cells for _ in range(cell.state_count())]


def _cell_from_config(layer: Layer, entry: dict) -> Any:
    """A cell from its saved ``{"class_name": ..., "config": ...}`` (Keras's serialization)."""
    classes = {"SimpleRNNCell": SimpleRNNCell, "LSTMCell": LSTMCell, "GRUCell": GRUCell,
               "StackedRNNCells": StackedRNNCells}
    cls = classes.get(str(entry.get("class_name")))
    config = entry.get("config")
    if cls is None or not isinstance(config, dict):
        raise layer.config_error(f"cell {str(entry.get('class_name'))[:40]!r} is not an RNN "
                                 "cell modelviz knows (SimpleRNNCell, LSTMCell, GRUCell, "
                                 "StackedRNNCells)")
    accepted = set(inspect.signature(cls.__init__).parameters) | {"name", "trainable"}
    return cls(**{k: v for k, v in config.items() if k in accepted})


def _cells(layer: Layer, cells: Any) -> list[_Cell]:
    cells = list(cells) if isinstance(cells, (list, tuple)) else [cells]
    flat: list[_Cell] = []
    for cell in cells:
        if isinstance(cell, dict):
            cell = _cell_from_config(layer, cell)
        if isinstance(cell, StackedRNNCells):
            flat += cell.cells
        elif isinstance(cell, _Cell):
            flat.append(cell)
        else:
            raise layer.config_error(f"cell must be an RNN cell (SimpleRNNCell, LSTMCell, "
                                     f"GRUCell) or a list of them, got {str(cell)[:60]}")
    if not flat:
        raise layer.config_error("needs at least one cell")
    return flat


class RNN(_Recurrent):
    """Runs ``cell`` (or a stack of cells) over the time axis."""

    def __init__(self, cell: Any, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.cells = _cells(self, cell)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The last cell's units per step; states of every cell with ``return_state``."""
        shape = self._check_sequence(input_shape)
        batch, steps = shape[0], shape[1]
        units = self.cells[-1].units
        output = (batch, steps, units) if self.return_sequences else (batch, units)
        if not self.return_state:
            return output
        states = [(batch, cell.units) for cell in self.cells for _ in range(cell.state_count())]
        return [output, *states]

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """The cells' weights, each reading the one before."""
        in_dim = known_last_axis(self, self._check_sequence(input_shape))
        weights: list[Weight] = []
        for cell in self.cells:
            weights += cell.cell_weights(in_dim)
            in_dim = cell.units
        return weights

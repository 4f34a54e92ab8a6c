"""Recurrent layers: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D and the wrappers.

A recurrent layer reads ``(batch, time, features)`` and returns its last output
``(batch, units)`` or, with ``return_sequences``, every step's; ``return_state``
appends the final states as a list, as Keras's ``RNN.compute_output_shape``.
Each gate owns an input kernel, a recurrent kernel and a bias.

Example:
    >>> LSTM(50).weight_shapes((None, 10, 1))[1]
    Weight(name='recurrent_kernel', shape=(50, 200), trainable=True)
    >>> LSTM(50).explain((None, 10, 1))
    '4 gates × ((1 input + 50 units) × 50 + 50 bias) = 10,400'
    >>> GRU(4, return_state=True).compute_output_shape((None, 7, 3))
    [(None, 4), (None, 4)]
"""

from modelviz.layers.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from modelviz.layers.recurrent import GRU, LSTM, CuDNNGRU, CuDNNLSTM, SimpleRNN
from modelviz.layers.wrappers import (
    Bidirectional,
    SpectralNormalization,
    TimeDistributed,
    Wrapper,
)

__all__ = [
    "GRU",
    "LSTM",
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "CuDNNGRU",
    "CuDNNLSTM",
    "SimpleRNN",
    "SpectralNormalization",
    "TimeDistributed",
    "Wrapper",
]

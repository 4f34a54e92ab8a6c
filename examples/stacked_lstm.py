"""Stacked LSTM for time series: (50, 1) -> LSTM 64 -> LSTM 32 -> Dense 1."""

from modelviz.layers import LSTM, Dense
from modelviz.models import Sequential

model = Sequential()
model.add(LSTM(64, return_sequences=True, input_shape=(50, 1)))
model.add(LSTM(32))
model.add(Dense(1))

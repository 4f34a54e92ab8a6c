"""The smallest MLP: [1 input] -> [2 neurons] -> [1 output] (machinelearningmastery)."""

from modelviz.layers import Dense
from modelviz.models import Sequential

model = Sequential()
model.add(Dense(2, input_dim=1, activation="relu"))
model.add(Dense(1, activation="sigmoid"))

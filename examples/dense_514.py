"""Dense 514 on 514 inputs, Activation, Dense 257 (397,065 parameters)."""

from modelviz.layers import Activation, Dense
from modelviz.models import Sequential

predictivemodel = Sequential()
predictivemodel.add(Dense(514, input_dim=514, kernel_initializer="normal"))
predictivemodel.add(Activation("relu"))
predictivemodel.add(Dense(257, kernel_initializer="normal"))
model = predictivemodel

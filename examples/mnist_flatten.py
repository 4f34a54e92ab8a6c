"""Keras 1-era MNIST: Flatten of (1, 28, 28), Dense 10, softmax (7,850 parameters)."""

from modelviz.layers import Activation, Dense, Flatten
from modelviz.models import Sequential

img_rows, img_cols, nb_classes = 28, 28, 10

model0 = Sequential()
model0.add(Flatten(input_shape=(1, img_rows, img_cols)))
model0.add(Dense(nb_classes))
model0.add(Activation("softmax"))
model = model0

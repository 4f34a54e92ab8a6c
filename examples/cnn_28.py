"""A small CNN on 28x28x3: two conv/pool stages, Dense 128, Dense 10 (225,610 parameters)."""

from modelviz.layers import Conv2D, Dense, Flatten, MaxPooling2D
from modelviz.models import Sequential


def build_model() -> Sequential:
    model = Sequential()
    model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 3)))
    model.add(MaxPooling2D((2, 2)))
    model.add(Conv2D(64, (3, 3), activation="relu"))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(128, activation="relu"))
    model.add(Dense(10, activation="softmax"))
    return model

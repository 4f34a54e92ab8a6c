"""CIFAR-10 CNN from "How to generate a summary of your Keras model?" (imports changed only)."""

from modelviz.layers import Conv2D, Dense, Flatten
from modelviz.models import Sequential

img_width, img_height, img_num_channels = 32, 32, 3
input_shape = (img_width, img_height, img_num_channels)
no_classes = 10

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=input_shape))
model.add(Conv2D(64, kernel_size=(3, 3), activation="relu"))
model.add(Conv2D(128, kernel_size=(3, 3), activation="relu"))
model.add(Flatten())
model.add(Dense(128, activation="relu"))
model.add(Dense(no_classes, activation="softmax"))

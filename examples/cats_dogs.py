"""Cats vs dogs functional CNN on 150x150x3 (9,494,561 parameters)."""

from modelviz import Model, layers

image_input = layers.Input(shape=(150, 150, 3))
x = layers.Conv2D(16, 3, activation="relu")(image_input)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Flatten()(x)
x = layers.Dense(512, activation="relu")(x)
output = layers.Dense(1, activation="sigmoid")(x)

model = Model(image_input, output)

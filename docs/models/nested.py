"""A small classifier with a nested feature extractor, one frozen layer and activations."""

from modelviz import Input, Model, Sequential, layers

features = Sequential(
    [Input((28, 28, 1)), layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D()],
    name="features",
)
inputs = Input((28, 28, 1), name="image")
x = features(inputs)
x = layers.Flatten()(x)
hidden = layers.Dense(32, activation="relu", name="hidden")
hidden.trainable = False
x = hidden(x)
outputs = layers.Dense(10, activation="softmax", name="classes")(x)
model = Model(inputs, outputs, name="classifier")

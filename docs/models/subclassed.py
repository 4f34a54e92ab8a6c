"""A subclassed model holding a custom layer, as in the Keras 3 subclassing guide."""

from modelviz import Model, layers, ops


class Linear(layers.Layer):
    """A Dense written by hand: build() makes the weights, call() uses them."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.b = self.add_weight(shape=(self.units,), name="bias")
        self.steps = self.add_weight(shape=(), trainable=False, name="steps")

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b


class Classifier(Model):
    def __init__(self, classes=10, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu")]
        self.dropout = layers.Dropout(0.2)
        self.head = Linear(classes)

    def call(self, inputs, training=False):
        x = inputs
        for block in self.blocks:
            x = block(x)
        return ops.softmax(self.head(self.dropout(x, training=training)))


model = Classifier(name="classifier")
model.build((None, 784))

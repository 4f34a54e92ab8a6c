"""Scaled dot-product attention written with tensor operators and ``ops``, as in keras.io."""

from modelviz import Input, Model, layers, ops

tokens = Input((10, 16), name="tokens")
q, k, v = (layers.Dense(16, name=n)(tokens) for n in ("query", "key", "value"))
scores = ops.matmul(q, ops.transpose(k, (0, 2, 1))) / ops.sqrt(16.0)
attended = ops.matmul(ops.softmax(scores, axis=-1), v)
x = layers.LayerNormalization()(attended + tokens)
outputs = layers.Dense(3, activation="softmax")(ops.mean(x, axis=1))
model = Model(tokens, outputs, name="tiny_attention")

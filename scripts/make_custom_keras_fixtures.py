#!/usr/bin/env python
"""Keras 3 fixtures for saved files with custom layers and keras.ops calls.

Run with real Keras 3 (not a modelviz dependency):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/venvs/keras3/bin/python scripts/make_custom_keras_fixtures.py

Writes tests/fixtures/files/:
    scaled_dense.keras / .h5           Input(32) -> Dense(64) -> a subclassed ``ScaledDense(16)``
        (Dense + one non-trainable scalar ``scale``) -> Dense(3); Keras's reference numbers
        (make_keras_fixtures.reference) in scaled_dense.expected.json; scaled_dense_seq
        the same layer in a Sequential
    custom_block.keras / .h5           an unknown layer that changes the shape
        and has weights of two kinds, followed by a Dense (shapes from the file)
    <app>.h5                           keras.applications (weights=None) saved as
        legacy .h5 with model_config only (the weight datasets are dropped to keep
        the fixture small), reference in <app>.expected.json
    ocr_ctc.keras / .h5                keras.io's OCR captcha model: a CTCLayer endpoint
        (adds the CTC loss, returns y_pred; a model output, so no file records its shape)
    vae_encoder.keras / .h5            keras.io's VAE encoder: a Sampling layer (SeedGenerator)
        whose output z is a model output
    custom_weights.keras / .h5         an unknown layer with weights of both kinds, consumed
        (the consumer's recorded input gives its shape)
    custom_output.keras / .h5          an unknown layer that changes the shape, as the model's
        output: nothing in the file records its shape
    token_position.keras / .h5         keras.io's TokenAndPositionEmbedding with an
        Embedding(mask_zero=True): Keras's graph has the not_equal (NotEqual) mask operation
    <mask zoo>.keras / .h5             tests/fixtures/model_zoo.py MASK_ZOO (masks through merge
        layers and attention), saved; the references are tests/fixtures/keras3_masks/
The custom classes are defined here only; modelviz never sees them.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_keras_fixtures as mk  # noqa: E402

OUT = os.path.join(mk.FIXTURES, "files")
APPS_H5 = [("mobilenetv3small", "MobileNetV3Small"), ("convnexttiny", "ConvNeXtTiny")]


def custom_classes(keras):
    """ScaledDense and Projector, registered under the package ``my``."""

    @keras.saving.register_keras_serializable(package="my")
    class ScaledDense(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
            self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones",
                                         trainable=False)

        def call(self, x):
            return (keras.ops.matmul(x, self.kernel) + self.bias) * self.scale

        def compute_output_shape(self, input_shape):
            return (*input_shape[:-1], self.units)

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    @keras.saving.register_keras_serializable(package="my")
    class Projector(keras.layers.Layer):
        """(batch, t, c) -> (batch, t * c // 2, 3): reshapes, so the input shape is no guess."""

        def build(self, input_shape):
            self.w = self.add_weight(name="w", shape=(input_shape[-1], 3))
            self.count = self.add_weight(name="count", shape=(2,), trainable=False,
                                         initializer="zeros")

        def call(self, x):
            y = keras.ops.matmul(x, self.w)
            return keras.ops.reshape(y, (-1, y.shape[1] * 3 // 2, 2))

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[1] * 3 // 2, 2)

    return ScaledDense, Projector


def example_classes(keras):
    """keras.io's CTCLayer, Sampling and TokenAndPositionEmbedding, and two small ones."""
    ops = keras.ops

    @keras.saving.register_keras_serializable(package="ex")
    class CTCLayer(keras.layers.Layer):
        def call(self, y_true, y_pred):
            batch_len = ops.shape(y_true)[0]
            input_length = ops.full((batch_len,), ops.shape(y_pred)[1], dtype="int32")
            label_length = ops.full((batch_len,), ops.shape(y_true)[1], dtype="int32")
            loss = ops.ctc_loss(ops.cast(y_true, "int32"), y_pred, label_length, input_length)
            self.add_loss(ops.mean(loss))
            return y_pred

    @keras.saving.register_keras_serializable(package="ex")
    class Sampling(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.seed_generator = keras.random.SeedGenerator(1337)

        def call(self, inputs):
            z_mean, z_log_var = inputs
            batch, dim = ops.shape(z_mean)[0], ops.shape(z_mean)[1]
            epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
            return z_mean + ops.exp(0.5 * z_log_var) * epsilon

    @keras.saving.register_keras_serializable(package="ex")
    class TokenAndPositionEmbedding(keras.layers.Layer):
        def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
            super().__init__(**kwargs)
            self.maxlen, self.vocab_size, self.embed_dim = maxlen, vocab_size, embed_dim
            self.token_emb = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True)
            self.pos_emb = keras.layers.Embedding(maxlen, embed_dim)

        def call(self, x):
            positions = ops.arange(0, ops.shape(x)[-1], 1)
            return self.token_emb(x) + self.pos_emb(positions)

        def compute_mask(self, inputs, mask=None):
            return self.token_emb.compute_mask(inputs, mask)

        def get_config(self):
            return {**super().get_config(), "maxlen": self.maxlen,
                    "vocab_size": self.vocab_size, "embed_dim": self.embed_dim}

    @keras.saving.register_keras_serializable(package="ex")
    class Gate(keras.layers.Layer):
        """(batch, c) -> (batch, c): a trainable gate and a non-trainable running mean."""

        def build(self, input_shape):
            self.gate = self.add_weight(name="gate", shape=(input_shape[-1],))
            self.running = self.add_weight(name="running", shape=(input_shape[-1],),
                                           trainable=False, initializer="zeros")

        def call(self, x):
            return x * self.gate + self.running

    @keras.saving.register_keras_serializable(package="ex")
    class PairUp(keras.layers.Layer):
        """(batch, 2k) -> (batch, k, 2), no weights."""

        def call(self, x):
            return ops.reshape(x, (-1, x.shape[-1] // 2, 2))

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[-1] // 2, 2)

    return CTCLayer, Sampling, TokenAndPositionEmbedding, Gate, PairUp


def ocr_ctc(keras, classes):
    """keras.io examples/vision/captcha_ocr.py's build_model (img 200x50, 21 classes)."""
    CTCLayer = classes[0]
    L = keras.layers
    input_img = L.Input(shape=(200, 50, 1), name="image", dtype="float32")
    labels = L.Input(name="label", shape=(None,), dtype="float32")
    x = L.Conv2D(32, (3, 3), activation="relu", kernel_initializer="he_normal",
                 padding="same", name="Conv1")(input_img)
    x = L.MaxPooling2D((2, 2), name="pool1")(x)
    x = L.Conv2D(64, (3, 3), activation="relu", kernel_initializer="he_normal",
                 padding="same", name="Conv2")(x)
    x = L.MaxPooling2D((2, 2), name="pool2")(x)
    x = L.Reshape(target_shape=((200 // 4), (50 // 4) * 64), name="reshape")(x)
    x = L.Dense(64, activation="relu", name="dense1")(x)
    x = L.Dropout(0.2)(x)
    x = L.Bidirectional(L.LSTM(128, return_sequences=True, dropout=0.25))(x)
    x = L.Bidirectional(L.LSTM(64, return_sequences=True, dropout=0.25))(x)
    x = L.Dense(21, activation="softmax", name="dense2")(x)
    output = CTCLayer(name="ctc_loss")(labels, x)
    return keras.Model(inputs=[input_img, labels], outputs=output, name="ocr_model_v1")


def vae_encoder(keras, classes):
    """keras.io examples/generative/vae.py's encoder."""
    Sampling = classes[1]
    L = keras.layers
    encoder_inputs = keras.Input(shape=(28, 28, 1))
    x = L.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
    x = L.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
    x = L.Flatten()(x)
    x = L.Dense(16, activation="relu")(x)
    z_mean = L.Dense(2, name="z_mean")(x)
    z_log_var = L.Dense(2, name="z_log_var")(x)
    z = Sampling()([z_mean, z_log_var])
    return keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")


def custom_weights(keras, classes):
    Gate = classes[3]
    inputs = keras.Input((12,), name="x")
    x = Gate(name="gate")(keras.layers.Dense(6, name="d")(inputs))
    return keras.Model(inputs, keras.layers.Dense(2, name="out")(x), name="custom_weights")


def custom_output(keras, classes):
    PairUp = classes[4]
    inputs = keras.Input((5,), name="x")
    x = keras.layers.Dense(8, name="d")(inputs)
    return keras.Model(inputs, PairUp(name="pairs")(x), name="custom_output")


def token_position(keras, classes):
    """keras.io examples/nlp/text_classification_with_transformer.py's front, mask_zero=True."""
    TokenAndPositionEmbedding = classes[2]
    L = keras.layers
    inputs = L.Input(shape=(20,))
    x = TokenAndPositionEmbedding(20, 100, 8)(inputs)
    x = L.GlobalAveragePooling1D()(x)
    outputs = L.Dense(2, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="token_position")


def scaled_dense(keras, classes):
    ScaledDense, _ = classes
    inputs = keras.Input((32,), name="x")
    hidden = ScaledDense(16, name="scaled")(keras.layers.Dense(64, name="wide")(inputs))
    outputs = keras.layers.Dense(3, name="head")(hidden)
    return keras.Model(inputs, outputs, name="scaled_dense")


def scaled_dense_seq(keras, classes):
    ScaledDense, _ = classes
    return keras.Sequential(
        [keras.Input((8,)), ScaledDense(16, name="scaled"), keras.layers.Dense(3, name="head")],
        name="scaled_dense_seq",
    )


def custom_block(keras, classes):
    _, Projector = classes
    inputs = keras.Input((4, 6), name="seq")
    x = Projector(name="proj")(inputs)
    x = keras.layers.Flatten(name="flat")(x)
    return keras.Model(inputs, keras.layers.Dense(5, name="out")(x), name="custom_block")


def save_all(keras, name, model):
    ref = mk.reference(model, keras.__version__, keras.backend.backend(), "keras3")
    mk.write_json(os.path.join(OUT, name + ".expected.json"), ref)
    path = os.path.join(OUT, name + ".keras")
    model.save(path)
    mk.normalise_keras_zip(path)
    print("wrote", os.path.relpath(path, mk.ROOT))
    path = os.path.join(OUT, name + ".h5")
    model.save(path)
    print("wrote", os.path.relpath(path, mk.ROOT))


def config_only_h5(source, target):
    """Copy the root attributes of an .h5 (model_config, versions), no weights."""
    import h5py

    with h5py.File(source, "r") as src, h5py.File(target, "w") as dst:
        for key, value in src.attrs.items():
            dst.attrs[key] = value
    os.remove(source)
    print("wrote", os.path.relpath(target, mk.ROOT))


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import keras

    classes = custom_classes(keras)
    for name, builder in [("scaled_dense", scaled_dense), ("scaled_dense_seq", scaled_dense_seq),
                          ("custom_block", custom_block)]:
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        save_all(keras, name, builder(keras, classes))
    examples = example_classes(keras)
    for name, builder in [("ocr_ctc", ocr_ctc), ("vae_encoder", vae_encoder),
                          ("custom_weights", custom_weights), ("custom_output", custom_output),
                          ("token_position", token_position)]:
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        save_all(keras, name, builder(keras, examples))
    for name, builder in mk.model_zoo.MASK_ZOO.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        save_all(keras, name, builder(keras))
    for name, cls in APPS_H5 if "--no-apps" not in sys.argv else []:
        keras.backend.clear_session()
        model = getattr(keras.applications, cls)(weights=None)
        ref = mk.reference(model, keras.__version__, keras.backend.backend(), "keras3")
        ref.pop("summary")
        mk.write_json(os.path.join(OUT, name + ".expected.json"), ref)
        tmp = os.path.join(OUT, name + ".full.h5")
        model.save(tmp)
        config_only_h5(tmp, os.path.join(OUT, name + ".h5"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

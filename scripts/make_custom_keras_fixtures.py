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

"""Keras's other namespaces (modelviz.initializers, regularizers, constraints, activations,
random, saving, optimizers, losses, metrics, callbacks, utils) and values met by layers,
written as Keras code is written (``import modelviz as keras``)."""

from __future__ import annotations

import numpy as np
import pytest

import modelviz as keras
from modelviz import layers, ops


def test_custom_regularizer_is_written_as_keras_writes_a_registered_object() -> None:
    @keras.saving.register_keras_serializable(package="Mine")
    class Orthogonality(keras.regularizers.Regularizer):
        def __init__(self, factor=0.1):
            self.factor = factor

        def get_config(self):
            return {"factor": self.factor}

    dense = layers.Dense(3, kernel_regularizer=Orthogonality(0.5))
    assert dense.get_config()["kernel_regularizer"] == {
        "module": __name__, "class_name": "Orthogonality", "config": {"factor": 0.5},
        "registered_name": "Mine>Orthogonality"}
    assert keras.saving.deserialize_keras_object(
        dense.get_config()["kernel_regularizer"]).factor == 0.5


def test_string_ids_and_bad_values() -> None:
    assert type(keras.initializers.get("glorot_uniform")).__name__ == "GlorotUniform"
    assert keras.regularizers.get("l1").get_config() == {"l1": 0.009999999776482582}
    with pytest.raises(keras.ModelvizError, match="non-negative"):
        keras.regularizers.l2(-1.0)
    with pytest.raises(keras.ModelvizError, match="could not interpret initializer"):
        keras.initializers.get("he_norml")


def test_random_draws_have_the_shape_and_dtype_asked() -> None:
    x = keras.Input((3, 4))
    batch = ops.shape(x)[0]
    assert keras.random.normal((batch, 4), dtype="float16").dtype == "float16"
    assert keras.random.uniform((batch, 3, 1)).shape == (None, 3, 1)
    assert keras.random.randint((2, 5), 0, 9).dtype == "int32"
    assert keras.random.categorical(layers.Flatten()(x), 7).shape == (None, 7)


def test_unknown_batch_cannot_become_a_python_int() -> None:
    batch = ops.shape(keras.Input((3,)))[0]
    with pytest.raises(keras.ShapeError, match="unknown dimension"):
        range(batch)


def test_layers_called_on_values_build_like_keras_eager_calls() -> None:
    embedding = layers.Embedding(10, 2)
    assert embedding(3).shape == (2,) and embedding.count_params() == 20
    dense = layers.Dense(2)
    assert dense([[1.0, 2.0, 3.0]]).shape == (1, 2)
    assert dense(np.ones((5, 3), dtype="float32")).shape == (5, 2)
    assert dense.kernel.shape == (3, 2) and dense.bias.dtype == "float32"
    with pytest.raises(keras.ShapeError, match="only the shape"):
        dense.kernel.numpy()


def test_variable_in_a_layer_counts_before_build_weights() -> None:
    class Prefix(layers.Layer):
        def __init__(self):
            super().__init__()
            self.token = keras.Variable(keras.initializers.Zeros()((1, 1, 4)), name="token")

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(4,), name="scale", trainable=False)

        def call(self, x):
            return ops.concatenate([ops.broadcast_to(self.token, (ops.shape(x)[0], 1, 4)),
                                    x * self.scale], axis=1)

    layer = Prefix()
    assert layer(keras.Input((5, 4))).shape == (None, 6, 4)
    assert [(w.name, w.shape, w.trainable) for w in layer.weights] == [
        ("token", (1, 1, 4), True), ("scale", (4,), False)]


def test_utils_prepare_data_and_refuse_downloads() -> None:
    assert keras.utils.to_categorical([1, 0], 3).tolist() == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    with pytest.raises(keras.ModelvizError, match="does not download"):
        keras.utils.get_file("cifar.tar.gz", "https://example.com/cifar.tar.gz")


def test_compile_arguments_are_recorded() -> None:
    inputs = keras.Input((4,))
    model = keras.Model(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss=keras.losses.Huber(delta=2.0), metrics=[keras.metrics.AUC(name="auc")])
    assert model.optimizer.momentum == 0.9 and model.loss.delta == 2.0
    assert model.get_compile_config()["metrics"][0].name == "auc"
    callback = keras.callbacks.ReduceLROnPlateau("val_loss", factor=0.5)
    assert callback.monitor == "val_loss" and callback.factor == 0.5


def test_build_may_end_with_self_built_true() -> None:
    """Keras 2-style custom code sets ``self.built = True`` at the end of ``build()``."""
    class Linear(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 2))
            self.built = True

        def call(self, x):
            return x @ self.w

    class Wrapper(keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = Linear()

        def build(self, input_shape):
            self.inner.build(input_shape)
            self.built = True

        def call(self, x):
            return self.inner(x)

    layer = Linear()
    assert layer(keras.Input((3,))).shape == (None, 2) and layer.count_params() == 6
    model = Wrapper()
    model.build((None, 3))
    assert model.count_params() == 6

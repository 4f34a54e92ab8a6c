"""``keras.initializers`` for modelviz: initializers that keep their arguments.

``kernel_initializer=initializers.RandomNormal(stddev=0.02)`` is accepted wherever
Keras accepts it and appears in the layer's config in Keras's serialized form. Called
(``init((3, 4))``) an initializer returns a constant of that shape: modelviz never
makes weight values.

Example:
    >>> from modelviz import initializers, layers
    >>> dense = layers.Dense(2, kernel_initializer=initializers.RandomNormal(stddev=0.02))
    >>> dense.get_config()["kernel_initializer"]["config"]
    {'seed': None, 'mean': 0.0, 'stddev': 0.02}
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.keras_objects import KerasObject, lookup, serialize
from modelviz.layers.tensors import Constant as _ConstantTensor

__all__ = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "Initializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "RandomNormal",
    "RandomUniform", "TruncatedNormal", "VarianceScaling", "Zeros", "deserialize", "get",
    "serialize",
]


class Initializer(KerasObject):
    """Base class: subclass it for a custom initializer (``__call__(shape, dtype)``)."""

    keras_module = "keras.initializers"

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        from modelviz.layers.dims import static_dims

        return _ConstantTensor(static_dims(shape), str(dtype or "float32"))


class Constant(Initializer):
    """Every value ``value`` (a scalar, or an array as in ``Constant(np.eye(3).flatten())``)."""

    def __init__(self, value: Any = 0.0) -> None:
        self.value = value

    def get_config(self) -> dict[str, Any]:
        """``{"value": ...}``, an array in Keras's serialized form (``__numpy__``).

        Example:
            >>> import numpy as np
            >>> Constant(np.eye(2).flatten()).get_config()
            {'value': {'class_name': '__numpy__', 'config': {'value': [1.0, 0.0, 0.0, 1.0], \
'dtype': 'float64'}}}
            >>> Constant(np.float32(0.5)).get_config(), Constant(2).get_config()
            ({'value': 0.5}, {'value': 2})
        """
        value = self.value
        if type(value).__module__ == "numpy":  # Keras's serialize_keras_object
            if getattr(value, "ndim", 0) > 0:
                return {"value": {"class_name": "__numpy__", "config": {
                    "value": value.tolist(), "dtype": str(value.dtype)}}}
            value = value.item()
        return {"value": value}


class Zeros(Initializer):
    """Every value 0."""


class Ones(Initializer):
    """Every value 1."""


class Identity(Initializer):
    """The identity matrix times ``gain`` (Keras writes no config for it)."""

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain


class _Seeded(Initializer):
    def __init__(self, seed: Any = None) -> None:
        self.seed = seed

    def get_config(self) -> dict[str, Any]:
        """``{"seed": ...}``."""
        return {"seed": self.seed}


class RandomNormal(_Seeded):
    """Normal values: ``mean``, ``stddev``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None) -> None:
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"seed": self.seed, "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomNormal):
    """Normal values within two standard deviations."""


class RandomUniform(_Seeded):
    """Uniform values in ``[minval, maxval)``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: Any = None) -> None:
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"seed": self.seed, "minval": self.minval, "maxval": self.maxval}


class Orthogonal(_Seeded):
    """A random orthogonal matrix times ``gain``."""

    def __init__(self, gain: float = 1.0, seed: Any = None) -> None:
        super().__init__(seed)
        self.gain = gain

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"seed": self.seed, "gain": self.gain}


class VarianceScaling(_Seeded):
    """Keras's variance-scaling family (Glorot, He and LeCun are fixed cases of it)."""

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: Any = None,
                 input_axes: Any = None, output_axes: Any = None) -> None:
        super().__init__(seed)
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"seed": self.seed, "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _FixedScaling(VarianceScaling):
    _arguments: tuple[float, str, str] = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed: Any = None, input_axes: Any = None,
                 output_axes: Any = None) -> None:
        super().__init__(*self._arguments, seed=seed, input_axes=input_axes,
                         output_axes=output_axes)

    def get_config(self) -> dict[str, Any]:
        """``seed``, ``input_axes``, ``output_axes``, as Keras writes them."""
        return {"seed": self.seed, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class GlorotUniform(_FixedScaling):
    """Glorot (Xavier) uniform: Keras's default kernel initializer."""

    _arguments = (1.0, "fan_avg", "uniform")


class GlorotNormal(_FixedScaling):
    """Glorot (Xavier) normal."""

    _arguments = (1.0, "fan_avg", "truncated_normal")


class HeNormal(_FixedScaling):
    """He normal."""

    _arguments = (2.0, "fan_in", "truncated_normal")


class HeUniform(_FixedScaling):
    """He uniform."""

    _arguments = (2.0, "fan_in", "uniform")


class LecunNormal(_FixedScaling):
    """LeCun normal."""

    _arguments = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_FixedScaling):
    """LeCun uniform."""

    _arguments = (1.0, "fan_in", "uniform")


_CLASSES = (Constant, Zeros, Ones, Identity, RandomNormal, TruncatedNormal, RandomUniform,
            Orthogonal, VarianceScaling, GlorotUniform, GlorotNormal, HeNormal, HeUniform,
            LecunNormal, LecunUniform)
_TABLE: dict[str, Any] = {cls.__name__: cls for cls in _CLASSES}
_TABLE.update({
    "constant": Constant, "zeros": Zeros, "ones": Ones, "identity": Identity,
    "random_normal": RandomNormal, "truncated_normal": TruncatedNormal,
    "random_uniform": RandomUniform, "orthogonal": Orthogonal,
    "variance_scaling": VarianceScaling, "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal, "he_normal": HeNormal, "he_uniform": HeUniform,
    "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform,
})
# Keras's lower-case aliases are the classes themselves (keras.initializers.zeros()).
constant, zeros, ones, identity = Constant, Zeros, Ones, Identity
random_normal, truncated_normal, random_uniform = RandomNormal, TruncatedNormal, RandomUniform
orthogonal, variance_scaling = Orthogonal, VarianceScaling
glorot_uniform, glorot_normal, he_normal, he_uniform = GlorotUniform, GlorotNormal, HeNormal, \
    HeUniform
lecun_normal, lecun_uniform = LecunNormal, LecunUniform


def get(identifier: Any) -> Any:
    """``keras.initializers.get``: a name (``"he_normal"``), a config dict, or an initializer.

    Example:
        >>> get("he_normal")
        <HeNormal(seed=None, input_axes=None, output_axes=None)>
    """
    return lookup("initializer", identifier, _TABLE)


def deserialize(config: dict[str, Any], custom_objects: Any = None) -> Any:
    """``keras.initializers.deserialize``: the initializer a serialized config describes.

    Example:
        >>> deserialize(serialize(RandomNormal(stddev=0.1))).stddev
        0.1
    """
    return lookup("initializer", config, {**_TABLE, **(custom_objects or {})})

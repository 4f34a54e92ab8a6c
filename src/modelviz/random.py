"""``keras.random`` for modelviz: random tensors as constants of the right shape and dtype.

Inside a layer's ``call()`` (a VAE's sampling layer, noise, dropout) Keras draws random
values; modelviz only needs their shapes. ``normal((batch, dim))`` with an unknown
``batch`` (``ops.shape(x)[0]``) is a constant of shape ``(None, dim)``. As in Keras, no
operation row is recorded for a random draw.

Example:
    >>> from modelviz import Input, ops, random
    >>> z_mean = Input((2,))
    >>> batch, dim = ops.shape(z_mean)
    >>> eps = random.normal(shape=(batch, dim), seed=random.SeedGenerator(1337))
    >>> eps.shape, (z_mean + eps).shape
    ((None, 2), (None, 2))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.dims import static_dims
from modelviz.layers.naming import auto_name
from modelviz.layers.ops import shape_of
from modelviz.layers.tensors import Constant

__all__ = ["SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
           "randint", "shuffle", "truncated_normal", "uniform"]


class SeedGenerator:
    """Keras's seed state for random draws (it holds no weight Keras counts)."""

    def __init__(self, seed: Any = None, name: str | None = None, **kwargs: Any) -> None:
        self.name = name or auto_name("seed_generator")
        self.seed = seed

    def next(self, ordered: bool = True) -> Constant:
        """The next seed: a ``(2,)`` uint32 constant."""
        return Constant((2,), "uint32")

    def get_config(self) -> dict[str, Any]:
        """``{"seed": ...}``."""
        return {"seed": self.seed}

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name}, seed={self.seed}>"


def _draw(shape: Any, dtype: Any, default: str = "float32") -> Constant:
    return Constant(static_dims(shape), str(getattr(dtype, "name", dtype) or default))


def normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None,
           seed: Any = None) -> Constant:
    """Normal values of ``shape``.

    Example:
        >>> normal((3, 4)).shape
        (3, 4)
    """
    return _draw(shape, dtype)


def uniform(shape: Any, minval: float = 0.0, maxval: float = 1.0, dtype: Any = None,
            seed: Any = None) -> Constant:
    """Uniform values of ``shape``.

    Example:
        >>> uniform(5, dtype="float16").dtype
        'float16'
    """
    return _draw(shape, dtype)


def truncated_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None,
                     seed: Any = None) -> Constant:
    """Truncated normal values of ``shape``.

    Example:
        >>> truncated_normal((2, 2)).shape
        (2, 2)
    """
    return _draw(shape, dtype)


def randint(shape: Any, minval: int, maxval: int, dtype: Any = "int32",
            seed: Any = None) -> Constant:
    """Integers in ``[minval, maxval)`` (int32 by default).

    Example:
        >>> randint((2,), 0, 10).dtype
        'int32'
    """
    return _draw(shape, dtype, "int32")


def gamma(shape: Any, alpha: float, dtype: Any = None, seed: Any = None) -> Constant:
    """Gamma-distributed values of ``shape``.

    Example:
        >>> gamma((2,), 1.0).shape
        (2,)
    """
    return _draw(shape, dtype)


def beta(shape: Any, alpha: float, beta: float, dtype: Any = None,
         seed: Any = None) -> Constant:
    """Beta-distributed values of ``shape``.

    Example:
        >>> beta((2,), 1.0, 2.0).shape
        (2,)
    """
    return _draw(shape, dtype)


def binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None,
             seed: Any = None) -> Constant:
    """Binomial counts of ``shape``.

    Example:
        >>> binomial((2,), 5, 0.5).shape
        (2,)
    """
    return _draw(shape, dtype)


def categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> Any:
    """``num_samples`` class indices per row of ``logits`` (batch, classes).

    Example:
        >>> from modelviz import Input
        >>> categorical(Input((10,)), 3).shape
        (None, 3)
    """
    return _draw((shape_of(logits)[0], num_samples), dtype, "int32")


def dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Any:
    """``inputs`` with some values zeroed: the same tensor (shape and dtype unchanged).

    Example:
        >>> from modelviz import Input
        >>> x = Input((4,))
        >>> dropout(x, 0.5) is x
        True
    """
    return inputs


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> Any:
    """``x`` shuffled along ``axis``: the same tensor (shape and dtype unchanged).

    Example:
        >>> from modelviz import Input
        >>> x = Input((4,))
        >>> shuffle(x) is x
        True
    """
    return x

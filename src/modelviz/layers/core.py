"""Core layers: InputLayer, Dense, Activation, Dropout, Flatten, Reshape, Permute,
RepeatVector, Identity, Masking, Embedding.

Example:
    >>> Dense(128).compute_output_shape((None, 86528))
    (None, 128)
    >>> Dense(128).explain((None, 86528))
    '(86,528 inputs + 1 bias) × 128 units = 11,075,712'
"""

from __future__ import annotations

import math
from typing import Any

from modelviz.layers.base import KerasTensor, Layer, Shape, Weight, explain_weights
from modelviz.layers.ops import any_mask, not_equal_mask

__all__ = [
    "Activation",
    "Dense",
    "Dropout",
    "Embedding",
    "Flatten",
    "Identity",
    "Input",
    "InputLayer",
    "Masking",
    "Permute",
    "RepeatVector",
    "Reshape",
]


class InputLayer(Layer):
    """The layer behind ``Input(...)``: it only states a shape and dtype."""

    def __init__(self, shape: Any = None, batch_size: int | None = None, dtype: Any = None,
                 sparse: bool | None = None, batch_shape: Any = None, input_tensor: Any = None,
                 optional: bool = False, name: str | None = None, ragged: bool | None = None,
                 **kwargs: Any) -> None:
        legacy_shape = kwargs.pop("input_shape", None)
        legacy_batch = kwargs.pop("batch_input_shape", None)
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.batch_shape: Shape = _input_batch_shape(self, shape, batch_size, batch_shape,
                                                     legacy_shape, legacy_batch)
        self.sparse = bool(sparse)
        self._set_config({"batch_shape": list(self.batch_shape), "sparse": self.sparse})
        self._built_shape = self.batch_shape
        self._record_call((), {}, self.batch_shape)

    def explain(self, input_shape: Any = None) -> str:
        """Inputs hold data, not weights."""
        return "InputLayer has no weights"


def _input_batch_shape(layer: Layer, shape: Any, batch_size: Any, batch_shape: Any,
                       legacy_shape: Any, legacy_batch: Any) -> Shape:
    if batch_shape is not None and shape is not None:
        raise layer.config_error("got both shape= and batch_shape=; pass only one of them")
    if batch_shape is None:
        batch_shape = legacy_batch
    if batch_shape is not None:
        if not isinstance(batch_shape, (tuple, list)):
            raise layer.config_error(f"batch_shape must be a tuple, got {batch_shape!r}")
        _check_dims(layer, tuple(batch_shape)[1:], "batch_shape")
        return tuple(None if d is None else int(d) for d in batch_shape)
    shape = legacy_shape if shape is None else shape
    if shape is None:
        raise layer.config_error("needs a shape: Input(shape=(...)) or batch_shape=(...)")
    if isinstance(shape, int):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise layer.config_error(f"shape must be a tuple of integers, got {shape!r}")
    _check_dims(layer, tuple(shape), "shape")
    return (batch_size, *shape)


def _check_dims(layer: Layer, shape: tuple, what: str) -> None:
    """Keras's ``standardize_shape``: integers >= 0 or None (numpy integers too)."""
    for dim in shape:
        if dim is None:
            continue
        if isinstance(dim, bool) or not hasattr(dim, "__index__") or int(dim) < 0:
            raise layer.config_error(f"{what} {shape!r} has an invalid dimension {dim!r}; "
                                     "use integers >= 0 or None")


def Input(shape: Any = None, batch_size: int | None = None, dtype: Any = None,  # noqa: N802
          sparse: bool | None = None, batch_shape: Any = None, name: str | None = None,
          tensor: Any = None, optional: bool = False) -> KerasTensor:
    """Create a symbolic input, like ``keras.Input``.

    Example:
        >>> Input((32, 32, 3)).shape
        (None, 32, 32, 3)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, optional=optional)
    return layer.output


class Dense(Layer):
    """``units`` outputs from the last axis: kernel (in, units) and bias (units,)."""

    supports_masking = True

    def __init__(self, units: int, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, lora_rank: int | None = None,
                 lora_alpha: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.units = positive_int(self, units, "units")
        self.use_bias = bool(use_bias)
        self.lora_rank = lora_rank_argument(self, lora_rank, kernel_constraint)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Replace the last axis by ``units``."""
        return (*input_shape[:-1], self.units)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """kernel (last axis, units), bias (units,); ``lora_rank`` freezes the kernel."""
        in_dim = known_last_axis(self, input_shape)
        weights = [Weight("kernel", (in_dim, self.units), trainable=not self.lora_rank)]
        if self.use_bias:
            weights.append(Weight("bias", (self.units,)))
        return weights + lora_weights(self.lora_rank, (in_dim, self.units))

    def explain(self, input_shape: Any = None) -> str:
        """``(86528 inputs + 1 bias) × 128 units = 11,075,840``."""
        weights = self._weights if input_shape is None else self.weight_shapes(input_shape)
        if self.lora_rank:
            return explain_weights(type(self).__name__, weights)
        in_dim = weights[0].shape[0]
        units = self.units
        total = (in_dim + 1) * units if self.use_bias else in_dim * units
        bias = " + 1 bias" if self.use_bias else ""
        return f"({in_dim:,} inputs{bias}) × {units:,} unit{'s' if units != 1 else ''} = {total:,}"


class Activation(Layer):
    """Applies an activation function; no weights."""

    supports_masking = True

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class Dropout(Layer):
    """Zeroes a fraction ``rate`` of inputs while training; no weights."""

    supports_masking = True

    def __init__(self, rate: float, noise_shape: Any = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise self.config_error(f"rate must be a number between 0 and 1, got {rate!r}")


class Identity(Layer):
    """Returns its input unchanged."""

    supports_masking = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)


class Masking(Layer):
    """Masks timesteps equal to ``mask_value``; shape unchanged."""

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: ``ops.any(ops.not_equal(inputs, mask_value), axis=-1)`` (two graph nodes)."""
        return any_mask(not_equal_mask(inputs, self._config["mask_value"]))


class Flatten(Layer):
    """Collapses every axis but the batch axis."""

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, product of the other axes); None if any of them is unknown, as Keras."""
        rest = input_shape[1:]
        if any(d is None for d in rest):
            return (input_shape[0], None)
        return (input_shape[0], math.prod(rest))


class Reshape(Layer):
    """Reshapes to ``target_shape`` (batch axis excluded); one ``-1`` is inferred."""

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.target_shape = tuple(target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise self.config_error(f"target_shape {self.target_shape} has more than one -1; "
                                    "leave at most one dimension to infer")
        if any(not isinstance(d, int) or isinstance(d, bool) or d < -1
               for d in self.target_shape):
            raise self.config_error(f"target_shape {self.target_shape} must hold integers >= "
                                    "0, or -1 for the one dimension to infer")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``compute_reshape_output_shape`` without the batch axis."""
        target = list(self.target_shape)
        unknown = [i for i, d in enumerate(target) if d == -1]
        if len(unknown) > 1:
            raise self.shape_error(input_shape, f"target_shape {self.target_shape} has more than "
                                   "one -1", "leave at most one dimension to infer")
        rest = input_shape[1:]
        known = math.prod(d for d in target if d != -1)
        if any(d is None for d in rest):
            if unknown:
                target[unknown[0]] = None
            return (input_shape[0], *target)
        size = math.prod(rest)
        if unknown and known and size % known == 0:
            target[unknown[0]] = size // known
        elif unknown or size != known:
            raise self.shape_error(input_shape, f"cannot reshape {size:,} values into "
                                   f"{self.target_shape}", "make target_shape hold the same "
                                   "number of values")
        return (input_shape[0], *target)


class Permute(Layer):
    """Reorders the non-batch axes by ``dims`` (1-based, as Keras)."""

    def __init__(self, dims: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise self.config_error(f"dims {self.dims} must be a permutation of "
                                    f"1..{len(self.dims)}")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, input_shape[d] for d in dims)."""
        if len(input_shape) != len(self.dims) + 1:
            raise self.shape_error(input_shape, f"dims {self.dims} does not match the rank",
                                   "give one entry per non-batch axis")
        return (input_shape[0], *(input_shape[d] for d in self.dims))


class RepeatVector(Layer):
    """(batch, features) -> (batch, n, features)."""

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.n = positive_int(self, n, "n")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Insert the repeat axis."""
        if len(input_shape) != 2:
            raise self.shape_error(input_shape, "expects a 2-D input (batch, features)",
                                   "Flatten the input first")
        return (input_shape[0], self.n, input_shape[1])


class Embedding(Layer):
    """Looks up ``output_dim`` vectors for integer ids below ``input_dim``."""

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer: Any = "uniform",
                 embeddings_regularizer: Any = None, embeddings_constraint: Any = None,
                 mask_zero: bool = False, weights: Any = None, lora_rank: int | None = None,
                 lora_alpha: float | None = None, input_length: int | None = None,
                 **kwargs: Any) -> None:
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(**kwargs)
        self._set_config(locals())
        self.input_dim = positive_int(self, input_dim, "input_dim")
        self.output_dim = positive_int(self, output_dim, "output_dim")
        self.lora_rank = lora_rank_argument(self, lora_rank, embeddings_constraint)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Append the embedding axis."""
        return (*input_shape, self.output_dim)

    def build(self, input_shape: Any = None) -> None:
        """Create the embeddings; Keras needs no input shape for that."""
        super().build((None, None) if input_shape is None else input_shape)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """embeddings (input_dim, output_dim); ``lora_rank`` freezes them."""
        shape = (self.input_dim, self.output_dim)
        return [Weight("embeddings", shape, trainable=not self.lora_rank),
                *lora_weights(self.lora_rank, shape, "lora_embeddings")]

    def explain(self, input_shape: Any = None) -> str:
        """``10,000 tokens × 64 dims = 640,000``."""
        if self.lora_rank:
            return explain_weights(type(self).__name__, self.weight_shapes(input_shape))
        return (f"{self.input_dim:,} tokens × {self.output_dim:,} dims = "
                f"{self.input_dim * self.output_dim:,}")

    @property
    def supports_masking(self) -> bool:  # type: ignore[override]
        """Keras: an Embedding makes a mask only with ``mask_zero=True``."""
        return bool(self._config.get("mask_zero"))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: ``ops.not_equal(inputs, 0)`` (one graph node)."""
        return not_equal_mask(inputs, 0)


def positive_int(layer: Layer, value: Any, name: str) -> int:
    """Check a count argument such as ``units``; a LayerConfigError names the layer."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        if isinstance(value, float) and value.is_integer() and value > 0:
            return int(value)
        raise layer.config_error(f"{name} must be a positive integer, got {value!r}")
    return value


def lora_rank_argument(layer: Layer, rank: Any, constraint: Any) -> int | None:
    """Keras's ``enable_lora`` checks: a positive rank, and no kernel constraint."""
    if not rank:
        return None
    rank = positive_int(layer, rank, "lora_rank")
    if constraint is not None:
        raise layer.config_error("LoRA cannot be combined with a kernel constraint; remove "
                                 "the constraint or lora_rank")
    return rank


def lora_weights(rank: int | None, kernel: tuple[int, ...],
                 prefix: str = "lora_kernel") -> list[Weight]:
    """Keras's ``enable_lora``: lora_kernel_a (kernel[:-1], rank), lora_kernel_b (rank, last).

    Embedding names them ``lora_embeddings_a``/``_b``.

    Example:
        >>> [w.shape for w in lora_weights(2, (8, 10))]
        [(8, 2), (2, 10)]
    """
    if not rank:
        return []
    return [Weight(f"{prefix}_a", (*kernel[:-1], rank)),
            Weight(f"{prefix}_b", (rank, kernel[-1]))]


def known_last_axis(layer: Layer, input_shape: Shape) -> int:
    """The last axis, which sizes a kernel; it must be known."""
    if not isinstance(input_shape, tuple) or len(input_shape) < 2:
        raise layer.shape_error(input_shape, "expects an input with a feature axis",
                                "give the input at least shape (batch, features)")
    last = input_shape[-1]
    if last is None:
        raise layer.shape_error(input_shape, "the last axis is undefined (None), so the kernel "
                                "size is unknown", "give that axis a size, e.g. Flatten a "
                                "fully known shape or set Input(shape=...)")
    return last

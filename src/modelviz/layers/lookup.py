"""Hashing and vocabulary layers: Hashing, StringLookup, IntegerLookup, TextVectorization.

None has weights Keras counts (vocabularies live in lookup tables, not variables).
Output shapes follow each layer's ``compute_output_shape``; the encoded width of a
lookup without a vocabulary is unknown (``None``), as Keras reports it.

Example:
    >>> Hashing(8, output_mode="one_hot").compute_output_shape((None, 1))
    (None, 8)
    >>> StringLookup(vocabulary=["a", "b"], output_mode="multi_hot").compute_output_shape(
    ...     (None, 5))
    (None, 3)
    >>> TextVectorization(output_sequence_length=12).compute_output_shape((None,))
    (None, 12)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape
from modelviz.layers.core import positive_int

__all__ = ["Discretization", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]

_MODES = ("int", "one_hot", "multi_hot", "count")
_LOOKUP_MODES = (*_MODES, "tf_idf")


def _mode(layer: Layer, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise layer.config_error(f"output_mode must be one of {list(allowed)}, got {value!r}")
    return str(value)


class Hashing(Layer):
    """Hashes values into ``num_bins`` bins; ``int`` keeps the shape, the others encode."""

    def __init__(self, num_bins: int, mask_value: Any = None, salt: Any = None,
                 output_mode: str = "int", sparse: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.num_bins = positive_int(self, num_bins, "num_bins")
        self.output_mode = _mode(self, output_mode, _MODES)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras: the last (sample) axis becomes ``num_bins`` unless ``output_mode="int"``."""
        if self.output_mode == "int":
            return tuple(input_shape)
        return (*input_shape[:-1], self.num_bins)

    def _output_dtype(self) -> str:
        return "int64" if self.output_mode == "int" else self.dtype


class Discretization(Layer):
    """Buckets values by ``bin_boundaries`` (or ``num_bins`` learned by ``adapt``)."""

    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None) -> None:
        """Accepted: Keras learns a vocabulary or bins from ``data``; modelviz keeps the
        arguments (an unknown vocabulary size stays unknown)."""

    def __init__(self, bin_boundaries: Any = None, num_bins: int | None = None,
                 epsilon: float = 0.01, output_mode: str = "int", sparse: bool = False,
                 dtype: Any = None, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(dtype=dtype, name=name, **kwargs)
        self._set_config(locals())
        self.output_mode = _mode(self, output_mode, _MODES)
        if (bin_boundaries is None) == (num_bins is None):
            raise self.config_error("give exactly one of bin_boundaries and num_bins")
        self.num_bins = len(bin_boundaries) + 1 if bin_boundaries is not None else num_bins

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """``int`` keeps the shape; ``one_hot`` appends ``num_bins``; the others replace the
        last axis, as Keras's ``CategoryEncoding``."""
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        if self.output_mode == "one_hot" and (len(shape) == 1 or shape[-1] != 1):
            return (*shape, self.num_bins)
        return (*shape[:-1], self.num_bins)

    def _output_dtype(self) -> str:
        return "int64" if self.output_mode == "int" else "float32"


class _IndexLookup(Layer):
    """Keras's ``IndexLookup``: tokens to indices, then optionally encoded."""

    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None) -> None:
        """Accepted: Keras learns a vocabulary or bins from ``data``; modelviz keeps the
        arguments (an unknown vocabulary size stays unknown)."""

    _DEFAULT_MASK: Any = None

    def __init__(self, max_tokens: int | None = None, num_oov_indices: int = 1,
                 mask_token: Any = None, oov_token: Any = None, vocabulary: Any = None,
                 vocabulary_dtype: Any = None, idf_weights: Any = None, invert: bool = False,
                 output_mode: str = "int", sparse: bool = False,
                 pad_to_max_tokens: bool = False, encoding: str = "utf-8", **kwargs: Any
                 ) -> None:
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(**kwargs)
        self._set_config(locals())
        self.output_mode = _mode(self, output_mode, _LOOKUP_MODES)
        self.max_tokens = max_tokens
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        if self.pad_to_max_tokens and self.output_mode != "int" and not max_tokens:
            raise self.config_error("pad_to_max_tokens=True needs max_tokens")
        self.depth = self._depth(vocabulary, vocabulary_size, num_oov_indices, mask_token)

    def _depth(self, vocabulary: Any, size: Any, num_oov: int, mask_token: Any) -> int | None:
        """The encoded width: max_tokens when padded, else the vocabulary size if known."""
        if self.pad_to_max_tokens:
            return self.max_tokens
        if isinstance(size, int):
            return size
        if isinstance(vocabulary, (list, tuple)):
            mask = 1 if mask_token is not None and self.output_mode == "int" else 0
            return len(vocabulary) + num_oov + mask
        return None

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``IndexLookup.compute_output_shape``."""
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        if self.output_mode == "one_hot":
            if len(shape) > 1 and shape[-1] == 1:
                return (*shape[:-1], self.depth)
            return (*shape, self.depth)
        return (*shape[:-1], self.depth)

    def _output_dtype(self) -> str:
        return "int64" if self.output_mode == "int" else "float32"


class StringLookup(_IndexLookup):
    """Maps strings to indices from a vocabulary."""


class IntegerLookup(_IndexLookup):
    """Maps integers to indices from a vocabulary."""


class TextVectorization(Layer):
    """Splits text into tokens and maps them to indices (or encodes them)."""

    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None) -> None:
        """Accepted: Keras learns a vocabulary or bins from ``data``; modelviz keeps the
        arguments (an unknown vocabulary size stays unknown)."""

    def __init__(self, max_tokens: int | None = None,
                 standardize: Any = "lower_and_strip_punctuation",
                 split: Any = "whitespace", ngrams: Any = None, output_mode: str = "int",
                 output_sequence_length: int | None = None, pad_to_max_tokens: bool = False,
                 vocabulary: Any = None, idf_weights: Any = None, sparse: bool = False,
                 ragged: bool = False, encoding: str = "utf-8", **kwargs: Any) -> None:
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(**kwargs)
        self._set_config(locals())
        self.output_mode = _mode(self, output_mode, _LOOKUP_MODES)
        if output_sequence_length is not None and self.output_mode != "int":
            raise self.config_error('output_sequence_length needs output_mode="int"')
        self.output_sequence_length = output_sequence_length
        self.split = split
        self._lookup = StringLookup(max_tokens=max_tokens, vocabulary=vocabulary,
                                    pad_to_max_tokens=pad_to_max_tokens, mask_token="",
                                    output_mode=output_mode, vocabulary_size=vocabulary_size)

    def build(self, input_shape: Any = None) -> None:
        """Keras's ``TextVectorization.build(input_shape=None)``: nothing depends on it."""
        super().build((None,) if input_shape is None else input_shape)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """``int``: (batch, output_sequence_length); otherwise the lookup's encoding."""
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        shape = tuple(input_shape)
        if self.split is None:
            shape = (*shape, 1) if len(shape) <= 1 else shape
        else:
            shape = (*shape, None)
        return self._lookup.compute_output_shape(shape)

    def _output_dtype(self) -> str:
        return "int64" if self.output_mode == "int" else "float32"

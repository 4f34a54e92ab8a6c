"""GroupedQueryAttention (``GroupQueryAttention``): query heads share key/value heads.

Projections are Keras's ``EinsumDense`` sublayers: query (dim, query_heads, head_dim),
key and value (dim, kv_heads, head_dim), optional gate like the query, and the output
(query_heads, head_dim, dim); biases follow ``use_bias``.

Example:
    >>> layer = GroupedQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
    >>> sum(w.size for w in layer.weight_shapes([(None, 6, 16), (None, 9, 16)]))
    816
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.attention import MultiHeadAttention
from modelviz.layers.base import Layer, Weight
from modelviz.layers.core import known_last_axis, positive_int

__all__ = ["GroupQueryAttention", "GroupedQueryAttention"]


class GroupedQueryAttention(MultiHeadAttention):
    """Keras's grouped-query attention; called as ``layer(query, value, key=None)``."""

    def __init__(self, head_dim: int, num_query_heads: int, num_key_value_heads: int,
                 dropout: float = 0.0, use_bias: bool = True, sliding_window: Any = None,
                 flash_attention: bool | None = None,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, use_gate: bool = False, seed: int | None = None,
                 **kwargs: Any) -> None:
        Layer.__init__(self, **kwargs)
        self._set_config(locals())
        self.head_dim = positive_int(self, head_dim, "head_dim")
        self.num_query_heads = positive_int(self, num_query_heads, "num_query_heads")
        self.num_key_value_heads = positive_int(self, num_key_value_heads,
                                                "num_key_value_heads")
        if self.num_query_heads % self.num_key_value_heads:
            raise self.config_error("num_query_heads must be a multiple of "
                                    "num_key_value_heads")
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        self._out_dims = None
        # MultiHeadAttention's names for the explanation it writes.
        self.num_heads, self.key_dim, self.value_dim = num_query_heads, head_dim, head_dim

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The query's shape; query and value must have the same features."""
        query, value, _ = self._split(input_shape)
        if query[-1] != value[-1]:
            raise self.shape_error(input_shape, f"query and value differ in their last axis "
                                   f"({query[-1]} and {value[-1]})", "give them the same "
                                   "number of features")
        if self._take_scores_request():
            heads = self.num_query_heads
            return [query, (query[0], heads, query[1], value[1])]
        return query

    def _heads(self, name: str, in_dim: int, heads: int) -> list[Weight]:
        return self._projection(name, in_dim, (heads, self.head_dim), (heads, self.head_dim))

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """query, key, (gate,) value, attention_output, in Keras's order."""
        query, value, key = self._split(input_shape)
        dim = known_last_axis(self, query)
        weights = self._heads("query", dim, self.num_query_heads)
        weights += self._heads("key", known_last_axis(self, key), self.num_key_value_heads)
        if self.use_gate:
            weights += self._heads("gate", dim, self.num_query_heads)
        weights += self._heads("value", known_last_axis(self, value), self.num_key_value_heads)
        weights += self._projection("attention_output", self.num_query_heads,
                                    (self.head_dim, dim), (dim,))
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """``4 query heads, 2 key/value heads × 4 dims: ...``."""
        text = super().explain(input_shape)
        return text.replace(f"{self.num_query_heads} heads ×",
                            f"{self.num_query_heads} query heads, {self.num_key_value_heads} "
                            "key/value heads ×", 1)


GroupQueryAttention = GroupedQueryAttention

"""ReversibleEmbedding: an Embedding that can also project back to token logits.

With ``tie_weights=True`` (the default) the reverse projection reuses the embeddings;
otherwise it has its own ``reverse_embeddings`` (output_dim, input_dim).

Example:
    >>> ReversibleEmbedding(100, 8, tie_weights=False).explain((None, 5))
    'embeddings 100×8 + reverse_embeddings 8×100 = 1,600'
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Shape, Weight, explain_weights
from modelviz.layers.core import Embedding

__all__ = ["ReversibleEmbedding"]


class ReversibleEmbedding(Embedding):
    """Keras's ``ReversibleEmbedding``; ``reverse=True`` calls give (..., input_dim) logits."""

    def __init__(self, input_dim: int, output_dim: int, tie_weights: bool = True,
                 embeddings_initializer: Any = "uniform", embeddings_regularizer: Any = None,
                 embeddings_constraint: Any = None, mask_zero: bool = False,
                 reverse_dtype: Any = None, logit_soft_cap: Any = None, **kwargs: Any) -> None:
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        self._config.update(tie_weights=bool(tie_weights), reverse_dtype=reverse_dtype,
                            logit_soft_cap=logit_soft_cap)
        self.tie_weights = bool(tie_weights)
        self._reverse = False

    def __call__(self, *args: Any, reverse: bool = False, **kwargs: Any) -> Any:
        if reverse:  # recorded with the call, so a model called again replays it
            kwargs = {**kwargs, "reverse": True}
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self._reverse = False

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        self._reverse = bool(kwargs.get("reverse", False))
        return super()._call_input_shape(args, kwargs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Embedding's shape, or (..., input_dim) logits for a ``reverse=True`` call."""
        reverse, self._reverse = self._reverse, False
        if reverse:
            return (*input_shape[:-1], self.input_dim)
        return super().compute_output_shape(input_shape)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """embeddings, and reverse_embeddings unless ``tie_weights``."""
        weights = [Weight("embeddings", (self.input_dim, self.output_dim))]
        if not self.tie_weights:
            weights.append(Weight("reverse_embeddings", (self.output_dim, self.input_dim)))
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """The embeddings (and the untied reverse projection)."""
        return explain_weights(type(self).__name__, self.weight_shapes(input_shape))

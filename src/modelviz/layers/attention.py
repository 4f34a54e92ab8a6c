"""Attention layers: MultiHeadAttention, Attention (dot-product) and AdditiveAttention.

``MultiHeadAttention`` is called as ``mha(query, value, key=None)`` and projects
each input per head (Keras's ``EinsumDense`` sublayers ``query``, ``key``,
``value``, ``attention_output``); the two simpler layers take a list
``[query, value]`` or ``[query, value, key]`` and have at most a scale.
``return_attention_scores=True`` in the call adds the scores as a second output.

Example:
    >>> mha = MultiHeadAttention(num_heads=2, key_dim=8)
    >>> mha.compute_output_shape([(None, 6, 16), (None, 9, 16), (None, 9, 16)])
    (None, 6, 16)
    >>> mha.explain([(None, 6, 16), (None, 9, 16), (None, 9, 16)])
    '2 heads × 8 dims: query/key/value projections 272 + 272 + 272 + output projection 272 = 1,088'
    >>> Attention().compute_output_shape([(None, 6, 16), (None, 9, 5)])
    (None, 6, 5)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight, auto_name, map_shapes
from modelviz.layers.core import known_last_axis, positive_int

__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]


class _ScoresOnRequest(Layer):
    """A layer whose call may ask for the attention scores as a second output.

    The request is a call keyword, not a constructor argument, so the call's
    input-shape step remembers it for the output-shape step that follows.
    """

    _scores_requested: bool = False

    def _remember_scores_request(self, kwargs: dict) -> None:
        self._scores_requested = bool(kwargs.get("return_attention_scores", False))

    def _take_scores_request(self) -> bool:
        """Whether the current call wants the scores; later direct calls start afresh."""
        requested, self._scores_requested = self._scores_requested, False
        return requested


def _output_dims(layer: Layer, output_shape: Any) -> tuple[int, ...] | None:
    """MultiHeadAttention's ``output_shape``: an int or a sequence of ints (None keeps query's)."""
    if not output_shape:
        return None
    if isinstance(output_shape, int):
        return (positive_int(layer, output_shape, "output_shape"),)
    if isinstance(output_shape, (list, tuple)):
        return tuple(positive_int(layer, d, "output_shape") for d in output_shape)
    raise layer.config_error(f"output_shape must be an int or a tuple of ints, "
                             f"got {output_shape!r}")


class MultiHeadAttention(_ScoresOnRequest):
    """Multi-head attention: per-head projections of query, key and value, then an output one."""

    supports_masking = True

    def __init__(self, num_heads: int, key_dim: int, value_dim: int | None = None,
                 dropout: float = 0.0, use_bias: bool = True, output_shape: Any = None,
                 attention_axes: Any = None, sliding_window: int | None = None,
                 flash_attention: bool | None = None,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, use_gate: bool = False, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.num_heads = positive_int(self, num_heads, "num_heads")
        self.key_dim = positive_int(self, key_dim, "key_dim")
        self.value_dim = positive_int(self, value_dim, "value_dim") if value_dim else key_dim
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        self._out_dims = _output_dims(self, output_shape)  # output_shape is a Layer property

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """[query, value] or [query, value, key] shapes from ``(query, value, key=None, ...)``."""
        self._remember_scores_request(kwargs)
        query = args[0] if args else kwargs.get("query")
        value = args[1] if len(args) > 1 else kwargs.get("value")
        key = args[2] if len(args) > 2 else kwargs.get("key")
        if query is None or value is None:
            raise self.config_error("needs a query and a value: call mha(query, value) or "
                                    "mha(query, value, key)")
        shapes = [map_shapes(query), map_shapes(value)]
        return shapes if key is None else [*shapes, map_shapes(key)]

    def build(self, query_shape: Any, value_shape: Any = None, key_shape: Any = None) -> None:
        """Create the weights; like Keras, also make (and so name) an inner Softmax and Dropout.

        Keras's signature: ``build(query_shape, value_shape, key_shape=None)`` (a call
        passes the list ``[query, value(, key)]`` as ``query_shape``). The two unnamed
        sublayers take the next automatic names, so a user's later ``Dropout()`` is
        ``dropout_1``, as in Keras.
        """
        first = not self.built
        if value_shape is None:
            input_shape = query_shape
        else:
            shapes = [query_shape, value_shape] + ([key_shape] if key_shape is not None else [])
            input_shape = [tuple(s) for s in shapes]
        super().build(input_shape)
        if first:
            auto_name("softmax")
            auto_name("dropout")

    def _split(self, input_shape: Any) -> tuple[Shape, Shape, Shape]:
        """query, value, key; value and key must agree on every axis but the last."""
        if not (isinstance(input_shape, list) and len(input_shape) in (2, 3)
                and all(isinstance(s, tuple) for s in input_shape)):
            raise self.shape_error(input_shape, "expects [query, value] or [query, value, key]",
                                   "call it as mha(query, value) or mha(query, value, key)")
        query, value = input_shape[0], input_shape[1]
        key = input_shape[2] if len(input_shape) == 3 else value
        if value[1:-1] != key[1:-1]:
            raise self.shape_error(input_shape, "value and key differ on an axis other than the "
                                   "last", "give value and key the same shape but for features")
        return query, value, key

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Query's shape, last axis replaced by ``output_shape`` when given; scores on request.

        Keras sizes the symbolic scores (batch, heads, Tq, Tq) from the query alone.
        """
        query, _, _ = self._split(input_shape)
        output = query if not self._out_dims else (*query[:-1], *self._out_dims)
        if not self._take_scores_request():
            return output
        return [output, (query[0], self.num_heads, query[1], query[1])]

    def _projection(self, name: str, in_dim: int, out: tuple[int, ...],
                    bias: tuple[int, ...]) -> list[Weight]:
        weights = [Weight(f"{name}/kernel", (in_dim, *out))]
        if self.use_bias:
            weights.append(Weight(f"{name}/bias", bias))
        return weights

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """query, key, (gate,) value and attention_output kernels and biases, in Keras's order."""
        query, value, key = self._split(input_shape)
        heads, kd, vd = self.num_heads, self.key_dim, self.value_dim
        q_dim = known_last_axis(self, query)
        out = self._out_dims or (q_dim,)
        weights = self._projection("query", q_dim, (heads, kd), (heads, kd))
        weights += self._projection("key", known_last_axis(self, key), (heads, kd), (heads, kd))
        if self.use_gate:
            weights += self._projection("gate", q_dim, (heads, vd), (heads, vd))
        weights += self._projection("value", known_last_axis(self, value), (heads, vd),
                                    (heads, vd))
        weights += self._projection("attention_output", heads, (vd, *out), out)
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """``2 heads × 8 dims: query/key/value projections 272 + ... + output projection 272``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        if not weights:
            return "MultiHeadAttention has no weights until it is called on an input"
        sizes: dict[str, int] = {}
        for weight in weights:
            part = weight.name.split("/")[0]
            sizes[part] = sizes.get(part, 0) + weight.size
        output = sizes.pop("attention_output")
        total = sum(w.size for w in weights)
        return (f"{self.num_heads} heads × {self.key_dim} dims: {'/'.join(sizes)} projections "
                f"{' + '.join(f'{n:,}' for n in sizes.values())} + output projection "
                f"{output:,} = {total:,}")


class _DenseAttention(_ScoresOnRequest):
    """Attention over a list [query, value] or [query, value, key] (Keras's ``Attention`` base)."""

    supports_masking = True
    # Keras 3 fills ``mask=`` only when the call has a single tensor argument; a list of
    # inputs gets no mask argument, so the masks are not inbound tensors of this layer.
    takes_mask = False

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: ``ops.convert_to_tensor(mask[0])``, the query's mask (one graph node)."""
        from modelviz.layers.mask_ops import convert_mask

        if not isinstance(mask, (list, tuple)) or not mask or mask[0] is None:
            return None
        return convert_mask(mask[0])

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """The first argument's shapes; also notes ``return_attention_scores``."""
        self._remember_scores_request(kwargs)
        return super()._call_input_shape(args, kwargs)

    def _split(self, input_shape: Any) -> tuple[Shape, Shape, Shape]:
        """query, value, key (key defaults to value)."""
        if not (isinstance(input_shape, list) and len(input_shape) in (2, 3)
                and all(isinstance(s, tuple) for s in input_shape)):
            raise self.shape_error(input_shape, "expects a list [query, value] or [query, value, "
                                   "key]", f"call it on a list, e.g. {type(self).__name__}()"
                                   "([query, value])")
        query, value = input_shape[0], input_shape[1]
        return query, value, input_shape[2] if len(input_shape) == 3 else value

    def compute_output_shape(self, input_shape: Any) -> Any:
        """(batch, Tq, value features); scores (batch, Tq, Tv) on request."""
        query, value, key = self._split(input_shape)
        output = (*query[:-1], value[-1])
        if not self._take_scores_request():
            return output
        return [output, (*query[:-1], key[-2])]


class Attention(_DenseAttention):
    """Dot-product (Luong) attention; use_scale and score_mode="concat" add a scalar each."""

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0,
                 seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if score_mode not in ("dot", "concat"):
            raise self.config_error(f"score_mode must be 'dot' or 'concat', got {score_mode!r}")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """scale () with use_scale, concat_score_weight () with score_mode="concat"."""
        self._split(input_shape)
        weights = [Weight("scale", ())] if self.use_scale else []
        if self.score_mode == "concat":
            weights.append(Weight("concat_score_weight", ()))
        return weights


class AdditiveAttention(_DenseAttention):
    """Additive (Bahdanau) attention; ``use_scale`` adds one scale per query feature."""

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.use_scale = bool(use_scale)

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """scale (query features,) with use_scale."""
        query, _, _ = self._split(input_shape)
        return [Weight("scale", (known_last_axis(self, query),))] if self.use_scale else []

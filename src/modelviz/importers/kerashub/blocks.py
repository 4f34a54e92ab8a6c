"""KerasHub's text layers as modelviz layers: shapes and weights, as keras_hub builds them.

Each class takes the arguments keras_hub's layer of that name takes and lists its
weights in Keras's order, named by their path inside the layer
(``self_attention_layer/query/kernel``), so the counts, the trainable split and
the explanation match ``model.summary()`` under keras_hub (keras_hub 0.32:
``keras_hub/src/layers/modeling/transformer_encoder.py``,
``transformer_decoder.py``, ``position_embedding.py``,
``models/llama/llama_decoder.py``, ``models/gemma/gemma_decoder_block.py``).

Example:
    >>> block = TransformerEncoder(intermediate_dim=32, num_heads=2, name="block")
    >>> block.weight_shapes((None, None, 16))[0]
    Weight(name='self_attention_layer/query/kernel', shape=(16, 2, 8), trainable=True)
    >>> block.explain((None, None, 16)).split(" + ")[0], block.count_weights((None, None, 16))
    ('self_attention_layer 1,088', 2224)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight

__all__ = [
    "GemmaDecoderBlock",
    "HubLayer",
    "LlamaLayerNorm",
    "LlamaTransformerDecoder",
    "PositionEmbedding",
    "RMSNormalization",
    "SinePositionEncoding",
    "TokenAndPositionEmbedding",
    "TransformerDecoder",
    "TransformerEncoder",
    "attention",
    "dense",
    "layer_norm",
]


def dense(name: str, in_dim: int, out: tuple[int, ...], bias: bool = True,
          bias_shape: tuple[int, ...] | None = None) -> list[Weight]:
    """A projection ``name/kernel`` (in_dim, *out) and its ``name/bias``.

    Example:
        >>> [w.shape for w in dense("ffn", 4, (8,))]
        [(4, 8), (8,)]
    """
    kernel = Weight(f"{name}/kernel", (in_dim, *out))
    return [kernel, Weight(f"{name}/bias", bias_shape or out)] if bias else [kernel]


def layer_norm(name: str, dim: int, weight: str = "") -> list[Weight]:
    """LayerNormalization's ``gamma`` and ``beta``; with ``weight`` one scale (RMS norms).

    Example:
        >>> [w.name for w in layer_norm("ln", 4)], [w.name for w in layer_norm("n", 4, "scale")]
        (['ln/gamma', 'ln/beta'], ['n/scale'])
    """
    if weight:
        return [Weight(f"{name}/{weight}", (dim,))]
    return [Weight(f"{name}/gamma", (dim,)), Weight(f"{name}/beta", (dim,))]


def attention(name: str, query_dim: int, heads: int, key_dim: int, bias: bool = True,
              kv_heads: int | None = None, kv_dim: int | None = None) -> list[Weight]:
    """MultiHeadAttention's query, key, value and attention_output projections
    (``kv_dim``: the features of the attended sequence, when it is another one).

    Example:
        >>> sum(w.size for w in attention("mha", 16, 2, 8))
        1088
    """
    kv = heads if kv_heads is None else kv_heads
    source = query_dim if kv_dim is None else kv_dim
    out = query_dim
    return (dense(f"{name}/query", query_dim, (heads, key_dim), bias)
            + dense(f"{name}/key", source, (kv, key_dim), bias)
            + dense(f"{name}/value", source, (kv, key_dim), bias)
            + [Weight(f"{name}/attention_output/kernel", (heads, key_dim, out))]
            + ([Weight(f"{name}/attention_output/bias", (out,))] if bias else []))


class HubLayer(Layer):
    """A KerasHub layer: keeps the shape (unless told), explains weights by sublayer."""

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """KerasHub's blocks keep the shape of the sequence they are given."""
        return input_shape

    def hidden(self, input_shape: Shape) -> int:
        """The input's last axis, which sizes the weights; it must be known."""
        dim = input_shape[-1]
        if dim is None:
            raise self.shape_error(input_shape, "needs a known last axis to size its weights",
                                   "give the input a fixed feature size")
        return int(dim)

    def count_weights(self, input_shape: Shape) -> int:
        """The number of parameters for ``input_shape`` (for examples and checks)."""
        return sum(w.size for w in self.weight_shapes(input_shape))

    def explain(self, input_shape: Any = None) -> str:
        """Parameters by sublayer: ``self_attention 1,088 + ... = 2,224``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        if not weights:
            return f"{self._class_label()} has no weights"
        parts: dict[str, int] = {}
        for weight in weights:
            part = weight.name.split("/")[0]
            parts[part] = parts.get(part, 0) + weight.size
        terms = " + ".join(f"{name} {size:,}" for name, size in parts.items())
        return f"{terms} = {sum(parts.values()):,}"


class PositionEmbedding(HubLayer):
    """Learned positions: ``embeddings`` (sequence_length, features), added by the caller."""

    def __init__(self, sequence_length: int, initializer: Any = "glorot_uniform",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if not isinstance(sequence_length, int) or sequence_length <= 0:
            raise self.config_error(f"sequence_length must be a positive int, got "
                                    f"{sequence_length!r}")
        self.sequence_length = sequence_length

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """One table of ``sequence_length`` position vectors."""
        return [Weight("embeddings", (self.sequence_length, self.hidden(input_shape)))]


class TokenAndPositionEmbedding(HubLayer):
    """Token embeddings (a ReversibleEmbedding) plus learned position embeddings."""

    def __init__(self, vocabulary_size: int, sequence_length: int, embedding_dim: int,
                 tie_weights: bool = True, embeddings_initializer: Any = "uniform",
                 mask_zero: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.vocabulary_size, self.sequence_length = int(vocabulary_size), int(sequence_length)
        self.embedding_dim, self.tie_weights = int(embedding_dim), bool(tie_weights)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """The token ids' shape with ``embedding_dim`` added."""
        return (*input_shape, self.embedding_dim)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """``token_embedding`` (and its untied reverse) and ``position_embedding`` tables."""
        dim, vocab = self.embedding_dim, self.vocabulary_size
        weights = [Weight("token_embedding/embeddings", (vocab, dim))]
        if not self.tie_weights:
            weights.append(Weight("token_embedding/reverse_embeddings", (dim, vocab)))
        return [*weights, Weight("position_embedding/embeddings", (self.sequence_length, dim))]


class SinePositionEncoding(HubLayer):
    """Fixed sinusoidal positions of the input's shape: no weights."""

    def __init__(self, max_wavelength: float = 10000, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """None: the encoding is computed."""
        return []


class _Normalization(HubLayer):
    """One ``scale`` vector over the last axis (Llama's and Gemma's RMS norms)."""

    def __init__(self, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """scale (features,)."""
        return [Weight("scale", (self.hidden(input_shape),))]


class LlamaLayerNorm(_Normalization):
    """Llama's RMS normalization (``scale`` only)."""


class RMSNormalization(_Normalization):
    """Gemma's RMS normalization (``scale`` only)."""


def _head_dim(layer: HubLayer, hidden: int, heads: int, input_shape: Shape) -> int:
    if heads <= 0 or hidden // heads == 0:
        raise layer.shape_error(input_shape, f"cannot split {hidden} features into {heads} "
                                "heads", "use at most as many heads as features")
    return hidden // heads


class _TransformerBlock(HubLayer):
    """keras_hub's encoder and decoder blocks: the same constructor arguments."""

    def __init__(self, intermediate_dim: int, num_heads: int, dropout: float = 0,
                 activation: Any = "relu", layer_norm_epsilon: float = 1e-5,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 normalize_first: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.intermediate_dim, self.num_heads = int(intermediate_dim), int(num_heads)


class TransformerEncoder(_TransformerBlock):
    """Self-attention and a feed-forward network, each with a LayerNormalization."""

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """Attention, two layer norms, then the two dense layers (Keras's build order)."""
        hidden = self.hidden(input_shape)
        head = _head_dim(self, hidden, self.num_heads, input_shape)
        return (attention("self_attention_layer", hidden, self.num_heads, head)
                + layer_norm("self_attention_layer_norm", hidden)
                + layer_norm("feedforward_layer_norm", hidden)
                + dense("feedforward_intermediate_dense", hidden, (self.intermediate_dim,))
                + dense("feedforward_output_dense", self.intermediate_dim, (hidden,)))


class TransformerDecoder(_TransformerBlock):
    """Causal self-attention, cross-attention when called with an ``encoder_sequence``, and
    a feed-forward, each with a LayerNormalization."""

    _encoder_shape: Shape | None = None  # set by a call with an encoder_sequence

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """``(decoder_sequence, encoder_sequence=None, ...)``: the decoder's shape sizes the
        output; the encoder's (remembered) sizes the cross-attention."""
        decoder = args[0] if args else kwargs.get("decoder_sequence")
        encoder = args[1] if len(args) > 1 else kwargs.get("encoder_sequence")
        if decoder is None:
            raise self.config_error("needs a decoder_sequence: call it as "
                                    "decoder(decoder_sequence, encoder_sequence=None)")
        self._encoder_shape = getattr(encoder, "shape", None)
        return decoder.shape

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """Self-attention and its norm, cross-attention and its norm (with an encoder
        sequence), the two dense layers, then the feed-forward norm."""
        hidden = self.hidden(input_shape)
        head = _head_dim(self, hidden, self.num_heads, input_shape)
        weights = (attention("self_attention", hidden, self.num_heads, head)
                   + layer_norm("self_attention_layer_norm", hidden))
        if self._encoder_shape is not None:
            weights += (attention("cross_attention", hidden, self.num_heads, head,
                                  kv_dim=self.hidden(self._encoder_shape))
                        + layer_norm("cross_attention_layer_norm", hidden))
        return (weights
                + dense("feedforward_intermediate_dense", hidden, (self.intermediate_dim,))
                + dense("feedforward_output_dense", self.intermediate_dim, (hidden,))
                + layer_norm("feedforward_layer_norm", hidden))


class LlamaTransformerDecoder(HubLayer):
    """Grouped-query attention without biases and a gated (SwiGLU) feed-forward."""

    def __init__(self, intermediate_dim: int, num_query_heads: int, num_key_value_heads: int,
                 rope_max_wavelength: float = 10000, rope_position_scaling_factor: float = 1.0,
                 rope_frequency_adjustment_factor: Any = None, rope_low_freq_factor: Any = None,
                 rope_high_freq_factor: Any = None, rope_pretraining_sequence_length: Any = None,
                 activation: Any = "silu", layer_norm_epsilon: float = 1e-5,
                 kernel_initializer: Any = "glorot_uniform", dropout: float = 0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.intermediate_dim = int(intermediate_dim)
        self.num_query_heads, self.num_key_value_heads = (int(num_query_heads),
                                                          int(num_key_value_heads))

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """query/key/value/attention_output kernels, norms and the three feed-forward kernels."""
        hidden, inter = self.hidden(input_shape), self.intermediate_dim
        head = _head_dim(self, hidden, self.num_query_heads, input_shape)
        return (attention("self_attention", hidden, self.num_query_heads, head, bias=False,
                          kv_heads=self.num_key_value_heads)
                + layer_norm("self_attention_layernorm", hidden, "scale")
                + dense("feedforward_intermediate_dense", hidden, (inter,), bias=False)
                + dense("feedforward_gate_dense", hidden, (inter,), bias=False)
                + dense("feedforward_output_dense", inter, (hidden,), bias=False)
                + layer_norm("feedforward_layernorm", hidden, "scale"))


class GemmaDecoderBlock(HubLayer):
    """Gemma's block: RMS norms around multi-query attention and a gated feed-forward."""

    def __init__(self, hidden_dim: int, intermediate_dim: int, head_dim: int,
                 num_query_heads: int, num_key_value_heads: int,
                 query_head_dim_normalize: bool = True, use_post_ffw_norm: bool = False,
                 use_post_attention_norm: bool = False, logit_soft_cap: Any = None,
                 use_sliding_window_attention: bool = False, sliding_window_size: int = 4096,
                 layer_norm_epsilon: float = 1e-6, dropout: float = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.hidden_dim, self.intermediate_dim = int(hidden_dim), int(intermediate_dim)
        self.head_dim = int(head_dim)
        self.num_query_heads, self.num_key_value_heads = (int(num_query_heads),
                                                          int(num_key_value_heads))
        self.post_attention, self.post_ffw = (bool(use_post_attention_norm),
                                              bool(use_post_ffw_norm))

    def _attention(self, hidden: int) -> list[Weight]:
        """Gemma's einsum projections put the heads first: query (heads, hidden, head_dim)."""
        q, kv, head = self.num_query_heads, self.num_key_value_heads, self.head_dim
        return [Weight("attention/query/kernel", (q, hidden, head)),
                Weight("attention/key/kernel", (kv, hidden, head)),
                Weight("attention/value/kernel", (kv, hidden, head)),
                Weight("attention/attention_output/kernel", (q, head, hidden))]

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """Norms (post-norms when asked), attention, then ``ffw_gating``/``_2``/``ffw_linear``."""
        hidden, half = self.hidden(input_shape), self.intermediate_dim // 2
        weights = layer_norm("pre_attention_norm", hidden, "scale")
        if self.post_attention:
            weights += layer_norm("post_attention_norm", hidden, "scale")
        weights += self._attention(hidden) + layer_norm("pre_ffw_norm", hidden, "scale")
        if self.post_ffw:
            weights += layer_norm("post_ffw_norm", self.hidden_dim, "scale")
        return (weights + dense("ffw_gating", hidden, (half,), bias=False)
                + dense("ffw_gating_2", hidden, (half,), bias=False)
                + dense("ffw_linear", half, (self.hidden_dim,), bias=False))

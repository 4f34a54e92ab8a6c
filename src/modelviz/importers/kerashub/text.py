"""KerasHub text backbones and tasks rebuilt from their saved constructor arguments.

Each builder follows the ``__init__`` of the keras_hub class of that name
(keras_hub 0.32, ``keras_hub/src/models/<family>/<family>_backbone.py``): the
same layers, names and calls, made with modelviz's functional API, so the rows
equal ``model.summary()`` under keras_hub.

Example:
    >>> from modelviz.importers.context import Context
    >>> from modelviz.importers.kerashub.args import HubArgs
    >>> config = {"name": "gpt2_backbone", "vocabulary_size": 100, "num_layers": 2,
    ...           "num_heads": 2, "hidden_dim": 16, "intermediate_dim": 32,
    ...           "max_sequence_length": 32}
    >>> model = gpt2_backbone(HubArgs("GPT2Backbone", config, Context("m.keras")))
    >>> model.count_params(), [layer.name for layer in model.layers][-2:]
    (6592, ['transformer_layer_1', 'layer_norm'])
"""

from __future__ import annotations

from typing import Any

from modelviz.importers.kerashub.args import HubArgs
from modelviz.importers.kerashub.blocks import (
    GemmaDecoderBlock,
    LlamaLayerNorm,
    LlamaTransformerDecoder,
    PositionEmbedding,
    RMSNormalization,
    TokenAndPositionEmbedding,
    TransformerDecoder,
    TransformerEncoder,
)
from modelviz.layers import Add, Dense, Dropout, Embedding, Input, LayerNormalization
from modelviz.layers.reversible_embedding import ReversibleEmbedding
from modelviz.models import Model

__all__ = ["bert_backbone", "bert_text_classifier", "causal_lm", "distil_bert_backbone",
           "gemma_backbone", "gpt2_backbone", "llama_backbone", "pooled_text_classifier",
           "roberta_backbone"]


def _token_inputs(*names: str) -> dict[str, Any]:
    return {name: Input(shape=(None,), dtype="int32", name=name) for name in names}


def _sizes(args: HubArgs) -> tuple[int, int, int, int]:
    return (args.int("vocabulary_size"), args.int("num_layers", low=0), args.int("hidden_dim"),
            args.int("intermediate_dim"))


def _finish(args: HubArgs, inputs: Any, outputs: Any) -> Model:
    """The functional model under the class's own name, frozen if it was saved frozen."""
    model = Model(inputs, outputs, name=args.name, trainable=args.trainable)
    model.class_name = args.class_name
    return model


def bert_backbone(args: HubArgs) -> Model:
    """``BertBackbone``: token + position + segment embeddings, encoders, a pooled CLS dense.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> bert_backbone(HubArgs("BertBackbone", config, Context("m"))).count_params()
        6896
    """
    vocab, depth, hidden, inter = _sizes(args)
    heads, dtype = args.int("num_heads"), args.dtype
    dropout = args.float("dropout", 0.1)
    token_embedding = ReversibleEmbedding(vocab, hidden, dtype=dtype, name="token_embedding")
    position_embedding = PositionEmbedding(args.int("max_sequence_length", 512), dtype=dtype,
                                           name="position_embedding")
    segment_embedding = Embedding(args.int("num_segments", 2), hidden, dtype=dtype,
                                  name="segment_embedding")
    inputs = _token_inputs("token_ids", "segment_ids", "padding_mask")
    tokens = token_embedding(inputs["token_ids"])
    positions = position_embedding(tokens)
    segments = segment_embedding(inputs["segment_ids"])
    x = Add(dtype=dtype, name="embeddings_add")([tokens, positions, segments])
    x = LayerNormalization(axis=-1, epsilon=1e-12, dtype=dtype, name="embeddings_layer_norm")(x)
    x = Dropout(dropout, dtype=dtype, name="embeddings_dropout")(x)
    for index in range(depth):
        block = TransformerEncoder(inter, heads, dropout=dropout, activation="gelu",
                                   layer_norm_epsilon=1e-12, dtype=dtype,
                                   name=f"transformer_layer_{index}")
        x = block(x, padding_mask=inputs["padding_mask"])
    pooled = Dense(hidden, activation="tanh", dtype=dtype, name="pooled_dense")(x[:, 0, :])
    model = _finish(args, inputs, {"sequence_output": x, "pooled_output": pooled})
    model.token_embedding = token_embedding
    return model


def gpt2_backbone(args: HubArgs) -> Model:
    """``GPT2Backbone``: token + position embeddings, pre-norm decoders, a final LayerNorm."""
    vocab, depth, hidden, inter = _sizes(args)
    heads, dtype = args.int("num_heads"), args.dtype
    dropout = args.float("dropout", 0.1)
    token_embedding = ReversibleEmbedding(vocab, hidden, dtype=dtype, name="token_embedding")
    position_embedding = PositionEmbedding(args.int("max_sequence_length", 1024), dtype=dtype,
                                           name="position_embedding")
    inputs = _token_inputs("token_ids", "padding_mask")
    tokens = token_embedding(inputs["token_ids"])
    positions = position_embedding(tokens)
    x = Add(dtype=dtype, name="embeddings_add")([tokens, positions])
    x = Dropout(dropout, dtype=dtype, name="embeddings_dropout")(x)
    for index in range(depth):
        block = TransformerDecoder(inter, heads, dropout=dropout, activation="gelu",
                                   layer_norm_epsilon=1e-5, normalize_first=True, dtype=dtype,
                                   name=f"transformer_layer_{index}")
        x = block(x, decoder_padding_mask=inputs["padding_mask"])
    x = LayerNormalization(axis=-1, epsilon=1e-5, dtype=dtype, name="layer_norm")(x)
    model = _finish(args, inputs, x)
    model.token_embedding = token_embedding
    return model


def llama_backbone(args: HubArgs) -> Model:
    """``LlamaBackbone``: token embedding (untied by default), Llama decoders, an RMS norm.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_query_heads=4,
        ...               num_key_value_heads=2, hidden_dim=16, intermediate_dim=32)
        >>> llama_backbone(HubArgs("LlamaBackbone", config, Context("m"))).count_params()
        7888
    """
    vocab, depth, hidden, inter = _sizes(args)
    dtype, epsilon = args.dtype, args.float("layer_norm_epsilon", 1e-6)
    token_embedding = ReversibleEmbedding(vocab, hidden, tie_weights=_tied(args),
                                          dtype=dtype, name="token_embedding")
    rope = {key: args.get(key, default) for key, default in (
        ("rope_max_wavelength", 10000), ("rope_position_scaling_factor", 1.0),
        ("rope_frequency_adjustment_factor", None), ("rope_low_freq_factor", None),
        ("rope_high_freq_factor", None), ("rope_pretraining_sequence_length", None))}
    inputs = _token_inputs("token_ids", "padding_mask")
    x = token_embedding(inputs["token_ids"])
    for index in range(depth):
        block = LlamaTransformerDecoder(
            inter, args.int("num_query_heads"), args.int("num_key_value_heads"), **rope,
            layer_norm_epsilon=epsilon, dropout=args.float("dropout", 0), dtype=dtype,
            name=f"transformer_layer_{index}")
        x = block(x, decoder_padding_mask=inputs["padding_mask"])
    x = LlamaLayerNorm(epsilon=epsilon, dtype=dtype, name="sequence_output_layernorm")(x)
    model = _finish(args, inputs, x)
    model.token_embedding = token_embedding
    return model


def _tied(args: HubArgs) -> bool:
    """``tie_word_embeddings``; keras_hub 0.32 does not save it, so the weights file decides
    (one stored matrix for ``token_embedding``: tied), else Llama's default, untied."""
    if "tie_word_embeddings" in args.config:
        return args.flag("tie_word_embeddings", False)
    stored = args.ctx.stored_weights("token_embedding")
    return stored is not None and len(stored) == 1


def gemma_backbone(args: HubArgs) -> Model:
    """``GemmaBackbone`` (Gemma 1 and 2): tied embedding scaled by sqrt(hidden), decoder blocks.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_query_heads=2, head_dim=8,
        ...               num_key_value_heads=1, hidden_dim=16, intermediate_dim=32)
        >>> model = gemma_backbone(HubArgs("GemmaBackbone", config, Context("m")))
        >>> model.count_params(), model.operations[2].name
        (4752, 'multiply')
    """
    vocab, depth, hidden, inter = _sizes(args)
    dtype = args.dtype
    token_embedding = ReversibleEmbedding(vocab, hidden, tie_weights=True, dtype=dtype,
                                          logit_soft_cap=args.get("final_logit_soft_cap", None),
                                          name="token_embedding")
    sliding = args.flag("use_sliding_window_attention", False)
    options = dict(
        head_dim=args.int("head_dim"), num_query_heads=args.int("num_query_heads"),
        num_key_value_heads=args.int("num_key_value_heads"),
        query_head_dim_normalize=args.flag("query_head_dim_normalize", True),
        use_post_ffw_norm=args.flag("use_post_ffw_norm", False),
        use_post_attention_norm=args.flag("use_post_attention_norm", False),
        logit_soft_cap=args.get("attention_logit_soft_cap", None),
        sliding_window_size=args.int("sliding_window_size", 4096),
        layer_norm_epsilon=args.float("layer_norm_epsilon", 1e-6),
        dropout=args.float("dropout", 0), dtype=dtype)
    inputs = _token_inputs("token_ids", "padding_mask")
    x = token_embedding(inputs["token_ids"])
    x = x * float(hidden) ** 0.5
    for index in range(depth):
        block = GemmaDecoderBlock(hidden, inter, **options,
                                  use_sliding_window_attention=sliding and index % 2 == 0,
                                  name=f"decoder_block_{index}")
        x = block(x, padding_mask=inputs["padding_mask"])
    x = RMSNormalization(epsilon=options["layer_norm_epsilon"], dtype=dtype,
                         name="final_normalization")(x)
    model = _finish(args, inputs, x)
    model.token_embedding = token_embedding
    return model


def causal_lm(args: HubArgs, backbone: Model) -> Model:
    """``GPT2CausalLM``, ``LlamaCausalLM``, ``GemmaCausalLM``: the backbone, then its token
    embedding run in reverse (logits over the vocabulary; tied weights counted once).

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> backbone = gpt2_backbone(HubArgs("GPT2Backbone", config, Context("m")))
        >>> task = causal_lm(HubArgs("GPT2CausalLM", {"name": "lm"}, Context("m")), backbone)
        >>> task.output_shape, task.count_params() == backbone.count_params()
        ((None, None, 100), True)
    """
    inputs = backbone.input
    hidden = backbone(inputs)
    return _finish(args, inputs, backbone.token_embedding(hidden, reverse=True))


def bert_text_classifier(args: HubArgs, backbone: Model) -> Model:
    """``BertTextClassifier``: the pooled output, dropout and a ``logits`` dense layer.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=1, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> backbone = bert_backbone(HubArgs("BertBackbone", config, Context("m")))
        >>> task = bert_text_classifier(HubArgs("BertTextClassifier", {"num_classes": 3},
        ...                                     Context("m")), backbone)
        >>> task.output_shape, [layer.name for layer in task.layers][-2:]
        ((None, 3), ['classifier_dropout', 'logits'])
    """
    inputs = backbone.input
    pooled = backbone(inputs)["pooled_output"]
    dtype = backbone.dtype
    pooled = Dropout(args.float("dropout", 0.1), dtype=dtype, name="classifier_dropout")(pooled)
    activation = args.get("activation", None)
    outputs = Dense(args.int("num_classes"), activation=activation if isinstance(
        activation, str) else None, dtype=dtype, name="logits")(pooled)
    return _finish(args, inputs, outputs)


def _encoder_stack(args: HubArgs, embedding_name: str, epsilon: float, activation: str) -> Model:
    """RoBERTa and DistilBERT: token+position embedding, a LayerNorm, dropout, encoders."""
    vocab, depth, hidden, inter = _sizes(args)
    heads, dtype = args.int("num_heads"), args.dtype
    dropout = args.float("dropout", 0.1)
    embeddings = TokenAndPositionEmbedding(vocab, args.int("max_sequence_length", 512),
                                           hidden, dtype=dtype, name=embedding_name)
    inputs = _token_inputs("token_ids", "padding_mask")
    x = embeddings(inputs["token_ids"])
    x = LayerNormalization(axis=-1, epsilon=epsilon, dtype=dtype,
                           name="embeddings_layer_norm")(x)
    x = Dropout(dropout, dtype=dtype, name="embeddings_dropout")(x)
    for index in range(depth):
        block = TransformerEncoder(inter, heads, dropout=dropout, activation=activation,
                                   layer_norm_epsilon=epsilon, dtype=dtype,
                                   name=f"transformer_layer_{index}")
        x = block(x, padding_mask=inputs["padding_mask"])
    model = _finish(args, inputs, x)
    model.hidden_dim = hidden
    return model


def roberta_backbone(args: HubArgs) -> Model:
    """``RobertaBackbone``: ``embeddings (TokenAndPositionEmbedding)`` and encoders.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> roberta_backbone(HubArgs("RobertaBackbone", config, Context("m"))).count_params()
        6592
    """
    return _encoder_stack(args, "embeddings", 1e-5, "gelu")


def distil_bert_backbone(args: HubArgs) -> Model:
    """``DistilBertBackbone``: ``token_and_position_embedding`` and encoders.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=2, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> model = distil_bert_backbone(HubArgs("DistilBertBackbone", config, Context("m")))
        >>> model.layers[1].name, model.count_params()
        ('token_and_position_embedding', 6592)
    """
    return _encoder_stack(args, "token_and_position_embedding", 1e-12, "gelu")


def pooled_text_classifier(args: HubArgs, backbone: Model) -> Model:
    """``RobertaTextClassifier`` and ``DistilBertTextClassifier``: the first token, a pooled
    dense layer (tanh; DistilBERT: relu, no dropout before it), dropout, ``logits``.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(vocabulary_size=100, num_layers=1, num_heads=2, hidden_dim=16,
        ...               intermediate_dim=32, max_sequence_length=32)
        >>> backbone = roberta_backbone(HubArgs("RobertaBackbone", config, Context("m")))
        >>> task = pooled_text_classifier(HubArgs("RobertaTextClassifier", {"num_classes": 2},
        ...                                       Context("m")), backbone)
        >>> [op.name for op in task.operations][3:]
        ['get_item', 'pooled_dropout', 'pooled_dense', 'output_dropout', 'logits']
    """
    roberta = args.class_name.startswith("Roberta")
    dropout, dtype = args.float("dropout", 0.0 if roberta else 0.2), backbone.dtype
    inputs = backbone.input
    x = backbone(inputs)[:, 0, :]
    if roberta:
        x = Dropout(dropout, dtype=dtype, name="pooled_dropout")(x)
    hidden = args.get("hidden_dim", None)
    hidden = backbone.hidden_dim if hidden is None else args.int("hidden_dim")
    x = Dense(hidden, activation="tanh" if roberta else "relu", dtype=dtype,
              name="pooled_dense")(x)
    x = Dropout(dropout, dtype=dtype, name="output_dropout")(x)
    activation = args.get("activation", None)
    outputs = Dense(args.int("num_classes"), activation=activation if isinstance(
        activation, str) else None, dtype=dtype, name="logits")(x)
    return _finish(args, inputs, outputs)

"""MAC rules for PyTorch's fused attention and recurrent operators.

``nn.MultiheadAttention`` runs ``multi_head_attention_forward`` (or, in eval mode without
gradients, ``_native_multi_head_attention``; a whole ``TransformerEncoderLayer`` may run
``_transformer_encoder_layer_fwd``). With L queries, S keys, embedding E (key and value
widths Ek, Ev) and batch N:

    N·L·E·E (query projection) + N·S·E·Ek + N·S·E·Ev (key, value projections)
    + N·L·S·E (QKᵀ) + N·L·S·E (AV) + N·L·E·E (output projection)

``lstm``/``gru``/``rnn_tanh``/``rnn_relu`` apply every 2-D weight of every layer and
direction (``weight_ih``, ``weight_hh``, ``weight_hr``) once per step and batch element:
steps × batch × Σ|W|. Biases are not counted.

Example:
    >>> from modelviz.compute.operator_macs import count_operators
    >>> lstm = {"op": "lstm", "inputs": [(1, 7, 16), [(2, 1, 24), (2, 1, 24)],
    ...         [(96, 16), (96, 24), (96,), (96,), (96, 16), (96, 24), (96,), (96,)],
    ...         True, 1, 0.0, False, True, True], "outputs": []}
    >>> count_operators("torch", [lstm], batch=1)[0] == 7 * 2 * (96 * 16 + 96 * 24)
    True
"""

from __future__ import annotations

from typing import Any

from modelviz.compute.operator_macs import Operator, arg, register_operator, shape_arg, size
from modelviz.compute.registry import Count, UnknownDimensionError

__all__: list[str] = []


def _mha_count(batch: int, queries: int, keys: int, embed: int, projected: int) -> Count:
    """Attention at one batch: ``projected`` = MACs of the four projections per batch item."""
    attention = 2 * queries * keys * embed
    macs = batch * (projected + attention)
    return Count(macs, f"{batch} × ({projected:,} projections + {queries:,}×{keys:,}×{embed:,}"
                       f" QKᵀ + {queries:,}×{keys:,}×{embed:,} AV)")


@register_operator("torch", "multi_head_attention_forward")
def _multi_head_attention_forward(call: Operator) -> Count:
    """Sequence-first (L, N, E) or unbatched (L, E) query, key and value."""
    query, key, value = shape_arg(call, 0), shape_arg(call, 1), shape_arg(call, 2)
    batch = query[1] if len(query) == 3 else 1
    length, sources, embed = query[0], key[0], query[-1]
    if arg(call, 17, "use_separate_proj_weight", False):
        q_in = shape_arg(call, 18, "q_proj_weight")[-1]
    else:
        q_in = embed
    projected = length * embed * q_in + sources * embed * (key[-1] + value[-1])
    projected += length * embed * embed
    extra = int(arg(call, 7, "bias_k") is not None) + int(bool(arg(call, 9, "add_zero_attn")))
    return _mha_count(batch, length, sources + extra, embed, projected)


@register_operator("torch", "_native_multi_head_attention")
def _native_multi_head_attention(call: Operator) -> Count:
    """The eval fast path: batch-first (N, L, E) tensors, packed (3E, E) weights."""
    query, key = shape_arg(call, 0), shape_arg(call, 1)
    batch = query[0] if len(query) == 3 else 1
    length, sources, embed = query[-2], key[-2], query[-1]
    qkv, proj = shape_arg(call, 5, "qkv_weight"), shape_arg(call, 7, "proj_weight")
    projected = (length + 2 * sources) * size(qkv) // 3 + length * size(proj)
    return _mha_count(batch, length, sources, embed, projected)


@register_operator("torch", "_transformer_encoder_layer_fwd")
def _encoder_layer(call: Operator) -> Count:
    """A whole ``TransformerEncoderLayer`` in eval mode: self-attention and feed-forward."""
    src = shape_arg(call, 0)
    batch = src[0] if len(src) == 3 else 1
    length, embed = src[-2], src[-1]
    qkv, proj = shape_arg(call, 3, "qkv_weight"), shape_arg(call, 5, "proj_weight")
    ffn = size(shape_arg(call, 14, "ffn_weight_1")) + size(shape_arg(call, 16, "ffn_weight_2"))
    projected = length * (size(qkv) + size(proj) + ffn)
    return _mha_count(batch, length, length, embed, projected)


def _matrices(shapes: Any) -> int:
    if not isinstance(shapes, list):
        raise UnknownDimensionError
    return sum(size(s) for s in shapes if isinstance(s, (tuple, list)) and len(s) == 2)


@register_operator("torch", ("lstm", "gru", "rnn_tanh", "rnn_relu"))
def _recurrent(call: Operator) -> Count:
    """(input, hx, params, has_biases, layers, dropout, train, bidirectional, batch_first),
    or the packed form (data, batch_sizes, hx, params, ...)."""
    data = shape_arg(call, 0)
    if isinstance(arg(call, 3, "params"), list):  # packed: data is (every step of every row, in)
        rows, weights = data[0], _matrices(arg(call, 3, "params"))
    else:
        rows = data[0] if len(data) == 2 else data[0] * data[1]  # steps × batch, any order
        weights = _matrices(arg(call, 2, "params"))
    return Count(rows * weights, f"{rows:,} steps × {weights:,} weights")


@register_operator("torch", ("lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell"))
def _cell(call: Operator) -> Count:
    """(input, hx, w_ih, w_hh, ...): one step for each batch row."""
    x = shape_arg(call, 0)
    rows = x[0] if len(x) == 2 else 1
    weights = size(shape_arg(call, 2, "w_ih")) + size(shape_arg(call, 3, "w_hh"))
    return Count(rows * weights, f"{rows:,} rows × {weights:,} weights")

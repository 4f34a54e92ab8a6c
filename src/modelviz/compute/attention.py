"""MAC counters for attention and einsum layers: projections **and** the QKᵀ and AV products.

``MultiHeadAttention`` with h heads, key size k, value size v, Tq query positions and
Tk key/value positions costs

    Tq·|Wq| + Tk·|Wk| + Tk·|Wv| + Tq·|Wo|  (the four projections)
    + h·Tq·Tk·k  (QKᵀ)  + h·Tq·Tk·v  (AV)

Example:
    >>> from modelviz.compute.registry import LayerCall, count_call
    >>> mha = LayerCall("m", "MultiHeadAttention", {"num_heads": 2, "key_dim": 8},
    ...     [(None, 6, 16), (None, 9, 16)], [(None, 6, 16)],
    ...     {"query/kernel": (16, 2, 8), "key/kernel": (16, 2, 8),
    ...      "value/kernel": (16, 2, 8), "attention_output/kernel": (2, 8, 16)})
    >>> count_call(mha).macs == 6*256 + 9*256 + 9*256 + 6*256 + 2*6*9*8 + 2*6*9*8
    True
"""

from __future__ import annotations

import re
from math import prod
from typing import Any

from modelviz.compute.registry import (
    Count,
    LayerCall,
    UnknownDimensionError,
    dims_text,
    known,
    positions,
    register_macs,
)

__all__: list[str] = []


def _key_shape(call: LayerCall) -> tuple[Any, ...]:
    """The key's shape: a third input shaped like value (not an attention mask), else value."""
    value = call.input_shapes[1]
    if len(call.input_shapes) > 2:
        third = call.input_shapes[2]
        kernel = call.weights.get("key/kernel")
        if third[1:-1] == value[1:-1] and (kernel is None or third[-1] == kernel[0]):
            return tuple(third)
    return tuple(value)


def _attended(query: tuple[Any, ...], key: tuple[Any, ...],
              axes: Any) -> tuple[int, int, int]:
    """(other positions, attended query positions, attended key positions)."""
    inner = range(1, len(query) - 1)
    if axes is None:
        chosen = list(inner)
    else:
        axes = [axes] if isinstance(axes, int) else list(axes)
        chosen = [axis % (len(query) + 1) for axis in axes]  # Keras's projected rank
        if any(axis not in inner for axis in chosen):
            raise UnknownDimensionError
    others = positions(query[axis] for axis in inner if axis not in chosen)
    return others, positions(query[a] for a in chosen), positions(key[a] for a in chosen)


def _projection_terms(call: LayerCall, tq: int, tk: int) -> list[tuple[str, int, int]]:
    """(name, positions, kernel size) for each projection present."""
    uses = {"query": tq, "key": tk, "gate": tq, "value": tk, "attention_output": tq}
    return [(name, uses[name], prod(call.weights[f"{name}/kernel"])) for name in uses
            if f"{name}/kernel" in call.weights]


@register_macs("MultiHeadAttention")
def _multi_head_attention(call: LayerCall) -> Count:
    query, key = tuple(call.input_shapes[0]), _key_shape(call)
    heads = known(call.config["num_heads"])
    key_dim = known(call.config["key_dim"])
    value_dim = known(call.config.get("value_dim") or key_dim)
    others, tq_att, tk_att = _attended(query, key, call.config.get("attention_axes"))
    tq, tk = positions(query[1:-1]), positions(key[1:-1])
    terms = _projection_terms(call, tq, tk)
    scores = others * heads * tq_att * tk_att
    macs = sum(n * size for _, n, size in terms) + scores * (key_dim + value_dim)
    projections = " + ".join(f"{n:,}×{size:,} {name}" for name, n, size in terms)
    pairs = f"{heads} heads × {tq_att:,}×{tk_att:,} pairs"
    if others > 1:
        pairs = f"{others:,} × {pairs}"
    formula = (f"projections {projections} + QKᵀ {pairs} × {key_dim} + "
               f"AV {pairs} × {value_dim}")
    return Count(macs, formula)


def _query_value_key(call: LayerCall) -> tuple[tuple[Any, ...], ...]:
    query, value = call.input_shapes[0], call.input_shapes[1]
    key = call.input_shapes[2] if len(call.input_shapes) > 2 else value
    return tuple(query), tuple(value), tuple(key)


@register_macs("Attention")
def _attention(call: LayerCall) -> Count:
    """Luong attention: QKᵀ over the feature axis, then the scores times the value."""
    query, value, _ = _query_value_key(call)
    tq, tv = positions(query[1:-1]), positions(value[1:-1])
    dim, value_dim = known(query[-1]), known(value[-1])
    pairs = f"{tq:,}×{tv:,} pairs"
    if call.config.get("score_mode", "dot") == "concat":
        weights = tq * tv * (dim if call.config.get("use_scale") else 0) + tq * tv
        return Count(weights + tq * tv * value_dim,
                     f"concat scores {weights:,} + AV {pairs} × {value_dim}")
    return Count(tq * tv * (dim + value_dim),
                 f"QKᵀ {pairs} × {dim} + AV {pairs} × {value_dim}")


@register_macs("AdditiveAttention")
def _additive_attention(call: LayerCall) -> Count:
    """Bahdanau attention: scale · tanh(q + k) summed over features (a product with a
    weight per feature when ``use_scale``), then the scores times the value."""
    query, value, _ = _query_value_key(call)
    tq, tv = positions(query[1:-1]), positions(value[1:-1])
    dim, value_dim = known(query[-1]), known(value[-1])
    scale = tq * tv * dim if call.config.get("use_scale", True) else 0
    return Count(scale + tq * tv * value_dim,
                 f"scale {tq:,}×{tv:,}×{dim} + AV {tq:,}×{tv:,} pairs × {value_dim}")


def _letters(spec: str, shape: tuple[Any, ...]) -> tuple[dict[str, int], int]:
    """Sizes of an einsum operand's letters, and the product of its ``...`` axes."""
    letters = spec.replace("...", "")
    dims = list(shape)
    ellipsis = 1
    if "..." in spec:
        before = spec.index("...")
        extra = len(dims) - len(letters)
        ellipsis = positions(dims[before:before + extra])
        dims = dims[:before] + dims[before + extra:]
    if len(dims) != len(letters):
        raise UnknownDimensionError
    return {letter: known(d) for letter, d in zip(letters, dims, strict=True)}, ellipsis


@register_macs("EinsumDense")
def _einsum_dense(call: LayerCall) -> Count:
    """Every index of the equation is looped over once: the product of all their sizes."""
    equation = re.sub(r"\s", "", str(call.config["equation"]))
    sources, target = equation.split("->")
    operands = sources.split(",")
    sizes, ellipsis = _letters(operands[0], (1, *call.input_shapes[0][1:]))  # batch 1
    if "kernel" in call.weights:
        sizes.update(_letters(operands[1], call.weights["kernel"])[0])
    else:  # no weight shapes (a layer read from a file): the kernel's letters from the output
        output, _ = _letters(target, (1, *call.output_shapes[0][1:]))
        sizes.update({k: v for k, v in output.items() if k not in sizes})
        if any(letter not in sizes for letter in operands[1]):
            raise UnknownDimensionError
    macs = prod(sizes.values()) * ellipsis
    letters = "".join(sorted(sizes))
    return Count(macs, f"{equation}: {dims_text(sizes[c] for c in letters)} ({letters})"
                 + (f" × {ellipsis:,} (...)" if ellipsis > 1 else ""))

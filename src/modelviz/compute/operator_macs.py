"""MACs of a node from the operators it ran (PyTorch captures and ONNX files).

An importer that knows the operators inside a node stores them on each call as
``call["operators"]``: a list of ``{"op", "inputs", "attrs", "outputs"}`` records
(tensors as their shapes, lists one level deep, scalars and strings as they are). Each
operator is counted at the shapes it ran with, by a rule registered under
``"<source>:<op>"`` (``"torch:linear"``, ``"onnx:MatMul"``), and the node's count is the
sum of its operators: a module is counted by what it does, whatever its class. Names are
matched without leading or trailing underscores (ATen's ``_softmax``, in-place ``relu_``).

Counts are made at the example's batch and divided by the model's batch size (the first
axis of its first input), so reshapes that fold heads or windows into the batch axis
(``(B·heads, L, E)``) count right. An operator with no rule makes the node's count
unknown; shape-only and element-wise operators have rules that count 0.

Example:
    >>> linear = {"op": "linear", "inputs": [(2, 10, 16), (32, 16), (32,)], "attrs": {},
    ...           "outputs": [(2, 10, 32)]}
    >>> count_operators("torch", [linear], batch=2)
    (5120, 'linear 20 rows × 32×16 ÷ batch 2 = 5,120 MACs')
    >>> count_operators("torch", [{"op": "no_such_op"}], batch=1)
    (None, 'MACs unknown: no counting rule for the torch operator no_such_op')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from math import prod
from typing import Any

from modelviz.compute.registry import Count, UnknownDimensionError

__all__ = ["OPERATOR_COUNTERS", "Operator", "arg", "count_operators", "register_operator",
           "shape_arg", "size", "zero_operators"]


@dataclass(frozen=True)
class Operator:
    """One operator call: positional inputs, keyword attributes, output shapes."""

    op: str
    inputs: list[Any] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    outputs: list[Any] = field(default_factory=list)


OperatorCounter = Callable[[Operator], Count]

OPERATOR_COUNTERS: dict[str, OperatorCounter] = {}


def register_operator(source: str, ops: str | Iterable[str],
                      counter: OperatorCounter | None = None) -> Any:
    """Register ``counter`` for ``source`` operators (usable as a decorator).

    Example:
        >>> @register_operator("torch", "my_op")
        ... def _my_op(call):
        ...     return Count(size(call.outputs[0]), "one per output")
        >>> count_operators("torch", [{"op": "my_op", "outputs": [(1, 3)]}], batch=1)[0]
        3
        >>> del OPERATOR_COUNTERS["torch:my_op"]
    """
    names = [ops] if isinstance(ops, str) else list(ops)

    def add(function: OperatorCounter) -> OperatorCounter:
        for name in names:
            OPERATOR_COUNTERS[f"{source}:{name.strip('_')}"] = function
        return function

    return add if counter is None else add(counter)


def zero_operators(source: str, reason: str, ops: Iterable[str]) -> None:
    """Register operators without products (shape-only, element-wise...) as 0 MACs.

    Example:
        >>> zero_operators("torch", "element-wise", ["my_relu"])
        >>> count_operators("torch", [{"op": "my_relu"}], batch=1)
        (0, '0 MACs (element-wise)')
        >>> del OPERATOR_COUNTERS["torch:my_relu"]
    """
    def counter(call: Operator) -> Count:
        return Count(0, reason)
    register_operator(source, ops, counter)


def arg(call: Operator, index: int, name: str, default: Any = None) -> Any:
    """An argument given by position or by keyword.

    Example:
        >>> arg(Operator("sdpa", [(1, 2)], {"scale": 0.5}), 3, "scale")
        0.5
    """
    if index < len(call.inputs):
        return call.inputs[index]
    return call.attrs.get(name, default)


def shape_arg(call: Operator, index: int, name: str = "") -> tuple[int, ...]:
    """A tensor argument's shape; a missing or unknown one makes the count unknown.

    Example:
        >>> shape_arg(Operator("mm", [(2, 3), (3, 4)]), 1)
        (3, 4)
    """
    value = arg(call, index, name)
    if not isinstance(value, (tuple, list)) or any(not isinstance(d, int) for d in value):
        raise UnknownDimensionError
    return tuple(value)


def size(shape: Any) -> int:
    """Elements of a known shape.

    Example:
        >>> size((2, 3, 4)), size(())
        (24, 1)
    """
    if not isinstance(shape, (tuple, list)) or any(not isinstance(d, int) for d in shape):
        raise UnknownDimensionError
    return prod(shape)


def _record(data: dict[str, Any]) -> Operator:
    return Operator(str(data.get("op")), list(data.get("inputs") or ()),
                    dict(data.get("attrs") or {}), list(data.get("outputs") or ()))


def _one(source: str, data: dict[str, Any]) -> Count | str:
    """The count of one operator, or the reason it is unknown."""
    call = _record(data)
    # ``_softmax`` and ``softmax``, in-place ``relu_`` and ``relu``: the same products
    counter = OPERATOR_COUNTERS.get(f"{source}:{call.op.strip('_')}")
    if counter is None:
        return f"no counting rule for the {source} operator {call.op}"
    try:
        return counter(call)
    except (UnknownDimensionError, KeyError, IndexError, TypeError, ValueError,
            ZeroDivisionError):
        return f"a dimension the {source} operator {call.op} needs is unknown"


def count_operators(source: str, operators: list[dict[str, Any]],
                    batch: int) -> tuple[int | None, str]:
    """The MACs of one call made of ``operators`` at batch 1, and the explanation."""
    total, terms, reason = 0, [], "no operators"
    for data in operators:
        count = _one(source, data)
        if isinstance(count, str):
            return None, f"MACs unknown: {count}"
        formula, macs = count.formula, count.macs
        if macs and batch > 1 and macs % batch == 0:
            formula, macs = f"{formula} ÷ batch {batch}", macs // batch
        total += macs
        if macs:
            terms.append((str(data.get("op")), macs, formula))
        reason = formula if len(operators) == 1 else \
            f"{len(operators)} operators, none with weight products"
    return total, _explanation(total, terms, reason)


def _explanation(total: int, terms: list[tuple[str, int, str]], reason: str) -> str:
    if not terms:
        return f"0 MACs ({reason})"
    if len(terms) == 1:
        op, _, formula = terms[0]
        return f"{op} {formula} = {total:,} MACs"
    shown = " + ".join(f"{op} {macs:,}" for op, macs, _ in terms[:6])
    more = f" + {len(terms) - 6} more" if len(terms) > 6 else ""
    return f"{shown}{more} = {total:,} MACs"

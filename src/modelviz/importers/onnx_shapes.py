"""Shapes that ``onnx.shape_inference`` leaves unknown, found by evaluating shape arithmetic.

Exporters compute reshape targets from the input's shape (``Shape`` → ``Gather`` →
``Div`` → ``Concat`` → ``Reshape``, as Swin's window partition does); ONNX's inference
does not evaluate those, so every later shape is unknown. :func:`evaluate_shapes` walks
the graph once in its (topological) order: small integer tensors computed from constants
and static shapes are evaluated with NumPy (``Shape``, ``Gather``, ``Slice``, ``Concat``,
``Unsqueeze``, ``Squeeze``, ``Cast``, arithmetic, ``Range``, ``ConstantOfShape``...),
every other operator's output type comes from ONNX's own per-node inference given those
values (``onnx.shape_inference.infer_node_outputs``).

A symbolic first axis of a graph input (the batch) is set to 1 for the shapes MACs are
counted with, and to 2 in a second walk: a dimension that differs between the walks
depends on the batch and is shown as unknown (``None``). Other symbolic dimensions stay
unknown, nothing is guessed.

Example:
    >>> import importlib.util
    >>> if importlib.util.find_spec("onnx"):  # an optional extra: CI installs it
    ...     import onnx
    ...     model = onnx.load("tests/fixtures/onnx/swin.onnx", load_external_data=False)
    ...     inferred = {v.name: v for v in onnx.shape_inference.infer_shapes(model).graph.value_info
    ...                 if all(d.HasField("dim_value") for d in v.type.tensor_type.shape.dim[1:])}
    ...     shown, counted = evaluate_shapes(onnx, model, {})
    ...     scores = "/features/features.1/features.1.0/attn/MatMul_output_0"  # QKᵀ
    ...     print(shown[scores], counted[scores], "unknown before:", scores not in inferred)
    ... else:  # what onnx 1.23 gives for torch's export of the small Swin fixture
    ...     print((None, 2, 16, 16), (16, 2, 16, 16), "unknown before:", True)
    (None, 2, 16, 16) (16, 2, 16, 16) unknown before: True
"""

from __future__ import annotations

from itertools import chain, compress
from operator import attrgetter, is_, itemgetter
from typing import Any, Final

from modelviz.importers.onnx_values import evaluate
from modelviz.limits import SHAPE_VALUE_ELEMENTS

__all__ = ["evaluate_shapes", "operator_record", "record_shapes"]


Shape = tuple[Any, ...] | None
_OUTPUTS: Final = attrgetter("output")
_ALL: Final = itemgetter(slice(None))  # a protobuf list as a Python list: quicker to read
_FIRST: Final = itemgetter(0)
_SHAPE: Final = itemgetter(1)


def evaluate_shapes(onnx: Any, model: Any, inferred: dict[str, Shape],
                    named: dict[str, list[Any]] | None = None
                    ) -> tuple[dict[str, Shape], dict[str, Shape]]:
    """(shapes to show, shapes at batch 1 to count MACs with) of the main graph's tensors.

    ``inferred`` (ONNX's own inference, subgraphs included) wins wherever it knows a
    dimension; tensors of subgraphs keep its shapes. ``named`` (each tensor's dimensions
    as values or symbol names) lets a graph that inference fully resolved skip the walks:
    its batch symbol is simply 1.
    """
    import numpy as np

    symbols = {i.type.tensor_type.shape.dim[0].dim_param for i in model.graph.input
               if _symbolic_batch(i)}
    resolved = None if named is None else _counted_if_resolved(model, inferred, named, symbols)
    if resolved is not None:
        return dict(inferred), resolved
    first = _Walk(onnx, np, model, 1).run()
    second = _Walk(onnx, np, model, 2).run() if symbols else first
    shown: dict[str, Shape] = dict(inferred)
    counted: dict[str, Shape] = {}
    for name, one in first.items():
        shown[name] = _prefer(inferred.get(name), _agree(one, second.get(name)))
        counted[name] = _prefer(inferred.get(name), one)
    return shown, counted


def _counted_if_resolved(model: Any, inferred: dict[str, Shape], named: dict[str, list[Any]],
                         symbols: set[str]) -> dict[str, Shape] | None:
    """Shapes at batch 1 (initializers too) if every operator output has a shape whose
    unknown dimensions are the inputs' batch symbols, else None (inference names what it
    cannot compute ``unk__0``...: not resolved).

    Each distinct (shape, dimension names) pair is checked and set to batch 1 once; the
    per-tensor loops run in C (``map``, ``zip``, ``dict``).
    """
    keys, pairs = _pairs(inferred, named)
    bad = {key for key, (shape, names) in pairs.items() if not _good(shape, names, symbols)}
    outputs = list(filter(None, chain.from_iterable(map(_ALL, map(_OUTPUTS,
                                                                   model.graph.node)))))
    if not all(map(inferred.__contains__, outputs)):
        return None  # an operator output inference gave no type
    if bad and not set(compress(inferred, map(bad.__contains__, keys))).isdisjoint(outputs):
        return None
    same: dict[Shape, Shape] = {}  # equal shapes: one shared tuple
    ones = {key: shape if shape is None or None not in shape else
            same.setdefault(one := _batch_one(shape, names, symbols), one)
            for key, (shape, names) in pairs.items()}
    counted = {t.name: tuple(t.dims[:]) for t in model.graph.initializer}  # ints; [:] is quick
    counted.update(zip(inferred, map(ones.__getitem__, keys), strict=True))
    return counted


def _pairs(inferred: dict[str, Shape], named: dict[str, list[Any]]
           ) -> tuple[list[Any], dict[Any, tuple[Shape, list[Any] | None]]]:
    """Each tensor's key and each key's (shape, dimension names), by identity.

    Tensors of one type share their shape tuple and dimension list
    (:func:`modelviz.importers.onnx_file._infer_shapes`): the list's ``id`` is the key
    when each list goes with one shape, else the pair of ``id``.
    """
    shapes = list(inferred.values())
    dims = list(map(named.get, inferred))
    keys: list[Any] = list(map(id, dims))
    pairs = dict(zip(keys, zip(shapes, dims, strict=True), strict=True))
    if not all(map(is_, shapes, map(_FIRST, map(pairs.__getitem__, keys)))):
        keys = list(zip(map(id, shapes), keys, strict=True))  # a list with several shapes
        pairs = dict(zip(keys, zip(shapes, dims, strict=True), strict=True))
    return keys, pairs


def _good(shape: Shape, dims: list[Any] | None, symbols: set[str]) -> bool:
    """Every dimension known, or the unknown ones named by a batch symbol."""
    if shape is not None and None not in shape:
        return True
    if shape is not None and shape[0] is None and None not in shape[1:] \
            and (dims or (None,))[0] in symbols:
        return True  # only the batch symbol unknown
    return shape is not None and not any(
        d is None and n not in symbols
        for d, n in zip(shape, dims or [None] * len(shape), strict=False))


def _batch_one(shape: Shape, named: list[Any] | None, symbols: set[str]) -> Shape:
    if shape is None or not named or len(named) != len(shape):
        return shape
    if shape[0] is None and None not in shape[1:]:  # the usual: only the batch unknown
        return (1, *shape[1:]) if named[0] in symbols else shape
    return tuple(1 if d is None and n in symbols else d for d, n in zip(shape, named, strict=True))


def _agree(one: Shape, two: Shape) -> Shape:
    if one is None or two is None or len(one) != len(two):
        return None
    return tuple(a if a == b else None for a, b in zip(one, two, strict=True))


def _prefer(known: Shape, found: Shape) -> Shape:
    if known is None or found is None or len(known) != len(found):
        return known if known is not None else found
    return tuple(k if k is not None else f for k, f in zip(known, found, strict=True))


def _symbolic_batch(info: Any) -> bool:
    dims = info.type.tensor_type.shape.dim
    return bool(dims) and not dims[0].HasField("dim_value")


class _Walk:
    """One pass over the main graph with the batch axis set to ``batch``."""

    def __init__(self, onnx: Any, np: Any, model: Any, batch: int) -> None:
        self.onnx, self.np, self.model, self.batch = onnx, np, model, batch
        self.types: dict[str, Any] = {}
        self.values: dict[str, Any] = {}
        self.schemas: dict[tuple[str, str], Any] = {}
        self.opset = next((o.version for o in model.opset_import
                           if o.domain in ("", "ai.onnx")), 17)

    def run(self) -> dict[str, Shape]:
        graph = self.model.graph
        for tensor in graph.initializer:
            self.types[tensor.name] = self.onnx.helper.make_tensor_type_proto(
                tensor.data_type, list(tensor.dims))
        for info in graph.input:
            if info.name not in self.types:
                self.types[info.name] = self._input_type(info)
        for node in graph.node:
            self._visit(node)
        return {name: _shape_of(t) for name, t in self.types.items()}

    def _input_type(self, info: Any) -> Any:
        kind = self.onnx.TypeProto()
        kind.CopyFrom(info.type)
        dims = kind.tensor_type.shape.dim
        if dims and not dims[0].HasField("dim_value"):
            dims[0].dim_value = self.batch
        return kind

    def _visit(self, node: Any) -> None:
        value = None
        if not node.domain or node.domain == "ai.onnx":
            try:
                value = evaluate(self.np, self.onnx, node, self.values, self.types)
            except Exception:  # a value we cannot compute: ONNX's inference decides
                value = None
        if value is not None and value.size <= SHAPE_VALUE_ELEMENTS:
            self.values[node.output[0]] = value
            self.types[node.output[0]] = self.onnx.helper.make_tensor_type_proto(
                self.onnx.helper.np_dtype_to_tensor_dtype(value.dtype), list(value.shape))
            return
        for name, kind in self._infer(node).items():
            self.types[name] = kind

    def _infer(self, node: Any) -> dict[str, Any]:
        schema = self._schema(node)
        if schema is None:
            return {}
        inputs = {n: self.types[n] for n in node.input if n in self.types}
        data = {n: self.onnx.numpy_helper.from_array(self.values[n], n)
                for n in node.input if n in self.values}
        try:
            return dict(self.onnx.shape_inference.infer_node_outputs(
                schema, node, inputs, data, opset_imports=list(self.model.opset_import)))
        except Exception:  # inference refused (a missing input type...): outputs unknown
            return {}

    def _schema(self, node: Any) -> Any:
        key = (node.op_type, node.domain)
        if key not in self.schemas:
            try:
                self.schemas[key] = self.onnx.defs.get_schema(node.op_type, self.opset,
                                                              node.domain)
            except Exception:  # custom domains have no schema
                self.schemas[key] = None
        return self.schemas[key]


def _shape_of(kind: Any) -> Shape:
    if not kind.HasField("tensor_type") or not kind.tensor_type.HasField("shape"):
        return None
    return tuple(d.dim_value if d.HasField("dim_value") else None
                 for d in kind.tensor_type.shape.dim)


def record_shapes(counted: dict[str, Shape], shapes: dict[str, Shape]) -> dict[str, Shape]:
    """Each tensor's shape for MAC records: at batch 1 where known, else as inferred.

    Example:
        >>> record_shapes({"x": (1, 4), "y": None}, {"x": (None, 4), "y": (None, 2)})
        {'x': (1, 4), 'y': (None, 2)}
    """
    best = dict(shapes)
    best.update(filter(_SHAPE, counted.items()))  # the known ones (not None, not ()), in C
    return best


def operator_record(op_type: str, inputs: list[str], outputs: list[str],
                    attrs: dict[str, Any], known: dict[str, Shape],
                    written: tuple[list[str], list[str]] | None = None) -> dict[str, Any]:
    """The operator record MAC rules read (:mod:`modelviz.compute.operator_macs`): every
    input's shape at batch 1 in the operator's order (``None`` for an absent input).

    ``known``: each tensor's shape (:func:`record_shapes`). ``inputs`` and ``outputs``:
    the operator's tensor names (``""`` for an absent one); inside a function body,
    renamed into the graph's namespace, and ``written`` holds them as the body wrote them
    (absent there: ``""``).

    Example:
        >>> operator_record("MatMul", ["x", "w"], ["y"], {},
        ...                 {"x": (1, 4), "w": (4, 2), "y": (1, 2)})
        {'op': 'MatMul', 'inputs': [(1, 4), (4, 2)], 'attrs': {}, 'outputs': [(1, 2)]}
    """
    get = known.get  # no Python frame per tensor
    if written is None:
        if "" not in inputs and "" not in outputs:  # the usual case: map, no frame at all
            return {"op": op_type, "inputs": list(map(get, inputs)), "attrs": attrs,
                    "outputs": list(map(get, outputs))}
        return {"op": op_type, "inputs": [get(n) if n else None for n in inputs],
                "attrs": attrs, "outputs": [get(n) if n else None for n in outputs]}
    return {"op": op_type,
            "inputs": [get(n) if w else None for n, w in zip(inputs, written[0], strict=True)],
            "attrs": attrs,
            "outputs": [get(n) if w else None
                        for n, w in zip(outputs, written[1], strict=True)]}

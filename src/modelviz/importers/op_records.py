"""The records of an imported model's graph (schema in :mod:`modelviz.graph`): one per
operation, one per scope (module) holding operations. :mod:`modelviz.importers.op_graph`
decides which exist, in which order, and wires them.

Each record is a copy of a template then filled in: copying a dict's keys costs less than
building a literal of 23 keys, and at 100,000 operations that is a tenth of a second.

Example:
    >>> weight_size((64, 3, 7, 7))
    9408
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from modelviz.importers.imported import Op, Shape

__all__ = ["finish_scope", "op_record", "scope_record", "weight_size"]

_NO_BORDER: Final = {"in_index": {}, "out_index": {}, "in_shapes": {}, "out_shapes": {}}


def op_record(op: Op, parent: str | None, get: Any, index: int,
              whole: bool = False) -> dict[str, Any]:
    """The graph record of ``op`` inside scope ``parent`` (``get``: the shapes' ``get``);
    ``whole``: the op is a whole module (its scope collapsed into it).

    Example:
        >>> op = Op("fc", "MatMul", ("layer",), [(["x"], ["y"])],
        ...         [{"name": "w", "shape": (4, 2), "trainable": True}])
        >>> node = op_record(op, "layer", {"x": (1, 4), "y": (1, 2)}.get, 3)
        >>> node["depth"], node["input_shapes"], node["params"], node["index"]
        (1, [(1, 4)], 8, 3)
    """
    if len(op.calls) == 1:  # the usual case: no loop; map(), not comprehensions: no frame
        ins, outs = op.calls[0]
        last = {"input_shapes": list(map(get, ins)), "output_shapes": list(map(get, outs))}
        if op.operators:
            last["operators"] = op.operators[0]
        calls = [last]
    else:
        calls = [{"input_shapes": list(map(get, ins)), "output_shapes": list(map(get, outs))}
                 for ins, outs in op.calls]
        for call, operators in zip(calls, op.operators, strict=False):
            call["operators"] = operators
        last = calls[-1] if calls else {"input_shapes": [], "output_shapes": []}
    weights = op.weights
    params = trainable = 0
    for weight in weights:  # most operators have none
        size = weight_size(weight["shape"])
        params += size
        if weight["trainable"]:
            trainable += size
    # a copy of a dict's keys is cheaper than a literal's build; a whole module's template
    # has its flag already (one key more on a copy of 21 regrows its table)
    node = (_WHOLE_RECORD if whole and not op.attributes else _OP_RECORD).copy()
    node["name"], node["class_name"], node["index"] = op.name, op.class_name, index
    node["depth"] = 0 if parent is None else parent.count("/") + 1
    node["parent"], node["is_operation"] = parent, op.is_operation
    node["input_shapes"], node["output_shapes"] = last["input_shapes"], last["output_shapes"]
    node["calls"], node["config"] = calls, op.config
    if weights:
        node["dtype"] = str(weights[0].get("dtype", "float32"))
    node["connected_to"], node["inbound"] = [], []
    node["weights"] = list(weights)  # the records shared, never changed
    node["params"], node["trainable_params"] = params, trainable
    node["non_trainable_params"], node["explanation"] = params - trainable, op.explanation
    if op.attributes:  # most operators have none: no merge
        node.update(op.attributes)
        if whole:
            node["whole_module"] = True
    return node


def scope_record(path: tuple[str, ...], class_name: str, index: int) -> dict[str, Any]:
    """A scope's record as it opens; :func:`finish_scope` fills in what the scope holds.

    Example:
        >>> node = scope_record(("block", "fc"), "Linear", 1)
        >>> node["name"], node["parent"], node["depth"], node["is_model"]
        ('fc', 'block', 1, True)
    """
    node = _SCOPE_RECORD.copy()
    node["name"], node["class_name"], node["index"] = path[-1], class_name, index
    node["depth"], node["parent"] = len(path) - 1, "/".join(path[:-1]) or None
    node["config"], node["connected_to"], node["inbound"] = {}, [], []
    return node


def finish_scope(node: dict[str, Any], members: dict[str, dict[str, Any]],
                 border: dict[str, Any] | None) -> None:
    """Fill in a scope's record: its weights (each once), counts, border keys and shapes.

    ``members``: the weights of the operations inside, by name; ``border``: what crosses
    the scope's border (:func:`modelviz.importers.op_stream.cross`; None: nothing).

    Example:
        >>> node = scope_record(("block", "fc"), "Linear", 1)
        >>> finish_scope(node, {"w": {"name": "w", "shape": (4, 2), "trainable": False}},
        ...              {"in_index": {"block/fc/mm": 0}, "out_index": {},
        ...               "in_shapes": {"x": (1, 4)}, "out_shapes": {}})
        >>> node["non_trainable_params"], node["explanation"]
        (8, '1 weight tensors = 8')
        >>> node["inner_inputs"], node["input_shapes"]
        (['block/fc/mm'], [(1, 4)])
    """
    weights = list(members.values())  # the operators' own records: read, never changed
    total = trainable = 0
    for weight in weights:
        size = weight_size(weight["shape"])
        total += size
        trainable += size if weight["trainable"] else 0
    border = border or _NO_BORDER
    inputs, outputs = list(border["in_shapes"].values()), list(border["out_shapes"].values())
    node["input_shapes"], node["output_shapes"] = inputs, outputs
    node["calls"] = [{"input_shapes": inputs, "output_shapes": outputs}]
    node["weights"], node["params"], node["trainable_params"] = weights, total, trainable
    node["non_trainable_params"] = total - trainable
    node["explanation"] = _scope_explanation(len(weights), total)
    node["inner_inputs"], node["inner_outputs"] = list(border["in_index"]), list(
        border["out_index"])


# Every record has these keys in this order (copied, then the values set): schema in
# modelviz.graph. The values here are the defaults; mutable ones are always replaced.
_OP_RECORD: Final = {
    "name": "", "class_name": "", "index": 0, "depth": 0, "parent": None, "is_model": False,
    "is_operation": False, "input_shapes": None, "output_shapes": None, "calls": None,
    "dtype": "float32", "trainable": True, "config": None, "activation": None,
    "connected_to": None, "inbound": None, "weights": None, "params": 0,
    "trainable_params": 0, "non_trainable_params": 0, "explanation": ""}
_WHOLE_RECORD: Final = {**_OP_RECORD, "whole_module": True}
_SCOPE_RECORD: Final = {**_OP_RECORD, "is_model": True, "inner_inputs": None,
                        "inner_outputs": None}


@lru_cache(maxsize=4096)
def _scope_explanation(tensors: int, total: int) -> str:
    """One string for the scopes of equal counts (formatting a number costs a microsecond)."""
    return f"{tensors} weight tensors = {total:,}"


def weight_size(shape: Shape) -> int:
    """Elements of a weight of ``shape`` (each dimension read as an int).

    Example:
        >>> weight_size((16, 16)), weight_size(())
        (256, 1)
    """
    size = 1
    for dim in shape:
        size *= int(dim)
    return size

"""Fold the operations that only build masks and positions into one ``mask`` node each.

Transformers compute attention masks and position indices from shapes, constants and
integer inputs (``arange``, ``unsqueeze``, ``expand``, ``masked_fill``...): a dozen
operation nodes that hide the layers. An operation is *plumbing* when it reads no weight,
runs inside no leaf module and none of its inputs comes from the model's floating-point
data (a float input, a module's output, or an operation on those). Each connected group
of two or more plumbing operations becomes one node, class ``Mask`` (``Constants`` when
it reads no input at all), marked ``auxiliary`` so a diagram can draw it small; a group
whose results nothing reads (dead code, such as position ids a model computes and then
ignores) is left out. Such a group reads only model inputs, so folding it keeps the
graph acyclic.
"""

from __future__ import annotations

from typing import Any

from modelviz.importers.op_graph import Op

__all__ = ["fold_plumbing"]


def fold_plumbing(ops: list[Op], data_inputs: set[str], outputs: list[str]) -> list[Op]:
    """``ops`` with each connected group of plumbing operations folded into one node.

    Example:
        >>> ops = [Op("arange", "arange", calls=[([], ["arange"])], is_operation=True),
        ...        Op("pos", "arange", calls=[([], ["pos"])], is_operation=True),  # unused
        ...        Op("lt", "lt", calls=[(["arange", "ids"], ["lt"])], is_operation=True),
        ...        Op("attn", "Attention", calls=[(["x", "lt"], ["attn"])])]
        >>> [(op.name, op.class_name, op.calls) for op in fold_plumbing(ops, {"x"}, ["attn"])]
        [('mask', 'Mask', [(['ids'], ['lt'])]), ('attn', 'Attention', [(['x', 'lt'], ['attn'])])]
    """
    plumbing = _plumbing(ops, data_inputs)
    if not plumbing:
        return ops
    groups = _groups(ops, plumbing)
    members: dict[int, list[int]] = {}
    for index in sorted(plumbing):
        members.setdefault(groups[index], []).append(index)
    read_outside = _read_outside(ops, plumbing, outputs)
    folded: list[Op] = []
    taken: set[str] = {op.name for op in ops}
    serial = [0]  # the next suffix to try: names go up, so no name is tried twice
    for index, op in enumerate(ops):
        group = members.get(groups.get(index, -1), [])
        if index not in plumbing:
            folded.append(op)
        elif len(group) == 1:  # a lone operation (``input_ids.view(...)``) stays as it is
            if any(t in read_outside for _, outs in op.calls for t in outs):
                folded.append(op)
        elif index == group[0]:
            node = _fold([ops[i] for i in group], read_outside)
            if node.calls[0][1]:  # a group nobody reads computes nothing the model uses
                node.name = _unique("mask", taken, serial)
                folded.append(node)
    return folded


def _plumbing(ops: list[Op], data_inputs: set[str]) -> set[int]:
    data = set(data_inputs)
    found: set[int] = set()
    for index, op in enumerate(ops):
        ins = [t for inputs, _ in op.calls for t in inputs]
        if op.is_operation and not op.weights and not any(t in data for t in ins):
            found.add(index)
        else:
            data.update(t for _, outs in op.calls for t in outs)
    return found


def _groups(ops: list[Op], plumbing: set[int]) -> dict[int, int]:
    """Connected groups of plumbing ops (union-find over the tensors they share)."""
    parent = {i: i for i in plumbing}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    producer: dict[str, int] = {}
    for index in sorted(plumbing):
        for inputs, outs in ops[index].calls:
            for tensor in inputs:
                if tensor in producer:
                    parent[root(index)] = root(producer[tensor])
            producer.update((t, index) for t in outs)
    return {i: root(i) for i in plumbing}


def _read_outside(ops: list[Op], plumbing: set[int], outputs: list[str]) -> set[str]:
    read = {t for index, op in enumerate(ops) if index not in plumbing
            for inputs, _ in op.calls for t in inputs}
    return read | set(outputs)


def _fold(members: list[Op], read_outside: set[str]) -> Op:
    made = {t for op in members for _, outs in op.calls for t in outs}
    inputs = list(dict.fromkeys(t for op in members for ins, _ in op.calls for t in ins
                                if t not in made))
    outputs = [t for op in members for _, outs in op.calls for t in outs if t in read_outside]
    scope = _common_prefix([op.scope for op in members])
    operators: list[Any] = [r for op in members for r in op.attributes.get("operators", [])]
    kinds = list(dict.fromkeys(op.class_name for op in members))
    shown = ", ".join(kinds[:6]) + (", …" if len(kinds) > 6 else "")
    explanation = (f"{len(members)} operations on shapes, constants and integer inputs "
                   f"({shown}); no weights")
    return Op("mask", "Mask" if inputs else "Constants", scope, [(inputs, outputs)], [],
              explanation, {"op": "mask", "operations": kinds}, is_operation=True,
              attributes={"operators": operators, "auxiliary": True,
                          "folded_operations": len(members)},
              operators=[[r for op in members for call in op.operators for r in call]])


def _common_prefix(scopes: list[tuple[str, ...]]) -> tuple[str, ...]:
    prefix = scopes[0]
    for scope in scopes[1:]:
        depth = 0
        while depth < min(len(prefix), len(scope)) and prefix[depth] == scope[depth]:
            depth += 1
        prefix = prefix[:depth]
    return prefix


def _unique(base: str, taken: set[str], serial: list[int]) -> str:
    name = base if serial[0] == 0 else f"{base}_{serial[0]}"
    while name in taken:
        serial[0] += 1
        name = f"{base}_{serial[0]}"
    taken.add(name)
    return name

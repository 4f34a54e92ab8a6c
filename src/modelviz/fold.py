"""Fold repeated blocks: consecutive runs of identical layers or blocks become one node.

``fold_graph(G)`` is a pure function of a model graph (schema in :mod:`modelviz.graph`):
it returns a new graph in which each run of two or more structurally identical blocks
(same classes, same configs apart from names, same wiring) at the top level is one
*group* node, so the emitters draw it once with a ``×N`` badge and its shape range and
summarise it as one row with the summed parameters. Graph totals never change.

A block is ``k`` consecutive layers in definition order. Layer ``i`` gets a token:
its class, its config without the name, and for each inbound layer the distance back
to it; a run of blocks is a stretch where every token equals the one ``k``
places earlier (a tandem repeat). Scanning is one pass with periods up to
``MAX_BLOCK`` layers, so it stays linear in the number of layers. When a run could
start at several offsets inside the first block, the offset whose block names share
the longest common prefix wins (``conv2_block2_1_conv`` ... ``conv2_block2_out``).

Group nodes carry the normal node attributes (``params`` summed, ``input_shapes`` of
the first member, ``output_shapes`` of the last) plus ``group``: ``{"repeats": int,
"block_size": int, "block_classes": [str], "members": [keys]}``.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> G = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(5)]).to_graph()
    >>> F = fold_graph(G)
    >>> len(G), len(F), F.graph["total_params"] == G.graph["total_params"]
    (5, 1, True)
    >>> F.nodes["dense … dense_4"]["class_name"], F.nodes["dense … dense_4"]["params"]
    ('Dense ×5', 360)
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx

from modelviz.gcpause import paused_gc

__all__ = ["MAX_BLOCK", "fold_graph"]

MAX_BLOCK: Final = 64  # the longest block (in layers) looked for
_ELLIPSIS: Final = " … "


def fold_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Return a copy of ``graph`` with runs of repeated top-level blocks folded into groups."""
    with paused_gc():
        if graph.graph.get("fold_scopes"):
            return _fold_scopes(graph)
        keys = [key for key, depth in graph.nodes(data="depth") if depth == 0]
        runs = _find_runs(keys, _tokens(graph, keys))
        return _folded(graph, keys, runs) if runs else graph.copy()


def _tokens(graph: nx.DiGraph, keys: list[str]) -> list[Any]:
    """One hashable token per top-level layer; nested models never match anything."""
    position = {key: index for index, key in enumerate(keys)}
    tokens: list[Any] = []
    for index, key in enumerate(keys):
        data = graph.nodes[key]
        if data["is_model"]:
            tokens.append(("model", index))
            continue
        # repr of plain data: as exact as JSON and several times faster on big models
        config = repr(sorted((k, v) for k, v in data["config"].items() if k != "name"))
        # A source outside the list (a Sequential's InputLayer) counts as just before it.
        wiring = tuple(index - position.get(name, -1) for name in data["inbound"])
        tokens.append((data["class_name"], config, wiring))
    return tokens


def _find_runs(keys: list[str], tokens: list[Any]) -> list[tuple[int, int, int]]:
    """``(start, block_size, repeats)`` of every folded run, left to right, not overlapping."""
    runs, i, n = [], 0, len(tokens)
    while i < n:
        best = _best_run(keys, tokens, i)
        if best is None:
            i += 1
            continue
        runs.append(best)
        i = best[0] + best[1] * best[2]
    return runs


def _best_run(keys: list[str], tokens: list[Any], i: int) -> tuple[int, int, int] | None:
    """The run of repeats beginning within one block of ``i`` that covers the most layers."""
    best: tuple[int, int, int] | None = None
    for k in range(1, min(MAX_BLOCK, (len(tokens) - i) // 2) + 1):
        if tokens[i + k] != tokens[i]:
            continue
        length = k
        while i + length < len(tokens) and tokens[i + length] == tokens[i + length - k]:
            length += 1
        if length < 2 * k:
            continue
        start = _best_phase(keys, tokens, i, k, length)
        if start is None:
            continue
        repeats = (length - (start - i)) // k
        if best is None or repeats * k > best[1] * best[2]:
            best = (start, k, repeats)
        if best[0] == i and best[1] * best[2] == len(tokens) - i:
            break  # covers everything left: a longer block cannot do better
    return best


def _best_phase(keys: list[str], tokens: list[Any], i: int, k: int, length: int) -> int | None:
    """Where the first block starts: full repeats first, then the most name-like block.

    None when the blocks do not feed one another (parallel branches are not a run)."""
    options = []
    for shift in range(k):
        repeats = (length - shift) // k
        if repeats < 2:
            break
        if _chained(tokens, i + shift, k):
            prefix = _shared_prefix(keys[i + shift:i + shift + k])
            options.append((-repeats, -prefix, shift))
    return i + min(options)[2] if options else None


def _shared_prefix(names: list[str]) -> int:
    """Length of the text every name starts with (characters, not path parts)."""
    first, last = min(names), max(names)  # the extremes differ first
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return length


def _chained(tokens: list[Any], start: int, k: int) -> bool:
    """True when some layer of the second block reads from the first block."""
    for offset in range(k):
        for distance in tokens[start + k + offset][2]:
            if offset < distance <= offset + k:
                return True
    return False


def _folded(graph: nx.DiGraph, keys: list[str],
            runs: list[tuple[int, int, int]]) -> nx.DiGraph:
    """The new graph: group nodes in place of their members, edges rewired to them."""
    owner: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    for start, k, repeats in runs:
        members = keys[start:start + k * repeats]
        attributes = _group_attributes(graph, members, k, repeats)
        groups[members[0]] = attributes
        for key in members:
            owner[key] = attributes["name"]
    folded = nx.DiGraph()
    folded.graph.update(graph.graph)
    for attr in ("inputs", "outputs"):
        folded.graph[attr] = list(dict.fromkeys(owner.get(k, k) for k in graph.graph[attr]))
    for key, data in graph.nodes(data=True):
        if key in groups:
            folded.add_node(groups[key]["name"], **groups[key])
        elif key not in owner:
            folded.add_node(key, **data)
    for u, v, data in graph.edges(data=True):
        source, target = owner.get(u, u), owner.get(v, v)
        if source != target and not folded.has_edge(source, target):
            folded.add_edge(source, target, **data)
    return folded


def _group_attributes(graph: nx.DiGraph, members: list[str], k: int,
                      repeats: int) -> dict[str, Any]:
    first, last = graph.nodes[members[0]], graph.nodes[members[-1]]
    classes = [graph.nodes[key]["class_name"] for key in members[:k]]
    known = all(graph.nodes[key]["params"] is not None for key in members)
    params = _sum(graph, members, "params") if known else None
    label = classes[0] if k == 1 else f"{k}-layer block"
    inside = set(members)
    return {
        "name": f"{first['name']}{_ELLIPSIS}{last['name']}", "class_name": f"{label} ×{repeats}",
        "index": first["index"], "depth": 0, "parent": None, "is_model": False,
        "is_operation": False, "input_shapes": first["input_shapes"],
        "output_shapes": last["output_shapes"],
        "calls": [{"input_shapes": first["input_shapes"],
                   "output_shapes": last["output_shapes"]}],
        "dtype": first["dtype"], "trainable": all(graph.nodes[m]["trainable"] for m in members),
        "config": {}, "activation": None,
        "connected_to": [c for c in first["connected_to"] if c.split("[", 1)[0] not in inside],
        "inbound": [name for name in first["inbound"] if name not in inside],
        "weights": [w for key in members for w in graph.nodes[key]["weights"]],
        "params": params,
        "trainable_params": _sum(graph, members, "trainable_params") if known else None,
        "non_trainable_params": _sum(graph, members, "non_trainable_params") if known else None,
        "explanation": f"{repeats} × [{', '.join(classes)}] = "
                       + (f"{params:,}" if params is not None else "?"),
        "group": {"repeats": repeats, "block_size": k, "block_classes": classes,
                  "members": list(members)},
        **_group_compute(graph, members, repeats, classes),
    }


def _group_compute(graph: nx.DiGraph, members: list[str], repeats: int,
                   classes: list[str]) -> dict[str, Any]:
    """Summed MACs (None if any is unknown) and the last member's activation bytes."""
    if "macs" not in graph.nodes[members[0]]:
        return {}
    counts = [graph.nodes[key]["macs"] for key in members]
    macs = None if None in counts else sum(counts)
    text = f"{macs:,} MACs" if macs is not None else "MACs unknown"
    return {"macs": macs, "activation_bytes": graph.nodes[members[-1]].get("activation_bytes"),
            "macs_explanation": f"{repeats} × [{', '.join(classes)}] = {text}"}


def _sum(graph: nx.DiGraph, members: list[str], attribute: str) -> int:
    return sum(int(graph.nodes[key][attribute]) for key in members)


# Imported graphs (ONNX, PyTorch) set ``fold_scopes``: runs are looked for inside every
# cluster too, and clusters with the same structure (class, members, wiring) match, so six
# TransformerEncoderLayers inside an encoder fold into one ``×6`` block.


def _fold_scopes(graph: nx.DiGraph) -> nx.DiGraph:
    members_of: dict[str | None, list[str]] = {}
    for key, parent in graph.nodes(data="parent"):
        members_of.setdefault(parent, []).append(key)
    tokens = _scope_tokens(graph, members_of)
    owner: dict[str, str] = {}
    groups: dict[str, tuple[str, dict[str, Any]]] = {}
    for parent, keys in members_of.items():
        if parent is not None and _inside_group(graph, parent, owner):
            continue
        for start, k, repeats in _find_runs(keys, [tokens[key] for key in keys]):
            members = keys[start:start + k * repeats]
            attributes = _group_attributes(graph, members, k, repeats)
            first = graph.nodes[members[0]]
            attributes.update(depth=first["depth"], parent=parent)
            key = attributes["name"] if parent is None else f"{parent}/{attributes['name']}"
            groups[members[0]] = (key, attributes)
            owner.update(dict.fromkeys(members, key))
    if not groups:
        return graph.copy()
    for key, parent in graph.nodes(data="parent"):  # members' insides go with them
        if key not in owner and parent in owner:
            owner[key] = owner[parent]
    return _rebuilt(graph, owner, groups)


def _scope_tokens(graph: nx.DiGraph, members_of: dict[str | None, list[str]]) -> dict[str, Any]:
    """Tokens for every node, members before their cluster (reverse definition order)."""
    position = {key: i for keys in members_of.values() for i, key in enumerate(keys)}
    tokens: dict[str, Any] = {}
    for key in reversed(list(graph.nodes)):
        data = graph.nodes[key]
        wiring = tuple(position[key] - position.get(name, -1) for name in data["inbound"])
        parent = data["parent"]
        if parent is not None and key in graph.nodes[parent]["inner_inputs"]:
            wiring += (position[key] + 1,)  # read from outside the cluster: "just before"
        if data["is_model"]:
            inner = tuple(tokens[k] for k in members_of.get(key, []))
            tokens[key] = (f"model {data['class_name']}", inner, wiring)  # wiring 3rd
        else:
            config = repr(sorted((k, v) for k, v in data["config"].items() if k != "name"))
            tokens[key] = (data["class_name"], config, wiring)
    return tokens


def _inside_group(graph: nx.DiGraph, key: str, owner: dict[str, str]) -> bool:
    while key is not None:
        if key in owner:
            return True
        key = graph.nodes[key]["parent"]
    return False


def _rebuilt(graph: nx.DiGraph, owner: dict[str, str],
             groups: dict[str, tuple[str, dict[str, Any]]]) -> nx.DiGraph:
    folded = nx.DiGraph()
    folded.graph.update(graph.graph)
    for attr in ("inputs", "outputs"):
        folded.graph[attr] = list(dict.fromkeys(owner.get(k, k) for k in graph.graph[attr]))
    for key, data in graph.nodes(data=True):
        if key in groups:
            folded.add_node(groups[key][0], **groups[key][1])
        elif key not in owner:
            if data["is_model"]:
                data = {**data, **{attr: list(dict.fromkeys(owner.get(k, k) for k in data[attr]))
                                   for attr in ("inner_inputs", "inner_outputs")}}
            folded.add_node(key, **data)
    for u, v, data in graph.edges(data=True):
        source, target = owner.get(u, u), owner.get(v, v)
        if source != target and not folded.has_edge(source, target):
            folded.add_edge(source, target, **data)
    return folded

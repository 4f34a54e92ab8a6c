"""Plumbing: the operators of a PyTorch or ONNX graph that only move data around.

An exported transformer is mostly reshapes, transposes, ``Unsqueeze``/``Concat`` chains
that build shapes, bias and residual adds: drawn like layers, they hide the layers.
A node is *plumbing* when its graph came from PyTorch or ONNX (graph attribute
``operators``), it is an operator rather than a module, layer or model (not a torch
module call (``module``), not an ONNX operator that is a whole module (``whole_module``:
torch's ``nn.ReLU`` exported as one ``Relu``), not a nested model, not an input), it
reads no weight, and every operator it ran is
shape-only or element-wise (the "moves or creates data only" and "element-wise" families
of :mod:`modelviz.compute.torch_ops` and :mod:`modelviz.compute.onnx_ops`: 0 MACs);
``softmax`` normalizes along an axis and stays a layer, as ``LayerNorm`` and pooling do.
The ``mask`` node a torch capture folds mask and position plumbing into
(``auxiliary``) is plumbing too. Keras graphs have none: Keras's ``Reshape`` and
``Add`` are layers.

``plumbing="grey"`` (the default) draws plumbing as small grey boxes (the operator's
name, and its output shape with ``show_shapes``), ``"full"`` as boxes like every layer,
``"hide"`` not at all where it passes one box's output on (that box is joined to what it
fed; :func:`bridge_edges`); a residual ``add`` joining two boxes stays, small and grey.

Example:
    >>> reshape = {"class_name": "Reshape", "is_model": False, "weights": [], "params": 0,
    ...            "calls": [{"operators": [{"op": "Reshape"}]}]}
    >>> is_plumbing(reshape, "onnx"), is_plumbing(reshape, None)  # None: a Keras graph
    (True, False)
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Final

from modelviz.compute.onnx_ops import ONNX_ZERO_MAC_OPERATORS
from modelviz.compute.torch_ops import TORCH_ZERO_MAC_OPERATORS
from modelviz.diagram.labels import escape, shapes_text, shorten

__all__ = ["PLUMBING_OPERATORS", "PLUMBING_STYLES", "bridge_edges", "is_plumbing",
           "plumbing_label"]

PLUMBING_STYLES: Final = ("grey", "full", "hide")
_FAMILIES: Final = ("moves or creates data only", "element-wise")
_LAYERS: Final = frozenset({"softmax", "log_softmax", "Softmax", "LogSoftmax", "Hardmax"})
PLUMBING_OPERATORS: Final = {
    source: frozenset(name.strip("_") for family in _FAMILIES for name in table[family]
                      if name.strip("_") not in _LAYERS)
    for source, table in (("torch", TORCH_ZERO_MAC_OPERATORS), ("onnx", ONNX_ZERO_MAC_OPERATORS))}
FILL: Final = "#eceff1"
TEXT: Final = "#607d8b"


def is_plumbing(data: dict[str, Any], source: str | None) -> bool:
    """Whether a node of a graph whose operators come from ``source`` is plumbing.

    Example:
        >>> add = {"class_name": "add", "is_model": False, "weights": [], "params": 0,
        ...        "calls": [{"operators": [{"op": "add"}]}]}
        >>> is_plumbing(add, "torch"), is_plumbing({**add, "module": "act"}, "torch")
        (True, False)
    """
    names = PLUMBING_OPERATORS.get(str(source))
    if names is None:
        return False
    if data.get("auxiliary"):
        return True
    if (data.get("is_model") or data.get("group") or data.get("module") is not None
            or data.get("whole_module")
            or data.get("weights") or data.get("shared_weights") or data.get("params") != 0
            or data["class_name"] == "InputLayer"):
        return False
    operators = [op for call in data.get("calls") or () for op in call.get("operators") or ()]
    return bool(operators) and all(str(op.get("op")).strip("_") in names for op in operators)


def plumbing_label(data: dict[str, Any], options: Any) -> str:
    """A small grey box: the operator (``name (class)`` with ``show_layer_names`` when the
    name says more than the class), its output shape with ``show_shapes``.

    Example:
        >>> from modelviz.diagram import DotOptions
        >>> node = {"name": "Reshape_3", "class_name": "Reshape", "output_shapes": [(1, 8)]}
        >>> label = plumbing_label(node, DotOptions(show_shapes=True, show_layer_names=True))
        >>> ">Reshape<" in label, "(1, 8)" in label
        (True, True)
    """
    class_name = escape(shorten(data["class_name"]))
    text = class_name
    if options.show_layer_names and _says_more(data["name"], data["class_name"]):
        text = f"{escape(shorten(data['name']))} ({class_name})"
    cells = f'<td bgcolor="{FILL}"><font color="{TEXT}" point-size="10">{text}</font></td>'
    if options.show_shapes:
        shape = escape(shapes_text(data["output_shapes"]))
        cells += f'<td bgcolor="{FILL}"><font color="{TEXT}" point-size="9">{shape}</font></td>'
    return ('<<table border="0" cellborder="1" cellspacing="0" cellpadding="3" '
            f'color="{TEXT}"><tr>{cells}</tr></table>>')


def _says_more(name: str, class_name: str) -> bool:
    """``Reshape_3`` says no more than ``Reshape``, nor ``mask`` than ``Mask``."""
    base = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
    return base.lower() != class_name.lower()


def bridge_edges(edges: list[tuple[Any, str, str]], plumbing: Collection[str],
                 order: list[str]) -> tuple[set[str], list[tuple[Any, str, str]]]:
    """Hide the ``plumbing`` nodes that pass one box's output on: ``(hidden, edges)``.

    ``edges`` are ``(scope, source, target)``; ``order`` lists the nodes producers first
    (graph order). A plumbing node fed, directly or through hidden plumbing, by one box (or
    by none: constants) is hidden and that box feeds what it fed; one that joins two or
    more (a residual ``add``) stays, drawn small and grey, so edges never multiply. Each
    edge keeps the scope of the edge into its target.

    Example:
        >>> edges = [(None, "x", "view"), (None, "view", "t"), ("blk", "t", "fc"),
        ...          (None, "x", "add"), ("blk", "fc", "add"), (None, "add", "out")]
        >>> hidden, joined = bridge_edges(edges, {"view", "t", "add"},
        ...                               ["x", "view", "t", "fc", "add", "out"])
        >>> sorted(hidden), joined
        (['t', 'view'], [('blk', 'x', 'fc'), (None, 'x', 'add'), ('blk', 'fc', 'add'), \
(None, 'add', 'out')])
    """
    feeding: dict[str, list[str]] = {}
    for _, u, v in edges:
        if v in plumbing:
            feeding.setdefault(v, []).append(u)
    sources: dict[str, list[str]] = {}  # hidden node -> the boxes feeding it
    seen: set[str] = set()
    for key in order:  # producers first: what feeds a node is settled when it is reached
        if key not in plumbing:
            continue
        inputs = feeding.get(key, ())
        if all(u in seen or u not in plumbing for u in inputs):  # else out of order: kept
            found = list(dict.fromkeys(s for u in inputs for s in sources.get(u, [u])))
            if len(found) <= 1:
                sources[key] = found
        seen.add(key)
    bridged: dict[tuple[str, str], Any] = {}
    for scope, u, v in edges:
        if v not in sources:
            for source in sources.get(u, [u]):
                bridged.setdefault((source, v), scope)
    return set(sources), [(scope, u, v) for (u, v), scope in bridged.items()]

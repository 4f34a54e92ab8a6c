"""Bounds an ONNX file must keep before it is read or handed to ``onnx.shape_inference``.

Each call of a model-local function is expanded where it stands, so a few hundred bytes
can describe a model that never ends (a function that calls itself, two that call each
other) or 10^12 operators (ten calls per function, twelve levels deep).
:func:`check_bounds` counts without expanding, in one pass over every body and one over
the call graph, children first: recursion is refused, and so are calls nested deeper
than ``MODELVIZ_MAX_ONNX_DEPTH`` and more operators than ``MODELVIZ_MAX_ONNX_NODES``
(:mod:`modelviz.limits`); the message names the variable that raises the limit.
:class:`TorchScopes` reads module paths from torch's metadata, which must be a short
list of names (never evaluated as Python).

Example:
    >>> import onnx
    >>> model = onnx.load("tests/fixtures/onnx/depthwise.onnx", load_external_data=False)
    >>> check_bounds(model, "depthwise.onnx")
    8
    >>> name_list("['', 'layer1', \\"it's\\"]"), name_list("{1: 2}")
    (['', 'layer1', "it's"], None)
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from operator import attrgetter
from typing import Any, Final

from modelviz.errors import ModelFileError, ModelvizWarning
from modelviz.limits import NAME_SCOPES_CHARS, ONNX_DEPTH, ONNX_NODES, env_limit

__all__ = ["TorchScopes", "check_bounds", "name_list"]

Key = tuple[str, str]  # (domain, name) of a model-local function, as a node calls it
_KEY: Final = attrgetter("domain", "op_type")  # a node's call key, if it calls a function
_ATTRIBUTES: Final = attrgetter("attribute")
_CAP: Final = 10**18  # counts stop growing here: the message says "more than"
_SCOPES: Final = "pkg.torch.onnx.name_scopes"
_CLASSES: Final = "pkg.torch.onnx.class_hierarchy"
_STRING: Final = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
_SIMPLE: Final = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t"}
_ESCAPES: Final = re.compile(r"\\(?:[\\'\"nrt]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_LIST: Final = re.compile(rf"\[\s*(?:(?:{_STRING})\s*,\s*)*(?:(?:{_STRING})\s*,?\s*)?\]")


def check_bounds(model: Any, source: str) -> int:
    """The number of operators ``model`` expands to; an error if it is endless or too big.

    Raises:
        ModelFileError: a local function calls itself (directly or through others), calls
            nest deeper than ``MODELVIZ_MAX_ONNX_DEPTH`` or the operators, functions
            expanded, exceed ``MODELVIZ_MAX_ONNX_NODES``.

    Example:
        >>> import onnx
        >>> model = onnx.load("tests/fixtures/onnx/resnet18.onnx", load_external_data=False)
        >>> check_bounds(model, "resnet18.onnx")
        69
    """
    limit = env_limit(ONNX_NODES)
    if len(model.graph.node) > limit:  # refused before anything else is walked
        raise _too_many(source, len(model.graph.node), limit)
    functions = {(f.domain, f.name): f for f in model.functions}
    bodies = {key: _body(f.node, functions) for key, f in functions.items()}
    totals = _expand(bodies, source)
    own, calls = _body(model.graph.node, functions)
    operators = min(own + sum(n * totals[c][0] for c, n in calls.items()), _CAP)
    depth = max((totals[c][1] for c in calls), default=0)
    if depth > env_limit(ONNX_DEPTH):
        deepest = max(calls, key=lambda c: totals[c][1])
        raise ModelFileError(
            f"{source}: calls of local functions nest {depth} deep (from {_name(deepest)}), "
            f"more than the limit of {env_limit(ONNX_DEPTH)}; if the file is trusted, raise "
            f"it with {ONNX_DEPTH[0]}={depth}")
    if operators > limit:
        raise _too_many(source, operators, limit)
    return operators


def _body(nodes: Any, functions: dict[Key, Any]) -> tuple[int, Counter[Key]]:
    """Operators of a body and its subgraphs that are not calls, and the calls by function.

    Per node only C runs (``len``, ``Counter``, ``filter``): Python looks at the few nodes
    with attributes, for subgraphs.
    """
    own, calls = 0, Counter[Key]()
    work = [nodes]
    while work:
        nodes = work.pop()
        if functions:
            for key, count in Counter(map(_KEY, nodes)).items():  # in order of first use
                if key in functions:
                    calls[key] += count
                else:
                    own += count
        else:  # nothing to call: every node is an operator
            own += len(nodes)
        for node in filter(_ATTRIBUTES, nodes):
            for attribute in node.attribute:
                work.extend(g.node for g in [*attribute.graphs, attribute.g])
    return own, calls


def _expand(bodies: dict[Key, tuple[int, Counter[Key]]], source: str) -> dict[Key, tuple[int,
                                                                                        int]]:
    """(operators, nesting depth) of every function, callees first; recursion is an error."""
    done: dict[Key, tuple[int, int]] = {}
    for root in bodies:
        path, iterators = [root], [iter(bodies[root][1])]
        on_path = {root}
        while path and root not in done:
            callee = next(iterators[-1], None)
            if callee is None:
                key = path.pop()
                iterators.pop()
                on_path.discard(key)
                own, calls = bodies[key]
                done[key] = (min(own + sum(n * done[c][0] for c, n in calls.items()), _CAP),
                             1 + max((done[c][1] for c in calls), default=0))
            elif callee in on_path:
                cycle = " -> ".join(_name(k) for k in [*path[path.index(callee):], callee])
                raise ModelFileError(
                    f"{source}: local function {_name(callee)} calls itself ({cycle}), so the "
                    "model never ends; export the model again (ONNX functions cannot recurse)")
            elif callee not in done:
                path.append(callee)
                iterators.append(iter(bodies[callee][1]))
                on_path.add(callee)
    return done


def _name(key: Key) -> str:
    return f"'{key[0]}.{key[1]}'" if key[0] else f"'{key[1]}'"


def _too_many(source: str, operators: int, limit: int) -> ModelFileError:
    count = f"more than {_CAP:,}" if operators >= _CAP else f"{operators:,}"
    return ModelFileError(
        f"{source}: {count} operators once local functions are expanded, more than the limit "
        f"of {limit:,}; if the file is trusted, raise it with {ONNX_NODES[0]}={operators} "
        "(reading may then take minutes and gigabytes)")


def name_list(text: str) -> list[str] | None:
    """The names of a Python-style list of strings (``['', 'layer1']``), else None.

    Only string literals are read, each on its own, and only up to
    :data:`~modelviz.limits.NAME_SCOPES_CHARS` characters in all: nothing else is
    evaluated, so no value can take time or memory out of proportion.

    Example:
        >>> name_list("['a', 'b']"), name_list("5"), name_list("-" * 100000 + "1")
        (['a', 'b'], None, None)
    """
    if len(text) > NAME_SCOPES_CHARS or not _LIST.fullmatch(text.strip()):
        return None
    names = [token[1:-1] for token in re.findall(_STRING, text)]
    for index, name in enumerate(names):
        if "\\" in name:
            if _ESCAPES.sub("", name).count("\\"):  # an escape ``repr`` does not write
                return None
            names[index] = _ESCAPES.sub(_unescape, name)
    return names


def _unescape(match: re.Match[str]) -> str:
    escape = match.group()
    if escape[1] in "xuU":
        return chr(min(int(escape[2:], 16), 0x10FFFF))
    return _SIMPLE[escape[1]]


class TorchScopes:
    """Module paths and classes from the metadata of torch's dynamo exporter.

    A node whose metadata is not a bounded list of names keeps the module path of its
    name instead; the first such node of a model is named in one warning.

    Example:
        >>> import onnx
        >>> node = onnx.helper.make_node("Relu", ["x"], ["y"])
        >>> onnx.helper.set_metadata_props(node, {_SCOPES: "['', 'block', 'relu']"})
        >>> TorchScopes()(node)
        (['block'], ['Module'])
    """

    def __init__(self) -> None:
        self.warned = False

    def __call__(self, node: Any) -> tuple[list[str], list[str]] | None:
        meta = {p.key: p.value for p in node.metadata_props}
        if _SCOPES not in meta:
            return None
        names = name_list(meta[_SCOPES])
        classes = name_list(meta.get(_CLASSES, "[]"))
        if names is None or classes is None:
            self._warn(node)
            return None
        # first: the model itself; last: the ATen operation
        paths = names[1:-1]
        kinds = [c.rsplit(".", 1)[-1] for c in classes[1:-1]]
        return paths, kinds + ["Module"] * (len(paths) - len(kinds))

    def _warn(self, node: Any) -> None:
        if not self.warned:
            self.warned = True
            warnings.warn(f"{node.name or node.op_type} ({node.op_type}): ONNX metadata "
                          f"{_SCOPES} or {_CLASSES} is not a list of names (up to "
                          f"{NAME_SCOPES_CHARS:,} characters); module paths are read from "
                          "node names where it is not", ModelvizWarning, stacklevel=2)

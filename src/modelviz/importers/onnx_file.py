"""Read ``.onnx`` files: operators become the graph's nodes, module paths become clusters.

The file is read with the ``onnx`` package (optional extra ``onnx``) without loading
external weight data, so models over 2 GB read in a moment; only initializer dimensions
are used. Shapes come from ``onnx.shape_inference`` (a symbolic dimension such as ``N``
is ``None`` in shapes and kept by name in the input's config). Parameters are the
floating-point (and 8-bit) initializers that operators read as weights, each counted
once however many operators share it; integer initializers and those feeding shape-like
inputs (``shape``, ``axes``, ``scales``...) are constants, not parameters.
``BatchNormalization``'s mean and variance are non-trainable.

Node names that carry a module path (``/layer1/layer1.0/conv1/Conv``, as torch's
exporter writes them) group operators into nested clusters; ``If``/``Loop``/``Scan``
bodies and calls of model-local functions are clusters too. ``Constant`` operators are
not drawn (their values are inputs like any other constant).

Example:
    >>> model = load_onnx("tests/fixtures/onnx/depthwise.onnx")  # torch's export of a small CNN
    >>> model.count_params(), model.to_graph().nodes["dw"]["explanation"]
    (1610, 'W 16×1×3×3 + B 16 = 160')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError
from modelviz.gcpause import paused_gc
from modelviz.importers.calls import call_label
from modelviz.importers.onnx_bounds import TorchScopes, check_bounds
from modelviz.importers.onnx_shapes import evaluate_shapes, operator_record, record_shapes
from modelviz.importers.op_graph import ImportedModel, Op, build_graph, explain

__all__ = ["load_onnx"]

_WEIGHT_TYPES: Final = {"FLOAT": "float32", "FLOAT16": "float16", "BFLOAT16": "bfloat16",
                        "DOUBLE": "float64", "INT8": "int8", "UINT8": "uint8"}
_NOT_WEIGHTS: Final = frozenset({"shape", "axes", "pads", "starts", "ends", "steps", "repeats",
                                 "scales", "sizes", "roi", "k", "indices", "split",
                                 "condition", "M", "cond", "min", "max"})
_GENERIC_NAMES: Final = frozenset({"", "main_graph", "torch_jit", "torch-jit-export",
                                   "tf2onnx"})
_NON_TRAINABLE: Final = {("BatchNormalization", 3), ("BatchNormalization", 4)}
# Normalization statistics by their torch and Keras names: state, not trained weights.
_STATISTICS: Final = ("running_mean", "running_var", "num_batches_tracked", "moving_mean",
                      "moving_variance")


def load_onnx(path: str | os.PathLike[str]) -> ImportedModel:
    """An :class:`ImportedModel` of the ONNX file at ``path`` (weights are never loaded)."""
    onnx = _import_onnx(path)
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such file; give the path of an .onnx model")
    with paused_gc():
        return ImportedModel(_model_graph(onnx, path), "onnx")


def _read(onnx: Any, path: Path) -> Any:
    """The model with inferred shapes, parsed once into Python objects after a check."""
    data = path.read_bytes()
    try:  # protobuf's own parser checks the bytes (shape inference's skips bad ones)
        model = onnx.load_model_from_string(data)
    except Exception as err:  # protobuf raises its own DecodeError and friends
        raise ModelFileError(f"{path}: not a readable ONNX model ({type(err).__name__}: "
                             f"{err}); export it again with torch.onnx.export") from err
    check_bounds(model, str(path))  # before shape inference: recursion, nesting, size
    try:  # inference reads the bytes itself; its result replaces the first parse. data_prop:
        # shapes computed in the graph (Shape -> Gather -> Concat -> Reshape) are followed
        return onnx.shape_inference.infer_shapes(data, strict_mode=False, data_prop=True)
    except Exception:  # inference is best effort: unknown shapes are shown as such
        return model


def _import_onnx(path: Any) -> Any:
    try:
        import onnx
    except ImportError as err:
        raise ModelFileError(f"{path}: reading ONNX files needs the onnx package; install "
                             "modelviz with the \"onnx\" extra, or `pip install onnx`") from err
    return onnx


def _model_graph(onnx: Any, path: Path) -> Any:
    """Read the file once into operators and shapes, let it go, then build the graph."""
    model = _read(onnx, path)
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [(i.name, i.name) for i in model.graph.input if i.name not in initializers]
    shapes, dims, named = _infer_shapes([model.graph], {name for name, _ in graph_inputs})
    shapes, counted = evaluate_shapes(onnx, model, shapes, named)  # what inference left open
    reader = _Reader(onnx, model, shapes, counted)
    ops = reader.read()
    inner, _, _ = _infer_shapes(reader.subgraphs, set())
    for key, shape in inner.items():  # If/Loop/Scan bodies: inference's shapes
        if shapes.get(key) is None:
            shapes[key] = shape
    for name, _ in graph_inputs:
        shapes.setdefault(name, None)
    outputs = [o.name for o in model.graph.output]
    name = _name(model.graph.name, path.stem)
    facts = {"producer": f"{model.producer_name} {model.producer_version}".strip(),
             "opset": _opset(model), "operators": "onnx"}
    classes = reader.scope_classes
    del model, reader  # the protobuf objects go before the graph is made
    graph = build_graph(ops, shapes, graph_inputs, outputs, name, scope_classes=classes)
    for key, _ in graph_inputs:
        graph.nodes[key]["config"] = {"dims": dims.get(key)}
    graph.graph.update(facts)
    return graph


def _name(graph_name: str, stem: str) -> str:
    """The graph's name, or the file's where an exporter wrote its generic default."""
    return stem if graph_name in _GENERIC_NAMES else graph_name


def _opset(model: Any) -> int:
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)


def _infer_shapes(graphs: list[Any], inputs: set[str]
                  ) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, list[Any]]]:
    """Tensor name -> shape (None for unknown dimensions), the inputs' symbolic dimensions,
    and every tensor's dimensions as values or symbol names.

    ``graphs``: graphs whose ``value_info`` shape inference filled (the model's, or the
    bodies of its If/Loop/Scan nodes).
    """
    shapes: dict[str, Any] = {}
    dims: dict[str, list[Any]] = {}
    every: dict[str, list[Any]] = {}
    same: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # equal shapes: one shared tuple
    types: dict[bytes, tuple[Any, Any]] = {}  # a type's bytes -> (named, shape), read once
    for graph in graphs:
        for info in [*graph.input, *graph.value_info, *graph.output]:
            name, kind = info.name, info.type
            known = types.get(key := kind.SerializeToString())
            if known is None:
                named = _dims(kind)
                shape = None if named is None else tuple(
                    d if isinstance(d, int) else None for d in named)
                if shape is not None:
                    shape = same.setdefault(shape, shape)
                known = types[key] = (named or [], shape)  # the list shared, never changed
            named, shape = known
            if shape is not None or name not in shapes:
                shapes[name] = shape
                every[name] = named
            if name in inputs:
                dims[name] = list(named)
    return shapes, dims, every


def _dims(kind: Any) -> list[Any] | None:
    if not kind.HasField("tensor_type") or not kind.tensor_type.HasField("shape"):
        return None
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or None)
            for d in kind.tensor_type.shape.dim]


class _Reader:
    """Walks the graph, its subgraphs and function bodies with an explicit stack."""

    def __init__(self, onnx: Any, model: Any, shapes: dict[str, Any],
                 counted: dict[str, Any]) -> None:
        self.onnx = onnx
        self.known = record_shapes(counted, shapes)  # at batch 1 where known, for MACs
        self.torch_scopes = TorchScopes()
        self.graph = model.graph
        self.opset = _opset(model)
        self.subgraphs: list[Any] = []  # of If/Loop/Scan nodes, for their shapes
        self.initializers = {t.name: t for t in model.graph.initializer}
        self.functions = {(f.domain, f.name): f for f in model.functions}
        self.constants: set[str] = set()
        self.claimed: set[str] = set()  # initializers already counted at a reader
        self.previous: tuple[str, ...] = ()  # the last node's module path, as named
        self.labels: tuple[str, ...] = ()  # ... and as its calls are labelled
        self.calls: dict[tuple[str, ...], int] = {}
        self.scope_classes: dict[tuple[str, ...], str] = {}
        self.taken: set[tuple[tuple[str, ...], str]] = set()
        self.formal: dict[tuple[str, str], list[str]] = {}
        self.explained: dict[tuple[Any, ...], str] = {}
        self.kinds: dict[int, str] = {}  # data type number -> its name (an enum look-up)
        self.paths: dict[str, tuple[str, ...]] = {}  # a name's folder -> its module path

    def read(self) -> list[Op]:
        ops: list[Op] = []
        stack: list[Any] = [("nodes", iter(self.model_nodes()), (), {})]
        while stack:
            task = stack[-1]
            if task[0] == "op":
                ops.append(stack.pop()[1])
                continue
            node = next(task[1], None)
            if node is None:
                stack.pop()
                continue
            op = self._visit(node, task[2], task[3], stack)
            if op is not None:  # a plain operator: in order at once
                ops.append(op)
        return ops

    def model_nodes(self) -> list[Any]:
        return list(self.graph.node)

    def _visit(self, node: Any, prefix: tuple[str, ...], rename: dict[str, str],
               stack: list[Any]) -> Op | None:
        """A plain operator's Op; others go on the stack (bodies first, then the op)."""
        op_type, domain = node.op_type, node.domain
        if op_type == "Constant" and not domain:
            self.constants.update(rename.get(o, o) for o in node.output)
            return None
        if op_type == "Identity" and self._forwards_initializer(node, rename):
            return None
        scope, leaf = self._scope(node, prefix)
        function = self.functions.get((domain, op_type)) if self.functions else None
        if function is not None:
            self.scope_classes[(*scope, leaf)] = node.op_type
            stack.append(("nodes", iter(function.node), (*scope, leaf),
                          _function_names(node, function, rename, "/".join((*scope, leaf)))))
            return None
        attributes = node.attribute
        op = self._op(node, op_type, scope, leaf, rename, attributes)
        subgraphs = [a for a in attributes if a.HasField("g")] if attributes else []
        if not subgraphs:
            return op
        self.scope_classes[(*scope, leaf)] = node.op_type
        op.scope, op.name = (*scope, leaf), node.op_type
        op.calls[0][0].extend(rename.get(o, o) for a in subgraphs for o in _outputs(a.g))
        stack.append(("op", op))
        self.subgraphs.extend(a.g for a in subgraphs)
        for attribute in reversed(subgraphs):
            self.scope_classes[(*scope, leaf, attribute.name)] = "Graph"
            stack.append(("nodes", iter(attribute.g.node), (*scope, leaf, attribute.name),
                          rename))
        return None

    def _scope(self, node: Any, prefix: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        """Module path from torch's metadata or name (``/layer1/conv1/Conv``); a unique leaf."""
        name = node.name or node.op_type
        head, _, leaf = name.rpartition("/")
        rooted = name.startswith("/")
        if not rooted or not leaf:  # a plain name, or one ending in "/": split it all
            parts = list(filter(None, name.split("/"))) if rooted else [name]
            head, leaf = "/".join(parts[:-1]), parts[-1] if parts else node.op_type
        path = self.paths.get(head)  # the module path of the name's folder, made once
        if path is None:
            path = self.paths[head] = tuple(filter(None, head.split("/")))
        scope = (*prefix, *path) if prefix else path
        scopes = self.torch_scopes(node) if node.metadata_props else None
        if scopes is not None:
            scope, leaf = (*prefix, *scopes[0]), name
        scope = self._calls(scope)
        if scopes is not None:
            for depth in range(len(scopes[0])):
                self.scope_classes.setdefault(scope[:len(prefix) + depth + 1], scopes[1][depth])
        taken, pair = self.taken, (scope, leaf)
        serial = 1
        while pair in taken:
            pair, serial = (scope, f"{leaf}_{serial}"), serial + 1
        taken.add(pair)
        return pair

    def _calls(self, scope: tuple[str, ...]) -> tuple[str, ...]:
        """Each call of a module is its own cluster: nodes run in order, so a module
        entered again after the model left it is called again (``relu [2nd call]``)."""
        common, previous = 0, self.previous
        if scope == previous:  # the same call goes on
            return self.labels
        limit = min(len(previous), len(scope))
        while common < limit and previous[common] == scope[common]:
            common += 1
        labels, calls = list(self.labels[:common]), self.calls
        for depth in range(common, len(scope)):
            path = scope[:depth + 1]
            call = calls[path] = calls.get(path, -1) + 1
            labels.append(call_label(scope[depth], call) if call else scope[depth])
        self.previous, self.labels = scope, tuple(labels)
        return self.labels

    def _forwards_initializer(self, node: Any, rename: dict[str, str]) -> bool:
        """An ``Identity`` of an initializer: no node of its own. torch's exporter keeps one
        copy of equal tensors (an untrained model's BatchNorm weights, biases and
        statistics are all ones or zeros) and gives each parameter back its own name
        through an ``Identity``: each such name is a parameter of its own."""
        if node.domain or len(node.input) != 1:
            return False
        source = rename.get(node.input[0], node.input[0])
        if source not in self.initializers:
            return False
        for output in node.output:
            self.initializers[rename.get(output, output)] = self.initializers[source]
        return True

    def _op(self, node: Any, op_type: str, scope: tuple[str, ...], leaf: str,
            rename: dict[str, str], attributes: Any) -> Op:
        formal = self._formal_inputs(node, op_type)
        data, weights, shared, constants = [], [], [], {}
        initializers, constants_seen = self.initializers, self.constants
        written = inputs, outputs = list(node.input), list(node.output)
        if rename:  # names inside a function body: the caller's (absent ones stay absent)
            inputs = [rename.get(n, n) if n else n for n in inputs]
            outputs = [rename.get(o, o) if o else o for o in outputs]
        for position, name in enumerate(inputs):
            if not (name or (rename and written[0][position])):
                continue  # absent ("" as written)
            tensor = initializers.get(name)
            if tensor is None:
                if name not in constants_seen:
                    data.append(name)
                continue
            label = formal[min(position, len(formal) - 1)] if formal else f"input{position}"
            dims = tuple(tensor.dims)  # ints already
            kind = self._kind(tensor)
            if kind in _WEIGHT_TYPES and dims and label not in _NOT_WEIGHTS:
                weight = {"name": name, "label": label, "shape": dims,
                          "trainable": (op_type, position) not in _NON_TRAINABLE
                          and not name.endswith(_STATISTICS), "dtype": _WEIGHT_TYPES[kind]}
                # a tensor several operators read counts once, at its first reader
                (shared if name in self.claimed else weights).append(weight)
                self.claimed.add(name)
            else:
                constants[label] = list(dims)
        config = _attributes(self.onnx, node) if attributes else {}
        if constants:
            config["constants"] = constants
        explanation = self._explain(op_type, weights)
        if shared:
            explanation += (f"; shares {', '.join(w['name'] for w in shared)} "
                            "(counted at its first reader)")
        record = operator_record(op_type, inputs, outputs, config, self.known,
                                 written if rename else None)
        if rename:
            outputs = [o for o, as_written in zip(outputs, written[1], strict=True) if as_written]
        elif "" in outputs:
            outputs = [o for o in outputs if o]
        return Op(leaf, op_type, scope, [(data, outputs)], weights,
                  explanation, config, False, [[record]],
                  {"shared_weights": shared} if shared else {})

    def _explain(self, op_type: str, weights: list[dict[str, Any]]) -> str:
        """One string shared by every operator of the same type and weight shapes."""
        key = (op_type, *[(w["label"], w["shape"]) for w in weights]) if weights else op_type
        text = self.explained.get(key)  # one look-up where it is known
        if text is None:
            text = self.explained[key] = explain(op_type, list(key[1:]) if weights else [])
        return text

    def _formal_inputs(self, node: Any, op_type: str) -> list[str]:
        key = (op_type, node.domain)
        if key not in self.formal:
            try:
                schema = self.onnx.defs.get_schema(op_type, self.opset, node.domain)
                self.formal[key] = [i.name for i in schema.inputs]
            except Exception:  # custom domains have no schema: positions stand in for names
                self.formal[key] = []
        return self.formal[key]

    def _kind(self, tensor: Any) -> str:
        number = tensor.data_type
        kind = self.kinds.get(number)
        if kind is None:
            kind = self.kinds[number] = self.onnx.TensorProto.DataType.Name(number)
        return kind


def _outputs(graph: Any) -> list[str]:
    return [o.name for o in graph.output]


def _function_names(node: Any, function: Any, rename: dict[str, str],
                    key: str) -> dict[str, str]:
    """A function body's tensor names in the caller's namespace."""
    names = {inner: f"{key}/{inner}" for n in function.node for inner in [*n.input, *n.output]}
    for formal, actual in zip(function.input, node.input, strict=False):
        names[formal] = rename.get(actual, actual)
    for formal, actual in zip(function.output, node.output, strict=False):
        names[formal] = rename.get(actual, actual)
    return names


def _attributes(onnx: Any, node: Any) -> dict[str, Any]:
    """Plain-data attributes (graphs and tensors by their shape only)."""
    config: dict[str, Any] = {}
    for attribute in node.attribute:
        if attribute.HasField("g") or len(attribute.graphs):
            continue
        if attribute.HasField("t"):
            config[attribute.name] = {"tensor": list(attribute.t.dims)}
            continue
        value = onnx.helper.get_attribute_value(attribute)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif isinstance(value, list):
            value = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
        config[attribute.name] = value
    return config

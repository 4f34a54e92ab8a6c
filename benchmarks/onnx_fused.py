"""Would a reader that writes the graph itself reach issue 22's 2.5x? A measured experiment.

Run: ``python benchmarks/onnx_fused.py [--nodes 100000] [--runs 5] [--commands]``. Not a
test, not used by the package.

``docs/benchmarks.md`` (sixth session) named the next step for the ONNX summary: the
reader writing the node records itself in one scope walk, without ``Op`` objects and
without the builder's second scope bookkeeping. :func:`fused` is that, for the plain
case (no function bodies, subgraphs, torch metadata, ``Constant`` or ``Identity``
operators; it raises :class:`NotPlainError` otherwise): one loop over the file's nodes that
parses each module path once, keeps one stack of open scopes with their call labels,
classifies weights, writes the MAC record, the node record, its edges and the scope
borders as it goes. It builds ``load_onnx``'s graph record for record (checked first,
on a 1,000-operator chain). Three builds of the same inferred model then run in turns
in one process (collector off, CPU seconds, medians):

1. the package: ``_Reader.read`` + ``build_graph`` (the layered reader and one pass);
2. :func:`fused`;
3. ``onnx_bound.known_chain``: the chain's structure known in advance (the records alone).

``--commands`` times whole commands instead, fresh processes in turns: the floor
(``onnx.load`` + ``infer_shapes``), ``modelviz summary``, and the same console command
with :func:`fused` in place of the reader and builder (its summary checked equal first).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

from onnx_bound import in_turns, known_chain  # noqa: E402  (benchmarks is not a package)
from onnx_chain import chain  # noqa: E402

from modelviz.importers import onnx_file as of  # noqa: E402
from modelviz.importers.calls import call_label  # noqa: E402
from modelviz.importers.onnx_shapes import operator_record  # noqa: E402
from modelviz.importers.op_records import (  # noqa: E402
    _OP_RECORD,
    _WHOLE_RECORD,
    finish_scope,
    scope_record,
    weight_size,
)
from modelviz.importers.op_stream import cross_borders, link, unique_key  # noqa: E402


class NotPlainError(Exception):
    """The model is not of the plain kind :func:`fused` takes."""


class _Scope:
    __slots__ = ("chain", "key", "labels", "pending", "raw", "written")

    def __init__(self, raw: str, key: Any, chain: tuple[str, ...],
                 labels: tuple[str, ...]) -> None:
        self.raw, self.key, self.chain, self.labels = raw, key, chain, labels
        self.pending: Any = None
        self.written = False


class _Fused:
    def __init__(self, reader: Any, shapes: dict[str, Any]) -> None:
        import networkx as nx

        self.reader, self.get = reader, shapes.get
        self.graph = nx.DiGraph()
        self.nodes, self.succ, self.pred = self.graph._node, self.graph._succ, self.graph._pred
        top = _Scope("", None, (), ())
        top.written = True
        self.stack, self.taken, self.producer = [top], set(), {}
        self.crossings, self.members, self.scopes, self.unique = {}, {}, [], {}
        self.calls, self.index = {}, 0

    def write(self, frame: _Scope) -> None:
        key = frame.key
        self.nodes[key] = scope_record(frame.labels, "Module", self.index)
        self.succ[key], self.pred[key] = {}, {}
        self.index += 1
        frame.chain, frame.written = (*frame.chain, key), True
        self.scopes.append(key)
        if frame.pending is not None:
            pending, frame.pending = frame.pending, None
            self.emit(pending, frame, False)

    def emit(self, fields: tuple[Any, ...], frame: _Scope, whole: bool) -> None:
        leaf, op_type, data, outputs, weights, explanation, config, record = fields
        get, nodes, succ, pred, chain = self.get, self.nodes, self.succ, self.pred, frame.chain
        if whole:
            key, parent = frame.key, chain[-1] if chain else None
        else:
            parent = frame.key
            key = f"{parent}/{leaf}" if parent is not None else leaf
            key = unique_key(key, self.taken)
        self.taken.add(key)
        node = (_WHOLE_RECORD if whole else _OP_RECORD).copy()
        ins, outs = list(map(get, data)), list(map(get, outputs))
        node["name"], node["class_name"], node["index"] = (
            frame.labels[-1] if whole else leaf), op_type, self.index
        node["depth"], node["parent"] = len(chain), parent
        node["input_shapes"], node["output_shapes"] = ins, outs
        node["calls"] = [{"input_shapes": ins, "output_shapes": outs, "operators": [record]}]
        node["config"], node["connected_to"], node["inbound"] = config, [], []
        node["weights"], node["explanation"] = weights, explanation
        if weights:
            params = trainable = 0
            for weight in weights:
                size = weight_size(weight["shape"])
                params, trainable = params + size, trainable + (size if weight["trainable"] else 0)
                self.unique.setdefault(weight["name"], weight)
                for scope in chain:
                    self.members.setdefault(scope, {}).setdefault(weight["name"], weight)
            node["dtype"], node["params"] = weights[0]["dtype"], params
            node["trainable_params"], node["non_trainable_params"] = trainable, params - trainable
        nodes[key] = node
        succ[key], pred[key] = {}, {}
        self.index += 1
        here = (*chain, key)
        for tensor in outputs:
            if tensor in self.producer:
                raise NotPlainError(f"{tensor} made twice")
            self.producer[tensor] = here
        for position, tensor in enumerate(data):
            source = self.producer.get(tensor)
            if source is None:
                raise NotPlainError(f"{tensor} read before it is made")
            shape = get(tensor)
            if source[:-1] == chain:
                u, v, connection = source[-1], key, {"position": position, "shape": shape,
                                                     "call": 0}
            else:
                u, v, connection = link(self.crossings, source, here, tensor, shape, position, 0)
            edge = succ[u].get(v)
            if edge is None:
                succ[u][v] = pred[v][u] = {"shape": shape, "position": connection["position"],
                                           "connections": [connection]}
                nodes[v]["inbound"].append(u)
            else:
                edge["connections"].append(connection)
            entry, connected = f"{nodes[u]['name']}[0][0]", nodes[v]["connected_to"]
            if entry not in connected:
                connected.append(entry)

    def enter(self, path: tuple[str, ...]) -> None:
        """Close the open scopes ``path`` is not in, open the ones it is in."""
        stack, calls = self.stack, self.calls
        common, limit = 0, min(len(stack) - 1, len(path))
        while common < limit and stack[common + 1].raw == path[common]:
            common += 1
        while len(stack) - 1 > common:
            frame = stack.pop()
            if not frame.written:
                self.emit(frame.pending, frame, True)
        parent = stack[-1]
        for depth in range(common, len(path)):
            raw, sub = path[depth], path[:depth + 1]
            call = calls[sub] = calls.get(sub, -1) + 1
            label = call_label(raw, call) if call else raw
            key = label if parent.key is None else f"{parent.key}/{label}"
            if key in self.nodes or key in self.taken:
                raise NotPlainError(f"{key} entered again")
            if not parent.written:
                self.write(parent)
            parent = _Scope(raw, key, parent.chain, (*parent.labels, label))
            stack.append(parent)
            if depth < len(path) - 1:
                self.write(parent)

    def node_fields(self, node: Any, op_type: str, leaf: str) -> tuple[Any, ...]:
        """The reader's rules for one plain operator: data inputs, weights, MAC record."""
        reader = self.reader
        inputs, outputs = list(node.input), list(node.output)
        data, weights, constants, formal = [], [], {}, None
        for position, name in enumerate(inputs):
            tensor = reader.initializers.get(name) if name else None
            if tensor is None:
                if name:
                    data.append(name)
                continue
            formal = formal or reader._formal_inputs(node, op_type)
            label = formal[min(position, len(formal) - 1)] if formal else f"input{position}"
            dims, kind = tuple(tensor.dims), reader._kind(tensor)
            if name in reader.claimed:
                raise NotPlainError(f"{name} shared")
            if kind in of._WEIGHT_TYPES and dims and label not in of._NOT_WEIGHTS:
                weights.append({"name": name, "label": label, "shape": dims,
                                "trainable": (op_type, position) not in of._NON_TRAINABLE
                                and not name.endswith(of._STATISTICS),
                                "dtype": of._WEIGHT_TYPES[kind]})
                reader.claimed.add(name)
            else:
                constants[label] = list(dims)
        attributes = node.attribute
        if attributes and any(a.HasField("g") for a in attributes):
            raise NotPlainError(f"{node.name} has a subgraph")
        config = of._attributes(reader.onnx, node) if attributes else {}
        if constants:
            config["constants"] = constants
        record = operator_record(op_type, inputs, outputs, config, reader.known)
        return (leaf, op_type, data, [o for o in outputs if o], weights,
                reader._explain(op_type, weights), config, record)

    def read(self, graph: Any, inputs: list[tuple[str, str]]) -> Any:
        for name, tensor in inputs:  # the graph's inputs: InputLayer records
            node = self.nodes[name] = _OP_RECORD.copy()
            shapes = [self.get(tensor)]
            node.update(name=name, class_name="InputLayer", index=self.index, input_shapes=[],
                        output_shapes=shapes, calls=[{"input_shapes": [], "output_shapes": shapes}],
                        config={}, connected_to=[], inbound=[], weights=[])
            self.succ[name], self.pred[name] = {}, {}
            self.taken.add(name)
            self.producer[tensor] = (name,)
            self.index += 1
        previous = None
        for node in graph.node:
            op_type, name = node.op_type, node.name
            if (node.domain or node.metadata_props or op_type in ("Constant", "Identity")
                    or not name.startswith("/") or name.endswith("/")):
                raise NotPlainError(f"{name or op_type} is not a plain operator")
            head, _, leaf = name.rpartition("/")
            if head != previous:
                self.enter(tuple(filter(None, head.split("/"))))
                previous = head
            frame = self.stack[-1]
            fields = self.node_fields(node, op_type, leaf)
            if not frame.written:
                if frame.pending is None:
                    frame.pending = fields
                    continue
                self.write(frame)
            self.emit(fields, frame, False)
        return self.finish([o.name for o in graph.output])

    def finish(self, outputs: list[str]) -> Any:
        self.enter(())
        for tensor in outputs:
            if tensor in self.producer:
                cross_borders(self.crossings, self.producer[tensor], (), tensor, self.get(tensor))
        for key in self.scopes:
            finish_scope(self.nodes[key], self.members.get(key, {}), self.crossings.get(key))
        return self.graph


def fused(model: Any, reader: Any, shapes: dict[str, Any],
          inputs: list[tuple[str, str]]) -> Any:
    """The node and edge records of a plain model, written as the nodes are read."""
    return _Fused(reader, shapes).read(model.graph, inputs)


def _prepared(path: Path) -> tuple[Any, ...]:
    """The inferred model and what ``load_onnx`` has before its reader runs."""
    import onnx

    from modelviz.importers import onnx_file as of
    from modelviz.importers.onnx_shapes import evaluate_shapes

    model = of._read(onnx, path)
    weights = {t.name for t in model.graph.initializer}
    inputs = [(i.name, i.name) for i in model.graph.input if i.name not in weights]
    shapes, _, named = of._infer_shapes([model.graph], {name for name, _ in inputs})
    shapes, counted = evaluate_shapes(onnx, model, shapes, named)
    for name, _ in inputs:
        shapes.setdefault(name, None)
    return model, shapes, counted, inputs


def _reader(model: Any, shapes: dict[str, Any], counted: dict[str, Any]) -> Any:
    import onnx

    from modelviz.importers.onnx_file import _Reader

    return _Reader(onnx, model, shapes, counted)


def check(path: Path) -> None:
    """Stop unless :func:`fused` builds ``load_onnx``'s records and edges, in order."""
    from modelviz.importers.onnx_file import load_onnx

    model, shapes, counted, inputs = _prepared(path)
    ours = fused(model, _reader(model, shapes, counted), shapes, inputs)
    real = load_onnx(path).held_graph()
    for key, record in real.nodes(data=True):
        record = {k: v for k, v in record.items() if k != "config" or v != {"dims": ["batch", 16]}}
        mine = {k: v for k, v in ours.nodes[key].items() if k in record}
        if mine != record or list(mine) != list(record):
            raise SystemExit(f"{path}: fused() differs from load_onnx at {key}")
    if list(ours.edges(data=True)) != list(real.edges(data=True)):
        raise SystemExit(f"{path}: fused() makes other edges than load_onnx")


def _fused_model_graph(onnx: Any, path: Path) -> Any:
    """``onnx_file._model_graph`` with :func:`fused` in place of the reader and builder."""
    from modelviz.importers import op_graph

    model, shapes, counted, inputs = _prepared(path)
    build = _Fused(_reader(model, shapes, counted), shapes)
    graph = build.read(model.graph, inputs)
    nodes, outputs = graph._node, [o.name for o in model.graph.output]
    top = [key for key, node in nodes.items() if node["parent"] is None]
    graph.graph.update(op_graph._totals(build.unique, of._name(model.graph.name, path.stem),
                                        "Functional"))
    graph.graph.update(
        inputs=[name for name, _ in inputs],
        outputs=list(dict.fromkeys(op_graph._top(nodes, build.producer[t][-1])
                                   for t in outputs if t in build.producer)),
        sequential_like=op_graph._chain(graph, top), fold_scopes=True,
        producer=f"{model.producer_name} {model.producer_version}".strip(),
        opset=of._opset(model), operators="onnx")
    dims = {i.name: [d.dim_value or d.dim_param or None for d in i.type.tensor_type.shape.dim]
            for i in model.graph.input}
    for key, _ in inputs:
        nodes[key]["config"] = {"dims": dims.get(key)}
    return graph


def child(path: str) -> None:
    """``modelviz summary PATH`` as the console command runs it, with the fused builder."""
    from modelviz.cli import entry_point

    of._model_graph = _fused_model_graph
    sys.argv = ["modelviz", "summary", path]
    entry_point()


def commands(nodes: int, runs: int) -> None:
    """The floor, the command and the command with the fused builder, fresh processes in
    turns (CPU seconds and peak memory of each, as ``bench_big.py`` measures)."""
    import onnx
    from bench_big import FLOOR, PY, cli

    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "small.onnx", Path(folder) / "big.onnx"
        onnx.save(chain(1000), small)
        onnx.save(chain(nodes), big)
        same = [subprocess.run(command, capture_output=True, text=True, check=True).stdout
                for command in (cli("summary", str(small)),
                                [PY, __file__, "--child", str(small)])]
        if same[0] != same[1]:
            raise SystemExit("the fused command's summary differs from modelviz summary's")
        commands = {"floor (onnx.load + infer_shapes)": [PY, "-c", FLOOR, str(big)],
                    "modelviz summary": cli("summary", str(big)),
                    "modelviz summary, fused builder": [PY, __file__, "--child", str(big)]}
        in_turns(commands, runs, f"{nodes:,}-operator chain, {runs} runs in turn")

def main() -> None:
    import onnx

    from modelviz.importers.op_graph import build_graph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commands", action="store_true",
                        help="time the whole command with each builder against the floor")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
    if args.commands:
        commands(args.nodes, args.runs)
        return
    gc.disable()
    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "small.onnx", Path(folder) / "big.onnx"
        onnx.save(chain(1000), small)
        onnx.save(chain(args.nodes), big)
        check(small)
        model, shapes, counted, inputs = _prepared(big)
    outputs = [o.name for o in model.graph.output]

    def package() -> Any:
        ops = _reader(model, shapes, counted).read()
        return build_graph(ops, shapes, inputs, outputs, "chain")

    builds = {"package (reader + one pass)": package,
              "fused (one loop, plain models)":
                  lambda: fused(model, _reader(model, shapes, counted), shapes, inputs),
              "known structure (onnx_bound)": lambda: known_chain(model)}
    times: dict[str, list[float]] = {label: [] for label in builds}
    for _ in range(args.runs):  # in turns, each graph dropped before the next build
        for label, build in builds.items():
            started = time.process_time()
            graph = build()
            times[label].append(time.process_time() - started)
            del graph
    print(f"| {args.nodes:,}-operator chain, {args.runs} runs in turn | CPU s | µs an operator |"
          "\n|---|--:|--:|")
    for label, figures in times.items():
        median = statistics.median(figures)
        print(f"| {label} | {median:.2f} | {median / args.nodes * 1e6:.1f} |")


if __name__ == "__main__":
    main()

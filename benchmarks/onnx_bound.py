"""How fast could ``modelviz summary`` of the ONNX chain be? A builder that knows the answer.

Run: ``python benchmarks/onnx_bound.py [--nodes 100000] [--runs 3]``. Not a test.

Issue 22 asks for the summary of the 100,000-operator chain (``benchmarks/onnx_chain.py``)
within 2.5x the CPU time of ``onnx.load`` + ``onnx.shape_inference.infer_shapes``. This
script measures how much of that budget the graph itself costs: :func:`known_chain` builds
the graph ``load_onnx`` builds for the chain (node for node, edge for edge, in the schema
every emitter reads: checked equal first, on a 1,000-operator chain), but with the chain's
structure known in advance: no module-path parsing, no scope bookkeeping, no weight or
MAC rules, one pass, nothing thrown away. Three commands then run in turns as fresh
processes (CPU seconds and peak memory from ``os.wait4``, as ``bench_big.py`` does):

1. the floor: ``onnx.load`` + ``infer_shapes``;
2. the bound: ``infer_shapes`` + :func:`known_chain` + the real ``summary``;
3. the real ``modelviz summary`` of the same file.

Whatever general importer is written, it does at least what the bound does; the ratio
between the bound and the target is the room it has for everything general.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

from bench_big import FLOOR, PY, cli, run  # noqa: E402  (benchmarks is not a package)
from onnx_chain import chain  # noqa: E402


def known_chain(model: Any) -> Any:
    """The graph of the MatMul/Relu chain, written straight from the file's nodes."""
    import networkx as nx

    from modelviz.importers.op_records import _OP_RECORD, _WHOLE_RECORD

    graph, shapes = model.graph, _shapes(model.graph)
    out = nx.DiGraph()
    nodes, succ, pred = out._node, out._succ, out._pred
    first = graph.input[0].name
    shown, _ = shapes[first]
    node = nodes[first] = _OP_RECORD.copy()
    node.update(name=first, class_name="InputLayer", input_shapes=[], output_shapes=[shown],
                calls=[{"input_shapes": [], "output_shapes": [shown]}],
                config={"dims": ["batch", 16]}, connected_to=[], inbound=[], weights=[])
    succ[first], pred[first] = {}, {}
    weights = {t.name: tuple(t.dims) for t in graph.initializer}
    index, total, last, scope = 1, 0, first, first
    for op in graph.node:
        inputs, outputs, kind = list(op.input), list(op.output), op.op_type
        head = op.name[1:].rpartition("/")[0]
        layer, _, part = head.partition("/")
        shown, one = shapes[outputs[0]]
        reads = [shapes[inputs[0]][0]], [shown]
        if part == "fc":  # a layer opens: its scope, then the MatMul reading its weight
            dims = weights[inputs[1]]
            size = dims[0] * dims[1]
            weight = {"name": inputs[1], "label": "B", "shape": dims, "trainable": True,
                      "dtype": "float32"}
            nodes[layer] = _scope(nodes[scope]["name"], layer, index, shown, head, weight, size)
            nodes[layer]["inbound"], succ[layer], pred[layer] = [scope], {}, {}
            link = {"position": 0, "shape": shown, "call": 0, "source_layer": last,
                    "target_layer": head}
            succ[scope][layer] = pred[layer][scope] = {"shape": shown, "position": 0,
                                                       "connections": [link]}
            index, total = index + 1, total + size
        record = nodes[head] = _WHOLE_RECORD.copy()
        record.update(name=part, class_name=kind, index=index, depth=1, parent=layer,
                      input_shapes=reads[0], output_shapes=reads[1])
        succ[head], pred[head] = {}, {}
        if part == "fc":
            record.update(calls=[_call(kind, reads, [shapes[inputs[0]][1], dims], one)],
                          connected_to=[], inbound=[], weights=[weight], params=size,
                          trainable_params=size, explanation=f"B {dims[0]}×{dims[1]} = {size:,}")
        else:
            succ[last][head] = pred[head][last] = {
                "shape": shown, "position": 0,
                "connections": [{"position": 0, "shape": shown, "call": 0}]}
            record.update(calls=[_call(kind, reads, [shapes[inputs[0]][1]], one)],
                          connected_to=[f"{nodes[last]['name']}[0][0]"], inbound=[last],
                          weights=[], explanation=f"{kind} has no weights")
            nodes[layer]["inner_outputs"], scope = [head], layer
        record["config"] = record["calls"][0]["operators"][0]["attrs"]
        last, index = head, index + 1
    out.graph.update(_totals(total, graph.name, first, scope, model))
    return out


def _shapes(graph: Any) -> dict[str, tuple[Any, Any]]:
    """Each tensor's (shape shown, shape at batch 1), each distinct type read once."""
    types: dict[bytes, tuple[Any, Any]] = {}
    shapes = {}
    for info in [*graph.input, *graph.value_info, *graph.output]:
        known = types.get(key := info.type.SerializeToString())
        if known is None:
            dims = info.type.tensor_type.shape.dim
            known = types[key] = (
                tuple(d.dim_value if d.HasField("dim_value") else None for d in dims),
                tuple(d.dim_value if d.HasField("dim_value") else 1 for d in dims))
        shapes[info.name] = known
    return shapes


def _scope(before: str, layer: str, index: int, shape: Any, inner: str,
           weight: dict[str, Any], size: int) -> dict[str, Any]:
    from modelviz.importers.op_records import _SCOPE_RECORD

    record = _SCOPE_RECORD.copy()
    shapes = [shape]
    record.update(name=layer, class_name="Module", index=index, input_shapes=shapes,
                  output_shapes=shapes, calls=[{"input_shapes": shapes, "output_shapes": shapes}],
                  config={}, connected_to=[f"{before}[0][0]"], weights=[weight], params=size,
                  trainable_params=size, explanation=f"1 weight tensors = {size:,}",
                  inner_inputs=[inner])
    return record


def _call(kind: str, reads: tuple[list[Any], list[Any]], inputs: list[Any],
          one: Any) -> dict[str, Any]:
    return {"input_shapes": reads[0], "output_shapes": reads[1],
            "operators": [{"op": kind, "inputs": inputs, "attrs": {}, "outputs": [one]}]}


def _totals(total: int, name: str, first: str, last: str, model: Any) -> dict[str, Any]:
    return {"name": name, "class_name": "Functional", "total_params": total,
            "trainable_params": total, "non_trainable_params": 0, "total_bytes": 4 * total,
            "trainable_bytes": 4 * total, "non_trainable_bytes": 0, "unknown_params": [],
            "inputs": [first], "outputs": [last], "sequential_like": True,
            "fold_scopes": True,
            "producer": f"{model.producer_name} {model.producer_version}".strip(),
            "opset": model.opset_import[0].version, "operators": "onnx"}


def check(path: Path) -> None:
    """Stop unless known_chain's graph is load_onnx's, record for record and in order."""
    import onnx

    from modelviz.importers.onnx_file import load_onnx

    ours = known_chain(onnx.shape_inference.infer_shapes(path.read_bytes()))
    real = load_onnx(path).held_graph()
    same = (list(ours.nodes(data=True)) == list(real.nodes(data=True))
            and all(list(ours.nodes[k]) == list(real.nodes[k]) for k in real)
            and list(ours.edges(data=True)) == list(real.edges(data=True))
            and list(ours.pred.items()) == list(real.pred.items())
            and list(ours.graph.items()) == list(real.graph.items()))
    if not same:
        raise SystemExit(f"{path}: known_chain no longer builds load_onnx's graph; update it")


def child(path: str) -> None:
    """The bound as a process of its own: inference, the known graph, the real summary."""
    gc.disable()
    import onnx

    from modelviz.importers.imported import ImportedModel
    from modelviz.tables import summary

    model = onnx.shape_inference.infer_shapes(Path(path).read_bytes(), strict_mode=False)
    graph = known_chain(model)
    del model
    held = ImportedModel(graph, "onnx")
    gc.freeze()
    summary(held)
    sys.stdout.flush()
    os._exit(0)  # as the CLI ends after a summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
    import onnx

    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "chain.onnx", Path(folder) / "big" / "chain.onnx"
        big.parent.mkdir()
        onnx.save(chain(1000), small)
        onnx.save(chain(args.nodes), big)
        check(small)
        commands = {"floor (onnx.load + infer_shapes)": [PY, "-c", FLOOR, str(big)],
                    "bound (known graph + summary)": [PY, __file__, "--child", str(big)],
                    "modelviz summary": cli("summary", str(big))}
        in_turns(commands, args.runs, f"{args.nodes:,}-operator chain, {args.runs} runs")


def in_turns(commands: dict[str, list[str]], runs: int, title: str) -> None:
    """Run each command ``runs`` times as a fresh process, in turns (a machine slowing down
    moves every row), and print each one's medians against the first (the floor)."""
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            figures[label].append(run(command))
    floor = next(iter(figures.values()))
    print(f"| {title} | CPU s | MB | time / floor | memory / floor |\n|---|--:|--:|--:|--:|")
    for label, rows in figures.items():
        time = statistics.median(f[0] / g[0] for f, g in zip(rows, floor, strict=True))
        memory = statistics.median(f[1] / g[1] for f, g in zip(rows, floor, strict=True))
        print(f"| {label} | {statistics.median(f[0] for f in rows):.2f} | "
              f"{statistics.median(f[1] for f in rows):.0f} | {time:.2f}x | {memory:.2f}x |")


if __name__ == "__main__":
    main()

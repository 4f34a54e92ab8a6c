"""Hostile ONNX files end quickly: time and peak memory of ``modelviz summary`` on each.

Run: ``python benchmarks/bench_onnx_limits.py [--nodes 1000000]`` (needs onnx).

Writes, in a temporary folder, a chain of ``--nodes`` Relu operators (26 MB at a million),
a local function that calls itself, two that call each other and functions that fan out
ten calls over twelve levels (10^12 operators in 3.7 KB), then runs ``modelviz summary``
on each in a fresh process and prints its exit status, wall time, peak resident memory
(``VmHWM``, Linux) and the error line. Every file is refused before shape inference,
the chain by ``MODELVIZ_MAX_ONNX_NODES`` (default 300,000). Not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_PEAK = ("import sys; from modelviz.cli import main; code = main(['summary', sys.argv[1]]); "
         "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0],"
         " file=sys.stderr); sys.exit(code)")


def _model(onnx: Any, nodes: list[Any], functions: list[Any]) -> Any:
    helper = onnx.helper
    info = [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, [1, 4])
            for n in (nodes[0].input[0], nodes[-1].output[0])]
    graph = helper.make_graph(nodes, "g", [info[0]], [info[1]])
    return helper.make_model(graph, functions=functions,
                             opset_imports=[helper.make_opsetid("", 17),
                                            helper.make_opsetid("local", 1)])


def _function(onnx: Any, name: str, callees: list[str]) -> Any:
    helper = onnx.helper
    nodes, previous = [], "x"
    for index, callee in enumerate(callees):
        domain = "" if callee == "Relu" else "local"
        nodes.append(helper.make_node(callee, [previous], [f"t{index}"], domain=domain))
        previous = f"t{index}"
    nodes.append(helper.make_node("Identity", [previous], ["y"]))
    return helper.make_function("local", name, ["x"], ["y"], nodes,
                                [helper.make_opsetid("", 17)])


def _files(folder: Path, count: int) -> dict[str, Path]:
    import onnx

    call = [onnx.helper.make_node("F0", ["in"], ["out"], domain="local")]
    chain = [onnx.helper.make_node("Relu", [f"t{i}"], [f"t{i + 1}"]) for i in range(count)]
    models = {
        f"chain_{count}": _model(onnx, chain, []),
        "calls_itself": _model(onnx, call, [_function(onnx, "F0", ["F0"])]),
        "mutual": _model(onnx, call, [_function(onnx, "F0", ["F1"]),
                                      _function(onnx, "F1", ["F0"])]),
        "fan_out_10x12": _model(onnx, call, [_function(onnx, f"F{i}", [f"F{i + 1}"] * 10)
                                             for i in range(12)]
                                + [_function(onnx, "F12", ["Relu"])]),
    }
    paths = {}
    for name, model in models.items():
        paths[name] = folder / f"{name}.onnx"
        onnx.save(model, str(paths[name]))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    args = parser.parse_args()
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _files(Path(tmp), args.nodes).items():
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", _PEAK, str(path)], env=env,
                                    capture_output=True, text=True, timeout=600)
            seconds = time.perf_counter() - start
            lines = result.stderr.splitlines()
            peak = int(lines[-1]) // 1024 if lines and lines[-1].isdigit() else -1
            print(f"{name:16} {path.stat().st_size:>12,} B  exit {result.returncode}  "
                  f"{seconds:5.1f} s  {peak:5} MB  {lines[0][:110] if lines else ''}")


if __name__ == "__main__":
    main()

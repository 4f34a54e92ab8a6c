"""model_to_dot benchmark: the pydot.Dot built from the graph against the DOT text alone.

Run: ``python benchmarks/bench_model_to_dot.py [--keras-python PYTHON] [--old]``.

For ResNet50 (the Keras 3 config in tests/fixtures), a 1,000-layer and a 100,000-layer
chain of Dense(8), prints, in one run so the ratios hold on a noisy machine: the DOT text
(``to_dot``), ``model_to_dot(m)`` and ``model_to_dot(m).to_string()``, and
``model_to_dot(m).get_nodes()`` (which makes every pydot object), with the ratio to the
DOT text. ``--old`` adds the former way, pydot's parser on the DOT text (skipped for the
100,000-layer chain, which does not finish). ``--keras-python`` times Keras 3's own
``model_to_dot(model).to_string()`` on the same ResNet50 config (that interpreter needs
pydot; ``KERAS_PYTHONPATH`` is its PYTHONPATH). Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
RESNET = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"

_KERAS_SCRIPT = """
import sys, time
import keras
model = keras.models.model_from_json(open(sys.argv[1]).read())
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    keras.utils.model_to_dot(model, show_layer_names=True).to_string()
    times.append(time.perf_counter() - start)
times.sort()
print(times[len(times) // 2])
"""


def _median(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _models():
    from modelviz import Input, Sequential, layers, load

    yield "ResNet50 (177 layers)", load(RESNET), 21
    yield "chain of 1,000 Dense(8)", Sequential([Input((8,))] + [layers.Dense(8)
                                                                 for _ in range(1000)]), 11
    yield "chain of 100,000 Dense(8)", Sequential([Input((8,))] + [layers.Dense(8)
                                                                   for _ in range(100_000)]), 3


def _row(name: str, model, runs: int, old: bool) -> list[str]:
    import pydot

    from modelviz.diagram import DotOptions, to_dot
    from modelviz.plot import model_to_dot

    graph = model.to_graph()
    pairs = [(_median(lambda: to_dot(graph, DotOptions(show_layer_names=True)), 1),
              _median(lambda: model_to_dot(graph).to_string(), 1),
              _median(lambda: model_to_dot(graph), 1),
              _median(lambda: model_to_dot(graph).get_nodes(), 1)) for _ in range(runs)]
    text, string, built, nodes = (statistics.median(column) for column in zip(*pairs, strict=True))
    ratio = statistics.median(b / a for a, b, _, _ in pairs)
    nodes_ratio = statistics.median(d / a for a, _, _, d in pairs)
    cells = [name, f"{text:.4f}", f"{string:.4f} ({ratio:.2f}×)",
             f"{built:.4f}", f"{nodes:.4f} ({nodes_ratio:.1f}×)"]
    if old and len(graph) < 50_000:
        parsed = _median(lambda: pydot.graph_from_dot_data(
            to_dot(graph, DotOptions(show_layer_names=True))), 1)
        cells.append(f"{parsed:.2f} ({parsed / text:.0f}×)")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keras-python", help="a Python with Keras 3")
    parser.add_argument("--old", action="store_true", help="also time pydot's parser")
    args = parser.parse_args()
    header = ["model", "DOT text (s)", "model_to_dot().to_string() (s)", "model_to_dot() (s)",
              "+ get_nodes() (s)"] + (["old: pydot parser (s)"] if args.old else [])
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for name, model, runs in _models():
        print("| " + " | ".join(_row(name, model, runs, args.old)) + " |", flush=True)
    if args.keras_python:
        result = subprocess.run([args.keras_python, "-c", _KERAS_SCRIPT, str(RESNET), "5"],
                                check=True, capture_output=True, text=True, timeout=600,
                                env={"KERAS_BACKEND": "jax", "PATH": "/usr/bin:/bin",
                                     "PYTHONPATH": os.environ.get("KERAS_PYTHONPATH", "")})
        keras = float(result.stdout.strip().splitlines()[-1])
        print(f"\nKeras 3 model_to_dot(ResNet50).to_string(): {keras:.3f} s")


if __name__ == "__main__":
    main()

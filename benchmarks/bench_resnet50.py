"""ResNet50 benchmark: modelviz's own time against Graphviz layout (and optionally Keras).

Run: ``python benchmarks/bench_resnet50.py [--keras-python /work/kenv/bin/python]``.

Loads ``tests/fixtures/keras3/configs/app_resnet50.json`` (written by real Keras 3) and
times, as medians of several runs: loading the config, ``summary``, graph + DOT text
(modelviz's share of ``plot_model``), the graphviz-pure layout to SVG (the rest of
``plot_model``), ``import modelviz`` and a whole ``modelviz summary`` process. With
``--keras-python``, that interpreter (a venv with Keras 3) runs ``model.summary()`` on the
same config in a subprocess, and its time is printed beside modelviz's. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CONFIG = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"

_KERAS_SCRIPT = """
import io, sys, time, contextlib
import keras
text = open(sys.argv[1]).read()
model = keras.models.model_from_json(text)
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        model.summary()
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


def _process_seconds(args: list[str], runs: int = 5) -> float:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    return _median(lambda: subprocess.run(args, check=True, env=env, capture_output=True),
                   runs)


def _keras_summary_seconds(python: str, runs: int) -> float:
    result = subprocess.run([python, "-c", _KERAS_SCRIPT, str(CONFIG), str(runs)], check=True,
                            capture_output=True, text=True, timeout=600,
                            env={"KERAS_BACKEND": "jax", "PATH": "/usr/bin:/bin"})
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keras-python", help="a Python with Keras 3, e.g. /work/kenv/bin/python")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from modelviz import load
    from modelviz.diagram import DotOptions, to_dot
    from modelviz.render import render
    from modelviz.tables import format_summary

    model = load(CONFIG)
    options = DotOptions(show_shapes=True, show_layer_names=True, dpi=None)
    dot_text = to_dot(model.to_graph(), options)
    rows = [("load config (JSON -> model)", _median(lambda: load(CONFIG), args.runs)),
            ("summary (graph + text)", _median(lambda: format_summary(model), args.runs)),
            ("plot_model, modelviz part (graph + DOT)",
             _median(lambda: to_dot(model.to_graph(), options), args.runs)),
            ("plot_model, graphviz-pure layout to SVG",
             _median(lambda: render(dot_text, "svg", engine="graphviz-pure"), 1))]
    print(f"ResNet50 ({len(model.layers)} layers, {model.count_params():,} params)")
    print("| step | seconds |\n|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.4f} |")
    share = rows[2][1] / rows[3][1]
    print(f"\nmodelviz share of plot_model vs layout: {share:.1%} (target <= 20%)")
    python = sys.executable
    bare = _process_seconds([python, "-c", "pass"])
    print(f"import modelviz: "
          f"{(_process_seconds([python, '-c', 'import modelviz']) - bare) * 1000:.0f} ms "
          "beyond bare interpreter start-up (target <= 150 ms)")
    whole = _process_seconds([python, "-m", "modelviz", "summary", str(CONFIG)])
    print(f"`modelviz summary app_resnet50.json`, whole process: {whole:.2f} s (target <= 0.5 s)")
    if args.keras_python:
        keras = _keras_summary_seconds(args.keras_python, args.runs)
        print(f"Keras 3 model.summary(): {keras:.4f} s; modelviz summary: {rows[1][1]:.4f} s "
              f"({keras / rows[1][1]:.0f}x faster; target >= 30x)")


if __name__ == "__main__":
    main()

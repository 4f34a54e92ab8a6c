"""Branchy functional models: blocks of three Dense + Add, built, summarised and turned into DOT.

Run: ``python benchmarks/bench_branchy.py [N ...]`` (default 4,000 8,000 16,000 32,000 100,000
layers). Each block is ``a = Dense(8)(x); b = Dense(8)(a); x = Add()([Dense(8)(x), b])``
(four layers), so the graph has a branch and a merge every block. Prints one markdown row per
size: wall seconds per step, the CPU seconds of the whole size (steadier on a shared
machine) and their ratio to the previous size (linear time doubles it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if "modelviz" not in sys.modules:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def build(n_layers: int):
    from modelviz import Input, Model, layers

    inputs = Input((8,))
    x = inputs
    for _ in range(max(1, n_layers // 4)):
        a = layers.Dense(8)(x)
        b = layers.Dense(8)(a)
        x = layers.Add()([layers.Dense(8)(x), b])
    return Model(inputs, x)


def measure(n_layers: int) -> dict[str, float]:
    from modelviz.diagram import DotOptions, to_dot
    from modelviz.layers.base import clear_session
    from modelviz.tables import format_summary

    clear_session()
    cpu_start = time.process_time()
    times: dict[str, float] = {}
    start = time.perf_counter()
    model = build(n_layers)
    times["build"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = model.to_graph()
    times["to_graph"] = time.perf_counter() - start
    start = time.perf_counter()
    format_summary(graph)
    times["summary"] = time.perf_counter() - start
    start = time.perf_counter()
    to_dot(graph, DotOptions(show_shapes=True))
    times["DOT"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    times["cpu"] = time.process_time() - cpu_start
    return times


def main(sizes: list[int]) -> None:
    print("| layers | build | to_graph | summary | DOT | total | CPU | CPU / previous |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for n in sizes:
        t = measure(n)
        ratio = f"{t['cpu'] / previous:.2f}×" if previous else "-"
        print(f"| {n:,} | {t['build']:.2f} | {t['to_graph']:.2f} | {t['summary']:.2f} | "
              f"{t['DOT']:.2f} | **{t['total']:.2f}** | {t['cpu']:.2f} | {ratio} |", flush=True)
        previous = t["cpu"]


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [4_000, 8_000, 16_000, 32_000, 100_000])

"""Scale benchmark: a Sequential of N Dense(8) layers, built, summarised and turned into DOT.

Run: ``python benchmarks/bench_scale.py [N]`` (default 100,000). Prints one table row per
step with seconds (the last, ``model_to_dot(m).to_string()``, is the pydot route to the same
DOT), and the peak resident memory of the process. Not a test: timings are
noisy on shared machines; compare ratios measured in one run.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def _timed(label: str, func, rows: list[tuple[str, float]]):
    start = time.perf_counter()
    result = func()
    rows.append((label, time.perf_counter() - start))
    return result


def _import_seconds() -> float:
    """Median wall time of `import modelviz` in a fresh interpreter, minus bare start-up."""
    def run(code: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True,
                           env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")})
            times.append(time.perf_counter() - start)
        return sorted(times)[2]
    return run("import modelviz") - run("pass")


def main(n: int) -> None:
    from modelviz import Input, Sequential, layers
    from modelviz.diagram import DotOptions, to_dot
    from modelviz.plot import model_to_dot
    from modelviz.tables import format_summary

    rows: list[tuple[str, float]] = []
    model = _timed("build", lambda: Sequential([Input((8,))] + [layers.Dense(8)
                                                               for _ in range(n)]), rows)
    graph = _timed("to_graph", model.to_graph, rows)
    text = _timed("summary (text)", lambda: format_summary(graph), rows)
    dot = _timed("DOT text", lambda: to_dot(graph, DotOptions(show_shapes=True)), rows)
    _timed("model_to_dot(m).to_string()",
           lambda: model_to_dot(graph, show_shapes=True).to_string(), rows)
    total = sum(seconds for _, seconds in rows)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Sequential of {n:,} Dense(8) layers ({len(text):,} chars of summary, "
          f"{len(dot):,} chars of DOT)")
    print("| step | seconds |\n|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print(f"| **total** | **{total:.2f}** |")
    print(f"\npeak memory: {peak_mb:,.0f} MB")
    print(f"import modelviz: {_import_seconds() * 1000:.0f} ms (beyond bare interpreter start-up)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

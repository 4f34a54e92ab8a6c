"""Build every ``modelviz.applications`` architecture and time it (and its summary rows).

Run: ``python benchmarks/bench_applications.py [Builder ...]`` (default: all 40). Prints one
markdown row per builder: layers (nested included), parameters, seconds to build with
``weights=None``, seconds for ``to_graph()`` (which also computes totals and MACs), and
the CPU seconds of both (steadier on a shared machine).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if "modelviz" not in sys.modules:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def measure(builder: str) -> tuple[int, int, float, float, float]:
    from modelviz import applications
    from modelviz.layers.base import clear_session

    clear_session()
    cpu = time.process_time()
    start = time.perf_counter()
    model = getattr(applications, builder)(weights=None)
    built = time.perf_counter()
    graph = model.to_graph()
    done = time.perf_counter()
    return (graph.number_of_nodes(), model.count_params(), built - start, done - built,
            time.process_time() - cpu)


def main(argv: list[str]) -> None:
    from modelviz import applications

    print("| builder | nodes | params | build s | to_graph s | CPU s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for builder in argv or applications.__all__:
        nodes, params, build, graph, cpu = measure(builder)
        print(f"| {builder} | {nodes:,} | {params:,} | {build:.2f} | {graph:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])

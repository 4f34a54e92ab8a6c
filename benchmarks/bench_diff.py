"""Diff benchmark: ``python benchmarks/bench_diff.py``. Not a test.

Times ``modelviz.diff`` beyond loading (graphs are made first), as medians of 3 runs:

- ResNet50 (``tests/fixtures/keras3/configs/app_resnet50.json``) against itself, against a
  copy with every layer renamed, and against a copy whose last Dense is wider;
- two 10,000-layer Sequential models, one with a Dropout inserted in the middle, and
  the same with every layer of the new one renamed.

Targets from issue #12: ResNet50-sized ≤ 0.3 s, 10,000 layers ≤ 5 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CONFIG = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"


def _median(step, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _resnet_graphs():
    from modelviz import load
    from modelviz.layers.base import clear_session

    clear_session()
    old = load(CONFIG).to_graph()
    renamed = CONFIG.read_text()
    for key in sorted(old, key=len, reverse=True):
        renamed = renamed.replace(f'"{key}"', f'"x_{key}"')
    path = Path(tempfile.mkdtemp()) / "resnet50_renamed.json"
    path.write_text(renamed)
    clear_session()
    return old, load(path).to_graph()


def _chain(layers_count: int, insert: bool, prefix: str = ""):
    from modelviz import Input, Sequential, layers

    stack: list = [Input((8,))]
    for i in range(layers_count // 2):
        stack += [layers.Dense(8, name=f"{prefix}d{i}"), layers.ReLU(name=f"{prefix}r{i}")]
        if insert and i == layers_count // 4:
            stack.append(layers.Dropout(0.1, name="extra"))
    return Sequential(stack).to_graph()


def main() -> None:
    from modelviz.diffing import diff

    old, renamed = _resnet_graphs()
    print(f"ResNet50: {len(old)} layers")
    print(f"  same      {_median(lambda: diff(old, old)):.3f} s")
    result = diff(old, renamed)
    print(f"  renamed   {_median(lambda: diff(old, renamed)):.3f} s  "
          f"({len(result.renamed)} renamed, {len(result.added)} added)")
    chain_old, chain_new = _chain(10_000, False), _chain(10_000, True)
    chain_renamed = _chain(10_000, True, "x")
    print(f"10,000 layers + 1 Dropout    {_median(lambda: diff(chain_old, chain_new)):.2f} s")
    print(f"  ... with every layer renamed {_median(lambda: diff(chain_old, chain_renamed)):.2f} s")


if __name__ == "__main__":
    main()

"""PyTorch capture benchmark: ``from_torch`` + ``summary`` against torchinfo's ``summary``.

Run: ``python benchmarks/bench_torch.py [--runs 5] [--models resnet50,vit_b_16,...]``.

For each model (torchvision's, built with ``weights=None``, and the plain-torch fixtures
of ``tests/fixtures/torch_models.py``), times as medians of several runs in this one
process, with torch's thread count as it is: torchinfo's ``summary(model, input_data=x,
verbose=0)`` and its ``str()``, then modelviz's ``from_torch(model, x)`` followed by
``summary`` to a string. Prints both times and their ratio (modelviz / torchinfo; the
goal is <= 1 on ResNet-50 and ViT-B/16, <= 2 on the small models). Also checks, for every
model, what the tests check on a subset: parameters equal torch's and the graph is
acyclic. Needs torch, torchvision and torchinfo (the ``test`` extra and ``.ci/run``).
Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

TORCHVISION = ("resnet18", "resnet50", "mobilenet_v3_large", "efficientnet_b0",
               "densenet121", "convnext_tiny", "vit_b_16", "swin_t", "regnet_y_400mf",
               "inception_v3")
OWN = ("lstm_tagger", "transformer", "unet", "shared_twice", "lstm_classifier",
       "transformer_encoder")


def _interleaved(first: Any, second: Any, runs: int) -> tuple[float, ...]:
    """Medians of wall and CPU seconds of two functions, run alternately (the machine's
    load drifts: alternating spreads it evenly over both)."""
    times: list[list[float]] = [[], [], [], []]
    for _ in range(runs):
        for index, func in enumerate((first, second)):
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            times[index].append(time.perf_counter() - wall)
            times[2 + index].append(time.process_time() - cpu)
    return tuple(statistics.median(t) for t in times)


def _model(name: str) -> tuple[Any, Any]:
    import torch

    if name in OWN:
        from tests.fixtures.torch_models import MODELS

        build, make_input = MODELS[name]
        torch.manual_seed(0)
        return build().eval(), make_input()
    import torchvision

    size = 299 if name == "inception_v3" else 224
    kwargs = {"aux_logits": False, "init_weights": False} if name == "inception_v3" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    return model, torch.zeros(1, 3, size, size)


CAPTURE = ["auto"]


def _modelviz(model: Any, example: Any) -> Any:
    import modelviz

    lines: list[str] = []
    imported = modelviz.from_torch(model, example, capture=CAPTURE[0])
    modelviz.summary(imported, print_fn=lines.append)
    return imported


def _torchinfo(model: Any, example: Any) -> str:
    import torchinfo

    return str(torchinfo.summary(model, input_data=example, verbose=0))


def main() -> None:
    from tests import torchvision_ops

    torchvision_ops.install()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", default=",".join(TORCHVISION + OWN))
    parser.add_argument("--capture", default="auto", choices=["auto", "recorder", "export"])
    options = parser.parse_args()
    CAPTURE[0] = options.capture
    import torch

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; medians of "
          f"{options.runs} alternating runs; ratio = modelviz / torchinfo")
    print(f"{'model':<20} {'torchinfo s':>11} {'modelviz s':>10} {'ratio':>6} {'cpu ratio':>9}"
          "  checks")
    for name in options.models.split(","):
        model, example = _model(name)
        _torchinfo(model, example), _modelviz(model, example)  # warm up both
        reference, ours, reference_cpu, ours_cpu = _interleaved(
            lambda m=model, x=example: _torchinfo(m, x),
            lambda m=model, x=example: _modelviz(m, x), options.runs)
        print(f"{name:<20} {reference:>11.3f} {ours:>10.3f} {ours / reference:>6.2f} "
              f"{ours_cpu / reference_cpu:>9.2f}  {_checks(model, example)}", flush=True)


def _checks(model: Any, example: Any) -> str:
    """What the tests check on a subset: params, torchinfo's leaf calls, no cycle."""
    from collections import Counter

    import networkx as nx
    import torchinfo

    graph = _modelviz(model, example).to_graph()
    params = graph.graph["total_params"] == sum(p.numel() for p in model.parameters())
    info = torchinfo.summary(model, input_data=example, verbose=0)
    expected = Counter((layer.class_name, tuple(layer.output_size))
                       for layer in info.summary_list if layer.is_leaf_layer and layer.executed)
    rows = Counter((d["class_name"], tuple(d["output_shapes"][0]))
                   for _, d in graph.nodes(data=True) if "module" in d)
    missing = sum((expected - rows).values())
    return (f"params {'ok' if params else 'WRONG'}, {sum(expected.values())} leaf calls "
            f"{'all' if not missing else f'{missing} MISSING'}, "
            f"{'acyclic' if nx.is_directed_acyclic_graph(graph) else 'CYCLE'}")


if __name__ == "__main__":
    main()

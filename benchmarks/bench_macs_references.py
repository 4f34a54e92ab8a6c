"""MACs of full-size ViT-B/16, Swin-T, ViT-S/16 and issue 21's TransformerEncoder and LSTM
classifier against their references (torch and ONNX).

Run: ``python benchmarks/bench_macs_references.py [NAME ...]`` (needs torch and onnx; about a
minute). The models are torchvision's architectures written out in
tests/fixtures/torch_models.py (no torchvision needed, random weights) and the two models of
issue 21 whose configurations are reconstructed there from the issue's figures; the ONNX
files are exported to a temporary directory with torch's TorchScript exporter (batch axis
dynamic). Prints one markdown row per model and source: MACs, the reference, the ratio and
the seconds taken.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "modelviz" not in sys.modules:
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

# torchvision's model tables (GFLOPS), the hand count of timm's ViT-S/16 and issue 21's
# figures for its TransformerEncoder and LSTM classifier
PUBLISHED = {"vit_b_16": 17.56e9, "swin_t": 4.49e9, "vit_s_16": 4.60e9,
             "transformer_encoder": 436.2e6, "lstm_classifier": 25.17e6}


def _build(name: str) -> tuple[object, object]:
    import torch
    import torch_models

    torch.manual_seed(0)
    if name in torch_models.MODELS:
        build, make_input = torch_models.MODELS[name]
        return build().eval(), make_input()
    return getattr(torch_models, name)().eval(), torch.zeros(1, 3, 224, 224)


def _number(value: float, digits: int = 3) -> str:
    return f"{value / 1e9:.{digits}f} G" if value >= 1e9 else f"{value / 1e6:.2f} M"


def _macs(model: object) -> int:
    from modelviz.compute import ensure_compute
    from modelviz.graph import DTYPE_BYTES

    graph = ensure_compute(model.to_graph(), DTYPE_BYTES)  # type: ignore[attr-defined]
    assert not graph.graph["unknown_macs"], graph.graph["unknown_macs"][:5]
    return int(graph.graph["total_macs"])


def main() -> None:
    import torch

    from modelviz import from_torch
    from modelviz.importers import load

    warnings.simplefilter("ignore")
    print("| model | source | MACs | published | ratio | seconds |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in sys.argv[1:] or PUBLISHED:
            published = PUBLISHED[name]
            model, example = _build(name)
            path = Path(tmp) / f"{name}.onnx"
            torch.onnx.export(model, (example,), str(path), dynamo=False, opset_version=17,
                              input_names=["input"], dynamic_axes={"input": {0: "batch"}})
            for source in ("torch.export", "recorder", "onnx"):
                start = time.perf_counter()
                if source == "onnx":
                    macs = _macs(load(path))
                else:
                    capture = "export" if source == "torch.export" else "recorder"
                    macs = _macs(from_torch(model, example, capture=capture))
                seconds = time.perf_counter() - start
                print(f"| {name} | {source} | {_number(macs)} | {_number(published, 2)} | "
                      f"{macs / published:.4f} | {seconds:.1f} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Export the gallery's ONNX model: one GPT-2-style decoder block (tests/fixtures/decoder.py).

Run with torch and onnx installed, from the repo root:

    python scripts/make_gallery_onnx.py

Writes ``gallery/configs/decoder_block.onnx``: ``GPT(layers=1, width=64, heads=4,
vocab=1000, context=16)`` exported as ``scripts/make_decoder_fixtures.py`` exports the
test decoders (legacy TorchScript exporter, opset 17, constant folding off, tensors of
1 kB or more moved to an external file that is then deleted: the file holds the graph and
the tensor dimensions only). Weights are random (seed 0); nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "gallery" / "configs" / "decoder_block.onnx"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "scripts"))

from decoder import GPT  # noqa: E402
from make_decoder_fixtures import export_stripped  # noqa: E402


def main() -> None:
    torch.manual_seed(0)
    model = GPT(1, 64, 4, 1000, 16).eval()
    proto = export_stripped(model, torch.zeros(1, 16, dtype=torch.long), OUT)
    print(OUT.relative_to(ROOT), f"{len(proto.graph.node)} nodes",
          f"{sum(p.numel() for p in model.parameters()):,} params")


if __name__ == "__main__":
    main()

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

import os
import sys
import warnings
from pathlib import Path

import onnx
import torch
from onnx.external_data_helper import convert_model_to_external_data

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "gallery" / "configs" / "decoder_block.onnx"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from decoder import GPT  # noqa: E402


def main() -> None:
    torch.manual_seed(0)
    model = GPT(1, 64, 4, 1000, 16).eval()
    tokens = torch.zeros(1, 16, dtype=torch.long)
    with torch.no_grad():  # distinct values: the exporter merges equal initializers
        for tensor in model.parameters():
            tensor.uniform_(0.5, 1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (tokens,), str(OUT), dynamo=False, opset_version=17,
                          do_constant_folding=False, input_names=["tokens"],
                          output_names=["logits"])
    proto = onnx.load(str(OUT))
    data = f"{OUT.name}.data"
    convert_model_to_external_data(proto, all_tensors_to_one_file=True, location=data,
                                   size_threshold=1024, convert_attribute=True)
    onnx.save_model(proto, str(OUT))
    os.remove(OUT.parent / data)
    print(OUT.relative_to(ROOT), f"{len(proto.graph.node)} nodes",
          f"{sum(p.numel() for p in model.parameters()):,} params")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Export the plain-torch decoder (tests/fixtures/decoder.py) to ONNX, weights stripped.

Run with torch and onnx installed, from the repo root:

    python scripts/make_decoder_fixtures.py

Writes ``tests/fixtures/onnx/{gpt2_small,decoder_12,decoder_32}.onnx`` (legacy TorchScript
exporter, opset 17, constant folding off; weights and constants of 1 kB or more, the causal
masks, moved to an external data file that is then deleted, so each file holds the graph
and the tensor dimensions only) and ``tests/fixtures/onnx/decoder_reference.json`` with
torch's own parameter count for each.
Weights are random (seed 0); nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

import onnx
import torch
from onnx.external_data_helper import convert_model_to_external_data

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "onnx"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from decoder import CONFIGS, build  # noqa: E402


def export_stripped(model: torch.nn.Module, tokens: torch.Tensor, path: Path) -> onnx.ModelProto:
    """Export ``model`` to ``path`` with random weights in [0.5, 1.5), tensors of 1 kB or
    more moved to an external file that is then deleted (the graph and dimensions only)."""
    with torch.no_grad():  # distinct values: the exporter merges equal initializers
        for tensor in model.parameters():
            tensor.uniform_(0.5, 1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (tokens,), str(path), dynamo=False, opset_version=17,
                          do_constant_folding=False, input_names=["tokens"],
                          output_names=["logits"])
    proto = onnx.load(str(path))
    data = f"{path.name}.data"
    convert_model_to_external_data(proto, all_tensors_to_one_file=True, location=data,
                                   size_threshold=1024, convert_attribute=True)
    onnx.save_model(proto, str(path))
    os.remove(path.parent / data)
    return proto


def export(name: str) -> dict[str, int]:
    model, tokens = build(name)
    proto = export_stripped(model, tokens, OUT / f"{name}.onnx")
    return {"total_params": sum(p.numel() for p in model.parameters()),
            "nodes": len(proto.graph.node)}


def main() -> None:
    torch.manual_seed(0)
    reference = {"torch": torch.__version__, "onnx": onnx.__version__, "models": {}}
    for name in CONFIGS:
        reference["models"][name] = export(name)
        print(name, reference["models"][name])
    text = json.dumps(reference, indent=1, sort_keys=True) + "\n"
    (OUT / "decoder_reference.json").write_text(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Export the plain-torch fixture models to ONNX and write torch's own reference data.

Run with torch, onnx and onnxscript installed (``pip install torch==2.13.0 onnx onnxscript``),
from the repo root:

    python scripts/make_torch_fixtures.py            # every model
    python scripts/make_torch_fixtures.py vit swin   # only these (reference.json updated)

For each model in tests/fixtures/torch_models.MODELS and TRANSFORMERS it writes
``tests/fixtures/onnx/<name>.onnx`` (legacy TorchScript exporter, opset 17, constant folding
off so BatchNormalization stays an operator; the weights are moved to external data and the
data file is deleted, so the committed file holds the graph and the initializer dimensions
only, as a >2 GB model would). For the DYNAMO models it also writes ``<name>_dynamo.onnx``
from the default exporter (``dynamo=True``, which needs ``onnxscript``; stack traces
stripped). ``tests/fixtures/onnx/reference.json`` holds, per model: torch's parameter total
(``sum(p.numel() for p in model.parameters())``), buffer elements, the output shape, every
leaf module's output shapes (forward hooks) and parameter count, and the float initializer
elements of each export. Weights are random (seed 0); nothing is downloaded.

Versions used for the committed files: torch 2.13.0 (CPU), onnx 1.23.2, onnxscript 0.7.2.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import onnx
import torch
from onnx.external_data_helper import convert_model_to_external_data

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "onnx"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from torch_models import MODELS, TRANSFORMERS  # noqa: E402

DYNAMO = ("resnet18", "transformer")  # also exported with dynamo=True (needs onnxscript)


def _shapes(value: Any) -> list[list[int]]:
    if isinstance(value, torch.Tensor):
        return [list(value.shape)]
    if isinstance(value, (tuple, list)):
        return [s for item in value for s in _shapes(item)]
    return []


def _leaf_reference(model: torch.nn.Module, example: torch.Tensor) -> dict[str, Any]:
    leaves: dict[str, Any] = {}
    hooks = []
    for name, module in model.named_modules():
        if name and not list(module.children()):
            def hook(mod: Any, args: Any, out: Any, name: str = name) -> None:
                entry = leaves.setdefault(name, {"class_name": type(mod).__name__, "calls": []})
                entry["calls"].append(_shapes(out))
                entry["params"] = sum(p.numel() for p in mod.parameters())
            hooks.append(module.register_forward_hook(hook))
    with torch.no_grad():
        output = model(example)
    for handle in hooks:
        handle.remove()
    return {"output_shapes": _shapes(output), "leaves": leaves}


def _export(name: str, model: torch.nn.Module, example: torch.Tensor) -> dict[str, int]:
    path = OUT / f"{name}.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example,), str(path), dynamo=False, opset_version=17,
                          do_constant_folding=False, input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "batch"}})
    proto = onnx.load(str(path))
    counts = {"initializer_elements": sum(int(torch.tensor(list(t.dims)).prod()) if t.dims
                                          else 1 for t in proto.graph.initializer
                                          if t.data_type == onnx.TensorProto.FLOAT)}
    data = f"{name}.onnx.data"
    convert_model_to_external_data(proto, all_tensors_to_one_file=True, location=data,
                                   size_threshold=0)
    onnx.save_model(proto, str(path))
    os.remove(OUT / data)
    return counts


def _export_dynamo(name: str, model: torch.nn.Module, example: torch.Tensor) -> int:
    """The default (torch.export-based) exporter: module paths in node metadata."""
    path = OUT / f"{name}_dynamo.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        program = torch.onnx.export(model, (example,), dynamo=True, verbose=False)
    program.save(str(path))
    proto = onnx.load(str(path))
    count = sum(int(torch.tensor(list(t.dims)).prod()) if t.dims else 1
                for t in proto.graph.initializer if t.data_type == onnx.TensorProto.FLOAT)
    for node in proto.graph.node:  # stack traces name this machine's paths: keep them out
        keep = [p for p in node.metadata_props if p.key != "pkg.torch.onnx.stack_trace"]
        del node.metadata_props[:]
        node.metadata_props.extend(keep)
    convert_model_to_external_data(proto, all_tensors_to_one_file=True,
                                   location=f"{name}_dynamo.onnx.data", size_threshold=0)
    onnx.save_model(proto, str(path))
    os.remove(OUT / f"{name}_dynamo.onnx.data")
    return count


def _randomize(model: torch.nn.Module) -> None:
    """Distinct values everywhere: the exporter merges equal initializers (fresh BatchNorms,
    deep-copied layers) into one, which would hide parameters from the ONNX file."""
    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            if tensor.is_floating_point():
                tensor.uniform_(0.5, 1.5)


def main() -> None:
    torch.manual_seed(0)
    OUT.mkdir(parents=True, exist_ok=True)
    reference: dict[str, Any] = {"torch": torch.__version__, "onnx": onnx.__version__,
                                 "exporter": "torch.onnx.export(dynamo=False, opset 17)",
                                 "models": {}}
    models = {**MODELS, **TRANSFORMERS}
    chosen = sys.argv[1:] or list(models)
    if sys.argv[1:] and (OUT / "reference.json").is_file():
        reference["models"] = json.loads((OUT / "reference.json").read_text())["models"]
    for name in chosen:
        build, make_input = models[name]
        model = build().eval()
        _randomize(model)
        example = make_input()
        entry = {"input_shape": list(example.shape), "input_dtype": str(example.dtype),
                 "total_params": sum(p.numel() for p in model.parameters()),
                 "trainable_params": sum(p.numel() for p in model.parameters()
                                         if p.requires_grad),
                 "buffer_elements": sum(b.numel() for b in model.buffers())}
        entry.update(_leaf_reference(model, example))
        entry.update(_export(name, model, example))
        if name in DYNAMO:
            entry["dynamo_initializer_elements"] = _export_dynamo(name, model, example)
        reference["models"][name] = entry
        print(f"{name}: {entry['total_params']:,} params, onnx initializers "
              f"{entry['initializer_elements']:,}")
    text = json.dumps(reference, indent=1, sort_keys=True) + "\n"
    (OUT / "reference.json").write_text(text)


if __name__ == "__main__":
    main()

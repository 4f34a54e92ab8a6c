#!/usr/bin/env python
"""Write real-Keras references for every ``keras.applications`` architecture.

Run (Keras is NOT a modelviz dependency; weights=None everywhere, nothing is downloaded):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/kenv/bin/python scripts/make_apps_fixtures.py

Optional arguments: fixture names (``resnet50``, ``resnet50__notop_avg``, ...) or
architecture names (``ResNet50``) to write only those; ``--force`` rewrites files that
exist (by default they are kept, so an interrupted run resumes).

Writes ``tests/fixtures/keras3/apps/<name>[__variant].json``: the builder and its
keyword arguments (``kwargs``; ``transfer`` names a recipe of tests/fixtures/apps_zoo.py),
the Keras version, the model name, the three totals and one ``rows`` entry per layer
(``model.layers``, a nested model's layers straight after it with ``outer/inner`` paths):
``[path, class_name, output_shapes, params, trainable_params, trainable]``; models
holding ``keras.ops`` nodes also list ``operations`` (``[name, class_name]``). One row
per line keeps the files small and diffs readable.
"""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "fixtures"))

from apps_zoo import TRANSFER  # noqa: E402  (plain Python, no Keras needed)

OUT = os.path.join(os.path.dirname(HERE), "tests", "fixtures", "keras3", "apps")

ARCHS = [
    "MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large",
    "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152",
    "ResNet50V2", "ResNet101V2", "ResNet152V2", "DenseNet121", "DenseNet169", "DenseNet201",
    "InceptionV3", "Xception", "InceptionResNetV2", "NASNetMobile", "NASNetLarge",
    "EfficientNetB0", "EfficientNetB1", "EfficientNetB2", "EfficientNetB3",
    "EfficientNetB4", "EfficientNetB5", "EfficientNetB6", "EfficientNetB7",
    "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2", "EfficientNetV2B3",
    "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L",
    "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge",
]
PREPROCESSING = ("MobileNetV3", "EfficientNetV2", "ConvNeXt")

COMMON = [
    ("", {}),
    ("notop", {"include_top": False}),
    ("notop_avg", {"include_top": False, "pooling": "avg"}),
    ("notop_max", {"include_top": False, "pooling": "max"}),
    ("shape160", {"input_shape": (160, 160, 3)}),
    ("classes10", {"classes": 10, "classifier_activation": None}),
]
EXTRA = {
    "MobileNet": [("alpha050_dm2", {"alpha": 0.5, "depth_multiplier": 2, "dropout": 0.5}),
                  ("alpha025_shape128", {"alpha": 0.25, "input_shape": (128, 128, 3)}),
                  ("imagenet_notop", {"weights": "imagenet", "include_top": False})],
    "MobileNetV2": [("alpha035", {"alpha": 0.35}), ("alpha140_shape96", {
        "alpha": 1.4, "input_shape": (96, 96, 3)}),
        ("imagenet_notop", {"weights": "imagenet", "include_top": False})],
    "MobileNetV3Small": [("alpha075_minimalistic", {"alpha": 0.75, "minimalistic": True}),
                         ("dropout0", {"dropout_rate": 0.0})],
    "MobileNetV3Large": [("alpha075_minimalistic", {"alpha": 0.75, "minimalistic": True})],
    "VGG16": [("shape96_notop", {"input_shape": (96, 96, 3), "include_top": False})],
    "NASNetMobile": [("shape96_notop", {"input_shape": (96, 96, 3), "include_top": False})],
    "ResNet50": [("shape96_notop", {"input_shape": (96, 96, 3), "include_top": False})],
    # weights="imagenet" with the download and load_weights stubbed out (see main)
    "EfficientNetB0": [("imagenet", {"weights": "imagenet"}),
                       ("imagenet_notop", {"weights": "imagenet", "include_top": False})],
}


def variants(arch):
    out = list(COMMON)
    if arch.startswith(PREPROCESSING):
        out.append(("nopreprocessing", {"include_preprocessing": False}))
    return out + EXTRA.get(arch, [])


def fixture_name(arch, variant):
    return arch.lower() + (f"__{variant}" if variant else "")


def _shapes(tensors):
    return [None if t.shape is None else list(t.shape) for t in tensors]


def _rows(model, prefix=""):
    rows = []
    for layer in model.layers:
        path = prefix + layer.name
        out = _shapes(layer._inbound_nodes[0].output_tensors) if layer._inbound_nodes else None
        trainable = sum(_size(w) for w in layer.trainable_weights)
        rows.append([path, type(layer).__name__, out, layer.count_params(), trainable,
                     bool(layer.trainable)])
        if hasattr(layer, "layers") and hasattr(layer, "inputs"):  # a nested model
            rows.extend(_rows(layer, path + "/"))
    return rows


def _size(weight):
    n = 1
    for d in weight.shape:
        n *= int(d)
    return n


def reference(keras, model, builder, kwargs):
    from keras.src.layers.layer import Layer

    trainable = sum(_size(w) for w in model.trainable_weights)
    ref = {
        "keras_version": keras.__version__, "backend": keras.backend.backend(),
        "builder": builder, "kwargs": kwargs, "model_name": model.name,
        "total_params": model.count_params(), "trainable_params": trainable,
        "non_trainable_params": sum(_size(w) for w in model.non_trainable_weights),
        "input_shapes": _shapes(model.inputs), "output_shapes": _shapes(model.outputs),
        "rows": _rows(model),
    }
    ops = [op for op in model.operations if not isinstance(op, Layer)]
    if ops:
        ref["operations"] = [[op.name, type(op).__name__] for op in model.operations]
    return ref


def write(path, ref):
    head = {k: v for k, v in ref.items() if k not in ("rows", "operations")}
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v, sort_keys=True)}," for k, v in head.items()]
    for key in ("operations", "rows"):
        if key in ref:
            body = ",\n".join("  " + json.dumps(r) for r in ref[key])
            lines.append(f' "{key}": [\n{body}\n ],')
    lines[-1] = lines[-1].rstrip(",")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n}\n")


def jobs(selected):
    for arch in ARCHS:
        for variant, kwargs in variants(arch):
            name = fixture_name(arch, variant)
            if not selected or name in selected or arch in selected:
                yield name, arch, kwargs
    for recipe in TRANSFER:
        name = "transfer__" + recipe
        if not selected or name in selected:
            yield name, None, recipe


def main(argv):
    import keras
    from keras.src.utils import file_utils

    # weights="imagenet" changes some models (EfficientNet adds a Rescaling layer, names
    # follow the weights' input size): build them without downloading or loading anything.
    file_utils.get_file = lambda *args, **kwargs: "imagenet-weights-not-downloaded"
    keras.Model.load_weights = lambda self, *args, **kwargs: None
    force = "--force" in argv
    selected = {a for a in argv if not a.startswith("--")}
    os.makedirs(OUT, exist_ok=True)
    failures = []
    for name, arch, kwargs in jobs(selected):
        path = os.path.join(OUT, name + ".json")
        if os.path.exists(path) and not force:
            continue
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        start = time.time()
        try:
            if arch is None:
                model, builder, args = TRANSFER[kwargs](keras), None, {"transfer": kwargs}
            else:
                builder, args = arch, {"weights": None, **kwargs}
                model = getattr(keras.applications, arch)(**args)
            args = {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()}
            write(path, reference(keras, model, builder, args))
        except Exception as err:  # reported at the end
            failures.append(f"{name}: {type(err).__name__}: {err}")
            print("FAILED", failures[-1], flush=True)
            continue
        print(f"wrote {path} ({time.time() - start:.1f} s)", flush=True)
    print("failures:", failures or "none")


if __name__ == "__main__":
    main(sys.argv[1:])

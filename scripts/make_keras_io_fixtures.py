#!/usr/bin/env python
"""Generate Keras 3 references for tests/fixtures/keras_io_zoo.py (keras.io-style code).

Run with a Keras 3 environment (Keras is NOT a modelviz dependency):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/kenv/bin/python scripts/make_keras_io_fixtures.py

Writes tests/fixtures/keras3/keras_io/<name>.json: the reference of
scripts/make_keras_fixtures.py (summaries, layers, weights) plus ``operations`` and
``flat_outputs`` as scripts/make_core_fixtures.py writes them, and ``configs`` (every
layer's ``get_config()`` keys that hold initializers, regularizers, constraints or an
activation) and ``compile`` (``model.get_compile_config()``'s class names).
"""

import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_core_fixtures as core  # noqa: E402
import make_keras_fixtures as base  # noqa: E402
from keras_io_zoo import KERAS_IO_ZOO  # noqa: E402  (base puts tests/fixtures on sys.path)

_RECORDED = ("initializer", "regularizer", "constraint", "activation")


def recorded_configs(model):
    """name -> {argument: value} of the config values modelviz must keep as Keras does."""
    out = {}
    for layer in model.layers:
        config = layer.get_config()
        kept = {k: v for k, v in config.items() if k.endswith(_RECORDED) and v is not None}
        if kept:
            out[layer.name] = kept
    return out


def compile_classes(model):
    """Class names of what compile() recorded: model.optimizer, the loss, the metrics."""
    config = model.get_compile_config() if getattr(model, "compiled", False) else None
    if not config:
        return None

    def name(value):
        return value.get("class_name") if isinstance(value, dict) else value

    metrics = config.get("metrics")
    return {"optimizer": type(model.optimizer).__name__, "loss": name(config.get("loss")),
            "metrics": [name(m) for m in metrics] if isinstance(metrics, list) else metrics}


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    warnings.simplefilter("ignore")
    import keras

    out = os.path.join(base.FIXTURES, "keras3", "keras_io")
    only = sys.argv[1:]
    for name, builder in KERAS_IO_ZOO.items():
        if only and name not in only:
            continue
        keras.backend.clear_session()
        model = builder(keras)
        ref = base.reference(model, keras.__version__, keras.backend.backend(), "keras3")
        ref["operations"] = core.operations(model)
        ref["flat_outputs"] = [base.shape_list(t) for t in base._flatten(model.outputs)] \
            if hasattr(model, "_nodes_by_depth") else []
        ref["configs"] = recorded_configs(model)
        ref["compile"] = compile_classes(model)
        base.write_json(os.path.join(out, name + ".json"), ref)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Generate Keras 3 references for tests/fixtures/core_zoo.py (ops, subclassing, structure).

Run with a Keras 3 environment (Keras is NOT a modelviz dependency):

    KERAS_BACKEND=jax /work/venvs/keras3/bin/python scripts/make_core_fixtures.py

Writes tests/fixtures/keras3/core/<name>.json: the same reference as
scripts/make_keras_fixtures.py (summaries, layers, weights) plus ``operations``
(every node of a functional model: name, class, output shapes), ``flat_outputs``
(output shapes in Keras's flattening order); configs/<name>.json holds ``model.to_json()``
of the functional ones listed in ``SAVED``; apps/ holds the same for the keras.applications
models in ``APPS``, whose configs contain operation nodes.
"""

import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_keras_fixtures as base  # noqa: E402
from core_zoo import CORE_ZOO  # noqa: E402  (base puts tests/fixtures on sys.path)

# keras.applications models whose configs hold keras.ops nodes (Add, Multiply).
APPS = ("MobileNetV3Small",)
# Models whose saved JSON modelviz must read back (their ops are keras.src.ops entries).
SAVED = ("ops_residual", "ops_shapes", "ops_elementwise", "ops_attention", "ops_more",
         "dict_outputs")


def operations(model):
    ops = getattr(model, "operations", None) if hasattr(model, "_nodes_by_depth") else None
    rows = []
    for op in ops or []:
        nodes = op._inbound_nodes
        outputs = base._node_outputs(nodes[-1]) if nodes else []
        rows.append({"name": op.name, "class_name": type(op).__name__,
                     "output_shapes": [base.shape_list(t) for t in outputs]})
    return rows


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    warnings.simplefilter("ignore")
    import keras

    out = os.path.join(base.FIXTURES, "keras3", "core")
    only = sys.argv[1:]
    for name, builder in CORE_ZOO.items():
        if only and name not in only:
            continue
        keras.backend.clear_session()
        model = builder(keras)
        ref = base.reference(model, keras.__version__, keras.backend.backend(), "keras3")
        ref["operations"] = operations(model)
        ref["flat_outputs"] = [base.shape_list(t) for t in base._flatten(model.outputs)] \
            if hasattr(model, "_nodes_by_depth") else []
        base.write_json(os.path.join(out, name + ".json"), ref)
        if name in SAVED:
            base.write_config(os.path.join(out, "configs", name + ".json"), model)
    for name in APPS:
        if only and name not in only:
            continue
        keras.backend.clear_session()
        model = getattr(keras.applications, name)(weights=None)
        ref = base.reference(model, keras.__version__, keras.backend.backend(), "keras3")
        ref["operations"] = operations(model)
        base.write_json(os.path.join(out, "apps", name + ".json"), ref)
        base.write_config(os.path.join(out, "apps", "configs", name + ".json"), model)


if __name__ == "__main__":
    main()

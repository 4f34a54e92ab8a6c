#!/usr/bin/env python
"""Generate tf.keras 2 (``tf_keras``) reference fixtures for modelviz tests.

Run:

    python3 -m venv /work/tfkenv
    /work/tfkenv/bin/pip install tensorflow-cpu tf_keras h5py pydot
    TF_USE_LEGACY_KERAS=1 /work/tfkenv/bin/python scripts/make_tf_keras_fixtures.py

Writes, per zoo model ``<name>`` (same reference schema as the Keras 3 script):
    tests/fixtures/tfkeras2/<name>.json
    tests/fixtures/tfkeras2/configs/<name>.json   model.to_json(), pretty-printed
    tests/fixtures/tfkeras2/files/<name>.h5       model.save(..., save_format="h5") (< 200k params)
    tests/fixtures/tfkeras2/dot/<name>.dot        model_to_dot(...) (if pydot works)
Models that fail to build are skipped with a printed reason.

With ``--loaded`` it builds nothing: it reads the configurations and ``.h5`` files above back
into tf_keras and writes what ``summary()`` prints for the model tf_keras loads
(``tests/fixtures/tfkeras2/loaded/<name>.json``: ``{"config": {variant: text}, "h5": ...}``),
the reference of modelviz's ``fmt="tf_keras"`` for the same files.
"""

import os
import sys
import warnings

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_keras_fixtures as common  # noqa: E402  (does not import Keras)

TFJS_MODELS = ["inception_block", "seed_cnn_28"]


def write_tfjs(keras, name, model):
    """A TensorFlow.js layers-model ``model.json`` as tensorflowjs_converter
    writes it for a Keras 2 model (weights manifest only, no .bin shards), plus
    ``<name>.expected.json`` taken from the tf_keras model itself."""
    import json

    out = os.path.join(common.FIXTURES, "legacy", "tfjs_" + name)
    weights = [
        {"name": w.name.split(":")[0], "shape": common.shape_list(w), "dtype": "float32"} for w in model.weights
    ]
    doc = {
        "format": "layers-model",
        "generatedBy": "keras v" + keras.__version__,
        "convertedBy": "modelviz scripts/make_tf_keras_fixtures.py (mimics tensorflowjs_converter output)",
        "modelTopology": {
            "keras_version": keras.__version__,
            "backend": "tensorflow",
            "model_config": json.loads(model.to_json()),
        },
        "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": weights}],
    }
    common.write_json(os.path.join(out, "model.json"), doc)
    rows = []
    for layer in model.layers:
        outs = common.layer_calls(layer)[-1]["output_shapes"]
        rows.append(
            {
                "name": layer.name,
                "class_name": layer.__class__.__name__,
                "output_shape": outs[0] if len(outs) == 1 else outs,
                "params": int(layer.count_params()),
            }
        )
    expected = {
        "source": "tfjs_%s/model.json" % name,
        "derived_with": "the same model built in tf_keras %s" % keras.__version__,
        "model_class": model.__class__.__name__,
        "total_params": int(model.count_params()),
        "trainable_params": common._n(model.trainable_weights),
        "non_trainable_params": common._n(model.non_trainable_weights),
        "layers": rows,
    }
    common.write_json(os.path.join(common.FIXTURES, "legacy", "tfjs_%s.expected.json" % name), expected)


LOADED_VARIANTS = [
    ("default", {}),
    ("line_length_120", {"line_length": 120}),
    ("expand_nested_show_trainable", {"expand_nested": True, "show_trainable": True}),
]


def write_loaded(keras, only):
    """Summaries of the models tf_keras reads back from the saved configs and .h5 files."""
    out = os.path.join(common.FIXTURES, "tfkeras2")
    for name in sorted(common.model_zoo.ZOO):
        if only and name not in only:
            continue
        texts = {}
        sources = [("config", os.path.join(out, "configs", name + ".json")),
                   ("h5", os.path.join(out, "files", name + ".h5"))]
        for kind, path in sources:
            if not os.path.exists(path):
                continue
            keras.backend.clear_session()
            try:
                if kind == "config":
                    with open(path, encoding="utf-8") as f:
                        model = keras.models.model_from_json(f.read())
                else:
                    model = keras.models.load_model(path, compile=False)
            except Exception as e:
                print("SKIPPED", kind, name, "-", type(e).__name__, e)
                continue
            texts[kind] = {key: common.capture_summary(model, **kw)[0]
                           for key, kw in LOADED_VARIANTS}
        if texts:
            common.write_json(os.path.join(out, "loaded", name + ".json"), texts)
            print("wrote loaded summaries of", name)
    return 0


def main(argv):
    warnings.simplefilter("ignore")
    import tensorflow as tf
    import tf_keras as keras

    tf.get_logger().setLevel("ERROR")
    out = os.path.join(common.FIXTURES, "tfkeras2")
    only = [a for a in argv if not a.startswith("--")]
    if "--loaded" in argv:
        return write_loaded(keras, only)
    failures = []
    for name, builder in common.model_zoo.ZOO.items():
        if only and name not in only:
            continue
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        try:
            model = builder(keras)
        except Exception as e:
            failures.append((name, "%s: %s" % (type(e).__name__, e)))
            print("SKIPPED", name, "-", type(e).__name__, e)
            continue
        if name in TFJS_MODELS:
            write_tfjs(keras, name, model)
        ref = common.reference(model, keras.__version__, "tensorflow", "tf_keras")
        ref["tensorflow_version"] = tf.__version__
        common.write_json(os.path.join(out, name + ".json"), ref)
        common.write_config(os.path.join(out, "configs", name + ".json"), model)
        if model.count_params() < common.SAVE_PARAM_LIMIT:
            path = os.path.join(out, "files", name + ".h5")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                model.save(path, save_format="h5")
                print("wrote", os.path.relpath(path, common.ROOT))
            except Exception as e:
                failures.append((name + " (h5 save)", "%s: %s" % (type(e).__name__, e)))
                print("FAILED h5 save", name, e)
        try:
            dot = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True)
            path = os.path.join(out, "dot", name + ".dot")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(common.stable_dot(model, dot.to_string()))
            print("wrote", os.path.relpath(path, common.ROOT))
        except Exception as e:
            print("skipped dot for", name, type(e).__name__, e)
    for name, why in failures:
        print("FAILURE:", name, why)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Generate Keras 3 reference fixtures for modelviz tests.

Run (outside the package's own environment, Keras is NOT a modelviz dependency):

    python3 -m venv /work/kenv
    /work/kenv/bin/pip install keras jax h5py pydot
    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/kenv/bin/python scripts/make_keras_fixtures.py

Optional arguments: model names from tests/fixtures/model_zoo.ZOO (and/or
``app_*`` names) to regenerate only those; ``--no-apps`` to skip
keras.applications.

Writes, per zoo model ``<name>``:
    tests/fixtures/keras3/<name>.json          reference (shapes, params, summaries)
    tests/fixtures/keras3/configs/<name>.json  model.to_json(), pretty-printed
    tests/fixtures/keras3/files/<name>.keras   model.save() (models < 200k params)
    tests/fixtures/keras3/dot/<name>.dot       keras.utils.model_to_dot(...).to_string()

The helpers here are flavour-neutral and re-used by make_tf_keras_fixtures.py
(tf_keras 2), so this module must not import Keras at import time.
"""

import io
import json
import os
import re
import sys
import warnings
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
sys.path.insert(0, FIXTURES)

import model_zoo  # noqa: E402  (plain Python, no Keras needed)

SAVE_PARAM_LIMIT = 200_000

APPS = [
    ("app_resnet50", "ResNet50"),
    ("app_mobilenetv2", "MobileNetV2"),
    ("app_efficientnetb0", "EfficientNetB0"),
    ("app_densenet121", "DenseNet121"),
    ("app_inceptionv3", "InceptionV3"),
    ("app_xception", "Xception"),
    ("app_convnexttiny", "ConvNeXtTiny"),
    ("app_inceptionresnetv2", "InceptionResNetV2"),
]


# ---------------------------------------------------------------------------
# helpers (flavour neutral: Keras 3 and tf_keras 2)
# ---------------------------------------------------------------------------


def _flatten(obj):
    if obj is None:
        return []
    if isinstance(obj, dict):
        out = []
        for k in sorted(obj):
            out.extend(_flatten(obj[k]))
        return out
    if isinstance(obj, (list, tuple)):
        out = []
        for o in obj:
            out.extend(_flatten(o))
        return out
    return [obj]


def shape_list(tensor):
    s = tensor.shape
    if hasattr(s, "as_list"):
        try:
            s = s.as_list()
        except ValueError:  # unknown rank
            return None
    return [None if d is None else int(d) for d in s]


def _node_inputs(node):
    # tf_keras: `keras_inputs` holds every KerasTensor in the call args
    # (input_tensors is only the first positional argument there).
    if hasattr(node, "keras_inputs"):
        return _flatten(node.keras_inputs)
    return _flatten(getattr(node, "input_tensors", None))


def _node_outputs(node):
    outs = getattr(node, "output_tensors", None)
    if outs is None:
        outs = node.outputs
    return _flatten(outs)


def _n(weights):
    total = 0
    for w in weights:
        p = 1
        for d in shape_list(w):
            p *= d
        total += p
    return total


def layer_calls(layer):
    calls = []
    for node in getattr(layer, "_inbound_nodes", []):
        calls.append(
            {
                "input_shapes": [shape_list(t) for t in _node_inputs(node)],
                "output_shapes": [shape_list(t) for t in _node_outputs(node)],
            }
        )
    return calls


def layer_entry(layer, path, parent):
    trainable_ids = {id(w) for w in layer.trainable_weights}
    weights = []
    for w in layer.weights:
        weights.append(
            {
                "name": w.name,
                "path": getattr(w, "path", None),
                "shape": shape_list(w),
                "trainable": id(w) in trainable_ids,
            }
        )
    calls = layer_calls(layer)
    return {
        "path": path,
        "name": layer.name,
        "class_name": layer.__class__.__name__,
        "parent": parent,
        "trainable": bool(layer.trainable),
        "output_shapes": calls[0]["output_shapes"] if calls else [],
        "calls": calls,
        "weights": weights,
        "params": int(layer.count_params()) if layer.built else 0,
        "trainable_params": _n(layer.trainable_weights),
        "non_trainable_params": _n(layer.non_trainable_weights),
    }


def is_model(layer):
    return hasattr(layer, "layers") and hasattr(layer, "summary")


def walk_layers(model, prefix="", parent=None):
    out = []
    for layer in model.layers:
        path = prefix + layer.name
        out.append(layer_entry(layer, path, parent))
        if is_model(layer):
            out.extend(walk_layers(layer, prefix=path + "/", parent=layer.name))
    return out


def capture_summary(model, **kwargs):
    calls = []

    def print_fn(s, **kw):
        calls.append({"text": s, "kwargs": sorted(kw)})

    model.summary(print_fn=print_fn, **kwargs)
    text = "\n".join(c["text"] for c in calls)
    return text, calls


# Keras 3's summary width depends on the terminal: the default line_length is
# min(88 / 108 (+12 with show_trainable), shutil.get_terminal_size().columns - 4)
# and rich also caps the table at the console width.  Both read $COLUMNS, so
# we pin it: 200 ("wide terminal", the designed defaults) for every variant,
# and 80 (what a non-tty / CI / pipe gets) for the "terminal_80" variant.
WIDE_COLUMNS = "200"
SUMMARY_VARIANTS = [
    ("default", {}, WIDE_COLUMNS),
    ("line_length_120", {"line_length": 120}, WIDE_COLUMNS),
    ("expand_nested_show_trainable", {"expand_nested": True, "show_trainable": True}, WIDE_COLUMNS),
    ("terminal_80", {}, "80"),
]


def summaries(model):
    texts, info = {}, {}
    old = os.environ.get("COLUMNS")
    try:
        for key, kw, columns in SUMMARY_VARIANTS:
            os.environ["COLUMNS"] = columns
            text, calls = capture_summary(model, **kw)
            texts[key] = text
            info[key] = {"calls": len(calls), "kwargs": sorted({k for c in calls for k in c["kwargs"]})}
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return texts, info


def io_shapes(tensors):
    if isinstance(tensors, dict):
        return {k: shape_list(v) for k, v in sorted(tensors.items())}
    return [shape_list(t) for t in _flatten(tensors)]


def _struct(model, private, public):
    s = getattr(model, private, None)
    if s is None:
        s = getattr(model, public, None)
    return s


def reference(model, keras_version, backend, flavour):
    texts, info = summaries(model)
    ref = {
        "keras_version": keras_version,
        "backend": backend,
        "flavour": flavour,
        "model_name": model.name,
        "class_name": model.__class__.__name__,
        "total_params": int(model.count_params()),
        "trainable_params": _n(model.trainable_weights),
        "non_trainable_params": _n(model.non_trainable_weights),
        "input_shapes": io_shapes(_struct(model, "_inputs_struct", "inputs")),
        "output_shapes": io_shapes(_struct(model, "_outputs_struct", "outputs")),
        "layers": walk_layers(model),
        "summary": texts,
        "summary_print_fn": info,
    }
    return ref


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def write_config(path, model):
    write_json(path, json.loads(model.to_json()))


def all_layers_recursive(model):
    seen = []
    stack = list(getattr(model, "layers", []))
    while stack:
        layer = stack.pop(0)
        seen.append(layer)
        if is_model(layer):
            stack.extend(layer.layers)
        for attr in ("layer", "forward_layer", "backward_layer"):
            sub = getattr(layer, attr, None)
            if sub is not None and hasattr(sub, "name"):
                stack.append(sub)
    return seen


def stable_dot(model, dot_string):
    """model_to_dot names nodes by id(layer): replace with stable names."""
    mapping = {}
    for layer in [model, *all_layers_recursive(model)]:
        mapping[str(id(layer))] = "L_" + re.sub(r"\W", "_", layer.name)
    counter = {}

    def repl(m):
        tok = m.group(0)
        if tok in mapping:
            return mapping[tok]
        if tok not in counter:
            counter[tok] = "N_%d" % len(counter)
        return counter[tok]

    return re.sub(r"(?<![\w.])\d{9,}(?![\w.])", repl, dot_string)


def normalise_keras_zip(path):
    """Make a .keras archive byte-stable: fixed zip timestamps, date_saved and
    shared_object_id values."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in items:
            if name == "metadata.json":
                meta = json.loads(data)
                if "date_saved" in meta:
                    meta["date_saved"] = "1970-01-01@00:00:00"
                data = json.dumps(meta, sort_keys=True).encode()
            elif name == "config.json":
                # shared_object_id is id(obj) at save time: renumber in order
                # of first appearance (keeps which objects are shared).
                ids = {}

                def renumber(m):
                    ids.setdefault(m.group(1), len(ids) + 1)
                    return '"shared_object_id": %d' % ids[m.group(1)]

                data = re.sub(r'"shared_object_id": (\d+)', renumber, data.decode()).encode()
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())



# ---------------------------------------------------------------------------
# Legacy (Keras 1 / Keras 2.0) model JSON, written by hand in the historical
# formats; the expected shapes/params come from building the equivalent
# modern model in Keras 3 (same layer names) -- see tests/fixtures/README.md.
# ---------------------------------------------------------------------------

_GLOROT = {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}
_ZEROS = {"class_name": "Zeros", "config": {}}


def _k20_conv(name, filters, act, extra=None):
    cfg = {
        "name": name, "trainable": True, "filters": filters, "kernel_size": [3, 3], "strides": [1, 1],
        "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "activation": act,
        "use_bias": True, "kernel_initializer": _GLOROT, "bias_initializer": _ZEROS,
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    }
    cfg.update(extra or {})
    return {"class_name": "Conv2D", "config": cfg}


def _k20_dense(name, units, act):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "units": units, "activation": act, "use_bias": True,
        "kernel_initializer": _GLOROT, "bias_initializer": _ZEROS, "kernel_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}


# keras/examples/mnist_cnn.py as saved by Keras 2.0.8: Sequential whose
# ``config`` is a plain list, ``batch_input_shape`` on the first layer.
KERAS20_MNIST_CNN = {
    "class_name": "Sequential",
    "keras_version": "2.0.8",
    "backend": "tensorflow",
    "config": [
        _k20_conv("conv2d_1", 32, "relu", {"batch_input_shape": [None, 28, 28, 1], "dtype": "float32"}),
        _k20_conv("conv2d_2", 64, "relu"),
        {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1", "trainable": True, "pool_size": [2, 2],
                                                 "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
        {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": True, "rate": 0.25}},
        {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": True}},
        _k20_dense("dense_1", 128, "relu"),
        {"class_name": "Dropout", "config": {"name": "dropout_2", "trainable": True, "rate": 0.5}},
        _k20_dense("dense_2", 10, "softmax"),
    ],
}


def _k1_conv(name, nb_filter, extra=None):
    cfg = {
        "name": name, "trainable": True, "nb_filter": nb_filter, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform",
        "activation": "linear", "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "th", "bias": True,
        "W_regularizer": None, "b_regularizer": None, "activity_regularizer": None, "W_constraint": None,
        "b_constraint": None,
    }
    cfg.update(extra or {})
    return {"class_name": "Convolution2D", "config": cfg}


def _k1_dense(name, output_dim, extra=None):
    cfg = {"name": name, "trainable": True, "output_dim": output_dim, "init": "glorot_uniform", "activation": "linear",
           "bias": True, "W_regularizer": None, "b_regularizer": None, "activity_regularizer": None,
           "W_constraint": None, "b_constraint": None, "input_dim": None}
    cfg.update(extra or {})
    return {"class_name": "Dense", "config": cfg}


# Keras 1.2.2 style (Theano "th" dim ordering = channels_first).
KERAS1_SMALL_CNN = {
    "class_name": "Sequential",
    "keras_version": "1.2.2",
    "config": [
        _k1_conv("convolution2d_1", 32, {"batch_input_shape": [None, 1, 28, 28], "input_dtype": "float32"}),
        {"class_name": "Activation", "config": {"name": "activation_1", "trainable": True, "activation": "relu"}},
        _k1_conv("convolution2d_2", 32, {"border_mode": "same", "subsample": [2, 2],
                                         "W_regularizer": {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01}}),
        {"class_name": "Activation", "config": {"name": "activation_2", "trainable": True, "activation": "relu"}},
        {"class_name": "MaxPooling2D", "config": {"name": "maxpooling2d_1", "trainable": True, "pool_size": [2, 2],
                                                 "strides": [2, 2], "border_mode": "valid", "dim_ordering": "th"}},
        {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": True, "p": 0.25}},
        {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": True}},
        _k1_dense("dense_1", 128, {"input_dim": 1152}),
        {"class_name": "Activation", "config": {"name": "activation_3", "trainable": True, "activation": "relu"}},
        {"class_name": "Dropout", "config": {"name": "dropout_2", "trainable": True, "p": 0.5}},
        _k1_dense("dense_2", 10, {"input_dim": 128}),
        {"class_name": "Activation", "config": {"name": "activation_4", "trainable": True, "activation": "softmax"}},
    ],
}


def _modern_keras20(keras):
    L = keras.layers
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        L.Conv2D(32, (3, 3), activation="relu", name="conv2d_1"),
        L.Conv2D(64, (3, 3), activation="relu", name="conv2d_2"),
        L.MaxPooling2D((2, 2), name="max_pooling2d_1"),
        L.Dropout(0.25, name="dropout_1"),
        L.Flatten(name="flatten_1"),
        L.Dense(128, activation="relu", name="dense_1"),
        L.Dropout(0.5, name="dropout_2"),
        L.Dense(10, activation="softmax", name="dense_2"),
    ], name="sequential_1")


def _modern_keras1(keras):
    L = keras.layers
    cf = "channels_first"
    return keras.Sequential([
        keras.Input(shape=(1, 28, 28)),
        L.Conv2D(32, (3, 3), data_format=cf, name="convolution2d_1"),
        L.Activation("relu", name="activation_1"),
        L.Conv2D(32, (3, 3), strides=(2, 2), padding="same", data_format=cf, name="convolution2d_2"),
        L.Activation("relu", name="activation_2"),
        L.MaxPooling2D((2, 2), strides=(2, 2), data_format=cf, name="maxpooling2d_1"),
        L.Dropout(0.25, name="dropout_1"),
        L.Flatten(name="flatten_1"),
        L.Dense(128, name="dense_1"),
        L.Activation("relu", name="activation_3"),
        L.Dropout(0.5, name="dropout_2"),
        L.Dense(10, name="dense_2"),
        L.Activation("softmax", name="activation_4"),
    ], name="sequential_1")


def expected_from_model(model, legacy_layers, source):
    """Per-layer expectations (class, output shape, params) for a legacy file."""
    rows = []
    legacy_cls = {layer["config"]["name"]: layer["class_name"] for layer in legacy_layers}
    for layer in model.layers:
        outs = layer_calls(layer)[-1]["output_shapes"]
        rows.append({
            "name": layer.name,
            "legacy_class_name": legacy_cls.get(layer.name),
            "class_name": layer.__class__.__name__,
            "output_shape": outs[0] if len(outs) == 1 else outs,
            "params": int(layer.count_params()),
        })
    return {
        "source": source,
        "derived_with": "equivalent modern model built in Keras %s" % __import__("keras").__version__,
        "model_class": "Sequential",
        "input_shape": shape_list(model.inputs[0]),
        "total_params": int(model.count_params()),
        "trainable_params": _n(model.trainable_weights),
        "non_trainable_params": _n(model.non_trainable_weights),
        "layers": rows,
    }


def write_legacy(keras):
    out = os.path.join(FIXTURES, "legacy")
    for name, legacy, modern in [
        ("keras1_small_cnn", KERAS1_SMALL_CNN, _modern_keras1),
        ("keras20_mnist_cnn", KERAS20_MNIST_CNN, _modern_keras20),
    ]:
        keras.backend.clear_session()
        write_json(os.path.join(out, name + ".json"), legacy)
        model = modern(keras)
        write_json(os.path.join(out, name + ".expected.json"),
                   expected_from_model(model, legacy["config"], name + ".json"))


# ---------------------------------------------------------------------------
# Keras 3 driver
# ---------------------------------------------------------------------------


# Configurations Keras rejects (issue #10.6): each is run against real Keras and the
# exception's type and message recorded; modelviz must reject the same ones.
REJECTED = {
    "unknown_activation": "L.Dense(4, activation='relux')(keras.Input((3,)))",
    "dropout_rate_above_1": "L.Dropout(1.5)",
    "dropout_rate_negative": "L.Dropout(-0.1)",
    "input_shape_and_batch_shape": "keras.Input(shape=(3,), batch_shape=(None, 3))",
    "reshape_two_unknowns": "L.Reshape((-1, -1, 5))(keras.Input((10,)))",
    "convlstm_strides_and_dilation": "L.ConvLSTM2D(4, 3, strides=2, dilation_rate=2)",
    "input_negative_dim": "keras.Input(shape=(-3,))",
    "dense_zero_units": "L.Dense(0)",
    "dense_negative_units": "L.Dense(-2)",
    "conv_zero_filters": "L.Conv2D(0, 3)",
    "embedding_zero_dim": "L.Embedding(0, 4)",
    "repeat_vector_zero": "L.RepeatVector(0)",
    "reshape_zero_dim": "L.Reshape((0, 5))(keras.Input((10,)))",
    "reshape_two_unknowns_at_construction": "L.Reshape((-1, -1, 5))",
    "reshape_negative_dim": "L.Reshape((-2, 5))",
    "trainable_not_boolean": "L.Dense(4, trainable='no')",
    # accepted by Keras (recorded with raises: null): modelviz must accept them too
    "input_zero_dim_accepted": "keras.Input(shape=(0,))",
    "reshape_zero_dim_constructed": "L.Reshape((0, 5))",
}


# One layer called on one input: Keras's output shape and weights (issue #10.5). For layers
# that Keras cannot chain in a functional model (augmentation layers return their input in
# inference, and Keras then finds a cycle), or that need no whole model to check.
SINGLE_LAYERS = {
    "AugMix": ("L.AugMix()", (32, 32, 3)),
    "AutoContrast": ("L.AutoContrast()", (32, 32, 3)),
    "CLAHE": ("L.ContrastLimitedAdaptiveHistogramEqualization()", (32, 32, 3)),
    "CutMix": ("L.CutMix()", (32, 32, 3)),
    "Equalization": ("L.Equalization()", (32, 32, 3)),
    "MixUp": ("L.MixUp()", (32, 32, 3)),
    "RandAugment": ("L.RandAugment()", (32, 32, 3)),
    "RandomColorDegeneration": ("L.RandomColorDegeneration(0.3)", (32, 32, 3)),
    "RandomColorJitter": ("L.RandomColorJitter(brightness_factor=0.2)", (32, 32, 3)),
    "RandomElasticTransform": ("L.RandomElasticTransform()", (32, 32, 3)),
    "RandomErasing": ("L.RandomErasing()", (32, 32, 3)),
    "RandomGaussianBlur": ("L.RandomGaussianBlur()", (32, 32, 3)),
    "RandomGrayscale": ("L.RandomGrayscale()", (32, 32, 3)),
    "RandomHue": ("L.RandomHue(0.2)", (32, 32, 3)),
    "RandomInvert": ("L.RandomInvert()", (32, 32, 3)),
    "RandomPerspective": ("L.RandomPerspective()", (32, 32, 3)),
    "RandomPosterization": ("L.RandomPosterization(4)", (32, 32, 3)),
    "RandomSaturation": ("L.RandomSaturation(0.2)", (32, 32, 3)),
    "RandomSharpness": ("L.RandomSharpness(0.2)", (32, 32, 3)),
    "RandomShear": ("L.RandomShear(0.1)", (32, 32, 3)),
    "Solarization": ("L.Solarization()", (32, 32, 3)),
    "dense_lora": ("L.Dense(10, lora_rank=2)", (8,)),
    "embedding_lora": ("L.Embedding(100, 8, lora_rank=4)", (5,)),
    "einsum_lora": ("L.EinsumDense('ab,bc->ac', output_shape=6, bias_axes='c', lora_rank=2)", (8,)),
    "conv_lora": ("L.Conv2D(4, 3, lora_rank=2)", (8, 8, 3)),
    "spectral_dense": ("L.SpectralNormalization(L.Dense(6))", (4,)),
    "rnn_stacked_state": ("L.RNN([L.LSTMCell(4), L.GRUCell(2)], return_state=True)", (5, 3)),
    "discretization_multi_hot": ("L.Discretization(bin_boundaries=[0., 1.], output_mode='multi_hot')", (4,)),
    "reversible_tied": ("L.ReversibleEmbedding(100, 8)", (5,)),
}


# Automatic names after layers that create named sublayers (AugMix, RandAugment, ...).
NAME_SEQUENCES = {
    "augmentation_sublayers": "[L.RandAugment().name, L.Equalization().name, "
    "L.AugMix(all_ops=False).name, L.Equalization().name, L.RandomBrightness(0.1).name, "
    "L.RandomColorJitter(brightness_factor=0.1, hue_factor=0.1).name, "
    "L.RandomBrightness(0.1).name, L.RandomHue(0.1).name, L.Solarization().name]",
}


def write_single_layers(keras, path):
    L = keras.layers  # noqa: F841 - used by the expressions
    out = {"keras_version": keras.__version__, "cases": {}}
    for name, (expression, shape) in SINGLE_LAYERS.items():
        keras.backend.clear_session()
        layer = eval(expression)
        dtype = "int32" if "Embedding" in expression else "float32"
        result = layer(keras.Input(shape, dtype=dtype))
        outputs = keras.tree.flatten(result)
        out["cases"][name] = {
            "expression": expression, "input_shape": [None, *shape],
            "output_shapes": [list(t.shape) for t in outputs],
            "params": layer.count_params(),
            "weights": [[w.path.split("/")[-1], list(w.shape), w.trainable] for w in layer.weights],
        }
    out["names"] = {}
    for name, expression in NAME_SEQUENCES.items():
        keras.backend.clear_session()
        out["names"][name] = {"expression": expression, "names": eval(expression)}
    write_json(path, out)


def write_rejections(keras, path):
    L = keras.layers  # noqa: F841 - used by the expressions
    out = {"keras_version": keras.__version__, "cases": {}}
    for name, expression in REJECTED.items():
        try:
            eval(expression)
            out["cases"][name] = {"expression": expression, "raises": None}
        except Exception as e:
            out["cases"][name] = {"expression": expression, "raises": type(e).__name__,
                                  "message": str(e).splitlines()[0][:300]}
    write_json(path, out)


def main(argv):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    warnings.simplefilter("ignore")
    import keras

    backend = keras.backend.backend()
    out = os.path.join(FIXTURES, "keras3")
    do_apps = "--no-apps" not in argv
    only = [a for a in argv if not a.startswith("--")]
    failures = []

    try:
        import pydot  # noqa: F401

        have_pydot = True
    except Exception:
        have_pydot = False

    if not only or "legacy" in only:
        write_legacy(keras)

    for name, builder in model_zoo.ZOO.items():
        if only and name not in only:
            continue
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        try:
            model = builder(keras)
        except Exception as e:  # pragma: no cover - report and go on
            failures.append((name, "%s: %s" % (type(e).__name__, e)))
            print("FAILED", name, type(e).__name__, e)
            continue
        write_json(os.path.join(out, name + ".json"), reference(model, keras.__version__, backend, "keras3"))
        write_config(os.path.join(out, "configs", name + ".json"), model)
        if model.count_params() < SAVE_PARAM_LIMIT:
            path = os.path.join(out, "files", name + ".keras")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                model.save(path)
                normalise_keras_zip(path)
                print("wrote", os.path.relpath(path, ROOT))
            except Exception as e:
                failures.append((name + " (save)", "%s: %s" % (type(e).__name__, e)))
                print("FAILED save", name, e)
        if have_pydot:
            try:
                dot = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True)
                path = os.path.join(out, "dot", name + ".dot")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(stable_dot(model, dot.to_string()))
                print("wrote", os.path.relpath(path, ROOT))
            except Exception as e:
                print("skipped dot for", name, type(e).__name__, e)

    for name, builder in model_zoo.MASK_ZOO.items():
        if only and name not in only:
            continue
        keras.backend.clear_session()
        model = builder(keras)
        masks_out = os.path.join(FIXTURES, "keras3_masks")
        write_json(os.path.join(masks_out, name + ".json"), reference(model, keras.__version__, backend, "keras3"))

    write_rejections(keras, os.path.join(FIXTURES, "keras3_rules", "rejected.json"))
    write_single_layers(keras, os.path.join(FIXTURES, "keras3_rules", "single_layers.json"))

    if do_apps:
        for name, cls in APPS:
            if only and name not in only:
                continue
            keras.backend.clear_session()
            keras.utils.set_random_seed(0)
            try:
                model = getattr(keras.applications, cls)(weights=None)
            except Exception as e:
                failures.append((name, "%s: %s" % (type(e).__name__, e)))
                print("FAILED", name, e)
                continue
            write_json(os.path.join(out, name + ".json"), reference(model, keras.__version__, backend, "keras3"))
            write_config(os.path.join(out, "configs", name + ".json"), model)

    for name, why in failures:
        print("FAILURE:", name, why)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

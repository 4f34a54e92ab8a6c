"""Reference rows for the official-Keras-examples corpus (tests/fixtures/keras_examples).

Runs every ``ex_*.py`` there under real Keras 3 and writes, next to it:

- ``<name>.json``: the model's summary rows as Keras prints them (name (class), output
  shape, params; top level, then every level with ``expand_nested``) and the three totals;
- ``files/<name>.keras`` and ``files/<name>.h5``: ``model.save`` of the model, when Keras
  can save it (``why_not`` says otherwise), with the weight values dropped: every weight
  dataset keeps its name, shape and dtype but no data, so the files stay small.

``weights="imagenet"`` in an example is kept (Keras builds what it builds for it, e.g.
EfficientNet's second ``Rescaling``) but nothing is downloaded or loaded: the weight file
lookup and ``load_weights`` are stubbed out here (the counts do not depend on the
values). Run from the repository root::

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu python scripts/make_keras_examples_fixtures.py [NAME]

Versions: see tests/fixtures/README.md (Keras 3.15.1, JAX 0.10.2, h5py 3.16.0).
"""

import io
import json
import os
import re
import runpy
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py
import keras
from keras.src.models.functional import Functional
from keras.src.utils import file_utils, summary_utils
from rich.markup import render

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "keras_examples"
sys.path.insert(0, str(ROOT / "scripts"))
from make_keras_fixtures import normalise_keras_zip  # noqa: E402


def plain(text):
    return render(str(text)).plain


def rows(model, expand_nested):
    """The summary's (name (class), shape, params) cells, as print_summary makes them."""
    found = []
    top = model.layers  # print_summary lists a Functional model's operations too
    if isinstance(model, Functional) and not isinstance(model, keras.Sequential):
        top = model._operations
    stack = [(layer, 0) for layer in reversed(top)]
    while stack:
        layer, depth = stack.pop()
        if not hasattr(layer, "built"):
            params = "0"
        elif not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        found.append([layer.name, layer.__class__.__name__, depth,
                      plain(summary_utils.format_layer_shape(layer)), params])
        if expand_nested and hasattr(layer, "layers") and layer.layers:
            stack.extend((inner, depth + 1) for inner in reversed(layer.layers))
    return found


def totals(model):
    trainable = getattr(model, "_collected_trainable_weights", model.trainable_weights)
    t = summary_utils.count_params(trainable)
    n = summary_utils.count_params(model.non_trainable_weights)
    return [t + n, t, n]


def empty_weights_h5(data):
    """An HDF5 file with the same groups, attributes and dataset shapes, and no data."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.h5", Path(folder) / "out.h5"
        source.write_bytes(data)
        with h5py.File(source, "r") as src, h5py.File(target, "w", libver="earliest") as dst:
            copy_group(src, dst)
        return target.read_bytes()


def copy_group(src, dst):
    for key, value in src.attrs.items():
        dst.attrs[key] = value
    for name, item in src.items():
        if isinstance(item, h5py.Group):
            copy_group(item, dst.create_group(name))
        else:
            made = dst.create_dataset(name, shape=item.shape, dtype=item.dtype)
            for key, value in item.attrs.items():
                made.attrs[key] = value


def save_keras(model, path):
    model.save(path)
    with zipfile.ZipFile(path) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist()}
    items["model.weights.h5"] = empty_weights_h5(items["model.weights.h5"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in items.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    normalise_keras_zip(path)


def save_h5(model, path):
    model.save(path)
    path.write_bytes(empty_weights_h5(path.read_bytes()))


def no_download(*args, **kwargs):
    """Stands in for the pretrained-weights download and load: no values needed."""
    return None


def build(path):
    source = path.read_text()
    file_utils.get_file = no_download
    keras.Model.load_weights = no_download
    keras.utils.clear_session()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / path.name
        script.write_text(source)
        namespace = runpy.run_path(str(script), run_name="__example__")
    return namespace["model"]


def reference(path):
    model = build(path)
    name = path.stem
    ref = {"example": name, "keras_version": keras.__version__,
           "backend": keras.backend.backend(), "model_name": model.name,
           "class_name": model.__class__.__name__,
           "rows": rows(model, False), "rows_expanded": rows(model, True),
           "totals": totals(model), "files": {}, "why_not": {}}
    files = CORPUS / "files"
    files.mkdir(exist_ok=True)
    for suffix, save in ((".keras", save_keras), (".h5", save_h5)):
        target = files / f"{name}{suffix}"
        try:
            save(model, target)
            ref["files"][suffix[1:]] = f"files/{target.name}"
        except Exception as err:  # Keras refuses: say why, in one line
            target.unlink(missing_ok=True)
            ref["why_not"][suffix[1:]] = " ".join(f"{type(err).__name__}: {err}".split())[:300]
    return ref


def main(argv):
    names = argv or sorted(p.stem for p in CORPUS.glob("ex_*.py"))
    for name in names:
        try:
            ref = reference(CORPUS / f"{name}.py")
        except Exception as err:
            print(f"FAILED {name}: {type(err).__name__}: {err}"[:500])
            continue
        text = json.dumps(ref, indent=1, sort_keys=True)
        text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s+\]", lambda m: "[" + " ".join(
            m.group(1).split()) + "]", text)
        (CORPUS / f"{name}.json").write_text(text + "\n")
        print(f"wrote {name}: {ref['totals']} files={sorted(ref['files'])} "
              f"why_not={sorted(ref['why_not'])}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Load saved Keras models (``.keras``, ``.h5``, JSON, TF.js) without TensorFlow.

:func:`load_saved` reads the file (:mod:`modelviz.importers.archive`), builds
the same layer and model objects as the definition API
(:mod:`modelviz.importers.config`) and cross-checks parameter counts against
the weight shapes the file stores, warning with :class:`ModelvizWarning` about
any layer that disagrees. Files are only ever opened for reading.

Example:
    >>> import json, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.json"
    >>> _ = path.write_text(json.dumps({"class_name": "Sequential", "config": {
    ...     "name": "mlp", "layers": [
    ...         {"class_name": "InputLayer", "config": {"batch_shape": [None, 3]}},
    ...         {"class_name": "Dense", "config": {"name": "out", "units": 1}}]}}))
    >>> model = load_saved(path)
    >>> model.name, [layer.name for layer in model.layers], model.count_params()
    ('mlp', ['out'], 4)
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError, ModelvizError, ModelvizWarning
from modelviz.importers.archive import SavedFile, read_config_json, read_saved
from modelviz.importers.config import MODEL_CLASSES, build_model
from modelviz.importers.layer_factory import Context
from modelviz.layers.base import Layer, Weight, to_snake_case
from modelviz.models import Model

__all__ = ["SUPPORTED_MAJORS", "load_saved"]

SUPPORTED_MAJORS: Final = ("1", "2", "3")


def load_saved(path_or_obj: Any) -> Model:
    """A modelviz model from a saved Keras file or a live Keras model object.

    Args:
        path_or_obj: a path to a ``.keras``, ``.h5`` or ``.json`` (``model.to_json()``
            or TensorFlow.js ``model.json``) file, or a Keras model (needs ``to_json``).

    Raises:
        ModelFileError: the file is missing, damaged or not a Keras model.
    """
    saved = _read(path_or_obj)
    _check_version(saved)
    ctx = Context(saved.source, saved.weights, saved.aliases)
    model = _build(saved, ctx)
    if saved.weights and not getattr(model, "weights_from_file", False):
        _cross_check(model, saved, ctx)
    return model


def _build(saved: SavedFile, ctx: Context) -> Model:
    """Build the model; a config damaged in ways no check foresaw is still a file error."""
    try:
        if saved.config.get("class_name") not in MODEL_CLASSES:  # KerasHub and the like
            from modelviz.importers.kerashub import load_constructor_saved

            return load_constructor_saved(saved.config, ctx, Path(saved.source), saved.weights)
        return build_model(saved.config, ctx)
    except ModelvizError:
        raise
    except (AttributeError, IndexError, KeyError, LookupError, RecursionError, TypeError,
            ValueError) as err:
        raise ModelFileError(
            f"{saved.source}: the model config is damaged or not one Keras wrote "
            f"({type(err).__name__}: {str(err)[:200]}); re-save the model with Keras"
        ) from err


def _read(path_or_obj: Any) -> SavedFile:
    if isinstance(path_or_obj, (str, os.PathLike)):
        return read_saved(path_or_obj)
    to_json = getattr(path_or_obj, "to_json", None)
    if not callable(to_json):
        raise ModelFileError(
            f"cannot read a model from {type(path_or_obj).__name__}; give a path or a Keras model"
        )
    source = f"<Keras model {getattr(path_or_obj, 'name', '?')}>"
    try:
        text = to_json()
    except Exception as err:  # a foreign library's failure, reported as ours
        raise ModelFileError(
            f"{source}: model.to_json() failed ({err}); save the model to a "
            ".keras file and load that"
        ) from err
    return read_config_json(text if isinstance(text, str) else json.dumps(text), source)


def _check_version(saved: SavedFile) -> None:
    """Keras 1 to 3 and TensorFlow.js (``tfjs-layers 3.9.0``, which writes Keras 2 configs)."""
    if (saved.keras_version or "").startswith("tfjs") or (
        saved.generated_by or ""
    ).startswith("TensorFlow.js"):
        return
    major = (saved.keras_version or "").split(".", 1)[0]
    if major and major not in SUPPORTED_MAJORS:
        raise ModelFileError(
            f"{saved.source}: saved by Keras {saved.keras_version}, which this "
            "modelviz cannot read; it reads files from Keras 1, 2 and 3 "
            "(upgrade modelviz, or save with Keras 3)"
        )


def _cross_check(model: Model, saved: SavedFile, ctx: Context) -> None:
    """Warn about each layer whose stored weights hold a different number of values."""
    layers = _top_layers(model)
    by_name = {layer.name: layer for layer in layers}
    by_class_key = _class_keys(layers)
    for key, stored in (saved.weights or {}).items():
        if "/layers/" in key:  # a nested model's layer: counted in the nested model
            continue
        layer = (
            by_name.get(saved.aliases.get(key, key)) or by_name.get(key) or by_class_key.get(key)
        )
        if layer is None or getattr(layer, "params_unknown", False):
            continue
        count = sum(w.size for w in stored)
        ours = layer.count_params() if layer.built or isinstance(layer, Model) else 0
        # Keras saves a LoRA layer's kernel with its lora_*_a/_b merged into it.
        ours -= sum(w.size for w in layer.weights if w.name.startswith("lora_"))
        if type(layer).__name__ == "SpectralNormalization":
            # Keras keeps the wrapped kernel as the wrapper's own variable too: stored twice.
            ours += sum(w.size for w in layer.weights if w.name.endswith("kernel"))
        if count != ours:
            warnings.warn(
                f"{ctx.source}: {layer.name} ({type(layer).__name__}): the file stores "
                f"{count:,} weight values but modelviz counts {ours:,} parameters "
                f"({_shapes(stored)}); the count shown may be wrong",
                ModelvizWarning,
                stacklevel=3,
            )


def _top_layers(model: Model) -> list[Layer]:
    layers = list(getattr(model, "_layers", None) or model.layers)
    for tensor in model.inputs:
        layer = tensor._keras_history[0]
        if layer not in layers:
            layers.insert(0, layer)
    return layers


def _class_keys(layers: list[Layer]) -> dict[str, Layer]:
    """Keras 3 names weight groups by class (``dense``, ``dense_1``), not by layer name."""
    keys: dict[str, Layer] = {}
    counts: dict[str, int] = {}
    for layer in layers:
        base = to_snake_case(getattr(layer, "class_name", None) or type(layer).__name__)
        index = counts.get(base, 0)
        counts[base] = index + 1
        keys[base if index == 0 else f"{base}_{index}"] = layer
    return keys


def _shapes(weights: list[Weight]) -> str:
    return ", ".join("x".join(map(str, w.shape)) or "scalar" for w in weights) or "none"

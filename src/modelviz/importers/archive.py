"""Read saved Keras files (read-only) into a config dict and stored weight shapes.

Formats: Keras 3 ``.keras`` zips (``config.json``, ``metadata.json``,
``model.weights.h5``), tf.keras 2 / Keras 2 ``.h5`` (root attribute
``model_config``, weights under ``model_weights/<layer>``), JSON from
``model.to_json()`` and TensorFlow.js ``model.json`` (``modelTopology`` and
``weightsManifest``). h5py is imported only when an HDF5 file is read.

Example:
    >>> read_saved("no/such/model.keras")
    Traceback (most recent call last):
    ...
    modelviz.errors.ModelFileError: no/such/model.keras: no such file; check the path
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError, ModelvizError
from modelviz.layers.base import Weight

__all__ = ["SavedFile", "read_config_json", "read_saved"]

HDF5_MAGIC: Final = b"\x89HDF\r\n\x1a\n"
ZIP_MAGIC: Final = b"PK"
H5_FIX: Final = "install h5py: pip install h5py (from a modelviz checkout: pip install \".[h5]\")"


@dataclass
class SavedFile:
    """What a file holds: the model config, its Keras version, stored weights by layer."""

    source: str
    config: dict[str, Any]
    keras_version: str | None = None
    weights: dict[str, list[Weight]] | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # weights-file key -> layer name


def read_saved(path: str | Path) -> SavedFile:
    """Read a ``.keras``, ``.h5`` or ``.json`` file, choosing by its first bytes."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such file; check the path")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(HDF5_MAGIC):
        return _read_h5(path)
    if head.startswith(ZIP_MAGIC) or path.suffix == ".keras":
        return _read_keras_zip(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ModelFileError(
            f"{path}: not a Keras file (neither a .keras zip, HDF5 nor JSON); "
            "give a file written by model.save() or model.to_json()"
        ) from err
    return read_config_json(text, str(path))


def read_config_json(text: str, source: str) -> SavedFile:
    """A model config from ``model.to_json()`` text or a TensorFlow.js ``model.json``."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ModelFileError(
            f"{source}: invalid JSON at line {err.lineno} column {err.colno} "
            f"({err.msg}); the file is damaged or not a model config"
        ) from err
    if isinstance(doc, dict) and isinstance(doc.get("modelTopology"), dict):
        return _tfjs(doc, source)
    return SavedFile(source, _checked_config(doc, source), _version(doc))


def _tfjs(doc: dict[str, Any], source: str) -> SavedFile:
    topology = doc["modelTopology"]
    config = topology.get("model_config", topology)
    weights: dict[str, list[Weight]] = {}
    for group in doc.get("weightsManifest") or []:
        for entry in group.get("weights", []):
            layer, _, name = str(entry.get("name", "")).partition("/")
            weights.setdefault(layer, []).append(
                Weight(name or layer, _dims(entry.get("shape"), source))
            )
    return SavedFile(source, _checked_config(config, source), _version(topology), weights or None)


def _checked_config(doc: Any, source: str) -> dict[str, Any]:
    if not (isinstance(doc, dict) and isinstance(doc.get("class_name"), str) and "config" in doc):
        raise ModelFileError(
            f"{source}: JSON is not a Keras model config (expected "
            '{"class_name": ..., "config": ...}); give the output of '
            "model.to_json() or a .keras/.h5 file"
        )
    return doc


def _version(doc: Any) -> str | None:
    version = doc.get("keras_version") if isinstance(doc, dict) else None
    return str(version) if version is not None else None


def _read_keras_zip(path: Path) -> SavedFile:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "config.json" not in names:
                raise ModelFileError(
                    f"{path}: the .keras archive has no config.json; save the "
                    "model again with model.save('model.keras')"
                )
            config_text = archive.read("config.json").decode("utf-8")
            metadata = archive.read("metadata.json") if "metadata.json" in names else b"{}"
            weights = archive.read("model.weights.h5") if "model.weights.h5" in names else None
    except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError) as err:
        raise ModelFileError(
            f"{path}: not a valid .keras zip archive ({err}); the file is "
            "truncated or damaged, save the model again"
        ) from err
    saved = read_config_json(config_text, str(path))
    saved.keras_version = _zip_version(metadata) or saved.keras_version
    if weights is not None:
        saved.weights, saved.aliases = _keras3_weights(weights)
    return saved


def _zip_version(metadata: bytes) -> str | None:
    try:
        return _version(json.loads(metadata.decode("utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _keras3_weights(data: bytes) -> tuple[dict[str, list[Weight]] | None, dict[str, str]]:
    """Weight shapes under ``layers/<key>/``; the cross-check is skipped without h5py."""
    try:
        import h5py
    except ImportError:
        return None, {}
    try:
        with h5py.File(io.BytesIO(data), "r") as handle:
            group = handle.get("layers")
            if group is None:
                return None, {}
            weights, aliases = {}, {}
            for key in group:
                vars_group = group[key].get("vars")
                name = vars_group.attrs.get("name") if vars_group is not None else None
                if isinstance(name, str) and name != key:
                    aliases[key] = name
                weights[key] = _datasets(group[key])
            return weights, aliases
    except (OSError, KeyError, RuntimeError, ValueError):  # h5py's ways of saying "damaged"
        return None, {}


def _datasets(group: Any) -> list[Weight]:
    """Every dataset under ``group`` (seed-generator state excluded), numbered vars in order."""
    found: list[Weight] = []
    stack = [group]
    while stack:
        item = stack.pop()
        if hasattr(item, "shape"):
            found.append(Weight(item.name.rsplit("/", 1)[-1], tuple(int(d) for d in item.shape)))
            continue
        keys = sorted(item.keys(), key=_natural)
        stack.extend(item[k] for k in reversed(keys) if not k.startswith("seed_generator"))
    return found


def _natural(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)


def _read_h5(path: Path) -> SavedFile:
    try:
        import h5py
    except ImportError as err:
        raise ModelFileError(f"{path}: reading .h5 files needs h5py; {H5_FIX}") from err
    try:
        with h5py.File(path, "r") as handle:
            raw = handle.attrs.get("model_config")
            if raw is None:
                raise ModelFileError(
                    f"{path}: the HDF5 file has no model_config (a weights-only "
                    "file?); save the whole model with model.save('m.h5')"
                )
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            saved = read_config_json(text, str(path))
            version = handle.attrs.get("keras_version")
            if version is not None:
                saved.keras_version = (
                    version.decode() if isinstance(version, bytes) else str(version)
                )
            group = handle.get("model_weights", handle)
            saved.weights = {
                key: _h5_layer_weights(group[key])
                for key in group
                if hasattr(group[key], "attrs") and "weight_names" in group[key].attrs
            }
            return saved
    except ModelvizError:
        raise
    except (OSError, KeyError, RuntimeError, ValueError) as err:  # h5py's "damaged" errors
        raise ModelFileError(
            f"{path}: cannot read the HDF5 file ({err}); the file is "
            "truncated or damaged, save the model again"
        ) from err


def _h5_layer_weights(group: Any) -> list[Weight]:
    weights = []
    for raw in group.attrs["weight_names"]:
        name = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        dataset = group.get(name)
        if dataset is not None and hasattr(dataset, "shape"):
            short = name.rsplit("/", 1)[-1].split(":")[0]
            weights.append(Weight(short, tuple(int(d) for d in dataset.shape)))
    return weights


def _dims(shape: Any, source: str) -> tuple[int, ...]:
    if not isinstance(shape, list) or not all(isinstance(d, int) and 0 <= d < 2**31 for d in shape):
        raise ModelFileError(
            f"{source}: a weight has an invalid shape {shape!r}; the weights manifest is damaged"
        )
    return tuple(shape)

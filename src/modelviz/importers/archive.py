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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError, ModelvizError
from modelviz.importers.formats import HDF5_MAGIC, ZIP_MAGIC, read_model
from modelviz.importers.h5_weights import (
    H5_ERRORS,
    child,
    h5_text,
    keras3_weights,
    legacy_weights,
)
from modelviz.importers.keras_zip import KerasZip, member_cap
from modelviz.importers.safe_json import parse_json
from modelviz.layers.base import Weight

__all__ = ["SavedFile", "read_config_json", "read_saved"]

H5_FIX: Final = "install h5py: pip install h5py (from a modelviz checkout: pip install \".[h5]\")"
_WEIGHTS: Final = "model.weights.h5"


@dataclass
class SavedFile:
    """What a file holds: the model config, its Keras version, stored weights by layer."""

    source: str
    config: dict[str, Any]
    keras_version: str | None = None
    weights: dict[str, list[Weight]] | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # weights-file key -> layer name
    generated_by: str | None = None  # TensorFlow.js's generatedBy


def read_saved(path: str | Path) -> SavedFile:
    """Read a ``.keras``, ``.h5`` or ``.json`` file (or a folder with ``model.json``)."""
    path = Path(path)
    if path.is_dir() and (path / "model.json").is_file():
        path = path / "model.json"
    if not path.is_file():
        if path.exists():
            read_model(path)  # says what the folder is
        raise ModelFileError(f"{path}: no such file; check the path")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(HDF5_MAGIC):
        return _read_h5(path)
    if head.startswith(ZIP_MAGIC[:2]) or path.suffix == ".keras":
        return _read_keras_zip(path)
    if path.stat().st_size > member_cap():
        raise ModelFileError(
            f"{path}: a {path.stat().st_size // 2**20} MiB JSON file is beyond the "
            f"{member_cap() // 2**20} MiB limit; if it is trusted, raise MODELVIZ_MAX_MEMBER_MB"
        )
    return read_config_json(path.read_bytes(), str(path))


def read_config_json(text: str | bytes, source: str) -> SavedFile:
    """A model config from ``model.to_json()`` text or a TensorFlow.js ``model.json``.

    Example:
        >>> saved = read_config_json('{"class_name": "Sequential", "config": {"layers": []}, '
        ...                          '"keras_version": "3.6.0"}', "model.json")
        >>> saved.config["class_name"], saved.keras_version
        ('Sequential', '3.6.0')
        >>> read_config_json("[1, 2]", "x.json")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelFileError: x.json: JSON is not a Keras model config (expected ...
    """
    doc = parse_json(text, source)
    if isinstance(doc, dict) and "modelTopology" in doc:
        return _tfjs(doc, source)
    return SavedFile(source, _checked_config(doc, source), _version(doc))


def _tfjs(doc: dict[str, Any], source: str) -> SavedFile:
    if doc.get("format") == "graph-model":
        raise ModelFileError(
            f"{source}: this is a TensorFlow.js graph model (a converted TF graph, no Keras "
            "layers), not a layers model; convert the Keras model with "
            "tensorflowjs_converter --input_format keras, or give the .keras/.h5 file"
        )
    topology = doc["modelTopology"]
    if not isinstance(topology, dict):
        raise ModelFileError(
            f"{source}: TensorFlow.js modelTopology is a {type(topology).__name__}, not an "
            "object; the file is damaged or a graph model (modelviz reads layers models)"
        )
    config = topology.get("model_config", topology)
    generated = doc.get("generatedBy")
    return SavedFile(source, _checked_config(config, source), _version(topology),
                     _tfjs_weights(doc.get("weightsManifest"), source),
                     generated_by=generated if isinstance(generated, str) else None)


def _tfjs_weights(manifest: Any, source: str) -> dict[str, list[Weight]] | None:
    if manifest is None:
        return None
    bad = ModelFileError(
        f"{source}: the TensorFlow.js weightsManifest is not a list of "
        '{"paths": [...], "weights": [{"name", "shape", "dtype"}, ...]} groups; '
        "the file is damaged"
    )
    if not isinstance(manifest, list):
        raise bad
    weights: dict[str, list[Weight]] = {}
    for group in manifest:
        entries = group.get("weights", []) if isinstance(group, dict) else None
        if not isinstance(entries, list):
            raise bad
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise bad
            layer, _, name = entry["name"].partition("/")
            weights.setdefault(layer, []).append(
                Weight(name or layer, _dims(entry.get("shape"), source)))
    return weights or None


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
    with KerasZip(path) as archive:
        if not archive.has("config.json"):
            raise ModelFileError(
                f"{path}: the .keras archive has no config.json; save the "
                "model again with model.save('model.keras')"
            )
        saved = read_config_json(archive.read("config.json"), f"{path} (config.json)")
        saved.source = str(path)
        if archive.has("metadata.json"):
            metadata = parse_json(archive.read("metadata.json"), f"{path} (metadata.json)")
            saved.keras_version = _version(metadata) or saved.keras_version
        if archive.has(_WEIGHTS):
            saved.weights, saved.aliases = _keras3_weights(archive, path)
    return saved


def _keras3_weights(
    archive: KerasZip, path: Path
) -> tuple[dict[str, list[Weight]] | None, dict[str, str]]:
    """Weight shapes of model.weights.h5, read in place; skipped without h5py."""
    try:
        import h5py
    except ImportError:
        return None, {}
    source = f"{path} ({_WEIGHTS})"
    window = archive.weights_file(_WEIGHTS)
    if window is None:
        window = _small_member(archive)
        if window is None:
            return None, {}
    try:
        with h5py.File(window, "r") as handle:
            weights, aliases = keras3_weights(handle, source)
    except ModelvizError:
        raise
    except H5_ERRORS as err:
        raise ModelFileError(
            f"{source}: cannot read the weights file ({str(err)[:120]}); the file is "
            "truncated or damaged, save the model again"
        ) from err
    return weights or None, aliases


def _small_member(archive: KerasZip) -> Any:
    """A compressed weights member (Keras never writes one): inflated, within the cap."""
    import io

    return io.BytesIO(archive.read(_WEIGHTS))


def _read_h5(path: Path) -> SavedFile:
    try:
        import h5py
    except ImportError as err:
        raise ModelFileError(f"{path}: reading .h5 files needs h5py; {H5_FIX}") from err
    try:
        with h5py.File(path, "r") as handle:
            return _h5_contents(handle, path)
    except ModelvizError:
        raise
    except H5_ERRORS as err:  # h5py's "damaged" errors
        raise ModelFileError(
            f"{path}: cannot read the HDF5 file ({str(err)[:120]}); the file is "
            "truncated or damaged, save the model again"
        ) from err


def _h5_contents(handle: Any, path: Path) -> SavedFile:
    raw = handle.attrs.get("model_config")
    if raw is None:
        raise ModelFileError(
            f"{path}: the HDF5 file has no model_config (a weights-only "
            "file?); save the whole model with model.save('m.h5')"
        )
    if not isinstance(raw, (str, bytes)):
        raise ModelFileError(f"{path}: model_config is not text; the file is damaged")
    saved = read_config_json(raw, str(path))
    version = handle.attrs.get("keras_version")
    if isinstance(version, (str, bytes)):
        saved.keras_version = h5_text(version)
    group = child(handle, "model_weights", str(path)) if "model_weights" in handle else handle
    saved.weights = legacy_weights(group, str(path))
    return saved


def _dims(shape: Any, source: str) -> tuple[int, ...]:
    if not isinstance(shape, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2**31 for d in shape
    ):
        raise ModelFileError(
            f"{source}: a weight has an invalid shape {str(shape)[:40]}; the weights "
            "manifest is damaged"
        )
    return tuple(shape)

"""Weight names and shapes from HDF5: Keras 3 ``model.weights.h5`` and legacy ``.h5`` files.

Only shapes and names are read, never the values. Every structure Keras did not
write (a dataset where a group belongs, ``weight_names`` that is not a list of
names) is a one-line :class:`~modelviz.errors.ModelFileError`. h5py is
imported only here, inside the functions.

Example:
    >>> h5_text(b"caf\\xc3\\xa9"), h5_text(b"bad\\xff")
    ('café', 'bad\\\\udcff')
"""

from __future__ import annotations

from typing import Any, Final

from modelviz.errors import ModelFileError
from modelviz.importers.safe_json import clean_text
from modelviz.layers.base import Weight

__all__ = ["H5_ERRORS", "child", "h5_text", "keras3_weights", "legacy_weights"]

# What h5py raises on a damaged or unexpected file.
H5_ERRORS: Final = (OSError, KeyError, RuntimeError, ValueError, TypeError, AttributeError)
_MAX_WEIGHTS: Final = 10_000_000


def h5_text(raw: Any) -> str:
    """An HDF5 string attribute as printable text (bad UTF-8 shown as ``\\udcXX``).

    Example:
        >>> h5_text(b"dense/kernel:0")
        'dense/kernel:0'
    """
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "surrogateescape")
    return clean_text(str(raw))


def keras3_weights(handle: Any, source: str) -> tuple[dict[str, list[Weight]], dict[str, str]]:
    """Weights under ``layers/<key>/`` of an open Keras 3 weights file, and key -> layer name.

    Example:
        >>> import h5py
        >>> handle = h5py.File("model.weights.h5", "w", driver="core", backing_store=False)
        >>> kernel = handle.create_dataset("layers/dense/vars/0", shape=(4, 2), dtype="f4")
        >>> bias = handle.create_dataset("layers/dense/vars/1", shape=(2,), dtype="f4")
        >>> handle["layers/dense/vars"].attrs["name"] = "head"
        >>> weights, aliases = keras3_weights(handle, "model.weights.h5")
        >>> [(w.name, w.shape) for w in weights["dense"]], aliases
        ([('0', (4, 2)), ('1', (2,))], {'dense': 'head'})
        >>> handle.close()
    """
    weights: dict[str, list[Weight]] = {}
    aliases: dict[str, str] = {}
    stack = [(handle, "", "")]  # a nested model's layers: key "<model key>/layers/<key>"
    while stack:
        parent, where, prefix = stack.pop()
        if "layers" not in parent:
            continue
        layers = child(parent, "layers", source)
        _need_group(layers, f"{where}layers", source)
        for key in layers:
            group = child(layers, key, source)
            _need_group(group, f"{where}layers/{key}", source)
            path = f"{prefix}{h5_text(key)}"
            vars_group = child(group, "vars", source) if "vars" in group else None
            if vars_group is not None:
                _need_group(vars_group, f"{where}layers/{key}/vars", source)
                name = vars_group.attrs.get("name")
                if isinstance(name, (str, bytes)) and h5_text(name) != path:
                    aliases[path] = h5_text(name)
            weights[path] = _datasets(group, source)
            stack.append((group, f"{where}layers/{key}/", f"{path}/layers/"))
    return weights, aliases


def legacy_weights(group: Any, source: str) -> dict[str, list[Weight]]:
    """tf.keras / Keras 2 ``model_weights``: ``<layer>`` groups with ``weight_names``.

    Example:
        >>> import h5py
        >>> handle = h5py.File("model.h5", "w", driver="core", backing_store=False)
        >>> dense = handle.create_group("model_weights/dense")
        >>> dense.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
        >>> kernel = dense.create_dataset("dense/kernel:0", shape=(4, 2), dtype="f4")
        >>> bias = dense.create_dataset("dense/bias:0", shape=(2,), dtype="f4")
        >>> found = legacy_weights(handle["model_weights"], "model.h5")
        >>> [(w.name, w.shape) for w in found["dense"]]
        [('kernel', (4, 2)), ('bias', (2,))]
        >>> handle.close()
    """
    _need_group(group, "model_weights", source)
    found: dict[str, list[Weight]] = {}
    for key in group:
        item = child(group, key, source)
        if hasattr(item, "attrs") and "weight_names" in item.attrs:
            _need_group(item, f"model_weights/{key}", source)
            found[h5_text(key)] = _named_weights(item, key, source)
            _nested_layers(found, h5_text(key), item, source)
    return found


def _nested_layers(found: dict[str, list[Weight]], key: str, group: Any, source: str) -> None:
    """A nested model's group names its layers' weights ``[<model>/]<layer>/.../<weight>``:
    those also go under ``<model>/layers/<layer>`` (as :func:`keras3_weights` keys them), read
    only for a nested model's layers (a layer's own group yields keys nothing asks for)."""
    for raw in group.attrs["weight_names"]:
        name = h5_text(raw) if isinstance(raw, (str, bytes)) else ""
        parts = name.split("/")
        if parts[0] == key:
            parts = parts[1:]
        dataset = child(group, name, source) if len(parts) > 1 and name in group else None
        if dataset is not None and hasattr(dataset, "shape"):
            found.setdefault(f"{key}/layers/{parts[0]}", []).append(
                Weight(parts[-1].split(":")[0], _shape(dataset, source)))


def _named_weights(group: Any, key: str, source: str) -> list[Weight]:
    names = group.attrs["weight_names"]
    if isinstance(names, (str, bytes)) or not hasattr(names, "__len__") or len(names) > 100_000:
        raise ModelFileError(
            f"{source}: model_weights/{key} has weight_names that is not a list of "
            "names; the file is damaged"
        )
    weights = []
    for raw in names:
        if not isinstance(raw, (str, bytes)):
            if getattr(names, "size", 1) == 0:
                break
            raise ModelFileError(
                f"{source}: model_weights/{key} lists a weight name that is not text "
                f"({type(raw).__name__}); the file is damaged"
            )
        name = h5_text(raw)
        path = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        dataset = child(group, path, source) if path in group else None
        if dataset is not None and hasattr(dataset, "shape"):
            short = name.rsplit("/", 1)[-1].split(":")[0]
            weights.append(Weight(short, _shape(dataset, source)))
    return weights


def _datasets(group: Any, source: str) -> list[Weight]:
    """Every dataset under ``group`` (seed-generator and optimizer state excluded), in order."""
    found: list[Weight] = []
    stack = [group]
    while stack:
        item = stack.pop()
        if hasattr(item, "shape"):
            found.append(Weight(h5_text(item.name.rsplit("/", 1)[-1]), _shape(item, source)))
            if len(found) > _MAX_WEIGHTS:
                raise ModelFileError(f"{source}: too many weights; the file is damaged")
            continue
        keys = sorted(item.keys(), key=_natural)
        model = "layers" in keys  # a compiled nested model keeps its optimizer beside them
        stack.extend(child(item, k, source) for k in reversed(keys)
                     if not k.startswith("seed_generator") and not (model and k == "optimizer"))
    return found


def child(group: Any, key: str, source: str) -> Any:
    """``group[key]``, refusing links to other files (h5py would open them) and soft links.

    Example:
        >>> import h5py
        >>> handle = h5py.File("links.h5", "w", driver="core", backing_store=False)
        >>> layers = handle.create_group("layers")
        >>> child(handle, "layers", "links.h5") == layers
        True
        >>> handle["shortcut"] = h5py.SoftLink("/layers")
        >>> child(handle, "shortcut", "links.h5")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelFileError: links.h5: /shortcut is a link (SoftLink); ...
        >>> handle.close()
    """
    import h5py

    link = group.get(key, getlink=True)
    if not isinstance(link, h5py.HardLink):
        raise ModelFileError(
            f"{source}: {group.name.rstrip('/')}/{h5_text(key)} is a link "
            f"({type(link).__name__}); Keras never writes links and modelviz does not "
            "follow them, save the model again"
        )
    return group[key]


def _shape(dataset: Any, source: str) -> tuple[int, ...]:
    shape = dataset.shape
    if shape is None:  # an HDF5 "null" dataspace
        return (0,)
    return tuple(int(d) for d in shape)


def _need_group(item: Any, where: str, source: str) -> None:
    if not hasattr(item, "keys") or hasattr(item, "shape"):
        raise ModelFileError(
            f"{source}: {where} in the weights file is a dataset where Keras writes a "
            "group; the file is damaged, save the model again"
        )


def _natural(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)

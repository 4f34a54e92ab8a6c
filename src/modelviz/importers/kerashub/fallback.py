"""A model saved as constructor arguments modelviz cannot rebuild, read from its weights file.

Keras 3's ``model.weights.h5`` holds one group per layer, ``layers/<key>``, where
``<key>`` is the snake-case class name (``transformer_encoder_1``) and
``vars`` carries the layer's name; a nested model has its own ``layers``.
:func:`weights_model` turns that tree into a model with one row per layer: its
name, its class (from the key), its parameters as stored and an unknown
output shape (``?``). Operations (slicing, ``x * c``) and connections are not in
the weights file, so they are not shown; a :class:`ModelvizWarning` says so.

Example:
    >>> tree = [Group("input_layer", "token_ids", []),
    ...         Group("dense", "logits", [Weight("0", (16, 2)), Weight("1", (2,))])]
    >>> model = weights_model("MyClassifier", "clf", tree)
    >>> [(layer.name, layer.class_name, layer.count_params()) for layer in model.layers]
    [('token_ids', 'InputLayer', 0), ('logits', 'Dense', 34)]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError, ModelvizError
from modelviz.importers.h5_weights import H5_ERRORS, child, h5_text
from modelviz.importers.keras_zip import KerasZip
from modelviz.layers.base import Layer, Weight, to_snake_case
from modelviz.models import Model

__all__ = ["Group", "read_groups", "weights_model"]

_WEIGHTS: Final = "model.weights.h5"
_MAX_GROUPS: Final = 1_000_000
# Groups Keras saves beside a model's layers that are not weights of the model.
_NOT_WEIGHTS: Final = ("optimizer", "seed_generator")
# A model group's own parts that are not layers.
_MODEL_PARTS: Final = frozenset({"layers", "vars", "optimizer", "compile_metrics", "metrics",
                                 "loss"})
# keras_hub layers with weights that modelviz does not rebuild, named as Keras names them.
_HUB_LAYERS: Final = ("TokenAndPositionEmbedding", "FNetEncoder", "CachedMultiHeadAttention",
                      "MaskedLMHead", "RotaryEmbedding", "SinePositionEncoding")


@dataclass
class Group:
    """One layer of the weights file: key, layer name, weights, and a nested model's layers."""

    key: str
    name: str
    weights: list[Weight]
    children: list[Group] | None = None
    class_name: str = field(default="")


class FileLayer(Layer):
    """A layer known only from the weights file: stored weights, no known output shape."""

    def __init__(self, class_name: str, name: str, weights: list[Weight]) -> None:
        super().__init__(name=name)
        self.class_name = class_name
        self._weights = [Weight(f"weight_{w.name}" if w.name.isdigit() else w.name, w.shape)
                         for w in weights]

    def count_params(self) -> int:
        """The values the file stores for the layer (known without an input shape)."""
        return sum(w.size for w in self._weights)

    def explain(self, input_shape: Any = None) -> str:
        """The stored weight shapes (read from model.weights.h5)."""
        return super().explain() + " (shapes from model.weights.h5)" if self._weights else (
            f"{self.class_name}: no weights in model.weights.h5")


class FileModel(Model):
    """A model known only from the weights file: its layers in the file's order."""

    weights_from_file = True  # its counts are the file's: nothing to cross-check

    def __init__(self, class_name: str, name: str, layers: list[Layer]) -> None:
        super().__init__(name=name)
        self.class_name = class_name
        self.file_layers = layers

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """Never run: the file does not say how the layers connect."""
        raise ModelFileError(f"{self.name} ({self.class_name}): read from its weights file "
                             "only; modelviz does not know how its layers connect")


def class_from_key(key: str) -> str:
    """The class a weights-file key names: ``transformer_encoder_1`` -> ``TransformerEncoder``.

    Keras names the key after the class (``to_snake_case``); known classes are looked
    up, others are capitalized word by word.

    Example:
        >>> [class_from_key(k) for k in ("transformer_encoder_1", "re_lu", "my_block")]
        ['TransformerEncoder', 'ReLU', 'MyBlock']
    """
    base = re.sub(r"_\d+$", "", key)
    known = _known_classes().get(base)
    if known:
        return known
    return re.sub(r"(\d)d", r"\1D", "".join(w.capitalize() for w in base.split("_") if w))


@functools.lru_cache(maxsize=1)
def _known_classes() -> dict[str, str]:
    """snake-case key -> class name, for modelviz's layers and KerasHub's usual ones."""
    import modelviz.layers as mv_layers
    from modelviz.importers.kerashub import blocks, vision_blocks

    names = [name for module in (mv_layers, blocks, vision_blocks) for name in dir(module)
             if isinstance(getattr(module, name), type)
             and issubclass(getattr(module, name), Layer)]
    names += list(_HUB_LAYERS)
    return {to_snake_case(name): name for name in sorted(names)}


def weights_model(class_name: str, name: str, groups: list[Group]) -> FileModel:
    """A model whose layers are the groups of a weights file (nested models nested)."""
    made: dict[int, Layer] = {}
    order: list[Group] = []
    stack = list(groups)
    while stack:  # parents before children; built in reverse so children exist first
        group = stack.pop()
        order.append(group)
        stack.extend(group.children or [])
    for group in reversed(order):
        made[id(group)] = _layer(group, made)
    return FileModel(class_name, name, [made[id(g)] for g in groups])


def _layer(group: Group, made: dict[int, Layer]) -> Layer:
    class_name = group.class_name or class_from_key(group.key)
    if group.children is None:
        return FileLayer(class_name, group.name, group.weights)
    model = FileModel(class_name, group.name, [made[id(g)] for g in group.children])
    model._weights = list(group.weights)
    return model


def read_groups(path: Path, source: str) -> list[Group] | None:
    """The layer groups of a ``.keras`` file's weights; None when it has no weights file.

    Example:
        >>> import pathlib, tempfile, zipfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "config_only.keras"
        >>> with zipfile.ZipFile(path, "w") as archive:
        ...     archive.writestr("config.json", "{}")
        >>> read_groups(path, str(path)) is None
        True
    """
    try:
        import h5py
    except ImportError as err:
        raise ModelFileError(f"{source}: reading this model needs h5py to read its weights; "
                             "pip install h5py") from err
    with KerasZip(path) as archive:
        if not archive.has(_WEIGHTS):
            return None
        window = archive.weights_file(_WEIGHTS)
        if window is None:
            import io

            window = io.BytesIO(archive.read(_WEIGHTS))
        try:
            with h5py.File(window, "r") as handle:
                return _groups(handle, f"{source} ({_WEIGHTS})")
        except ModelvizError:
            raise
        except H5_ERRORS as err:
            raise ModelFileError(f"{source}: cannot read {_WEIGHTS} ({str(err)[:120]}); the "
                                 "file is truncated or damaged, save the model again") from err


def _groups(handle: Any, source: str) -> list[Group]:
    """Walk a model's layer groups (nested models' too) with a worklist."""
    top: list[Group] = []
    count = 0
    pending: list[tuple[Any, list[Group]]] = [(handle, top)]
    while pending:
        owner, into = pending.pop()
        for key, item, by_class in _layer_groups(owner, source):
            count += 1
            if count > _MAX_GROUPS:
                raise ModelFileError(f"{source}: more than {_MAX_GROUPS:,} layers; the file "
                                     "is damaged or not a Keras weights file")
            group = Group(h5_text(key), _layer_name(item, key), _datasets(item, source),
                          class_name="" if by_class else "?")
            if _is_model(item):
                group.children = []
                pending.append((item, group.children))
            into.append(group)
    return top


def _layer_groups(owner: Any, source: str) -> list[tuple[str, Any, bool]]:
    """A model's layers: ``layers/<class key>``, then (a subclassed model) the groups named
    after its attributes, whose class the file does not say."""
    found = []
    if "layers" in owner:
        layers = child(owner, "layers", source)
        found += [(key, child(layers, key, source), True)
                  for key in sorted(layers.keys(), key=_natural)]
    found += [(key, child(owner, key, source), False) for key in sorted(owner.keys(), key=_natural)
              if key not in _MODEL_PARTS and not key.startswith(_NOT_WEIGHTS)]
    return [(key, item, by_class) for key, item, by_class in found if not hasattr(item, "shape")]


def _is_model(group: Any) -> bool:
    return "layers" in group


def _layer_name(group: Any, key: str) -> str:
    vars_group = group.get("vars") if hasattr(group, "get") else None
    name = vars_group.attrs.get("name") if vars_group is not None else None
    return h5_text(name) if isinstance(name, (str, bytes)) and name else h5_text(key)


def _datasets(group: Any, source: str) -> list[Weight]:
    """A layer's own weights and its sublayers' (not a nested model's layers: those are rows)."""
    found: list[Weight] = []
    stack = [(group, True)]
    while stack:
        item, top = stack.pop()
        if hasattr(item, "shape"):
            path = h5_text(item.name[len(group.name) + 1:]).replace("vars/", "")
            found.append(Weight(path, tuple(int(d) for d in (item.shape or (0,)))))
            continue
        skip = {"layers"} if top else set()
        keys = [k for k in sorted(item.keys(), key=_natural)
                if k not in skip and not k.startswith(_NOT_WEIGHTS)]
        stack.extend((child(item, k, source), False) for k in reversed(keys))
        if len(found) > _MAX_GROUPS:
            raise ModelFileError(f"{source}: too many weights; the file is damaged")
    return found


def _natural(key: str) -> tuple[str, int]:
    """``dense_2`` before ``dense_10``: the number Keras appends, compared as a number."""
    match = re.fullmatch(r"(.*?)(?:_(\d+))?", key)
    base, number = (match.group(1), match.group(2)) if match else (key, None)
    return (base, int(number) + 1 if number else 0)

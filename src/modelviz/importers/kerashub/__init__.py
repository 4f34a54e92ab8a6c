"""Models saved from KerasHub, read without keras_hub.

KerasHub saves a backbone or task as its constructor arguments
(``{"class_name": "BertBackbone", "config": {"num_layers": 12, ...}}``), not as
a layer graph. For the classes in :data:`BACKBONES` and :data:`TASKS` modelviz
rebuilds the graph from those arguments, as keras_hub's ``__init__`` does, so
the rows equal ``model.summary()`` under keras_hub. Any other class saved this
way (another KerasHub model, a user's subclassed model with ``get_config``) is
read from its weights (``model.weights.h5``, or a legacy ``.h5``'s ``model_weights``): one
row per layer with its stored
parameters and an unknown output shape, and a :class:`ModelvizWarning` saying so
(:mod:`modelviz.importers.kerashub.fallback`).

Example:
    >>> from modelviz.importers.context import Context
    >>> entry = {"class_name": "GPT2Backbone", "registered_name": "keras_hub>GPT2Backbone",
    ...          "config": {"name": "gpt2", "vocabulary_size": 100, "num_layers": 1,
    ...                     "num_heads": 2, "hidden_dim": 16, "intermediate_dim": 32,
    ...                     "max_sequence_length": 32}}
    >>> supported(entry), build_hub_model(entry, Context("m.keras")).count_params()
    (True, 4368)
"""

from __future__ import annotations

import inspect
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelvizWarning
from modelviz.importers.context import Context
from modelviz.importers.kerashub import blocks, vision_blocks
from modelviz.importers.kerashub.args import HubArgs
from modelviz.importers.kerashub.fallback import Group, read_groups, weights_model
from modelviz.importers.kerashub.text import (
    bert_backbone,
    bert_text_classifier,
    causal_lm,
    distil_bert_backbone,
    gemma_backbone,
    gpt2_backbone,
    llama_backbone,
    pooled_text_classifier,
    roberta_backbone,
)
from modelviz.importers.kerashub.vision import (
    image_classifier,
    resnet_backbone,
    vit_backbone,
    vit_image_classifier,
)
from modelviz.layers.base import Layer, Weight
from modelviz.layers.naming import fresh_names
from modelviz.models import Model

__all__ = ["BACKBONES", "HUB_LAYERS", "TASKS", "build_hub_model", "hub_layer", "is_hub_entry",
           "load_constructor_saved", "supported"]

BACKBONES: Final[dict[str, Callable[[HubArgs], Model]]] = {
    "BertBackbone": bert_backbone,
    "DistilBertBackbone": distil_bert_backbone,
    "RobertaBackbone": roberta_backbone,
    "GPT2Backbone": gpt2_backbone,
    "LlamaBackbone": llama_backbone,
    "Llama3Backbone": llama_backbone,
    "GemmaBackbone": gemma_backbone,
    "ViTBackbone": vit_backbone,
    "ResNetBackbone": resnet_backbone,
}
# Each task with the backbone classes it is built on.
TASKS: Final[dict[str, tuple[Callable[[HubArgs, Model], Model], tuple[str, ...]]]] = {
    "BertTextClassifier": (bert_text_classifier, ("BertBackbone",)),
    "DistilBertTextClassifier": (pooled_text_classifier, ("DistilBertBackbone",)),
    "RobertaTextClassifier": (pooled_text_classifier, ("RobertaBackbone",)),
    "GPT2CausalLM": (causal_lm, ("GPT2Backbone",)),
    "LlamaCausalLM": (causal_lm, ("LlamaBackbone", "Llama3Backbone")),
    "Llama3CausalLM": (causal_lm, ("Llama3Backbone", "LlamaBackbone")),
    "GemmaCausalLM": (causal_lm, ("GemmaBackbone",)),
    "ResNetImageClassifier": (image_classifier, ("ResNetBackbone",)),
    "ViTImageClassifier": (vit_image_classifier, ("ViTBackbone",)),
}

# keras_hub layers used in users' own models (``keras_hub.layers.TransformerEncoder``).
HUB_LAYERS: Final[dict[str, type[Layer]]] = {
    "TransformerEncoder": blocks.TransformerEncoder,
    "TransformerDecoder": blocks.TransformerDecoder,
    "PositionEmbedding": blocks.PositionEmbedding,
    "TokenAndPositionEmbedding": blocks.TokenAndPositionEmbedding,
    "SinePositionEncoding": blocks.SinePositionEncoding,
    "LlamaTransformerDecoder": blocks.LlamaTransformerDecoder,
    "LlamaLayerNorm": blocks.LlamaLayerNorm,
    "GemmaDecoderBlock": blocks.GemmaDecoderBlock,
    "RMSNormalization": blocks.RMSNormalization,
    "ViTPatchingAndEmbedding": vision_blocks.ViTPatchingAndEmbedding,
    "ViTEncoder": vision_blocks.ViTEncoder,
}
# Arguments that do not change shapes or counts (and may name keras_hub's own functions).
_SHAPE_FREE: Final = frozenset({"activation", "kernel_initializer", "bias_initializer",
                                "embeddings_initializer", "initializer"})


def _short(class_name: Any) -> str:
    return str(class_name).rsplit(">", 1)[-1]


def is_hub_entry(entry: Any) -> bool:
    """Whether a config entry is a KerasHub class (its module or registration says so).

    Example:
        >>> is_hub_entry({"class_name": "BertBackbone", "module": "keras_hub.src.models.bert"})
        True
        >>> is_hub_entry({"class_name": "Dense", "module": "keras.layers"})
        False
    """
    if not isinstance(entry, dict):
        return False
    module, registered = str(entry.get("module") or ""), str(entry.get("registered_name") or "")
    return module.startswith(("keras_hub", "keras_nlp")) or registered.startswith(
        ("keras_hub>", "keras_nlp>"))


def supported(entry: Any) -> bool:
    """Whether modelviz rebuilds this entry's class (a task only with a supported backbone).

    Example:
        >>> supported({"class_name": "FNetBackbone", "config": {}})
        False
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
        return False
    name = _short(entry.get("class_name"))
    if name in BACKBONES:
        return True
    backbone = entry["config"].get("backbone")
    return (name in TASKS and isinstance(backbone, dict)
            and _short(backbone.get("class_name")) in TASKS[name][1] and supported(backbone))


def hub_layer(entry: dict[str, Any], ctx: Context) -> Layer | None:
    """The layer a KerasHub layer entry of a saved model describes; None if not in
    :data:`HUB_LAYERS`.

    Example:
        >>> entry = {"class_name": "TransformerEncoder", "config": {
        ...     "name": "enc", "intermediate_dim": 32, "num_heads": 2, "activation": "gelu"}}
        >>> layer = hub_layer(entry, Context("m.keras"))
        >>> layer.name, layer.count_weights((None, 8, 16))
        ('enc', 2224)
    """
    cls = HUB_LAYERS.get(_short(entry.get("class_name")))
    config = entry.get("config")
    if cls is None or not isinstance(config, dict):
        return None
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self", "kwargs"} - _SHAPE_FREE
    arguments = {key: value for key, value in config.items()
                 if key in accepted or key in ("name", "dtype", "trainable")}
    try:
        return cls(**arguments)
    except (TypeError, ValueError) as err:
        raise ctx.error(f"{config.get('name')} ({cls.__name__}): {err}",
                        "the file is damaged or from another keras_hub version") from err


def build_hub_model(entry: dict[str, Any], ctx: Context) -> Model:
    """The modelviz model a supported KerasHub entry describes (automatic names fresh)."""
    with fresh_names():
        return _build(entry, ctx)


def _build(entry: dict[str, Any], ctx: Context) -> Model:
    name = _short(entry["class_name"])
    args = HubArgs(name, entry["config"], ctx)
    if name in BACKBONES:
        return BACKBONES[name](args)
    backbone = _build(entry["config"]["backbone"], ctx)
    return TASKS[name][0](args, backbone)


def load_constructor_saved(config: dict[str, Any], ctx: Context, path: Path | None,
                           stored: dict[str, list[Weight]] | None = None) -> Model:
    """A top-level model saved as constructor arguments: rebuilt, or read from its weights.

    Raises:
        ModelFileError: the class is not rebuilt and there is no weights file to read.

    Example:
        >>> config = {"class_name": "MyModel", "config": {"name": "mine", "units": 4}}
        >>> load_constructor_saved(config, Context("m.json"), None)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelFileError: m.json: the config describes a 'MyModel' saved as ...
    """
    if supported(config):
        return build_hub_model(config, ctx)
    class_name = _short(config.get("class_name"))
    if path is not None and zipfile.is_zipfile(path):
        groups = read_groups(path, ctx.source)
    else:  # a legacy .h5: weights by layer name, the classes not recorded
        groups = [Group(key, key, list(weights), class_name="?")
                  for key, weights in (stored or {}).items()
                  # "<model>/layers/<layer>": a nested model's layer, already in its group
                  if key != "top_level_model_weights" and "/layers/" not in key] or None
    if groups is None:
        raise ctx.error(
            f"the config describes a {class_name!r} saved as its constructor arguments, not "
            "a model (Sequential, Functional or Model), and there is no weights file to read "
            "its layers from",
            f"save it as a .keras file (model.save('model.keras')); modelviz rebuilds "
            f"{', '.join(sorted(BACKBONES) + sorted(TASKS))}")
    settings = config.get("config") if isinstance(config.get("config"), dict) else {}
    name = settings.get("name") if isinstance(settings.get("name"), str) else None
    warnings.warn(
        f"{ctx.source}: {class_name} is saved as its constructor arguments and modelviz does "
        f"not rebuild it; its {len(groups)} layers are read from its weights (parameters "
        "as stored and all counted as trainable, output shapes unknown, operations and "
        "connections not shown)", ModelvizWarning, stacklevel=3)
    return weights_model(class_name, name or class_name, groups)

"""One layer config from a saved file -> a modelviz layer object.

Known classes are built from their arguments (Keras 1 names rewritten first);
Lambda, TF operations, Keras 3 operations and unknown classes become
:class:`~modelviz.importers.custom.UnknownLayer` nodes. Config keys Keras keeps
for itself (``quantization_config``, ``build_config``, ...) are dropped.

Example:
    >>> ctx = Context("model.json")
    >>> make_layer({"class_name": "Dense", "config": {"name": "d", "units": 3,
    ...             "dtype": {"class_name": "DTypePolicy", "config": {"name": "float32"}}}}, ctx)
    <Dense name=d, built=False>
"""

from __future__ import annotations

import functools
import inspect
import warnings
from typing import Any, Final

import modelviz.layers as mv_layers
from modelviz.errors import LayerConfigError, ModelvizWarning, ShapeError
from modelviz.importers import legacy
from modelviz.importers.context import Context
from modelviz.importers.custom import REGISTRY, UnknownLayer
from modelviz.importers.file_layers import (
    is_operation,
    lambda_layer,
    registered_layer,
    short_class_name,
    unknown_layer,
)
from modelviz.layers.base import _BASE_KWARGS, Layer, to_snake_case
from modelviz.layers.ops import operation_from_config

__all__ = ["Context", "make_layer"]

MAX_DIM: Final = 2**31
# Keys Keras writes into layer configs for its own bookkeeping.
_QUIET_KEYS: Final = frozenset(
    {
        "quantization_config",
        "build_config",
        "registered_name",
        "module",
        "shared_object_id",
        "input_dtype",
        "time_major",
        "implementation",
        "unroll",
        "zero_output_for_mask",
        "input_length",
        "seed_generator",
        "query_shape",
        "key_shape",
        "value_shape",
        "softmax_robust_masking",
        "rng_type",
        "noise_shape",
        "seed",
    }
)
# Keys dropped silently only while they hold Keras's default (else the drawing may be wrong).
_QUIET_DEFAULTS: Final = {"groups": 1, "rms_scaling": False}
# tf.keras 2 SeparableConv configs repeat Conv's kernel_* arguments, which Keras ignores.
_SEPARABLE_EXTRAS: Final = frozenset(
    {"kernel_initializer", "kernel_regularizer", "kernel_constraint"}
)
_OP_MODULES: Final = ("keras.src.ops", "keras.ops")
_TF_OPS: Final = frozenset({"TFOpLambda", "SlicingOpLambda"})
_RNN_CLASSES: Final = frozenset(
    {
        "SimpleRNN",
        "LSTM",
        "GRU",
        "CuDNNLSTM",
        "CuDNNGRU",
        "ConvLSTM1D",
        "ConvLSTM2D",
        "ConvLSTM3D",
        "Bidirectional",
    }
)
_WRAPPED_KEYS: Final = ("layer", "backward_layer")
_MAX_WRAP_DEPTH: Final = 8
_MODELS: Final = frozenset({"Functional", "Model", "Sequential"})


def make_layer(entry: Any, ctx: Context, depth: int = 0) -> Layer:
    """Build the layer an entry of a config's ``layers`` list describes."""
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise ctx.error(
            f"a layer entry is not {{'class_name': ..., 'config': ...}}: {str(entry)[:80]}",
            "the file is damaged",
        )
    config = entry.get("config") or {}
    if not isinstance(config, dict) and entry["class_name"] not in _MODELS:
        raise ctx.error(
            f"layer {entry['class_name']} has a config that is not a dict", "the file is damaged"
        )
    registered = REGISTRY.get(entry["class_name"])
    class_name = short_class_name(entry["class_name"])
    name = (config.get("name") if isinstance(config, dict) else None) or entry.get("name")
    if isinstance(config, dict) and not isinstance(config.get("trainable", True), bool):
        raise ctx.error(
            f"{name} ({class_name}): trainable is {config['trainable']!r}, not true or false",
            "the file is damaged; Keras writes a JSON boolean there",
        )
    registered = registered or REGISTRY.get(class_name)
    if registered is not None:
        if registered.layer_class is not None:
            return _construct(registered.layer_class, class_name, name, config, ctx, 0)
        return registered_layer(registered, class_name, name, config, ctx)
    special = _special_layer(entry, class_name, name, config, ctx, depth)
    if special is not None:
        return special
    if _has_legacy_keys(class_name, config):
        class_name, config = legacy.modern_layer(class_name, config)
    config = legacy.keras2_fixups(class_name, config)
    cls = getattr(mv_layers, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        return unknown_layer(class_name, name, config, ctx, str(name) in ctx.consumed)
    return _construct(cls, class_name, name, config, ctx, depth)


def _special_layer(
    entry: dict[str, Any], class_name: str, name: Any, config: Any, ctx: Context, depth: int
) -> Layer | None:
    """Nested models, Lambda, operations and Keras 1 Merge; None for an ordinary layer."""
    if class_name in _MODELS:
        return _nested_model(entry, ctx, depth)
    from modelviz.importers import kerashub  # a KerasHub model used as a layer

    if kerashub.is_hub_entry(entry) and kerashub.supported(entry):
        return kerashub.build_hub_model(entry, ctx)
    if kerashub.is_hub_entry(entry) and class_name in kerashub.HUB_LAYERS:
        return kerashub.hub_layer(entry, ctx)
    if class_name == "Lambda":
        return lambda_layer(name, config, ctx)
    if class_name in _TF_OPS:
        return UnknownLayer(
            class_name,
            name=name,
            op=str(config.get("function", class_name)),
            weights=[],
            dtype=config.get("dtype"),
        )
    known = isinstance(getattr(mv_layers, class_name, None), type)
    if str(entry.get("module") or "").startswith(_OP_MODULES) or is_operation(
        entry, class_name, known
    ):
        operation = operation_from_config(class_name, config)  # the same ops as modelviz.ops
        if operation is not None:
            return operation
        return UnknownLayer(
            class_name,
            name=name,
            op=to_snake_case(class_name),
            weights=[],
            dtype=config.get("dtype"),
        )
    if class_name == "Merge":
        target, args = legacy.merge_class(config)
        if target is not None:
            return _construct(getattr(mv_layers, target), target, name, args, ctx, 0)
        return unknown_layer(class_name, name, config, ctx, True)
    return None


def _nested_model(entry: dict[str, Any], ctx: Context, depth: int) -> Layer:
    """A model inside a wrapper (Keras 1 ``Model`` in ``TimeDistributed``), built whole."""
    from modelviz.importers.config import build_model

    if depth >= _MAX_WRAP_DEPTH:
        raise ctx.error("models nested too deeply inside wrappers", "the file is damaged")
    return build_model(entry, ctx)


def _has_legacy_keys(class_name: str, config: dict[str, Any]) -> bool:
    if class_name in legacy.LEGACY_CLASSES:
        return True
    return any(
        key in config
        for key in (
            "output_dim",
            "nb_filter",
            "border_mode",
            "init",
            "subsample",
            "dim_ordering",
            "p",
            "W_regularizer",
            "pool_length",
            "filter_length",
            "bias",
            "input_dtype",
        )
    )


def _construct(
    cls: type[Layer], class_name: str, name: Any, config: dict[str, Any], ctx: Context, depth: int
) -> Layer:
    kwargs = _constructor_kwargs(cls, class_name, name, config, ctx)
    for key in _WRAPPED_KEYS:
        if isinstance(kwargs.get(key), dict):
            if depth >= _MAX_WRAP_DEPTH:
                raise ctx.error(
                    f"{name} ({class_name}): wrappers nested too deeply", "the file is damaged"
                )
            kwargs[key] = make_layer(kwargs[key], ctx, depth + 1)
    if class_name == "InputLayer":
        _check_dims(kwargs.get("batch_shape") or kwargs.get("batch_input_shape"), name, ctx)
    try:
        return cls(**kwargs)
    except (LayerConfigError, ShapeError) as err:
        raise ctx.error(err, "the file's layer config is not one Keras accepts") from err
    except (TypeError, ValueError) as err:
        raise ctx.error(
            f"{name} ({class_name}): invalid config ({err})",
            "the file's layer config is not one Keras accepts",
        ) from err


def _constructor_kwargs(
    cls: type[Layer], class_name: str, name: Any, config: dict[str, Any], ctx: Context
) -> dict[str, Any]:
    accepted = _accepted_arguments(cls)
    kwargs: dict[str, Any] = {}
    for key, value in config.items():
        if key in accepted:
            kwargs[key] = value
        elif not _quiet(class_name, key, value):
            warnings.warn(
                f"{ctx.source}: {name} ({class_name}): ignored the config key "
                f"{key!r}, which modelviz's {class_name} does not take",
                ModelvizWarning,
                stacklevel=4,
            )
    return kwargs


def _quiet(class_name: str, key: str, value: Any) -> bool:
    if key in _QUIET_KEYS:
        return True
    if key in _QUIET_DEFAULTS:
        return value == _QUIET_DEFAULTS[key]
    return class_name.startswith("Separable") and key in _SEPARABLE_EXTRAS


@functools.cache
def _accepted_arguments(cls: type[Layer]) -> frozenset[str]:
    """Keyword arguments the class takes, following ``**kwargs`` up to Layer."""
    names: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = inspect.signature(init).parameters.values()
        names.update(p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
        if klass is Layer or not any(p.kind == p.VAR_KEYWORD for p in params):
            break
    names.discard("self")
    return frozenset(names | (_BASE_KWARGS if issubclass(cls, Layer) else set()))


def _check_dims(shape: Any, name: Any, ctx: Context) -> None:
    if shape is None:
        return
    if not isinstance(shape, (list, tuple)):
        raise ctx.error(
            f"{name} (InputLayer): shape {shape!r} is not a list", "the file is damaged"
        )
    for dim in shape:
        if dim is not None and (
            not isinstance(dim, int) or isinstance(dim, bool) or not 0 <= dim <= MAX_DIM
        ):
            raise ctx.error(
                f"{name} (InputLayer): invalid dimension {dim!r} in shape {list(shape)}",
                f"dimensions must be None or integers in [0, {MAX_DIM}]; the file is damaged",
            )


def rnn_like(layer: Layer) -> bool:
    """Layers that Keras 2 called on ``[inputs, *initial_states]``."""
    return type(layer).__name__ in _RNN_CLASSES

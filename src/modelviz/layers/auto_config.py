"""Keras 3's automatic config of a subclass: its simple ``__init__`` arguments.

Keras records the arguments a custom layer was made with (when all are strings, numbers,
booleans or None) and returns them from ``get_config()`` unless the class writes its
own; the HTML details panel shows them.

Example:
    >>> from modelviz.layers import Layer
    >>> class Scale(Layer):
    ...     def __init__(self, factor=2.0, **kwargs):
    ...         super().__init__(**kwargs)
    ...     def call(self, x):
    ...         return x * 2
    >>> Scale(name="s").get_config()
    {'name': 's', 'factor': 2.0, 'trainable': True, 'dtype': 'float32'}
"""

from __future__ import annotations

import inspect
from typing import Any

from modelviz.layers.tensors import plain

__all__ = ["auto_config", "with_auto_config"]

_SIMPLE = (str, int, float, bool, type(None))


def auto_config(cls: type, args: tuple, kwargs: dict) -> dict[str, Any] | None:
    """The ``__init__`` arguments (defaults filled in, ``name`` left out), or None.

    Example:
        >>> class Block:
        ...     def __init__(self, units, rate=0.1, **kwargs):
        ...         pass
        >>> auto_config(Block, (4,), {"name": "b"})
        {'units': 4, 'rate': 0.1}
    """
    try:
        signature = inspect.signature(cls.__init__)
        bound = signature.bind(None, *args, **kwargs)
    except (TypeError, ValueError):
        return None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    params = list(signature.parameters.values())
    arguments.pop(params[0].name, None)
    for param in params:
        if param.kind is param.VAR_KEYWORD:
            arguments.update(arguments.pop(param.name, {}))
        elif (param.kind is param.VAR_POSITIONAL and arguments.pop(param.name, ())) or (
                param.kind is param.POSITIONAL_ONLY and param is not params[0]):
            return None  # Keras cannot rebuild such a call from a dict either
    arguments.pop("name", None)
    flat = [v for value in arguments.values()
            for v in (value if isinstance(value, (list, tuple)) else [value])]
    return arguments if all(isinstance(v, _SIMPLE) for v in flat) else None


def with_auto_config(layer: Any, config: dict[str, Any]) -> dict[str, Any]:
    """``get_config()`` of a subclass without its own: Keras adds the automatic config.

    Example:
        >>> from modelviz.layers import Dense
        >>> with_auto_config(Dense(2), {"name": "dense"})
        {'name': 'dense'}
    """
    auto = layer.__dict__.get("_auto_config")
    if auto is None or _overrides_get_config(layer):
        return config
    return {"name": config["name"], **plain(auto),
            **{k: v for k, v in config.items() if k != "name"}}


def _overrides_get_config(layer: Any) -> bool:
    """True when a class between the layer's and modelviz's defines ``get_config``."""
    for cls in type(layer).__mro__:
        if cls.__module__.startswith("modelviz."):
            return False
        if "get_config" in vars(cls):
            return True
    return False

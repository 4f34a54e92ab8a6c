"""What Keras's initializers, regularizers, constraints, optimizers... have in common here.

modelviz never runs them: each keeps its arguments (``get_config()``) and writes itself
as Keras serializes it, so a layer's config shows ``kernel_regularizer`` as
``{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.0001}, ...}``.
A user's subclass is written as Keras writes a custom object: its own module, and the
name ``@register_keras_serializable`` gave it.

Example:
    >>> class Scale(KerasObject):
    ...     keras_module = "keras.example"
    ...     def __init__(self, factor=2.0):
    ...         self.factor = factor
    ...     def get_config(self):
    ...         return {"factor": self.factor}
    >>> serialize(Scale())["config"]
    {'factor': 2.0}
"""

from __future__ import annotations

import struct
from typing import Any, ClassVar

from modelviz.errors import LayerConfigError
from modelviz.layers.tensors import plain

__all__ = ["KerasObject", "Recorded", "float32", "lookup", "registered_name", "serialize"]

# @register_keras_serializable: class or function -> "package>name", and back.
CUSTOM_NAMES: dict[Any, str] = {}
CUSTOM_OBJECTS: dict[str, Any] = {}


class KerasObject:
    """Base class: ``get_config()`` and ``from_config()``, as Keras's objects have."""

    #: The public Keras module of modelviz's own classes (``keras.initializers``...).
    keras_module: ClassVar[str] = "keras"

    def get_config(self) -> dict[str, Any]:
        """The object's arguments (none by default)."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Any:
        """A new object from ``get_config()``'s dictionary."""
        return cls(**config)

    def __repr__(self) -> str:
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"<{type(self).__name__}({arguments})>"


class Recorded(KerasObject):
    """An object modelviz only records (an optimizer, loss, metric, callback): its arguments.

    ``positional`` names the arguments Keras takes by position, in order.

    Example:
        >>> class Adam(Recorded):
        ...     positional = ("learning_rate",)
        >>> Adam(1e-3, beta_1=0.8).get_config()
        {'learning_rate': 0.001, 'beta_1': 0.8}
    """

    positional: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self.positional):
            raise LayerConfigError(f"{type(self).__name__}: takes at most "
                                   f"{len(self.positional)} positional arguments "
                                   f"({', '.join(self.positional) or 'none'}); name the others")
        self._arguments = {**dict(zip(self.positional, args, strict=False)), **kwargs}
        self.name = self._arguments.get("name")

    def get_config(self) -> dict[str, Any]:
        """The arguments given (Keras's defaults are not filled in)."""
        return dict(self._arguments)

    def __getattr__(self, name: str) -> Any:
        arguments = self.__dict__.get("_arguments", {})
        if name in arguments:
            return arguments[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def serialize(obj: Any) -> Any:
    """Keras's ``serialize_keras_object`` for these objects (strings and None stay).

    Example:
        >>> serialize(None), serialize("l2")
        (None, 'l2')
    """
    if obj is None or isinstance(obj, str):
        return obj
    own = type(obj).__module__.startswith("modelviz.")
    return {"module": type(obj).keras_module if own else type(obj).__module__,
            "class_name": type(obj).__name__, "config": plain(obj.get_config()),
            "registered_name": None if own else registered_name(type(obj))}


def registered_name(obj: Any) -> str:
    """``"package>Name"`` for a registered class or function, else its own name.

    Example:
        >>> registered_name(KerasObject)
        'KerasObject'
    """
    return CUSTOM_NAMES.get(obj) or getattr(obj, "__name__", type(obj).__name__)


def lookup(kind: str, identifier: Any, table: dict[str, Any]) -> Any:
    """Keras's ``get(identifier)``: None, an object, a name (class or alias) or a config dict.

    Example:
        >>> lookup("regularizer", None, {}) is None
        True
    """
    if identifier is None or isinstance(identifier, KerasObject) or (
            callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, dict):
        name = identifier.get("registered_name") or identifier.get("class_name")
        cls = CUSTOM_OBJECTS.get(str(name)) or table.get(str(identifier.get("class_name")))
        if cls is not None:
            return cls.from_config(identifier.get("config") or {})
    elif isinstance(identifier, type):
        return identifier()
    elif isinstance(identifier, str) and identifier in table:
        found = table[identifier]
        return found() if isinstance(found, type) else found
    raise LayerConfigError(f"could not interpret {kind} identifier: {identifier!r}; use one of "
                           f"{', '.join(sorted(k for k in table if k.islower()))}")


def float32(value: Any) -> float:
    """A number as Keras keeps it in a float32 tensor (``0.01`` -> ``0.009999999776482582``).

    Example:
        >>> float32(0.01)
        0.009999999776482582
    """
    return struct.unpack("f", struct.pack("f", float(value)))[0]

"""``keras.saving`` for modelviz: registering custom objects, and reading saved models.

``@saving.register_keras_serializable()`` on a custom layer or function works as in
Keras (the name ``"package>Name"`` is what a layer's config then says);
``saving.load_model(path)`` reads a ``.keras``/``.h5``/``.json`` file with
:func:`modelviz.load` (weights never loaded, code in the file never run). modelviz
writes no Keras files: ``save_model`` says so.

Example:
    >>> from modelviz import layers, saving
    >>> @saving.register_keras_serializable(package="Demo")
    ... class Twice(layers.Layer):
    ...     def call(self, x):
    ...         return x * 2
    >>> saving.get_registered_name(Twice), saving.get_registered_object("Demo>Twice") is Twice
    ('Demo>Twice', True)
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import LayerConfigError, ModelvizError
from modelviz.layers.keras_objects import CUSTOM_NAMES, CUSTOM_OBJECTS, registered_name
from modelviz.layers.keras_objects import serialize as _serialize

__all__ = ["deserialize_keras_object", "get_custom_objects", "get_registered_name",
           "get_registered_object", "load_model", "register_keras_serializable", "save_model",
           "serialize_keras_object"]


def register_keras_serializable(package: str = "Custom", name: str | None = None) -> Any:
    """A decorator registering a class or function as ``"package>name"``, as Keras does.

    Example:
        >>> @register_keras_serializable()
        ... def scaled(x):
        ...     return x
        >>> get_registered_name(scaled)
        'Custom>scaled'
    """
    def decorator(arg: Any) -> Any:
        if isinstance(arg, type) and not hasattr(arg, "get_config"):
            raise LayerConfigError(f"cannot register {arg.__name__}: it has no get_config() "
                                   "method (Keras requires one)")
        key = f"{package}>{name if name is not None else arg.__name__}"
        CUSTOM_OBJECTS[key] = arg
        CUSTOM_NAMES[arg] = key
        return arg

    return decorator


def get_registered_name(obj: Any) -> str:
    """The name a registered class or function was given, else its own ``__name__``.

    Example:
        >>> get_registered_name(len)
        'len'
    """
    return registered_name(obj)


def get_registered_object(name: str, custom_objects: Any = None,
                          module_objects: Any = None) -> Any:
    """The class or function registered (or passed in ``custom_objects``) under ``name``.

    Example:
        >>> get_registered_object("Nope>Missing") is None
        True
    """
    for table in (custom_objects or {}, CUSTOM_OBJECTS, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects() -> dict[str, Any]:
    """The registry itself (Keras's global custom objects), name -> object.

    Example:
        >>> isinstance(get_custom_objects(), dict)
        True
    """
    return CUSTOM_OBJECTS


def serialize_keras_object(obj: Any) -> Any:
    """Keras's serialized form of an initializer, regularizer, constraint, optimizer...

    Example:
        >>> from modelviz import regularizers
        >>> serialize_keras_object(regularizers.L2(0.5))["class_name"]
        'L2'
    """
    if callable(obj) and hasattr(obj, "__name__") and not hasattr(obj, "get_config"):
        return obj.__name__
    return _serialize(obj)


def deserialize_keras_object(config: Any, custom_objects: Any = None, **kwargs: Any) -> Any:
    """The object a serialized config names, from the registry or ``custom_objects``.

    Example:
        >>> from modelviz import initializers
        >>> deserialize_keras_object(serialize_keras_object(initializers.Ones()))
        <Ones()>
    """
    if not isinstance(config, dict):
        return config
    module = str(config.get("module") or "")
    if module.startswith("keras."):
        import importlib

        table = importlib.import_module("modelviz." + module.split(".")[1])
        return table.deserialize(config, custom_objects)
    cls = get_registered_object(str(config.get("registered_name") or config.get("class_name")),
                                custom_objects)
    if cls is None:
        raise LayerConfigError(f"unknown object {config.get('class_name')!r}: register it "
                               "with @register_keras_serializable or pass custom_objects")
    return cls.from_config(config.get("config") or {})


def load_model(filepath: Any, custom_objects: Any = None, compile: bool = True,
               safe_mode: bool = True) -> Any:
    """Read a saved model with :func:`modelviz.load` (no weights, no code run).

    Example:
        >>> load_model("missing.keras")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelFileError: ...
    """
    from modelviz.importers import load

    return load(filepath)


def save_model(model: Any, filepath: Any, *args: Any, **kwargs: Any) -> None:
    """Raises: modelviz reads Keras files but writes none.

    Example:
        >>> save_model(None, "model.keras")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: modelviz does not write Keras files...
    """
    raise ModelvizError("modelviz does not write Keras files (it has no weights); save the "
                        "model with Keras, or save a drawing with plot_model(to_file=...)")

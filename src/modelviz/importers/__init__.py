"""Turn files (Python definitions, saved Keras models) into modelviz models.

Example:
    >>> load(42)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    modelviz.errors.ModelFileError: cannot load a model from int; ...
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from modelviz.errors import ModelFileError
from modelviz.importers.custom import register_layer
from modelviz.importers.python_file import load_python_file

__all__ = ["load", "load_fresh", "load_python_file", "register_layer"]


def load(path_or_obj: Any) -> Any:
    """A modelviz model from a ``.py`` file, a saved Keras file, or a live Keras model.

    Paths are recognised by content (:mod:`modelviz.importers.formats`): a file
    modelviz does not read (PyTorch, ONNX, a TF SavedModel) gets an error saying
    what it is.
    """
    if hasattr(path_or_obj, "to_graph"):
        return path_or_obj
    if isinstance(path_or_obj, (str, os.PathLike)):
        from modelviz.importers.formats import read_model

        return read_model(Path(path_or_obj))
    if hasattr(path_or_obj, "get_config") and hasattr(path_or_obj, "layers"):
        return _load_saved(path_or_obj)
    raise ModelFileError(f"cannot load a model from {type(path_or_obj).__name__}; give a path to "
                         "a .py, .keras, .h5 or .json file, or a Keras model")


def load_fresh(path: str | os.PathLike[str]) -> Any:
    """:func:`load` with automatic layer names started afresh, as in a new process (the
    caller's name counter is restored afterwards).

    Example:
        >>> import pathlib, tempfile
        >>> from modelviz import layers
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.py"
        >>> _ = path.write_text("from modelviz import Sequential, Input, layers\\n"
        ...                     "model = Sequential([Input((4,)), layers.Dense(2)])\\n")
        >>> _ = layers.Dense(3)  # takes the name "dense" here
        >>> [layer.name for layer in load_fresh(path).layers]
        ['dense']
    """
    from modelviz.layers.naming import fresh_names

    with fresh_names():
        return load(path)


def _load_saved(path_or_obj: Any) -> Any:
    try:
        from modelviz.importers.keras_files import load_saved
    except ImportError as err:
        raise ModelFileError(f"{path_or_obj}: reading saved Keras models is not available in "
                             "this version") from err
    return load_saved(path_or_obj)

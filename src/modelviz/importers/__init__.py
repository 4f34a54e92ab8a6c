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

__all__ = ["load", "load_python_file", "register_layer"]


def load(path_or_obj: Any) -> Any:
    """A modelviz model from a ``.py`` file, a saved Keras file, or a live Keras model."""
    if hasattr(path_or_obj, "to_graph"):
        return path_or_obj
    if isinstance(path_or_obj, (str, os.PathLike)):
        path = Path(path_or_obj)
        if path.suffix == ".py":
            return load_python_file(path)
        if path.suffix.lower() == ".onnx":
            from modelviz.importers.onnx_file import load_onnx

            return load_onnx(path)
        return _load_saved(path)
    if hasattr(path_or_obj, "get_config") and hasattr(path_or_obj, "layers"):
        return _load_saved(path_or_obj)
    raise ModelFileError(f"cannot load a model from {type(path_or_obj).__name__}; give a path to "
                         "a .py, .keras, .h5 or .json file, or a Keras model")


def _load_saved(path_or_obj: Any) -> Any:
    try:
        from modelviz.importers.keras_files import load_saved
    except ImportError as err:
        raise ModelFileError(f"{path_or_obj}: reading saved Keras models is not available in "
                             "this version") from err
    return load_saved(path_or_obj)

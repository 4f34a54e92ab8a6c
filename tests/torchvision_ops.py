"""Let PyPI's torchvision import beside the CPU build of torch the tests pin.

PyPI's torchvision wheel carries compiled operators (``torchvision::nms``...) built
against another torch; beside torch 2.13.0+cpu they do not load, and torchvision's
import then stops registering fake kernels for operators that were never defined
("operator torchvision::nms does not exist"). The model constructors the tests use need
none of them: :func:`install` defines the two schemas that registration needs (only when
the compiled library does not load), just before torchvision is first imported, by an
import hook that imports nothing until then. ``tests/conftest.py`` and ``benchmarks/``
call it.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from pathlib import Path
from typing import Any

__all__ = ["install"]

_SCHEMAS = ("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
            "qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
_LIBRARIES: list[Any] = []  # a torch.library.Library lives as long as this list


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "torchvision":
            sys.meta_path.remove(self)
            _define_missing_operators()
        return None  # the normal finders import torchvision itself


def install() -> None:
    """Prepare for torchvision's import (idempotent; nothing happens without torchvision)."""
    if "torchvision" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


def _define_missing_operators() -> None:
    spec = importlib.util.find_spec("torchvision")
    if spec is None or spec.submodule_search_locations is None:
        return
    import torch

    location = next(iter(spec.submodule_search_locations))
    library = next(iter(sorted(Path(location).glob("_C*.so"))), None)
    try:
        if library is not None:
            torch.ops.load_library(str(library))
            return  # the compiled operators load: nothing to stand in for
    except (OSError, RuntimeError):
        pass
    stub = torch.library.Library("torchvision", "FRAGMENT")
    for schema in _SCHEMAS:
        stub.define(schema)
    _LIBRARIES.append(stub)

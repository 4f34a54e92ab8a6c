"""Every function a module exports in ``__all__`` has a runnable doctest (STYLE.md §7).

A function counts as covered when its own docstring holds a ``>>>`` example, or when its
module docstring's example lines (``>>>`` / ``...``) call it. The examples themselves run
under ``pytest --doctest-modules``; this test only checks that they exist.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import ModuleType

import pytest

import modelviz


def _module_names() -> list[str]:
    """Every module of the package, ``__main__`` entry points left out (importing runs them)."""
    names = ["modelviz"]
    for info in pkgutil.walk_packages(modelviz.__path__, "modelviz."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def _example_lines(module: ModuleType) -> str:
    lines = (module.__doc__ or "").splitlines()
    return "\n".join(line for line in lines if line.strip().startswith((">>>", "...")))


def exported_functions(module: ModuleType) -> list[str]:
    """Names in ``__all__`` that are functions defined in ``module`` itself."""
    names = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name, None)
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            names.append(name)
    return names


def missing_examples(module: ModuleType) -> list[str]:
    """Exported functions with neither their own ``>>>`` example nor a call in the module's."""
    examples = _example_lines(module)
    missing = []
    for name in exported_functions(module):
        if ">>>" in (getattr(module, name).__doc__ or ""):
            continue
        if not re.search(rf"(?<![\w.]){re.escape(name)}\(", examples):
            missing.append(name)
    return missing


@pytest.mark.parametrize("name", _module_names())
def test_exported_functions_have_examples(name: str) -> None:
    missing = missing_examples(importlib.import_module(name))
    assert not missing, f"{name}: add an Example: doctest to {', '.join(missing)}"


def test_checker_sees_a_gap() -> None:
    module = ModuleType("fake_mod", ">>> covered(1)\n1")
    exec(
        "def covered(x):\n    return x\n"
        "def documented(x):\n    '''Doc.\n\n    >>> documented(2)\n    2\n    '''\n"
        "def bare(x):\n    return x\n"
        "def _private(x):\n    return x\n",
        module.__dict__,
    )
    for fn in ("covered", "documented", "bare", "_private"):
        module.__dict__[fn].__module__ = "fake_mod"
    module.__all__ = ["covered", "documented", "bare"]
    assert missing_examples(module) == ["bare"]


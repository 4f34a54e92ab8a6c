"""The package's public names: lazy exports stay the functions they name."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import modelviz
from modelviz import Input, Sequential, layers


def test_summary_stays_the_function_after_use(capsys) -> None:
    model = Sequential([Input((4,)), layers.Dense(2)])
    modelviz.summary(model)
    modelviz.summary(model)  # the submodule used to replace the function here
    from modelviz import summary

    summary(model)
    assert capsys.readouterr().out.count("Total params: 10") == 3


def test_no_public_function_shares_a_submodule_name() -> None:
    submodules = {info.name for info in pkgutil.iter_modules(modelviz.__path__)}
    lazy = set(modelviz._LAZY)
    assert not lazy & submodules, f"{sorted(lazy & submodules)} would be shadowed"


def test_the_torch_extra_never_replaces_a_users_torch() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    (torch,) = pyproject["project"]["optional-dependencies"]["torch"]
    assert torch.replace(" ", "").startswith("torch>="), torch  # a floor, never an exact pin
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert '"torch==2.13.0"' in ci  # the exact CPU build lives in CI only

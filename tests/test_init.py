"""The package's public names: lazy exports stay the functions they name."""

from __future__ import annotations

import pkgutil

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

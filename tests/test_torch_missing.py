"""Without torch installed, PyTorch models stop with one line naming the extra (runs always)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import modelviz
from modelviz import ModelFileError
from modelviz.cli import main
from modelviz.torch import is_torch_module


def test_from_torch_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ModelFileError, match='"torch" extra'):
        modelviz.from_torch(object(), None)


def test_cli_exits_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    path = tmp_path / "net.py"
    path.write_text("import torch\nmodel = torch.nn.Linear(2, 2)\n")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelviz: error:") and err.count("\n") == 1
    assert '"torch" extra' in err


def test_modelviz_models_are_not_torch_modules() -> None:
    from modelviz import Sequential, layers

    assert not is_torch_module(Sequential([layers.Dense(2, input_dim=1)]))
    assert not is_torch_module(None)

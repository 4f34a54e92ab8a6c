"""The README's pictures and printed summary are what the current code produces."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

from modelviz import format_summary
from modelviz.check import check_files
from modelviz.importers import load_python_file

ROOT = Path(__file__).parent.parent


def _assets_module():
    spec = importlib.util.spec_from_file_location("assets", ROOT / "scripts" /
                                                  "make_readme_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_images_are_current(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    out = tmp_path / "docs" / "images"
    out.mkdir(parents=True)
    for path in _assets_module().render_assets(out, tmp_path / "examples"):
        committed = ROOT / "docs" / "images" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run python scripts/make_readme_assets.py")


def test_readme_images_pass_modelviz_check() -> None:
    images = [ROOT / "docs" / "images" / name for name in _assets_module().ASSETS]
    assert len(images) >= 2
    assert [result.status for result in check_files(images)] == ["current"] * len(images)


def test_readme_summary_is_current() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"--explain` prints:\n\n```\n(.*?)```", readme, re.S).group(1)
    model = load_python_file(ROOT / "examples" / "cifar_cnn.py")
    assert block.rstrip("\n") == format_summary(model, explain=True)


def test_readme_quick_start_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install ".[test]" && python -m pytest' in readme
    assert 'pip install ".[test]" && python -m pytest' in ci
    assert "pip install . && modelviz plot examples/cifar_cnn.py -o cifar_cnn.png" in readme

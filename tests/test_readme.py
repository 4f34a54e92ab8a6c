"""The README's pictures and printed summary are what the current code produces."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from modelviz import format_summary
from modelviz.importers import load_python_file

ROOT = Path(__file__).parent.parent


def _assets_module():
    spec = importlib.util.spec_from_file_location("assets", ROOT / "scripts" /
                                                  "make_readme_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_images_are_current(tmp_path: Path) -> None:
    for path in _assets_module().render_assets(tmp_path):
        committed = ROOT / "docs" / "images" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run python scripts/make_readme_assets.py")


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

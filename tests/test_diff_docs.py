"""The diff docs: committed pictures are current, code blocks run, the directive draws."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelviz.check import check_files
from modelviz.layers.base import clear_session

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "docs" / "diff.rst", ROOT / "README.md"]


def _assets_module():
    spec = importlib.util.spec_from_file_location("diff_assets", ROOT / "scripts" /
                                                  "make_diff_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_diff_images_are_current(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    out = tmp_path / "docs" / "images"
    out.mkdir(parents=True)
    for path in _assets_module().render_assets(out, tmp_path / "examples"):
        committed = ROOT / "docs" / "images" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run python scripts/make_diff_assets.py")


def test_diff_images_pass_modelviz_check() -> None:
    images = [ROOT / "docs" / "images" / name for name in _assets_module().ASSETS]
    assert [result.status for result in check_files(images)] == ["current"] * len(images)


def _python_blocks(path: Path) -> list[str]:
    text = path.read_text()
    if path.suffix == ".md":
        section = text.split("## Reviewing model changes", 1)[1].split("\n## ", 1)[0]
        return re.findall(r"```python\n(.*?)```", section, re.S)
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:    .*\n|\n)+)", text)
    return [re.sub(r"^    ", "", block, flags=re.M) for block in blocks]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_blocks_run_and_print_what_their_comments_say(
        page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks(page)
    assert blocks, f"{page.name} has no Python example about diffs"
    namespace: dict[str, object] = {}
    for block in blocks:
        clear_session()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(page), "exec"), namespace)
        printed = out.getvalue().splitlines()
        for expected in re.findall(r"^print\(.*\)\s+# (.*)$", block, re.M):
            assert expected in printed, (expected, printed)


def test_diff_directive_draws_and_prints_the_table(tmp_path: Path) -> None:
    pytest.importorskip("sphinx", reason="the docs extra brings Sphinx")
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["modelviz.sphinx"]\n')
    for name in ("cifar_cnn.py", "cifar_cnn_wide.py"):
        (source / name).write_text((ROOT / "examples" / name).read_text())
    (source / "index.rst").write_text("Diff\n====\n\n.. modelviz-diff:: cifar_cnn.py "
                                      "cifar_cnn_wide.py\n   :side_by_side:\n   :table: text\n")
    env = {**os.environ, "MODELVIZ_ENGINE": "graphviz-pure",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
                             str(source), str(tmp_path / "html")], capture_output=True,
                            text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text()
    image = re.search(r'<img[^>]+src="(_images/diff-[^"]+\.svg)"', html)
    assert image, html
    svg = (tmp_path / "html" / image.group(1)).read_text()
    assert "units: 256" in svg and "dropout" in svg
    assert "Total params: 11,170,250 → 22,247,242 (+11,076,992, +99.2%)" in html


def test_readme_excerpt_is_what_the_command_prints() -> None:
    from modelviz.diffing import diff, format_diff

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```\n\$ modelviz diff (\S+) (\S+) .*?\n(.*?)```", readme, re.S)
    assert block, "the README shows a modelviz diff run"
    printed = format_diff(diff(ROOT / block.group(1), ROOT / block.group(2))).splitlines()
    for line in block.group(3).rstrip("\n").splitlines():
        assert line in printed, line

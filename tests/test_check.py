"""`modelviz check`: diagrams record their model file and options; stale ones are found."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from modelviz.check import check_files, plot_file
from modelviz.errors import ModelvizError
from modelviz.provenance import read_record, stamp

ROOT = Path(__file__).parent.parent
FORMATS = ("svg", "png", "jpg", "dot")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "modelviz", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository (its git root marks the project) holding a model file."""
    (tmp_path / ".git").mkdir()
    shutil.copy(ROOT / "examples" / "cifar_cnn.py", tmp_path / "net.py")
    return tmp_path


def _widen(project: Path) -> None:
    path = project / "net.py"
    path.write_text(path.read_text().replace("Dense(128", "Dense(256"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_record_survives_and_file_stays_valid(project: Path, fmt: str) -> None:
    out = project / "docs" / f"net.{fmt}"
    out.parent.mkdir()
    plot_file(project / "net.py", out, show_shapes=True, engine="graphviz-pure")
    record = read_record(out.read_bytes(), fmt)
    assert record["source"] == "../net.py"  # relative to the diagram, never absolute
    assert record["options"]["show_shapes"] is True
    assert str(project) not in out.read_bytes().decode("latin-1")
    if fmt in ("png", "jpg"):
        with Image.open(out) as image:
            image.load()
            assert image.size[0] > 100


@pytest.mark.parametrize("fmt", FORMATS)
def test_stamped_output_is_deterministic(project: Path, fmt: str) -> None:
    first, second = project / f"a.{fmt}", project / "again" / f"a.{fmt}"
    second.parent.mkdir()
    shutil.copy(project / "net.py", second.parent / "net.py")
    plot_file(project / "net.py", first, engine="graphviz-pure")
    plot_file(second.parent / "net.py", second, engine="graphviz-pure")
    assert first.read_bytes() == second.read_bytes()


def test_cli_check_current_stale_update(project: Path) -> None:
    for fmt in ("svg", "png"):
        result = run("plot", "net.py", "-o", f"net.{fmt}", "--show-shapes", "--engine",
                     "graphviz-pure", cwd=project)
        assert result.returncode == 0, result.stderr
    assert run("check", "net.svg", "net.png", cwd=project).returncode == 0
    _widen(project)
    stale = run("check", "net.svg", "net.png", cwd=project)
    assert stale.returncode == 1
    assert "net.svg: stale" in stale.stderr and "net.png: stale" in stale.stderr
    before = (project / "net.svg").read_bytes()
    updated = run("check", "--update", "net.svg", cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert "net.svg: updated" in updated.stderr
    assert (project / "net.svg").read_bytes() != before
    assert "(None, 256)" not in before.decode() and "256" in (project / "net.svg").read_text()
    assert run("check", "net.svg", cwd=project).returncode == 0
    assert run("check", "net.png", cwd=project).returncode == 1  # not updated: still stale


def test_cli_check_foreign_file_exits_2_with_one_line(project: Path) -> None:
    Image.new("RGB", (4, 4)).save(project / "photo.png")
    for name in ("photo.png", "net.py", "missing.svg"):
        result = run("check", name, cwd=project)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("modelviz: error:")
        assert "Traceback" not in result.stderr


def test_check_reports_a_moved_model_file(project: Path) -> None:
    plot_file(project / "net.py", project / "net.dot")
    (project / "net.py").rename(project / "elsewhere.py")
    with pytest.raises(ModelvizError, match="model file not found"):
        check_files([project / "net.dot"])


def test_comment_safe_svg_record() -> None:
    svg = b'<?xml version="1.0"?>\n<svg></svg>\n'
    stamped = stamp(svg, "svg", {"source": "a--b.py", "options": {}})
    assert b"--b" not in stamped.split(b"-->")[0][5:]
    assert read_record(stamped, "svg")["source"] == "a--b.py"


def test_pre_commit_hook_runs_modelviz_check() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: modelviz-check" in hooks and "entry: modelviz check" in hooks


def test_a_diff_picture_records_both_models_for_check(project: Path) -> None:
    shutil.copy(project / "net.py", project / "wide.py")
    path = project / "wide.py"
    path.write_text(path.read_text().replace("Dense(128", "Dense(256"))
    result = run("diff", "net.py", "wide.py", "-o", "diff.png", "--engine", "graphviz-pure",
                 cwd=project)
    assert result.returncode == 0, result.stderr
    record = read_record((project / "diff.png").read_bytes(), "png")
    assert record["kind"] == "diff" and record["sources"] == ["net.py", "wide.py"]
    assert run("check", "diff.png", cwd=project).returncode == 0
    path.write_text(path.read_text().replace("Dense(256", "Dense(512"))
    stale = run("check", "diff.png", cwd=project)
    assert stale.returncode == 1 and "diff.png: stale" in stale.stderr
    assert run("check", "--update", "diff.png", cwd=project).returncode == 0
    assert run("check", "diff.png", cwd=project).returncode == 0

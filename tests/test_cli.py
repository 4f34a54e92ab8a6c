"""The command line, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MODELVIZ_ENGINE": "graphviz-pure"}
    return subprocess.run([sys.executable, "-m", "modelviz", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def test_summary_text() -> None:
    result = run("summary", str(EXAMPLES / "cifar_cnn.py"))
    assert result.returncode == 0, result.stderr
    assert 'Model: "sequential"' in result.stdout
    assert "conv2d (Conv2D)" in result.stdout and "(None, 30, 30, 32)" in result.stdout
    assert "Total params: 11,170,250 (42.61 MB)" in result.stdout


def test_summary_json_schema() -> None:
    result = run("summary", str(EXAMPLES / "two_inputs.py"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_params"] == 6_201
    assert {"name", "total_params", "trainable_params", "non_trainable_params",
            "layers"} <= set(data)
    first = data["layers"][0]
    assert first["class_name"] == "InputLayer" and first["output_shapes"] == [[None, 100]]
    concat = next(layer for layer in data["layers"] if layer["class_name"] == "Concatenate")
    assert concat["inbound"] == ["dense", "dense_1"]
    assert all(isinstance(layer["explanation"], str) for layer in data["layers"])


def test_summary_explain() -> None:
    result = run("summary", str(EXAMPLES / "cifar_cnn.py"), "--explain")
    assert "kernel 3×3×3×32 + bias 32 = 896" in result.stdout


@pytest.mark.parametrize("fmt", ["rich", "markdown"])
def test_summary_other_formats(fmt: str) -> None:
    result = run("summary", str(EXAMPLES / "stacked_lstm.py"), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "16,896" in result.stdout and "29,345" in result.stdout


def test_plot_png_and_svg(tmp_path: Path) -> None:
    for suffix in ("png", "svg"):
        out = tmp_path / f"m.{suffix}"
        result = run("plot", str(EXAMPLES / "cats_dogs.py"), "-o", str(out), "--show-shapes",
                     "--show-params", "--rankdir", "LR")
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1_000


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("modelviz ")
    help_text = run("--help").stdout
    assert "modelviz plot" in help_text and "examples:" in help_text


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("modelviz: error: ")
    for word in words:
        assert word in lines[0]


def test_bad_inputs_exit_2_with_one_line(tmp_path: Path) -> None:
    _one_line_error(run("summary", str(tmp_path / "missing.py")), "no such file")
    broken = tmp_path / "broken.py"
    broken.write_text("model = (\n")
    _one_line_error(run("summary", str(broken)), "syntax error")
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    _one_line_error(run("summary", str(empty)), "no `model`")
    bad_shape = tmp_path / "bad_shape.py"
    bad_shape.write_text("from modelviz import Sequential, layers\n"
                         "model = Sequential([layers.Conv2D(8, 5, input_shape=(2, 2, 3))])\n")
    _one_line_error(run("summary", str(bad_shape)), "conv2d", "(None, 2, 2, 3)")
    keras_import = tmp_path / "uses_keras.py"
    keras_import.write_text("import keras_that_is_not_installed\n")
    _one_line_error(run("summary", str(keras_import)), "import layers from modelviz")
    _one_line_error(run("plot", str(EXAMPLES / "mlp.py"), "-o", str(tmp_path / "x.bmp")),
                    ".svg")
    _one_line_error(run("plot", str(EXAMPLES / "mlp.py"), "-o",
                        str(tmp_path / "no" / "dir.svg")), "cannot write")


def test_debug_shows_traceback(tmp_path: Path) -> None:
    result = run("summary", str(tmp_path / "missing.py"), "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr


RESNET50 = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"


def test_summary_fold_repeats() -> None:
    plain = run("summary", str(RESNET50), "--format", "json")
    folded = run("summary", str(RESNET50), "--format", "json", "--fold-repeats")
    assert plain.returncode == 0 and folded.returncode == 0, folded.stderr
    before, after = json.loads(plain.stdout), json.loads(folded.stdout)
    assert after["total_params"] == before["total_params"]
    assert len(after["layers"]) < len(before["layers"])
    assert any("×5" in layer["class_name"] for layer in after["layers"])


def test_plot_fold_repeats_and_max_height(tmp_path: Path) -> None:
    out = tmp_path / "r.png"
    result = run("plot", str(RESNET50), "-o", str(out), "--fold-repeats", "--dpi", "48",
                 "--max-height", "1000")
    assert result.returncode == 0, result.stderr
    assert not out.exists() and (tmp_path / "r-1.png").exists() and (tmp_path / "r-2.png").exists()


def test_bad_max_height_is_exit_2(tmp_path: Path) -> None:
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(tmp_path / "m.png"),
                 "--max-height", "0")
    assert result.returncode == 2 and result.stderr.startswith("modelviz: error: max_height")


def test_help_says_which_inputs_run_and_every_exit_status() -> None:
    for command in (("--help",), ("diff", "--help"), ("check", "--help")):
        text = " ".join(run(*command).stdout.split())
        assert "RUN" in text and "only read" in text, command
        assert "exit status" in text.lower() and "1 when" in text, command
    main_help = " ".join(run("--help").stdout.split())
    for word in (".onnx", "TF.js", "example_input", "diff --exit-code", "check"):
        assert word in main_help, word


def test_plot_reads_what_summary_reads(tmp_path: Path) -> None:
    folder = ROOT / "tests" / "fixtures" / "tfjs" / "tfjs_cnn"
    result = run("plot", str(folder), "-o", str(tmp_path / "tfjs.svg"), "--engine",
                 "graphviz-pure")
    assert result.returncode == 0, result.stderr
    assert "<svg" in (tmp_path / "tfjs.svg").read_text()
    typo = run("plot", "no_such_model.py", "-o", str(tmp_path / "x.svg"))
    _one_line_error(typo, "no_such_model.py")
    assert "redraw the diagram" not in typo.stderr  # that is `check`'s wording

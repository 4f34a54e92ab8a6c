"""``modelviz diff``: formats, pictures, exit codes, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from modelviz.cli import main
from modelviz.diffing import DiffDotOptions, diff, diff_to_dot, format_diff

ROOT = Path(__file__).parent.parent
CIFAR = ROOT / "examples" / "cifar_cnn.py"
WIDE = """from modelviz.layers import Conv2D, Dense, Dropout, Flatten
from modelviz.models import Sequential

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(32, 32, 3)))
model.add(Conv2D(64, kernel_size=(3, 3), activation="relu"))
model.add(Conv2D(128, kernel_size=(3, 3), activation="relu"))
model.add(Flatten())
model.add(Dense(256, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(10, activation="softmax"))
"""


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "cifar_wide.py"
    path.write_text(WIDE)
    return path


def test_text_table(wide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CIFAR), str(wide)]) == 0
    out = capsys.readouterr().out
    assert "Total params: 11,170,250 → 22,247,242 (+11,076,992, +99.2%)" in out
    lines = out.splitlines()
    assert any(line.startswith("~  dense (Dense)") and "+11,075,712" in line for line in lines)
    assert any(line.startswith("+  dropout (Dropout)") for line in lines)
    assert any(line.startswith("*  dense_1 (Dense)") and "+1,280" in line for line in lines)
    assert "     units: 128 → 256" in lines
    assert "Layers: 1 added, 0 removed, 1 changed, 0 renamed, 1 affected" in lines


def test_json_schema(wide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CIFAR), str(wide), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] == ["dropout"] and data["removed"] == [] and data["renamed"] == []
    assert data["changed"] == [{"old": "dense", "new": "dense", "fields": {
        "units": [128, 256], "params": [11075712, 22151424],
        "output_shapes": [[[None, 128]], [[None, 256]]]}}]
    assert data["total_params"] == {"old": 11170250, "new": 22247242}


def test_markdown_for_a_pull_request(wide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CIFAR), str(wide), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| `~` | dense (Dense)<br><sub>units: 128 → 256</sub> |" in out
    assert "- Total params: 11,170,250 → 22,247,242 (+11,076,992, +99.2%)" in out


def test_context_hides_unchanged_rows(wide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CIFAR), str(wide), "--context", "0"]) == 0
    out = capsys.readouterr().out
    assert "   ⋮ 4 unchanged layers" in out and "conv2d_1" not in out


def test_exit_codes(wide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CIFAR), str(CIFAR), "--exit-code"]) == 0
    assert main(["diff", str(CIFAR), str(wide), "--exit-code"]) == 1
    assert main(["diff", str(CIFAR), str(wide)]) == 0
    capsys.readouterr()
    assert main(["diff", str(CIFAR), "missing.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelviz: error: missing.py: no such file") and err.count("\n") == 1


@pytest.mark.parametrize("side_by_side", [False, True])
def test_svg_names_every_layer_and_is_deterministic(wide: Path, tmp_path: Path,
                                                    side_by_side: bool) -> None:
    outputs = []
    for run in range(2):
        out = tmp_path / str(run) / "diff.svg"  # the record names the file: same name twice
        out.parent.mkdir()
        args = ["diff", str(CIFAR), str(wide), "-o", str(out), "--engine", "graphviz-pure"]
        assert main([*args, *(["--side-by-side"] if side_by_side else [])]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    svg = outputs[0].decode()
    for name in ("conv2d_2", "flatten", "dropout", "dense_1", "units: 128 → 256"
                 if not side_by_side else "units: 256"):
        assert name in svg
    assert "#e8f5e9" in svg and "#fff8e1" in svg  # an added and a changed box


def test_png_opens(wide: Path, tmp_path: Path) -> None:
    out = tmp_path / "diff.png"
    assert main(["diff", str(CIFAR), str(wide), "-o", str(out), "--engine",
                 "graphviz-pure"]) == 0
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size[1] > image.size[0] > 300


def test_dot_output_and_bad_suffix(wide: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diff.dot"
    assert main(["diff", str(CIFAR), str(wide), "-o", str(out)]) == 0
    record, text = out.read_text().split("\n", 1)
    assert record.startswith("// modelviz: ") and '"kind": "diff"' in record  # for `check`
    assert text.startswith("digraph diff {") and "style=dashed" in text  # the removed edge
    capsys.readouterr()
    assert main(["diff", str(CIFAR), str(wide), "-o", str(tmp_path / "diff.bmp")]) == 2
    assert "diff.bmp" in capsys.readouterr().err


def test_formats_are_byte_identical_across_runs(wide: Path) -> None:
    first, second = diff(CIFAR, wide), diff(CIFAR, wide)
    for fmt in ("text", "markdown", "json"):
        assert format_diff(first, fmt=fmt) == format_diff(second, fmt=fmt)
    options = DiffDotOptions(side_by_side=True)
    assert diff_to_dot(first, options) == diff_to_dot(second, options)


def test_fold_repeats_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for blocks in (3, 6):
        (tmp_path / f"m{blocks}.py").write_text(
            "from modelviz import Input, Sequential, layers\n"
            f"model = Sequential([Input((8,))] + [layers.Dense(8) for _ in range({blocks})])\n")
    assert main(["diff", str(tmp_path / "m3.py"), str(tmp_path / "m6.py"),
                 "--fold-repeats"]) == 0
    assert "(Dense ×3 → ×6)" in capsys.readouterr().out


def test_nested_change_shows_on_the_collapsed_model_box() -> None:
    from modelviz import Input, Model, Sequential, layers
    from modelviz.layers.base import clear_session

    def build(units: int) -> Model:
        clear_session()
        inner = Sequential([Input((8,)), layers.Dense(units, name="a")], name="inner")
        inputs = Input((8,), name="x")
        return Model(inputs, layers.Dense(2, name="head")(inner(inputs)))

    dot = diff_to_dot(diff(build(4), build(6)))
    line = next(line for line in dot.splitlines() if "<b>inner</b>" in line)
    assert "~ inner/a (Dense): units 4 → 6" in line and 'fillcolor="#fff8e1"' in line


def test_side_by_side_keeps_old_first_in_reading_order(wide: Path) -> None:
    result = diff(CIFAR, wide)
    top_down = diff_to_dot(result, DiffDotOptions(side_by_side=True))
    left_right = diff_to_dot(result, DiffDotOptions(side_by_side=True, rankdir="LR"))
    assert top_down.index("cluster_old") < top_down.index("cluster_new")
    assert left_right.index("cluster_new") < left_right.index("cluster_old")
    assert top_down.count("rank=same") == 6  # every matched layer sits beside its match



def test_html_page_is_offline_and_marks_changes(wide: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``-o diff.html``: the interactive page, self-contained, same bytes twice."""
    out = [tmp_path / "a.html", tmp_path / "b.html"]
    for path in out:
        assert main(["diff", str(CIFAR), str(wide), "-o", str(path),
                     "--engine", "graphviz-pure"]) == 0
    page = out[0].read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script src=" not in page
    assert "https://" not in page and out[0].read_bytes() == out[1].read_bytes()

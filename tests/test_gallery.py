"""The committed gallery is what the current code renders (graphviz-pure), byte for byte.

After a change that alters pictures or summaries, rebuild with
``python -m modelviz.gallery gallery/`` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modelviz.gallery import COMMAND, ENTRIES, gallery_files
from modelviz.gallery.build import THUMB_PX, entry_files
from modelviz.render import MAX_BITMAP_PX

GALLERY = Path(__file__).resolve().parent.parent / "gallery"
CONFIGS = GALLERY / "configs"
FIXTURE_CONFIGS = Path(__file__).resolve().parent / "fixtures" / "keras3" / "configs"
STALE = f"stale gallery file; run `{COMMAND}` and review the diff"


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    """Every gallery file, rendered once per session (about 15 s)."""
    return gallery_files(CONFIGS)


def _committed() -> list[str]:
    return sorted(path.relative_to(GALLERY).as_posix() for path in GALLERY.rglob("*")
                  if path.is_file() and path.parent != CONFIGS)


def test_gallery_has_the_models_the_issue_asks_for() -> None:
    names = {entry.name for entry in ENTRIES}
    assert len(ENTRIES) >= 14
    assert {"cifar_cnn", "stacked_lstm", "two_inputs", "mlp", "mnist_flatten", "dense_514",
            "conv_dense_224", "cats_dogs", "cnn_28", "lenet5", "vgg16", "resnet50",
            "mobilenetv2", "inceptionv3", "unet", "siamese"} <= names
    assert any(entry.expand_nested for entry in ENTRIES)
    assert any(entry.rankdir == "LR" for entry in ENTRIES)


def test_no_file_is_missing_or_left_over(rendered: dict[str, bytes]) -> None:
    assert _committed() == sorted(rendered), STALE


@pytest.mark.parametrize("relative", _committed())
def test_committed_file_is_what_the_code_renders(rendered: dict[str, bytes],
                                                 relative: str) -> None:
    assert (GALLERY / relative).read_bytes() == rendered.get(relative), f"{relative}: {STALE}"


def test_rendering_twice_gives_the_same_bytes(rendered: dict[str, bytes]) -> None:
    entry = next(entry for entry in ENTRIES if entry.expand_nested)
    again = entry_files(entry, CONFIGS)
    assert again == {key: rendered[key] for key in again}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_pictures_open_and_stay_in_bounds(entry: object) -> None:
    from PIL import Image

    stem = GALLERY / entry.name / entry.name
    with Image.open(f"{stem}.thumb.png") as thumb:
        thumb.load()
        assert max(thumb.size) <= THUMB_PX and thumb.format == "PNG"
        assert not thumb.info, "thumbnails carry no metadata"
    with Image.open(f"{stem}.png") as png:
        png.load()
        assert max(png.size) <= MAX_BITMAP_PX
    assert "<svg" in Path(f"{stem}.svg").read_text(encoding="utf-8")


def test_readme_links_exist() -> None:
    text = (GALLERY / "README.md").read_text(encoding="utf-8")
    assert COMMAND in text.split("|", 1)[0], "the rebuild command comes first"
    targets = re.findall(r"\]\(([^)]+)\)", text)
    interactive = sum(entry.html for entry in ENTRIES)  # large models: an .html page too
    assert len(targets) == 6 * len(ENTRIES) + interactive  # thumbnail, its link, four files
    for target in targets:
        assert (GALLERY / target).is_file(), target
    for entry in ENTRIES:
        assert f"[![{entry.title}]({entry.name}/{entry.name}.thumb.png)]" in text


def test_explanation_tables_list_every_layer() -> None:
    for entry in ENTRIES:
        table = (GALLERY / entry.name / f"{entry.name}.explain.md").read_text(encoding="utf-8")
        rows = [line for line in table.splitlines() if line.startswith("| `")]
        summary = (GALLERY / entry.name / f"{entry.name}.txt").read_text(encoding="utf-8")
        assert rows and all(line.count(" | ") >= 4 for line in rows), entry.name
        total = re.search(r"Total params: ([\d,]+)", summary).group(1)
        assert f"; {total} parameters" in table, entry.name


def test_configs_are_the_real_keras_ones() -> None:
    for path in sorted(CONFIGS.glob("*.json")):
        assert path.read_bytes() == (FIXTURE_CONFIGS / path.name).read_bytes(), path.name


KERAS_TWINS = {"lenet5": "lenet5", "resnet50": "app_resnet50", "mobilenetv2": "app_mobilenetv2",
               "inceptionv3": "app_inceptionv3", "sequence_tagger": "seq_bidir_td",
               "seq2seq": "seq2seq", "transformer_encoder": "transformer_encoder",
               "unet": "unet_small", "siamese": "siamese", "multi_io": "multi_io_dict",
               **{name: f"seed_{name}" for name in ("cifar_cnn", "stacked_lstm", "two_inputs",
                                                    "mlp", "mnist_flatten", "dense_514",
                                                    "conv_dense_224", "cats_dogs", "cnn_28")}}


@pytest.mark.parametrize(("name", "twin"), sorted(KERAS_TWINS.items()))
def test_totals_equal_what_real_keras_reported(name: str, twin: str) -> None:
    import json

    reference = json.loads((FIXTURE_CONFIGS.parent / f"{twin}.json").read_text(encoding="utf-8"))
    table = (GALLERY / name / f"{name}.explain.md").read_text(encoding="utf-8")
    assert f"; {reference['total_params']:,} parameters" in table

"""modelviz.diff on the real Keras 3 ResNet50 config: one edited layer, a full rename."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modelviz import load
from modelviz.diffing import diff, format_diff
from modelviz.layers.base import clear_session

CONFIG = Path(__file__).parent / "fixtures" / "keras3" / "configs" / "app_resnet50.json"


def _graph(text: str, tmp_path: Path, name: str) -> Any:
    path = tmp_path / f"{name}.json"
    path.write_text(text)
    clear_session()
    return load(path).to_graph()


@pytest.fixture(scope="module")
def original() -> Any:
    clear_session()
    return load(CONFIG).to_graph()


def _edit_filters(layer: str, filters: int) -> str:
    data = json.loads(CONFIG.read_text())
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("name") == layer and "filters" in item:
                item["filters"] = filters
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return json.dumps(data)


def test_one_conv_widened(original: Any, tmp_path: Path) -> None:
    d = diff(original, _graph(_edit_filters("conv3_block1_2_conv", 256), tmp_path, "wide"))
    assert d.added == [] and d.removed == [] and d.renamed == []
    assert [(c.new, c.fields["filters"]) for c in d.changed] == [("conv3_block1_2_conv",
                                                                  (128, 256))]
    assert [c.new for c in d.affected] == ["conv3_block1_2_bn", "conv3_block1_2_relu",
                                           "conv3_block1_3_conv"]
    assert "Total params: 25,636,712 → 25,850,344 (+213,632, +0.8%)" in format_diff(d)


def test_every_layer_renamed(original: Any, tmp_path: Path) -> None:
    text = CONFIG.read_text()
    for key in sorted(original, key=len, reverse=True):
        text = text.replace(f'"{key}"', f'"v2_{key}"')
    d = diff(original, _graph(text, tmp_path, "renamed"))
    assert d.added == [] and d.removed == [] and d.changed == [] and d.affected == []
    assert len(d.renamed) == len(original) == 177
    assert all(new == f"v2_{old}" for old, new in d.renamed)

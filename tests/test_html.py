"""The interactive page (modelviz.html), checked in Python: self-contained, small, deterministic,
and carrying the right numbers. The browser side is in test_html_browser.py."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from modelviz import Input, Model, RenderError, Sequential, layers, load, plot_model, to_html
from modelviz.html import View, build_page, model_page, svg_body
from modelviz.plot import dot_options

ROOT = Path(__file__).parent.parent
CONFIGS = ROOT / "tests" / "fixtures" / "keras3" / "configs"
RESNET50 = CONFIGS / "app_resnet50.json"
IRV2 = CONFIGS / "app_inceptionresnetv2.json"
MAX_IRV2_BYTES = 600_000


def unpack(page: str) -> dict[str, Any]:
    """What the page's script sees: the JSON inside the data script."""
    match = re.search(r'<script type="application/octet-stream" id="mv-data">([^<]*)</script>',
                      page)
    assert match, "no data script in the page"
    return json.loads(gzip.decompress(base64.b64decode(match.group(1))))


def transfer_model() -> Model:
    """ResNet50 (from its real Keras config) nested in a small classifier."""
    inputs = Input((224, 224, 3), name="image")
    outputs = layers.Dense(10, activation="softmax", name="classifier")(load(RESNET50)(inputs))
    return Model(inputs, outputs, name="transfer")


@pytest.fixture(scope="module")
def resnet_page() -> str:
    return model_page(load(RESNET50).to_graph(), dot_options(show_shapes=True, dpi=None),
                      engine="graphviz-pure")


def assert_offline(text: str) -> None:
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"<script[^>]*\bsrc\s*=", text), "scripts must be inline"
    assert not re.search(r"<link\b", text), "no linked resources"
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?(?!#)[a-z]+:", text), "no external src/href"
    assert not re.search(r"url\(\s*[\"']?(?!#)", text), "no url(...) resources"
    assert not re.search(r"\b(?:fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon)\b", text)


def test_page_is_self_contained(resnet_page: str) -> None:
    assert resnet_page.startswith("<!DOCTYPE html>")
    assert_offline(resnet_page)
    data = unpack(resnet_page)
    for view in data["views"]:
        assert_offline(view["svg"])
        assert view["svg"].startswith("<svg") and "<!DOCTYPE" not in view["svg"]


def test_page_is_deterministic(resnet_page: str) -> None:
    again = model_page(load(RESNET50).to_graph(), dot_options(show_shapes=True, dpi=None),
                       engine="graphviz-pure")
    assert again == resnet_page


def test_node_records_carry_the_graph_numbers(resnet_page: str) -> None:
    graph = load(RESNET50).to_graph()
    nodes = unpack(resnet_page)["nodes"]
    for key, attrs in graph.nodes(data=True):
        rows = dict(nodes[key]["rows"])
        assert rows["Params"] == f"{attrs['params']:,}", key
        assert rows["Trainable params"] == f"{attrs['trainable_params']:,}", key
        assert rows["Non-trainable params"] == f"{attrs['non_trainable_params']:,}", key
        assert nodes[key]["explanation"] == attrs["explanation"]
        assert nodes[key]["inbound"] == list(graph.predecessors(key))
        assert nodes[key]["outbound"] == list(graph.successors(key))
    conv = nodes["conv1_conv"]
    assert dict(conv["rows"])["Output shape"] == "(None, 112, 112, 64)"
    assert conv["explanation"] == "kernel 7×7×3×64 + bias 64 = 9,472"
    assert conv["config"]["filters"] == 64


def test_views_map_every_drawn_box(resnet_page: str) -> None:
    data = unpack(resnet_page)
    assert [v["flags"] for v in data["views"]] == [{"folded": True}, {"folded": False}]
    assert data["views"][data["initial"]]["flags"] == {"folded": False}
    for view in data["views"]:
        titles = re.findall(r'<g class="node">\s*<title>([^<]*)</title>', view["svg"])
        assert sorted(titles) == sorted(view["titles"]), view["name"]
        assert sorted(view["boxes"]) == sorted(view["titles"].values())
        assert all(w > 0 and h > 0 for _, _, w, h in view["boxes"].values())
    groups = [k for k, n in data["nodes"].items() if "members" in n]
    assert groups and all(data["nodes"][m]["group"] == g for g in groups
                          for m in data["nodes"][g]["members"])


def test_nested_model_has_both_levels() -> None:
    data = unpack(to_html(transfer_model(), engine="graphviz-pure").html)
    collapsed, expanded = data["views"]
    assert (collapsed["flags"], expanded["flags"]) == ({"nested": False}, {"nested": True})
    assert "resnet50" in collapsed["titles"].values()
    assert "resnet50/conv1_conv" not in collapsed["titles"].values()
    assert "resnet50/conv1_conv" in expanded["titles"].values()
    clusters = [k for t, k in expanded["titles"].items() if t.startswith("cluster_")]
    assert clusters == ["resnet50"]
    assert data["nodes"]["resnet50/conv1_conv"]["parent"] == "resnet50"


def test_inception_resnet_v2_fits_in_600_kb() -> None:
    page = model_page(load(IRV2).to_graph(), dot_options(show_shapes=True, dpi=None),
                      engine="graphviz-pure")
    data = unpack(page)
    assert len(page.encode()) <= MAX_IRV2_BYTES
    assert len(data["nodes"]) >= 782 and len(data["views"]) == 2


def test_plot_model_writes_html_with_plot_options(tmp_path: Path) -> None:
    out = tmp_path / "model.html"
    assert plot_model(load(RESNET50), to_file=str(out), show_params=True, rankdir="LR",
                      engine="graphviz-pure") is None
    svg = unpack(out.read_text(encoding="utf-8"))["views"][0]["svg"]
    assert "Params: " in svg and "Output: " not in svg  # show_params on, show_shapes off
    box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg)
    width, height = map(float, box.groups())
    assert width > 5 * height  # rankdir="LR": a long, flat drawing


def test_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    command = [sys.executable, "-m", "modelviz", "plot", str(RESNET50), "-o", str(out),
               "--show-shapes", "--fold-repeats", "--engine", "graphviz-pure"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    data = unpack(out.read_text(encoding="utf-8"))
    assert data["views"][data["initial"]]["flags"] == {"folded": True}


def test_unwritable_path_is_a_render_error(tmp_path: Path) -> None:
    model = load(RESNET50)
    with pytest.raises(RenderError, match="cannot write"):
        plot_model(model, to_file=str(tmp_path / "no" / "m.html"), engine="graphviz-pure")


def test_notebook_display_is_an_isolated_iframe() -> None:
    page = to_html(Model(*_tiny()), engine="graphviz-pure")
    shown = page._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "<script" not in shown
    assert "&lt;script&gt;" in shown


def _tiny() -> tuple[Any, Any]:
    inputs = Input((4,), name="x")
    return inputs, layers.Dense(2, name="d")(inputs)


def test_page_builder_takes_any_graph_data() -> None:
    svg = ('<?xml version="1.0"?><svg width="20pt" height="10pt" viewBox="0 0 20 10" '
           'xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" transform="scale(1 1) '
           'rotate(0) translate(4 10)"><g id="node1" class="node"><title>a</title>'
           '<polygon fill="none" stroke="black" points="0,-10 8,-2"/></g></g></svg>')
    view = View("diff", svg, {"a": "layer_a"}, {"nested": False})
    nodes = {"layer_a": {"name": "layer_a", "class_name": "Dense", "mark": "added",
                         "rows": [["Params", "10 → 12"]]}}
    page = build_page("a <b> diff", [view], nodes)
    assert "<title>a &lt;b&gt; diff</title>" in page
    data = unpack(page)
    assert data["nodes"] == nodes and data["views"][0]["boxes"] == {"layer_a": [4, 0, 8, 8]}
    assert_offline(data["views"][0]["svg"])
    assert svg_body(svg).startswith('<svg viewBox="0 0 20 10">')


def test_script_keeps_the_contract() -> None:
    from importlib import resources

    folder = resources.files("modelviz.html").joinpath("assets")
    script = folder.joinpath("viewer.js").read_text(encoding="utf-8")
    assert "api.search = " in script and "api.select = " in script
    assert "</script" not in script.lower()
    assert_offline(script)


@pytest.mark.parametrize(("require", "status", "words"), [
    ("0", 0, "1 skipped"), ("1", 1, "browser tests are required here but cannot run")])
def test_browser_tests_skip_locally_and_fail_in_ci(require: str, status: int, words: str) -> None:
    env = {**os.environ, "MODELVIZ_CHROMIUM": "/nonexistent/chromium",
           "MODELVIZ_REQUIRE_BROWSER": require}
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-k", "dark_theme",
               str(ROOT / "tests" / "test_html_browser.py")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env,
                            timeout=300)
    assert result.returncode == status, result.stdout
    assert words in result.stdout


def test_layer_range_draws_only_its_layers_and_needs_no_fold_switch(tmp_path: Path) -> None:
    out = tmp_path / "range.html"
    plot_model(load(RESNET50), to_file=out, layer_range=("conv1_conv", "conv1_relu"),
               fold_repeats=True, engine="graphviz-pure")
    (view,) = unpack(out.read_text(encoding="utf-8"))["views"]
    assert sorted(view["titles"].values()) == ["conv1_bn", "conv1_conv", "conv1_relu"]
    assert view["flags"] == {}


def test_names_cannot_break_out_of_the_page() -> None:
    inputs = Input((4,), name="x")
    outputs = layers.Dense(2, name='d"><img src=x onerror=alert(1)>')(inputs)
    page = to_html(Model(inputs, outputs, name="</script><script>alert(1)//"),
                   engine="graphviz-pure").html
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)//</title>" in page
    assert page.count("<script") == 2  # the data and the viewer, nothing else
    assert 'd"><img src=x onerror=alert(1)>' in unpack(page)["nodes"]


@pytest.mark.parametrize("expand", [False, True])
def test_a_big_model_page_holds_only_the_view_asked_for(monkeypatch: pytest.MonkeyPatch,
                                                         expand: bool) -> None:
    import modelviz.html.model as page_model

    monkeypatch.setattr(page_model, "ALL_VIEWS_MAX_NODES", 10)  # ResNet50 counts as big
    options = dot_options(show_shapes=True, expand_nested=expand, dpi=None)
    data = unpack(model_page(transfer_model().to_graph(), options, engine="graphviz-pure"))
    assert [v["flags"] for v in data["views"]] == [{"nested": expand}]
    assert data["initial"] == 0
    assert ("resnet50/conv1_conv" in data["views"][0]["titles"].values()) is expand


@pytest.mark.parametrize("fold", [False, True])
def test_a_big_page_folds_only_when_asked(monkeypatch: pytest.MonkeyPatch, fold: bool) -> None:
    import modelviz.html.model as page_model

    monkeypatch.setattr(page_model, "ALL_VIEWS_MAX_NODES", 10)
    graph = Sequential([Input((8,)), *[layers.Dense(8) for _ in range(12)]]).to_graph()
    data = unpack(model_page(graph, dot_options(dpi=None), engine="graphviz-pure",
                             fold_repeats=fold))
    assert [v["flags"] for v in data["views"]] == [{"folded": True} if fold else {}]
    groups = [k for k, n in data["nodes"].items() if "members" in n]
    assert bool(groups) is fold

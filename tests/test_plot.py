"""Diagrams: plot_model / model_to_dot / to_graphviz with the graphviz-pure engine."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pytest
from PIL import Image

from modelviz import Input, Model, RenderError, Sequential, layers, model_to_dot, plot_model
from modelviz.errors import LayerConfigError, ModelvizWarning
from modelviz.importers import load_python_file
from modelviz.plot import to_dot_text, to_graphviz

EXAMPLES = Path(__file__).parent.parent / "examples"
SEEDS = sorted(p.stem for p in EXAMPLES.glob("*.py"))


@pytest.fixture(autouse=True)
def _pure_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELVIZ_ENGINE", "graphviz-pure")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_png_and_svg(name: str, tmp_path: Path) -> None:
    model = load_python_file(EXAMPLES / f"{name}.py")
    plot_model(model, to_file=tmp_path / "m.png", show_shapes=True, show_layer_names=True)
    plot_model(model, to_file=tmp_path / "m.svg", show_shapes=True, show_layer_names=True)
    with Image.open(tmp_path / "m.png") as image:
        assert image.format == "PNG"
        assert 100 < image.width < 8_000 and 100 < image.height < 20_000
    svg = (tmp_path / "m.svg").read_text()
    ET.fromstring(svg.encode())
    graph = model.to_graph()
    for _, data in graph.nodes(data=True):
        assert data["name"] in svg
        assert str(data["output_shapes"][0]) in svg


def _hostile_model() -> Model:
    inputs = Input((3,), name="in'put{|}")
    x = layers.Dense(2, name='a<b>&"c"')(inputs)
    x = layers.Dense(2, name="tab\there\nnewline\\back")(x)
    return Model(inputs, layers.Dense(1, name="ü" + "x" * 300)(x), name="m<&>")


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    model = _hostile_model()
    plot_model(model, to_file=tmp_path / "m.svg", show_layer_names=True, show_title=True)
    svg = (tmp_path / "m.svg").read_text()
    root = ET.fromstring(svg.encode())
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert 'a<b>&"c"' in texts
    assert "in'put{|}" in texts
    assert "m<&>" in texts
    assert "…" in texts  # the 300-character name is shortened in the box
    pydot.graph_from_dot_data(to_dot_text(model, show_layer_names=True))


def test_same_model_same_bytes(tmp_path: Path) -> None:
    for suffix in ("svg", "png", "dot"):
        outputs = []
        for run in range(2):
            path = tmp_path / f"m{run}.{suffix}"
            plot_model(_hostile_model(), to_file=path, show_shapes=True, show_params=True)
            outputs.append(path.read_bytes())
        assert outputs[0] == outputs[1], suffix


def test_unknown_extension_lists_choices(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"\.png, \.svg"):
        plot_model(_hostile_model(), to_file=tmp_path / "m.bmp")


@pytest.mark.skipif(shutil.which("dot") is not None, reason="a system dot can write PDF")
def test_pdf_without_system_dot_names_the_fix(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MODELVIZ_ENGINE")
    with pytest.raises(RenderError, match="PDF"):
        plot_model(_hostile_model(), to_file=tmp_path / "m.pdf")


def test_unwritable_output_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="cannot write"):
        plot_model(_hostile_model(), to_file=tmp_path / "missing" / "m.svg")


def test_model_to_dot_is_a_pydot_graph() -> None:
    dot = model_to_dot(_hostile_model(), show_shapes=True)
    assert isinstance(dot, pydot.Dot)
    assert dot.create(format="svg").startswith(b"<?xml")


def test_to_graphviz_source(tmp_path: Path) -> None:
    source = to_graphviz(_hostile_model(), show_shapes=True)
    assert source.pipe(format="svg").startswith(b"<?xml")
    assert "<svg" in source._repr_mimebundle_()["image/svg+xml"]
    out = source.render(filename="m", directory=tmp_path, format="png")
    assert Path(out).read_bytes()[:4] == b"\x89PNG"


def test_options_change_the_labels() -> None:
    model = Sequential([layers.Dense(4, activation="relu", input_dim=3),
                        layers.BatchNormalization()])
    model.layers[0].trainable = False
    plain = to_dot_text(model)
    full = to_dot_text(model, show_shapes=True, show_dtype=True, show_layer_names=True,
                       show_layer_activations=True, show_trainable=True, show_params=True,
                       show_title=True, rankdir="LR")
    # Keras 3's words: "Input shape", "Output shape", "Output dtype"
    assert "Output shape:" not in plain and "Output shape: <b>(None, 4)</b>" in full
    assert "Input shape: <b>(None, 3)</b>" in full and "Output dtype: <b>float32</b>" in full
    assert "Activation: <b>relu</b>" in full and "float32" in full
    assert "Non-trainable" in full and "Params: <b>16</b>" in full
    assert "rankdir=LR" in full and "<b>dense</b> (Dense)" in full


def test_expand_nested_draws_clusters() -> None:
    inner = Sequential([layers.Dense(4, input_dim=3), layers.Dense(2)], name="inner")
    inputs = Input((3,))
    model = Model(inputs, layers.Dense(1)(inner(inputs)))
    collapsed = to_dot_text(model, show_layer_names=True)
    expanded = to_dot_text(model, show_layer_names=True, expand_nested=True)
    assert "cluster" not in collapsed and "<b>inner</b> (Sequential)" in collapsed
    assert "subgraph cluster" in expanded and "<b>dense</b> (Dense)" in expanded
    assert expanded.count("->") == 3  # input -> dense -> dense_1 -> dense_2


def test_layer_range_selects_a_slice() -> None:
    model = load_python_file(EXAMPLES / "cifar_cnn.py")
    text = to_dot_text(model, show_layer_names=True, layer_range=("conv2d_1", "flatten"))
    assert text.count("[label=") == 3 and "<b>dense</b>" not in text


def _tall_model(depth: int = 40) -> Sequential:
    return Sequential([Input((8,))] + [layers.Dense(8) for _ in range(depth)])


def test_max_height_writes_pages_drawn_at_the_requested_dpi(tmp_path: Path) -> None:
    model = _tall_model()
    plot_model(model, to_file=tmp_path / "whole.png", dpi=48)
    with Image.open(tmp_path / "whole.png") as whole:
        width, height = whole.size
    with pytest.warns(ModelvizWarning, match=r"wrote \d+ pages: .*out-1\.png.*--fold-repeats"):
        assert plot_model(model, to_file=tmp_path / "out.png", dpi=48, max_height=400) is None
    assert not (tmp_path / "out.png").exists()
    pages = sorted(tmp_path.glob("out-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(pages) >= -(-height // 400) > 1
    for page in pages:
        with Image.open(page) as image:
            assert image.format == "PNG" and image.height <= 400
            assert image.width >= width * 0.9  # the same scale as the whole drawing
    assert sum(Image.open(p).height for p in pages) >= height * 0.9


def test_max_height_that_fits_writes_one_file(tmp_path: Path) -> None:
    plot_model(_tall_model(3), to_file=tmp_path / "m.png", dpi=48, max_height=30_000)
    assert [p.name for p in tmp_path.iterdir()] == ["m.png"]


def test_max_height_leaves_svg_whole(tmp_path: Path) -> None:
    plot_model(_tall_model(), to_file=tmp_path / "m.svg", max_height=200)
    assert [p.name for p in tmp_path.iterdir()] == ["m.svg"]


@pytest.mark.parametrize("bad", [0, -5, 2.5, "100", 1, 199])
def test_max_height_must_be_positive_int(tmp_path: Path, bad: object) -> None:
    with pytest.raises(LayerConfigError, match="max_height"):
        plot_model(_tall_model(30), to_file=tmp_path / "m.png", dpi=48, max_height=bad)


def _nested_three_deep() -> Model:
    inner_in = Input((4,), name="in3")
    level3 = Model(inner_in, layers.Dense(4, name="d3")(inner_in), name="level3")
    mid_in = Input((4,), name="in2")
    level2 = Model(mid_in, layers.Dense(4, name="d2")(level3(mid_in)), name="level2")
    outer_in = Input((4,), name="in1")
    level1 = Model(outer_in, layers.Dense(4, name="d1")(level2(outer_in)), name="level1")
    top_in = Input((4,), name="in0")
    return Model(top_in, layers.Dense(2, name="head")(level1(top_in)), name="top")


def test_expand_nested_three_levels_deep(tmp_path: Path) -> None:
    model = _nested_three_deep()
    dot = to_dot_text(model, expand_nested=True, show_layer_names=True)
    assert dot.count("subgraph cluster_") == 3
    # the third cluster opens inside the second: no closing brace between their openings
    second, third = (dot.index(f"subgraph cluster_{i}") for i in (1, 2))
    assert "}" not in dot[second:third]
    assert pydot.graph_from_dot_data(dot)
    plot_model(model, to_file=tmp_path / "n.svg", expand_nested=True, show_layer_names=True)
    svg = (tmp_path / "n.svg").read_text()
    ET.fromstring(svg.encode())
    for name in ("d3", "d2", "d1", "head", "level1", "level2", "level3"):
        assert name in svg
    plot_model(model, to_file=tmp_path / "n.png", expand_nested=True, dpi=72)
    with Image.open(tmp_path / "n.png") as image:
        assert image.format == "PNG"


def test_no_suffix_writes_png_as_keras(tmp_path: Path) -> None:
    plot_model(_tall_model(2), to_file=tmp_path / "model", dpi=48)
    with Image.open(tmp_path / "model") as image:
        assert image.format == "PNG"

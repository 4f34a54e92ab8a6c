"""Plumbing (shape-only and element-wise operators of PyTorch/ONNX graphs) drawn small and grey.

Issue 22 item 4 and issue 21 item 5: reshapes, transposes, adds, getitems and the folded
mask node of a torch capture are small grey boxes so the layers stand out; Keras models,
whose ``Reshape`` and ``Add`` are layers, draw exactly as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from modelviz.cli import main
from modelviz.diagram.dot import DotBlock, dot_block, select_nodes
from modelviz.diagram.options import dot_options
from modelviz.diagram.plumbing import FILL, is_plumbing
from modelviz.errors import LayerConfigError
from modelviz.importers.op_graph import Op, build_graph
from modelviz.plot import to_dot_text

from .fixtures.core_zoo import CORE_ZOO
from .fixtures.model_zoo import ZOO

ROOT = Path(__file__).resolve().parent.parent
DECODER = ROOT / "gallery" / "configs" / "decoder_block.onnx"
GREY = f'bgcolor="{FILL}"'


def _labels(graph: nx.DiGraph, **options: Any) -> dict[str, str]:
    """Node key -> its DOT label, for every box drawn."""
    settings = dot_options(**options)
    ids = {f"n{i}": key for i, key in enumerate(select_nodes(graph, settings))}
    labels, stack = {}, [dot_block(graph, settings)]
    while stack:
        block = stack.pop()
        for item in block.items:
            if isinstance(item, DotBlock):
                stack.append(item)
            else:
                labels[ids[item[0]]] = item[1]
    return labels


@pytest.fixture(scope="module")
def decoder() -> nx.DiGraph:
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    from modelviz.importers import load

    return load(DECODER).to_graph()


def test_onnx_shape_and_elementwise_operators_are_grey(decoder: nx.DiGraph) -> None:
    labels = _labels(decoder, expand_nested=True, show_shapes=True)
    grey = {key for key, label in labels.items() if GREY in label}
    for key in ("h.0/attn/Reshape", "h.0/attn/Transpose", "h.0/attn/Unsqueeze",
                "h.0/attn/Concat", "h.0/attn/Split", "h.0/attn/Div", "h.0/Add", "h.0/Add_1",
                "h.0/mlp/act/Erf", "h.0/mlp/act/Mul"):
        assert key in grey, key
        assert 'point-size="10"' in labels[key] and "Params" not in labels[key]
    for key in ("h.0/ln_1", "h.0/attn/MatMul", "h.0/attn/Softmax", "h.0/attn/c_attn/MatMul",
                "wte", "ln_f"):
        assert key not in grey and 'point-size="15"' in labels[key], key
    # an Add or Transpose that reads a weight (a bias, a projection) carries parameters:
    # it is drawn as a layer, so the parameters stay in the picture
    assert decoder.nodes["h.0/attn/c_attn/Add"]["params"] == 192
    assert "h.0/attn/c_attn/Add" not in grey and "h.0/attn/c_attn/Transpose" not in grey
    assert "(1, 4, 16, 16)" in labels["h.0/attn/Transpose_1"]  # the shape, small
    assert len(grey) > len(labels) / 2  # most of an exported block is plumbing


def test_full_draws_every_operator_as_a_layer(decoder: nx.DiGraph) -> None:
    labels = _labels(decoder, expand_nested=True, plumbing="full")
    assert not any(GREY in label for label in labels.values())
    assert 'point-size="15"' in labels["h.0/attn/Reshape"]
    grey = to_dot_text(decoder, expand_nested=True)
    assert grey != to_dot_text(decoder, expand_nested=True, plumbing="full")
    assert grey == to_dot_text(decoder, expand_nested=True, plumbing="grey")  # the default


def test_grey_dot_is_deterministic(decoder: nx.DiGraph) -> None:
    options = {"expand_nested": True, "show_shapes": True, "show_layer_names": True}
    assert to_dot_text(decoder, **options) == to_dot_text(decoder, **options)
    labels = _labels(decoder, **options)
    assert ">Reshape<" in labels["h.0/attn/Reshape_1"]  # ``Reshape_1`` says nothing more
    assert "act (Relu)" not in labels["h.0/attn/Reshape_1"]


@pytest.mark.parametrize("name", [*ZOO, *CORE_ZOO])
def test_keras_models_draw_as_before(name: str) -> None:
    import modelviz
    from modelviz.layers.base import clear_session

    clear_session()
    build = ZOO.get(name) or CORE_ZOO[name]
    graph = build(modelviz).to_graph()
    assert not any(is_plumbing(data, graph.graph.get("operators"))
                   for _, data in graph.nodes(data=True))
    options = {"show_shapes": True, "expand_nested": True}
    text = to_dot_text(graph, **options)
    assert text == to_dot_text(graph, plumbing="full", **options) and GREY not in text


def test_unknown_style_is_a_clear_error() -> None:
    with pytest.raises(LayerConfigError,
                       match="plumbing must be one of grey, full, hide, got 'none'"):
        dot_options(plumbing="none")


def _drawn(graph: nx.DiGraph, **options: Any) -> nx.DiGraph:
    """The boxes and edges drawn, by node key."""
    settings = dot_options(**options)
    keys = {f"n{i}": key for i, key in enumerate(select_nodes(graph, settings))}
    drawn, stack = nx.DiGraph(), [dot_block(graph, settings)]
    drawn.add_nodes_from(keys.values())
    while stack:
        block = stack.pop()
        stack.extend(item for item in block.items if isinstance(item, DotBlock))
        drawn.add_edges_from((keys[u], keys[v]) for u, v in block.edges)
    return drawn


def _reach(graph: nx.DiGraph, **options: Any) -> tuple[set[str], set[tuple[str, str]]]:
    """The boxes drawn and which box reaches which along the drawn edges."""
    drawn = _drawn(graph, **options)
    return set(drawn), {(u, v) for u in drawn for v in nx.descendants(drawn, u)}


@pytest.mark.parametrize("expand_nested", [True, False])
def test_hide_leaves_plumbing_out_and_keeps_every_path(decoder: nx.DiGraph,
                                                       expand_nested: bool) -> None:
    shown, reach = _reach(decoder, expand_nested=expand_nested, plumbing="hide")
    every, full_reach = _reach(decoder, expand_nested=expand_nested, plumbing="full")
    source = decoder.graph["operators"]
    kept = {key for key in shown if is_plumbing(decoder.nodes[key], source)}
    assert shown - kept == {key for key in every if not is_plumbing(decoder.nodes[key], source)}
    assert reach == {(u, v) for u, v in full_reach if u in shown and v in shown}
    drawn = _drawn(decoder, expand_nested=expand_nested, plumbing="hide")
    assert all(drawn.in_degree(key) >= 2 for key in kept)  # only the joins stay (grey)
    if expand_nested:
        assert len(shown) < len(every) / 2
        assert kept == {"Add", "h.0/Add", "h.0/Add_1"}  # the embeddings' sum, the residuals
        # the residual stream passes the attention; the values skip the scores
        assert {("Add", "h.0/Add"), ("h.0/attn/c_attn/Add", "h.0/attn/MatMul_1")} <= set(
            drawn.edges)
    labels = _labels(decoder, expand_nested=expand_nested, plumbing="hide")
    assert {key for key, label in labels.items() if GREY in label} == kept


def test_a_tensor_read_twice_inside_a_module_draws_both_edges(decoder: nx.DiGraph) -> None:
    """The block's input feeds ``ln_1`` and the residual ``Add`` inside ``h.0``: two edges."""
    assert [c["position"] for c in decoder.edges["Add", "h.0"]["connections"]] == [0, 1]
    assert decoder.nodes["h.0"]["inner_inputs"] == ["h.0/ln_1", "h.0/Add"]
    edges = set(_drawn(decoder, expand_nested=True).edges)
    assert {("Add", "h.0/ln_1"), ("Add", "h.0/Add"), ("h.0/Add", "h.0/Add_1")} <= edges


def _two_outputs(nested: bool) -> nx.DiGraph:
    """``two`` (inside ``o`` when ``nested``) returns ``a``'s and ``b``'s outputs; ``f``
    reads the first, ``g`` the second (as a module returning a tuple does)."""
    scope = ("o", "two") if nested else ("two",)
    ops = [Op("a", "Linear", scope, [(["x"], ["p"])]),
           Op("b", "Linear", scope, [(["x"], ["q"])]),
           Op("f", "Linear", (), [(["p"], ["y"])]), Op("g", "Linear", (), [(["q"], ["z"])])]
    if nested:  # a layer beside "two" inside "o": "o" is a cluster of its own
        ops.insert(0, Op("n", "Linear", ("o",), [(["in"], ["x"])]))
    shapes = {t: (1, 4) for t in ("in", "x", "p", "q", "y", "z")}
    return build_graph(ops, shapes, [("in", "in")], ["y", "z"], "two_outputs", collapse=False)


@pytest.mark.parametrize("nested", [False, True])
def test_each_output_of_a_module_feeds_only_its_readers(nested: bool) -> None:
    """Expanded, the edge out of ``two`` joins ``a`` to ``f`` and ``b`` to ``g`` only (it
    joined every output of the module to every reader before)."""
    graph = _two_outputs(nested)
    two = "o/two" if nested else "two"
    edges = set(_drawn(graph, expand_nested=True).edges)
    assert {(f"{two}/a", "f"), (f"{two}/b", "g")} <= edges
    assert not {(f"{two}/a", "g"), (f"{two}/b", "f")} & edges
    if nested:  # two levels drawn: "two" is one box inside the expanded "o"
        assert {("o/two", "f"), ("o/two", "g")} <= set(_drawn(graph, depth=2).edges)
    link = graph.edges["o" if nested else two, "f"]["connections"][0]
    assert (link["source_layer"], link["target_layer"]) == (f"{two}/a", "f")


def test_cli_records_full_and_rejects_unknown(decoder: nx.DiGraph, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from modelviz.provenance import read_record

    main(["plot", str(DECODER), "-o", str(tmp_path / "grey.dot"), "--expand-nested"])
    main(["plot", str(DECODER), "-o", str(tmp_path / "full.dot"), "--expand-nested",
          "--plumbing", "full"])
    grey, full = (tmp_path / "grey.dot").read_bytes(), (tmp_path / "full.dot").read_bytes()
    assert "plumbing" not in read_record(grey, "dot")["options"]  # older records unchanged
    assert read_record(full, "dot")["options"]["plumbing"] == "full"
    assert GREY.encode() in grey and GREY.encode() not in full
    main(["plot", str(DECODER), "-o", str(tmp_path / "hide.dot"), "--plumbing", "hide"])
    assert read_record((tmp_path / "hide.dot").read_bytes(), "dot")["options"]["plumbing"] == "hide"
    with pytest.raises(SystemExit) as exit_info:
        main(["plot", str(DECODER), "-o", str(tmp_path / "x.dot"), "--plumbing", "none"])
    assert exit_info.value.code == 2


def test_torch_operations_are_grey_and_modules_are_not() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed")
    import modelviz

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc, self.act, self.out = (torch.nn.Linear(4, 4), torch.nn.ReLU(),
                                           torch.nn.Linear(2, 3))

        def forward(self, x: Any, ids: Any) -> Any:
            mask = ids.ne(0).to(x.dtype)  # from an integer input: folded
            y = torch.relu(self.act(self.fc(x)) + x) * mask
            return self.out(y.reshape(1, 2, 2)[0])

    graph = modelviz.from_torch(Net().eval(), torch.ones(1, 4),
                                torch.ones(1, 4, dtype=torch.long)).to_graph()
    labels = _labels(graph)
    grey = sorted(key for key, label in labels.items() if GREY in label)
    assert grey == ["add", "getitem", "mask", "mul", "relu_2", "reshape"]
    assert graph.nodes["mask"]["auxiliary"] and graph.nodes["mask"]["class_name"] == "Mask"
    assert all(GREY not in labels[key] for key in ("fc", "act", "out", "x", "ids"))
    assert not any(GREY in label for label in _labels(graph, plumbing="full").values())
    drawn = _drawn(graph, plumbing="hide")  # relu, reshape, getitem and the mask: hidden
    assert list(drawn) == ["x", "ids", "fc", "act", "add", "mul", "out"]
    assert sorted(drawn.edges) == [("act", "add"), ("add", "mul"), ("fc", "act"),
                                   ("ids", "mul"), ("mul", "out"), ("x", "add"), ("x", "fc")]


def test_the_gallery_shows_the_choice(decoder: nx.DiGraph) -> None:
    # GPT(1 layer, width 64, vocabulary 1000, context 16): V·d + C·d + 12·d² + 13·d + 2·d
    assert decoder.graph["total_params"] == 1000 * 64 + 16 * 64 + 12 * 64**2 + 13 * 64 + 2 * 64
    gallery = ROOT / "gallery"
    grey = (gallery / "decoder_block" / "decoder_block.svg").read_text(encoding="utf-8")
    full = (gallery / "decoder_block_full" / "decoder_block_full.svg").read_text(encoding="utf-8")
    hide = (gallery / "decoder_block_hide" / "decoder_block_hide.svg").read_text(encoding="utf-8")
    assert FILL in grey and FILL not in full
    assert hide.count('class="node"') < grey.count('class="node"') / 2
    assert hide.count(FILL) == 3 * 2  # the embeddings' sum and two residual adds: two cells


def test_an_onnx_operator_that_is_a_whole_module_stays_a_layer() -> None:
    """torch's ``nn.ReLU`` exported as one ``Relu`` is a layer, as in a torch capture; the
    residual ``Add`` and ``torch.flatten`` written in ``forward`` are plumbing."""
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    from modelviz.importers import load

    graph = load(ROOT / "tests" / "fixtures" / "onnx" / "resnet18.onnx").to_graph()
    labels = _labels(graph, expand_nested=True)
    assert graph.nodes["layer1/layer1.0/relu"]["whole_module"]
    assert GREY not in labels["layer1/layer1.0/relu"] and GREY not in labels["relu"]
    grey = sorted(graph.nodes[key]["class_name"] for key, label in labels.items()
                  if GREY in label)
    assert grey == ["Add"] * 8 + ["Flatten"]


def test_model_to_dot_and_the_page_take_the_option(decoder: nx.DiGraph) -> None:
    from modelviz.html import to_html
    from modelviz.plot import model_to_dot

    full = model_to_dot(decoder, expand_nested=True, plumbing="full")
    hide = model_to_dot(decoder, expand_nested=True, plumbing="hide")
    assert hide.to_string().count("[label=<") < full.to_string().count("[label=<") / 2
    page = to_html(decoder, engine="graphviz-pure").html  # its drawings are compressed
    assert page == to_html(decoder, engine="graphviz-pure", plumbing="grey").html
    assert page != to_html(decoder, engine="graphviz-pure", plumbing="full").html

"""The one-pass builder of imported graphs (``importers/op_stream.py``) against the passes.

``tests/conftest.py`` builds every imported graph of the suite both ways and compares
them; here: which models take the one pass (every ONNX fixture, the torch captures of
the reference models), and which orders send ``build_graph`` to the passes (and still
give the right graph).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modelviz.importers import op_graph
from modelviz.importers.op_graph import Op, build_graph
from modelviz.importers.op_stream import OrderError, stream_graph

from .conftest import assert_same_graph

ONNX_DIR = Path(__file__).parent / "fixtures" / "onnx"
SHAPES = {t: (1, 4) for t in ("x", "a", "b", "c", "d")}


@pytest.fixture
def passes_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for each graph built, whether the general passes made it."""
    taken: list[bool] = []
    one_pass = op_graph.stream_graph

    def spy(*args: Any) -> Any:
        try:
            built = one_pass(*args)
        except OrderError:
            taken.append(True)
            raise
        taken.append(False)
        return built

    monkeypatch.setattr(op_graph, "stream_graph", spy)
    return taken


@pytest.mark.parametrize("path", sorted(ONNX_DIR.glob("*.onnx")), ids=lambda p: p.stem)
def test_onnx_files_are_read_in_one_pass(path: Path, passes_taken: list[bool]) -> None:
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    from modelviz.importers.onnx_file import load_onnx

    load_onnx(path)  # conftest compares the graph with the passes' graph
    assert passes_taken == [False]


@pytest.mark.parametrize("capture", ["recorder", "export"])
def test_torch_captures_are_built_in_one_pass(capture: str, passes_taken: list[bool]) -> None:
    pytest.importorskip("torch", reason="the torch extra is not installed")
    from modelviz.torch import from_torch

    from .fixtures.torch_models import MODELS

    for name in ("unet", "shared_twice", "transformer"):  # skips, a Linear called twice
        build, example = MODELS[name]
        from_torch(build().eval(), example(), capture=capture)
    assert passes_taken == [False] * 3


def _ops(*spec: tuple[str, tuple[str, ...], list[str], list[str]]) -> list[Op]:
    return [Op(name, "Relu", scope, [(ins, outs)]) for name, scope, ins, outs in spec]


@pytest.mark.parametrize(("case", "ops"), [
    ("a module entered again", _ops(("r", ("m",), ["x"], ["a"]), ("s", ("n",), ["a"], ["b"]),
                                    ("t", ("m",), ["b"], ["c"]))),
    ("a tensor read before it is made", _ops(("r", ("m",), ["b"], ["a"]),
                                             ("s", ("n",), ["x"], ["b"]))),
    ("a tensor made twice", _ops(("r", ("m",), ["x"], ["a"]), ("s", ("n",), ["x"], ["a"]),
                                 ("t", ("k",), ["a"], ["b"]))),
    ("a module called twice", [Op("fc", "Linear", ("m",), [(["x"], ["a"]), (["a"], ["b"])])]),
])
def test_other_orders_are_built_by_the_passes(case: str, ops: list[Op]) -> None:
    inputs = [Op("x", "InputLayer", (), [([], ["x"])])]
    with pytest.raises(OrderError):
        stream_graph(inputs + ops, SHAPES, ["c"], {}, True)
    graph = build_graph(ops, SHAPES, [("x", "x")], ["c"], case)
    assert set(graph) >= {"x"} and graph.graph["name"] == case


def test_a_module_entered_again_keeps_its_members_together() -> None:
    """What the passes make of ``m``'s two runs around ``n``: one cluster, both members."""
    ops = _ops(("r", ("m",), ["x"], ["a"]), ("s", ("n",), ["a"], ["b"]),
               ("t", ("m",), ["b"], ["c"]))
    graph = build_graph(ops, SHAPES, [("x", "x")], ["c"], "again")
    assert list(graph) == ["x", "m", "m/r", "m/t", "n"]
    assert {("m", "n"), ("n", "m")} <= set(graph.edges)  # out of m into n, and back


def test_a_scope_of_one_operation_is_written_when_it_closes() -> None:
    """``m`` holds one op (it is that op), ``n`` two (a cluster), ``k`` a scope (a cluster)."""
    ops = _ops(("r", ("m",), ["x"], ["a"]), ("s", ("n",), ["a"], ["b"]),
               ("t", ("n",), ["b"], ["c"]), ("u", ("k", "j"), ["c"], ["d"]))
    graph, *_ = stream_graph([Op("x", "InputLayer", (), [([], ["x"])]), *ops], SHAPES, ["d"],
                             {}, True)
    assert list(graph) == ["x", "m", "n", "n/s", "n/t", "k", "k/j"]
    assert graph.nodes["m"]["whole_module"] and graph.nodes["m"]["name"] == "m"
    assert [graph.nodes[k]["index"] for k in graph] == list(range(7))
    assert graph.nodes["k"]["inner_inputs"] == ["k/j"] and graph.nodes["n"]["inbound"] == ["m"]
    built = op_graph._passes([Op("x", "InputLayer", (), [([], ["x"])]), *_ops(
        ("r", ("m",), ["x"], ["a"]), ("s", ("n",), ["a"], ["b"]),
        ("t", ("n",), ["b"], ["c"]), ("u", ("k", "j"), ["c"], ["d"]))], SHAPES, ["d"], {}, True)
    assert_same_graph(graph, built[0])

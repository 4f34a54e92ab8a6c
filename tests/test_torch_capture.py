"""PyTorch models through ``modelviz.from_torch`` against torch's own numbers.

The models are plain torch (tests/fixtures/torch_models.py); expected values are computed
from torch here (``parameters()``, forward hooks) and, for the committed ONNX exports, read
from tests/fixtures/onnx/reference.json (scripts/make_torch_fixtures.py). Needs torch: skipped
with a reason where it is not installed (CI installs the CPU build).
"""

from __future__ import annotations

import functools
import json
import warnings
from pathlib import Path
from typing import Any

import networkx
import pytest

import modelviz
from modelviz import LayerConfigError, ModelFileError
from modelviz.cli import main
from modelviz.compute import ensure_compute
from modelviz.fold import fold_graph
from modelviz.graph import DTYPE_BYTES
from modelviz.importers import load
from modelviz.importers.calls import call_label
from modelviz.plot import to_dot_text
from modelviz.tables import summary_rows

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch)")

from .fixtures.torch_models import MODELS  # noqa: E402

ONNX_DIR = Path(__file__).parent / "fixtures" / "onnx"
REFERENCE = json.loads((ONNX_DIR / "reference.json").read_text())["models"]
CAPTURES = ["export", "recorder"]


def _build(name: str) -> tuple[Any, Any]:
    torch.manual_seed(0)
    build, make_input = MODELS[name]
    return build().eval(), make_input()


@functools.cache
def _captured(name: str, capture: str) -> tuple[Any, Any, Any]:
    """(model, example input, graph): each model is captured once per test session."""
    model, example = _build(name)
    return model, example, modelviz.from_torch(model, example, capture=capture).to_graph()


def _hooks(model: Any, example: Any) -> dict[str, list[list[tuple[int, ...]]]]:
    """Every leaf module's output shapes per call, from forward hooks."""
    seen: dict[str, list[list[tuple[int, ...]]]] = {}
    handles = []
    for path, module in model.named_modules():
        if path and not list(module.children()):
            def hook(mod: Any, args: Any, out: Any, path: str = path) -> None:
                outs = out if isinstance(out, tuple) else (out,)
                seen.setdefault(path, []).append([tuple(o.shape) for o in outs
                                                  if isinstance(o, torch.Tensor)])
            handles.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(example)
    for handle in handles:
        handle.remove()
    return seen


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_totals_equal_torch(name: str, capture: str) -> None:
    model, _, graph = _captured(name, capture)
    assert graph.graph["total_params"] == sum(p.numel() for p in model.parameters())
    assert graph.graph["total_params"] == REFERENCE[name]["total_params"]
    assert graph.graph["buffer_elements"] == sum(b.numel() for b in model.buffers())
    assert graph.graph["capture"] == ("torch.export" if capture == "export" else "recorder")


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_leaf_modules_match_forward_hooks(name: str, capture: str) -> None:
    model, example, graph = _captured(name, capture)
    nodes = {data["name"]: data for _, data in graph.nodes(data=True)}
    modules = dict(model.named_modules())
    for path, calls in _hooks(model, example).items():
        for index, shapes in enumerate(calls):  # one node per call, torchinfo's convention
            node = nodes[call_label(path, index)]
            assert (node["module"], node["call"]) == (path, index)
            assert node["class_name"] == type(modules[path]).__name__, path
            params = sum(p.numel() for p in modules[path].parameters())
            assert node["params"] == (params if index == 0 else 0), path  # counted once
            assert len(node["calls"]) == 1, path
            assert node["output_shapes"][0] == shapes[0], path


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_final_output_shape_has_the_batch(name: str, capture: str) -> None:
    model, example, graph = _captured(name, capture)
    (output,) = graph.graph["outputs"]
    assert graph.nodes[output]["output_shapes"][-1] == tuple(model(example).shape)


def test_same_total_as_the_onnx_export() -> None:
    model, _, torch_graph = _captured("resnet18", "export")
    onnx_graph = load(ONNX_DIR / "resnet18.onnx").to_graph() if _has_onnx() else None
    if onnx_graph is not None:
        assert onnx_graph.graph["trainable_params"] == torch_graph.graph["total_params"]
        running = sum(b.numel() for n, b in model.named_buffers() if "running" in n)
        assert onnx_graph.graph["total_params"] == torch_graph.graph["total_params"] + running
    assert torch_graph.graph["total_params"] == 11_689_512  # torchvision's resnet18


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_graph_is_acyclic(name: str, capture: str) -> None:
    graph = _captured(name, capture)[2]
    assert networkx.is_directed_acyclic_graph(graph)


@pytest.mark.parametrize("capture", CAPTURES)
def test_module_called_twice_is_two_nodes(capture: str) -> None:
    _, _, graph = _captured("shared_twice", capture)
    first, second = graph.nodes["shared"], graph.nodes["shared [2nd call]"]
    assert (first["params"], second["params"]) == (72, 0)
    assert (first["call"], second["call"]) == (0, 1)
    assert second["explanation"] == "shared's parameters, counted at its first call"
    assert [w["shape"] for w in second["shared_weights"]] == [(8, 8), (8,)]
    assert graph.has_edge("x", "shared") and graph.has_edge("relu", "shared [2nd call]")
    assert graph.has_edge("shared", "relu") and graph.has_edge("shared [2nd call]", "mul")
    assert [graph.nodes[k]["class_name"] for k in ("relu", "mul", "add")] == ["relu", "mul",
                                                                               "add"]
    assert graph.nodes["add"]["is_operation"]


def test_hierarchy_gives_nested_clusters() -> None:
    model, _, graph = _captured("resnet18", "export")
    block = graph.nodes["layer1/layer1.0"]
    assert (block["name"], block["class_name"], block["is_model"]) == ("layer1.0", "BasicBlock",
                                                                       True)
    conv = graph.nodes["layer1/layer1.0/layer1.0.conv1"]
    assert conv["parent"] == "layer1/layer1.0" and conv["depth"] == 2
    assert conv["explanation"] == "weight 64×64×3×3 = 36,864"
    bn = graph.nodes["bn1"]
    assert bn["non_trainable_params"] == 0
    assert "buffers running_mean 64 + running_var 64 + num_batches_tracked scalar" in (
        bn["explanation"])
    assert graph.nodes["layer1"]["params"] == sum(
        p.numel() for p in model.layer1.parameters())
    lines: list[str] = []
    modelviz.summary(graph, print_fn=lines.append)
    buffers = sum(b.numel() for b in model.buffers())
    size = sum(b.numel() * b.element_size() for b in model.buffers()) / 1024
    assert f"Buffers (state, not params): {buffers:,} ({size:.2f} KB)" in lines


def test_input_size_gives_zeros_of_that_shape() -> None:
    model, _ = _build("depthwise")
    graph = modelviz.from_torch(model, input_size=(5, 3, 32, 32)).to_graph()
    assert graph.nodes["x"]["output_shapes"] == [(5, 3, 32, 32)]
    assert graph.nodes["fc"]["output_shapes"] == [(5, 10)]


class _DataDependent(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)

    def forward(self, x: Any) -> Any:
        y = self.fc(x)
        if y.sum() > 0:  # export cannot trace a branch on values
            y = y * 2
        return torch.relu(y)


def test_the_recorder_runs_what_export_cannot_trace() -> None:
    model = modelviz.from_torch(_DataDependent(), torch.ones(2, 4))
    assert model.capture == "recorder" and model.count_params() == 20
    with pytest.raises(ModelFileError, match='capture="recorder"'):
        modelviz.from_torch(_DataDependent(), torch.ones(2, 4), capture="export")


def test_bad_arguments_name_the_fix() -> None:
    with pytest.raises(LayerConfigError, match="give example inputs"):
        modelviz.from_torch(torch.nn.Linear(2, 2))
    with pytest.raises(LayerConfigError, match=r"torch\.nn\.Module"):
        modelviz.from_torch("not a model", torch.zeros(1))
    with pytest.raises(ModelFileError, match="forward pass raised"):
        modelviz.from_torch(torch.nn.Linear(2, 2), torch.zeros(1, 3), capture="recorder")


def test_summary_and_plot_accept_the_model(tmp_path: Path) -> None:
    model, example = _build("unet")
    imported = modelviz.from_torch(model, example)
    lines: list[str] = []
    modelviz.summary(imported, print_fn=lines.append, expand_nested=True)
    text = "\n".join(lines)
    assert "enc1.0 (Conv2d)" in text and "(1, 8, 32, 32)" in text
    assert "Total params: 29,490" in text
    assert modelviz.to_graph(imported).graph["total_params"] == 29_490
    out = tmp_path / "unet.svg"
    modelviz.plot_model(imported, to_file=str(out), show_shapes=True, expand_nested=True,
                        engine="graphviz-pure")
    assert "ConvTranspose2d" in out.read_text()
    dot = to_dot_text(imported, expand_nested=True)
    assert dot == to_dot_text(modelviz.from_torch(model, example), expand_nested=True)


def test_rows_in_module_order() -> None:
    model, example = _build("depthwise")
    rows = summary_rows(modelviz.from_torch(model, example).to_graph())
    assert [r.name for r in rows] == ["x", "stem", "dw", "pw", "bn", "relu", "pool", "flatten",
                                      "fc"]


def test_cli_reads_a_py_file_with_a_torch_model(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "net.py"
    path.write_text("import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 3), "
                    "torch.nn.ReLU())\nexample_input = torch.zeros(2, 4)\n")
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 (Linear)" in out and "(2, 3)" in out and "Total params: 15" in out
    path.write_text("import torch\nmodel = torch.nn.Linear(4, 3)\n")
    assert main(["summary", str(path)]) == 2
    assert "example_input" in capsys.readouterr().err


def _has_onnx() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import onnx  # noqa: F401
        except ImportError:
            return False
    return True


def test_six_encoder_layers_fold_to_one_block() -> None:
    _, _, graph = _captured("transformer", "export")
    folded = fold_graph(graph)
    group = folded.nodes["encoder/encoder.layers.0 … encoder.layers.5"]
    assert group["class_name"] == "TransformerEncoderLayer ×6"
    assert group["parent"] == "encoder" and group["params"] == 6 * 8544
    assert folded.graph["total_params"] == graph.graph["total_params"]
    assert folded.nodes["encoder"]["inner_inputs"] == [
        "encoder/encoder.layers.0 … encoder.layers.5"]
    lines: list[str] = []
    modelviz.summary(graph, expand_nested=True, fold_repeats=True, print_fn=lines.append)
    assert sum("×6" in line for line in lines) == 1


def test_lazy_modules_are_made_before_the_capture() -> None:
    """The docs' example: no rows for LazyLinear's initialization (``empty``, ``get``...)."""
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3), torch.nn.ReLU(),
                                torch.nn.Flatten(), torch.nn.LazyLinear(10))
    rows = summary_rows(modelviz.from_torch(model, torch.zeros(8, 3, 32, 32)).to_graph())
    assert [(r.name, r.class_name) for r in rows] == [
        ("input", "InputLayer"), ("0", "Conv2d"), ("1", "ReLU"), ("2", "Flatten"),
        ("3", "Linear")]
    assert sum(r.params for r in rows) == 448 + 144_010


@pytest.mark.parametrize("capture", CAPTURES)
def test_identity_module_has_a_row(capture: str) -> None:
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Identity(), torch.nn.ReLU())
    graph = modelviz.from_torch(model, torch.zeros(2, 4), capture=capture).to_graph()
    assert list(graph.nodes) == ["input", "0", "1", "2"]
    assert graph.has_edge("0", "1") and graph.has_edge("1", "2")
    assert graph.nodes["1"]["operators"][0]["op"] == "identity"


def test_operators_carry_the_shapes_macs_need() -> None:
    _, _, graph = _captured("shared_twice", "recorder")
    (linear,) = graph.nodes["shared [2nd call]"]["operators"]
    assert linear == {"op": "linear", "input_shapes": [(4, 8), (8, 8), (8,)],
                      "output_shapes": [(4, 8)]}


class _KeywordIdentity(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.skip = torch.nn.Identity()
        self.fc = torch.nn.Linear(4, 2)

    def forward(self, x: Any) -> Any:
        return self.fc(self.skip(input=x))  # called by keyword, as Hugging Face models do


@pytest.mark.parametrize("capture", CAPTURES)
def test_identity_called_by_keyword_stays_connected(capture: str) -> None:
    graph = modelviz.from_torch(_KeywordIdentity(), torch.zeros(1, 4),
                                capture=capture).to_graph()
    assert list(graph.edges) == [("x", "skip"), ("skip", "fc")]


class _ReturnsItsInput(torch.nn.Module):
    """A leaf module that runs operations and still returns its input unchanged."""

    def forward(self, x: Any) -> Any:
        self.seen = x.abs().sum()
        return x


def test_export_marks_only_calls_that_ran_nothing() -> None:
    """In-place ``ReLU`` and a module returning its input after other work keep their own
    operators; only ``Identity`` becomes an ``identity`` operation, as the recorder has it."""
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU(inplace=True),
                                _ReturnsItsInput(), torch.nn.Identity(), torch.nn.Linear(4, 2))
    graphs = [modelviz.from_torch(model, torch.zeros(2, 4), capture=c).to_graph()
              for c in CAPTURES]
    for graph in graphs:
        operators = {k: [o["op"] for o in d["operators"]] for k, d in graph.nodes(data=True)
                     if k != "input"}
        assert operators["1"] in (["relu_"], ["relu"]) and "identity" not in operators["2"]
        assert operators["3"] == ["identity"]
        assert graph.has_edge("1", "3") and graph.has_edge("3", "4")
    assert list(graphs[0].edges) == list(graphs[1].edges)


class _Rotary(torch.nn.Module):
    """Rotary position angles as Hugging Face's Llama computed them before transformers 5
    (``LlamaRotaryEmbedding``): an outer product written as ``matmul``, under ``no_grad``
    and with autocast off; ``torch.export`` wraps both around sub-graphs."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        steps = torch.arange(0, dim, 2, dtype=torch.float) / dim
        self.register_buffer("inv_freq", 1.0 / 10000 ** steps, persistent=False)

    @torch.no_grad()
    def forward(self, x: Any, positions: Any) -> Any:
        inv_freq = self.inv_freq[None, :, None].expand(positions.shape[0], -1, 1)
        with torch.autocast(device_type="cpu", enabled=False):
            freqs = (inv_freq.float() @ positions[:, None, :].float()).transpose(1, 2)
            angles = torch.cat((freqs, freqs), dim=-1)
        return angles.cos().to(x.dtype), angles.sin().to(x.dtype)


class _RotaryNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(8, 8)
        self.rotary = _Rotary(8)

    def forward(self, x: Any) -> Any:
        cos, sin = self.rotary(x, torch.arange(x.shape[1])[None])
        return self.fc(x) * cos + x * sin


@pytest.mark.parametrize("capture", CAPTURES)
def test_operations_under_no_grad_and_autocast_are_counted(capture: str) -> None:
    """``matmul`` of (1, 4, 1) by (1, 1, 5): 4 × 5 products, plus the Linear's 5 × 8 × 8."""
    graph = modelviz.from_torch(_RotaryNet().eval(), torch.zeros(1, 5, 8),
                                capture=capture).to_graph()
    graph = ensure_compute(graph, DTYPE_BYTES)
    assert graph.graph["unknown_macs"] == []
    assert graph.nodes["rotary"]["macs"] == 4 * 5
    assert graph.graph["total_macs"] == 4 * 5 + 5 * 8 * 8
    assert [graph.nodes[k]["class_name"] for k in graph.successors("rotary")] == ["mul", "mul"]


class _NoGradBlock(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a, self.b = torch.nn.Linear(4, 4), torch.nn.Linear(4, 2)
        self.skip = torch.nn.Identity()

    def forward(self, x: Any) -> Any:
        with torch.no_grad():  # modules and a matmul inside a wrapper's sub-graph
            y = self.skip(self.a(x)) @ torch.ones(4, 4)
        return self.b(y + x)


def test_a_no_grad_block_keeps_its_modules_and_dataflow() -> None:
    graphs = [ensure_compute(modelviz.from_torch(_NoGradBlock(), torch.zeros(3, 4),
                                                 capture=c).to_graph(), DTYPE_BYTES)
              for c in CAPTURES]
    for graph in graphs:
        assert graph.graph["total_macs"] == 16 + 16 + 8  # a, matmul, b per row
        assert [k for k, d in graph.nodes(data=True) if "module" in d] == ["a", "skip", "b"]
        assert graph.has_edge("a", "skip") and graph.has_edge("add", "b")
    assert len(graphs[0].edges) == len(graphs[1].edges)


class _Tied(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(10, 4)
        self.head = torch.nn.Linear(4, 10, bias=False)
        self.head.weight = self.embed.weight  # tied, as language models do

    def forward(self, ids: Any) -> Any:
        return self.head(self.embed(ids))


def test_tied_weights_count_at_their_first_reader() -> None:
    graph = modelviz.from_torch(_Tied(), torch.zeros(1, 3, dtype=torch.long)).to_graph()
    assert graph.graph["total_params"] == 40
    assert (graph.nodes["embed"]["params"], graph.nodes["head"]["params"]) == (40, 0)
    assert graph.nodes["head"]["shared_weights"][0]["name"] == "embed.weight"


class _Fresh(torch.nn.Module):
    """Each step frees the tensors of the step before; ``from_numpy`` makes a tensor
    outside torch's function API, which may get the ``id`` of a freed one."""

    def forward(self, x: Any) -> Any:
        import numpy

        for _ in range(30):
            x = torch.relu(x + 1) * torch.from_numpy(numpy.ones(4, dtype=numpy.float32))
        return x


def test_a_freed_tensors_id_is_not_its_name_later() -> None:
    graph = modelviz.from_torch(_Fresh(), torch.zeros(2, 4), capture="recorder").to_graph()
    assert len(graph) == 91 and graph.number_of_edges() == 90  # one chain
    assert all(graph.in_degree(node) == 1 for node in list(graph)[1:])


class _Watched(torch.nn.Module):
    """Notes, at the end of its forward, which of its activations are still alive."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(4, 4)
        self.alive: list[bool] = []

    def forward(self, x: Any) -> Any:
        import weakref

        seen = []
        for _ in range(5):
            x = torch.relu(self.fc(x))
            seen.append(weakref.ref(x))
        self.alive = [ref() is not None for ref in seen]
        return x


def test_the_recorder_keeps_no_activation_alive() -> None:
    """Activations are freed during the forward as without modelviz (peak memory)."""
    model = _Watched()
    modelviz.from_torch(model, torch.zeros(2, 4), capture="recorder")
    assert model.alive == [False, False, False, False, True]

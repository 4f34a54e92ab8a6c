"""Loading saved Keras models (.keras, .h5, JSON, TF.js) against references from real Keras.

Expected shapes and counts come from tests/fixtures/ (written by scripts/make_*_fixtures.py
with real Keras); nothing here imports Keras. Hand-made bad files test the error paths.
"""

from __future__ import annotations

import base64
import builtins
import io
import json
import marshal
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

import modelviz
from modelviz import ModelFileError, ModelvizWarning
from modelviz.importers import load, register_layer
from modelviz.importers.custom import REGISTRY
from modelviz.layers.base import clear_session

from .fixtures.model_zoo import ZOO

FIXTURES = Path(__file__).parent / "fixtures"
KERAS3 = FIXTURES / "keras3"
TFKERAS2 = FIXTURES / "tfkeras2"
LEGACY = FIXTURES / "legacy"


def _cases(root: Path, pattern: str) -> list[tuple[Path, Path]]:
    """(saved file, reference) pairs for every fixture that has a reference."""
    return [
        (path, root / f"{path.stem}.json")
        for path in sorted(root.glob(pattern))
        if (root / f"{path.stem}.json").exists()
    ]


SAVED = (
    _cases(KERAS3, "configs/*.json")
    + _cases(KERAS3, "files/*.keras")
    + _cases(TFKERAS2, "configs/*.json")
    + _cases(TFKERAS2, "files/*.h5")
)
LEGACY_CASES = sorted(LEGACY.glob("*.expected.json"))


def _load_quietly(path: Any) -> Any:
    clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelvizWarning)
        return load(path)


def _id(case: Any) -> str:
    return f"{case[0].parent.parent.name}/{case[0].name}" if isinstance(case, tuple) else case.name


# -- every fixture against its Keras reference ---------------------------------------------------
def test_there_are_fixtures() -> None:
    assert len(SAVED) >= 4 and LEGACY_CASES


@pytest.mark.parametrize("case", SAVED, ids=_id)
def test_saved_model_matches_keras(case: tuple[Path, Path]) -> None:
    path, reference = case
    ref = json.loads(reference.read_text())
    model = _load_quietly(path)
    graph = model.to_graph()
    assert model.name == ref["model_name"]
    expected = {layer["path"]: layer for layer in ref["layers"]}
    # Keras 3 leaves operations (``x + y``) out of model.layers; modelviz draws them.
    nodes = [(key, node) for key, node in graph.nodes(data=True) if not _is_op(key, node, expected)]
    assert [key for key, _ in nodes] == list(expected)
    for key, node in nodes:
        layer = expected[key]
        assert node["class_name"] == layer["class_name"] or layer["class_name"] == "Functional", key
        assert [list(s) for s in node["output_shapes"]] == layer["calls"][-1]["output_shapes"], key
        assert (node["params"], node["trainable_params"]) == (
            layer["params"],
            layer["trainable_params"],
        ), key
    for total in ("total_params", "trainable_params", "non_trainable_params"):
        assert graph.graph[total] == ref[total], total


def _is_op(key: str, node: dict[str, Any], expected: dict[str, Any]) -> bool:
    if node.get("is_operation"):
        return True
    return key not in expected and "function" in node["config"] and node["params"] == 0


@pytest.mark.parametrize("expected_path", LEGACY_CASES, ids=_id)
def test_legacy_and_tfjs_files_match_keras(expected_path: Path) -> None:
    ref = json.loads(expected_path.read_text())
    graph = _load_quietly(LEGACY / ref["source"]).to_graph()
    nodes = list(graph.nodes(data=True))
    assert [key for key, _ in nodes] == [layer["name"] for layer in ref["layers"]]
    for (key, node), layer in zip(nodes, ref["layers"], strict=True):
        shapes = [list(s) for s in node["output_shapes"]]
        assert node["class_name"] == layer["class_name"], key
        assert (shapes[0] if len(shapes) == 1 else shapes) == layer["output_shape"], key
        assert node["params"] == layer["params"], key
    assert graph.graph["total_params"] == ref["total_params"]
    assert graph.graph["trainable_params"] == ref["trainable_params"]


ZOO_WITH_CONFIG = [name for name in ZOO if (KERAS3 / "configs" / f"{name}.json").exists()]
_NODE_KEYS = (
    "name",
    "class_name",
    "index",
    "depth",
    "parent",
    "input_shapes",
    "output_shapes",
    "calls",
    "weights",
    "params",
    "trainable_params",
    "non_trainable_params",
    "connected_to",
    "inbound",
    "dtype",
    "trainable",
)


@pytest.mark.parametrize("name", ZOO_WITH_CONFIG)
def test_loaded_graph_equals_defined_graph(name: str) -> None:
    clear_session()
    defined = ZOO[name](modelviz).to_graph()
    loaded = _load_quietly(KERAS3 / "configs" / f"{name}.json").to_graph()
    assert list(loaded.nodes) == list(defined.nodes)
    for key in defined.nodes:
        ours = {k: loaded.nodes[key].get(k) for k in _NODE_KEYS}
        assert ours == {k: defined.nodes[key].get(k) for k in _NODE_KEYS}, key
    assert list(loaded.edges) == list(defined.edges)
    assert loaded.graph["total_params"] == defined.graph["total_params"]


def test_a_live_keras_model_goes_through_to_json() -> None:
    config = (KERAS3 / "configs" / "seed_two_inputs.json").read_text()

    class FakeKerasModel:
        layers = ()

        def get_config(self) -> dict[str, Any]:
            return json.loads(config)["config"]

        def to_json(self) -> str:
            return config

    model = load(FakeKerasModel())
    assert [layer.name for layer in model.layers][-1] == "dense_2"


# -- bad files -----------------------------------------------------------------------------------
def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _functional(layers: list[dict[str, Any]], outputs: Any, inputs: Any = None) -> dict[str, Any]:
    return {
        "class_name": "Functional",
        "config": {
            "name": "m",
            "layers": layers,
            "input_layers": inputs or [["x", 0, 0]],
            "output_layers": outputs,
        },
    }


def _input(name: str = "x", shape: list[Any] | None = None) -> dict[str, Any]:
    return {
        "class_name": "InputLayer",
        "name": name,
        "config": {"name": name, "batch_shape": shape or [None, 4]},
        "inbound_nodes": [],
    }


def _layer(class_name: str, name: str, inbound: list[Any], **config: Any) -> dict[str, Any]:
    return {
        "class_name": class_name,
        "name": name,
        "config": {"name": name, **config},
        "inbound_nodes": inbound,
    }


def _dense(name: str, source: str, units: int = 2) -> dict[str, Any]:
    return _layer("Dense", name, [[[source, 0, 0, {}]]], units=units)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such file"):
        load(tmp_path / "absent.keras")


def test_not_a_zip(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"not a valid .keras zip"):
        load(_write(tmp_path, "m.keras", b"this is not a zip archive at all"))


def test_truncated_zip(tmp_path: Path) -> None:
    data = (KERAS3 / "files" / "seed_two_inputs.keras").read_bytes()
    with pytest.raises(ModelFileError, match=r"m\.keras: .*truncated or damaged"):
        load(_write(tmp_path, "m.keras", data[: len(data) // 2]))


def test_zip_without_config(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata.json", "{}")
    with pytest.raises(ModelFileError, match=r"no config.json"):
        load(_write(tmp_path, "m.keras", buffer.getvalue()))


def test_invalid_json(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="invalid JSON at line 1"):
        load(_write(tmp_path, "m.json", '{"class_name": '))


@pytest.mark.parametrize("doc", [[1, 2], {"foo": 1}, {"class_name": "Dense", "config": {}}])
def test_json_that_is_not_a_model(tmp_path: Path, doc: Any) -> None:
    with pytest.raises(ModelFileError, match=r"m.json: .*(not a Keras model config|not a model)"):
        load(_write(tmp_path, "m.json", doc))


def test_missing_inbound_layer(tmp_path: Path) -> None:
    doc = _functional([_input(), _dense("d", "ghost")], [["d", 0, 0]])
    with pytest.raises(ModelFileError, match="'d' takes its input from 'ghost'"):
        load(_write(tmp_path, "m.json", doc))


def test_cycle_in_inbound_nodes(tmp_path: Path) -> None:
    doc = _functional([_input(), _dense("a", "b"), _dense("b", "a")], [["b", 0, 0]])
    with pytest.raises(ModelFileError, match="cycle"):
        load(_write(tmp_path, "m.json", doc))


def test_unsupported_version(tmp_path: Path) -> None:
    doc = {**_functional([_input()], [["x", 0, 0]]), "keras_version": "9.1.0"}
    with pytest.raises(ModelFileError, match=r"Keras 9.1.0"):
        load(_write(tmp_path, "m.json", doc))


def test_config_without_layers(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no list of layers"):
        load(_write(tmp_path, "m.json", {"class_name": "Functional", "config": {"layers": 3}}))


@pytest.mark.parametrize("dim", [-3, 2**40])
def test_bad_input_dimensions(tmp_path: Path, dim: int) -> None:
    doc = _functional([_input(shape=[None, dim])], [["x", 0, 0]])
    with pytest.raises(ModelFileError, match=f"x \\(InputLayer\\): invalid dimension {dim}"):
        load(_write(tmp_path, "m.json", doc))


def test_absurd_parameter_count(tmp_path: Path) -> None:
    doc = _functional(
        [_input(shape=[None, 10**6]), _dense("big", "x", units=10**7)], [["big", 0, 0]]
    )
    with pytest.raises(ModelFileError, match=r"more than 1,000,000,000,000 parameters.*'big'"):
        load(_write(tmp_path, "m.json", doc))


def test_config_the_layer_rejects(tmp_path: Path) -> None:
    doc = _functional([_input(), _dense("d", "x", units=-1)], [["d", 0, 0]])
    with pytest.raises(ModelFileError, match=r"m\.json: d \(Dense\): units must be a positive"):
        load(_write(tmp_path, "m.json", doc))


def test_the_input_file_is_not_modified(tmp_path: Path) -> None:
    source = KERAS3 / "files" / "seed_two_inputs.keras"
    path = _write(tmp_path, "m.keras", source.read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_h5_without_h5py_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fail_h5py(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "h5py":
            raise ImportError("No module named 'h5py'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fail_h5py)
    path = next(iter(sorted((TFKERAS2 / "files").glob("*.h5"))))
    with pytest.raises(ModelFileError, match=r"needs h5py; install h5py: pip install h5py "
                       r"\(from a modelviz checkout: pip install \"\.\[h5\]\"\)"):
        load(path)


# -- Lambda, operations, unknown and registered layers -------------------------------------------
def _sentinel_code() -> str:
    code = compile("import builtins; builtins.MODELVIZ_RAN = True", "<lambda>", "exec")
    return base64.b64encode(marshal.dumps(code)).decode()


@pytest.mark.parametrize(
    "function",
    [
        [_sentinel_code(), None, None],
        {"class_name": "__lambda__", "config": {"code": _sentinel_code(), "defaults": None}},
    ],
)
def test_lambda_code_is_never_run(tmp_path: Path, function: Any) -> None:
    lam = _layer("Lambda", "lam", [[["x", 0, 0, {}]]], function=function, function_type="lambda")
    path = _write(tmp_path, "m.json", _functional([_input(), lam], [["lam", 0, 0]]))
    with pytest.warns(ModelvizWarning, match=r"lam \(Lambda\): output shape unknown"):
        graph = load(path).to_graph()
    assert not hasattr(builtins, "MODELVIZ_RAN")
    assert graph.nodes["lam"]["output_shapes"] == [(None, 4)]
    assert graph.nodes["lam"]["params"] == 0


def test_lambda_output_shape_from_config(tmp_path: Path) -> None:
    lam = _layer(
        "Lambda",
        "lam",
        [[["x", 0, 0, {}]]],
        function=[_sentinel_code(), None, None],
        output_shape=[2, 2],
        output_shape_type="raw",
    )
    model = _load_quietly(_write(tmp_path, "m.json", _functional([_input(), lam], [["lam", 0, 0]])))
    assert model.get_layer("lam").output.shape == (None, 2, 2)


def test_unknown_layer_is_drawn_with_unknown_params(tmp_path: Path) -> None:
    custom = _layer("MyScaleLayer", "scale", [[["x", 0, 0, {}]]], scale=0.5)
    path = _write(tmp_path, "m.json", _functional([_input(), custom], [["scale", 0, 0]]))
    with pytest.warns(ModelvizWarning, match=r"scale \(MyScaleLayer\): unknown layer class"):
        graph = load(path).to_graph()
    node = graph.nodes["scale"]
    # the file records no output shape for a model output: unknown (?), not a guess
    assert (node["class_name"], node["params"], node["output_shapes"]) == (
        "MyScaleLayer",
        None,
        [],
    )
    assert graph.graph["unknown_params"] == ["scale"]


def test_unknown_layer_takes_its_params_from_h5_weights(tmp_path: Path) -> None:
    h5py = pytest.importorskip("h5py")
    custom = _layer("TheirScale", "ls", [[["x", 0, 0, {}]]], output_shape=[4])
    path = tmp_path / "m.h5"
    with h5py.File(path, "w") as handle:
        handle.attrs["model_config"] = json.dumps(_functional([_input(), custom], [["ls", 0, 0]]))
        handle.attrs["keras_version"] = "2.15.0"
        group = handle.create_group("model_weights/ls")
        group.attrs["weight_names"] = ["ls/gamma:0"]
        group.create_dataset("ls/gamma:0", data=[1.0] * 4)
    graph = _load_quietly(path).to_graph()
    assert graph.nodes["ls"]["params"] == 4
    # which stored weights are trainable, no file says: the split is unknown
    assert graph.nodes["ls"]["weights"] == [{"name": "gamma", "shape": (4,), "trainable": None}]
    assert graph.nodes["ls"]["trainable_params"] is None


def test_weight_count_mismatch_warns_with_the_layer(tmp_path: Path) -> None:
    h5py = pytest.importorskip("h5py")
    weights = io.BytesIO()
    with h5py.File(weights, "w") as handle:
        handle.create_dataset("layers/dense/vars/0", data=[[0.0] * 3] * 100)
    source = zipfile.ZipFile(KERAS3 / "files" / "seed_two_inputs.keras")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", source.read("config.json"))
        archive.writestr("model.weights.h5", weights.getvalue())
    with pytest.warns(ModelvizWarning, match=r"dense \(Dense\): the file stores 300 weight"):
        load(_write(tmp_path, "m.keras", buffer.getvalue()))


def test_tf_op_lambda_broadcasts_and_warns_when_unsure(tmp_path: Path) -> None:
    add = _layer(
        "TFOpLambda",
        "tf.__operators__.add",
        [[["a", 0, 0, {"y": ["b", 0, 0], "name": None}]]],
        function="__operators__.add",
    )
    mean = _layer(
        "TFOpLambda",
        "tf.math.reduce_mean",
        [[["tf.__operators__.add", 0, 0, {"axis": -1}]]],
        function="math.reduce_mean",
    )
    layers = [
        _input(),
        _dense("a", "x", 3),
        _layer("Dense", "b", [[["x", 0, 0, {}]]], units=1),
        add,
        mean,
    ]
    path = _write(tmp_path, "m.json", _functional(layers, [["tf.math.reduce_mean", 0, 0]]))
    with pytest.warns(ModelvizWarning, match=r"tf\.math\.reduce_mean \(TFOpLambda\)"):
        graph = load(path).to_graph()
    assert graph.nodes["tf.__operators__.add"]["output_shapes"] == [(None, 3)]
    assert graph.nodes["tf.__operators__.add"]["inbound"] == ["a", "b"]


def test_keras3_operation_nodes(tmp_path: Path) -> None:
    def tensor(name: str) -> dict[str, Any]:
        return {"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}

    op = {
        "class_name": "Multiply",
        "module": "keras.src.ops.numpy",
        "name": "multiply",
        "config": {"name": "multiply"},
        "inbound_nodes": [{"args": [tensor("x"), tensor("y")], "kwargs": {}}],
    }
    layers = [_input(), _input("y", [None, 1]), op]
    doc = _functional(layers, ["multiply", 0, 0], inputs=[["x", 0, 0], ["y", 0, 0]])
    graph = _load_quietly(_write(tmp_path, "m.json", doc)).to_graph()
    assert graph.nodes["multiply"]["class_name"] == "Multiply"
    assert graph.nodes["multiply"]["output_shapes"] == [(None, 4)]


def test_register_layer_with_callables(tmp_path: Path) -> None:
    register_layer(
        "Doubler",
        output_shape=lambda config, shape: (*shape[:-1], 2 * shape[-1]),
        weights=lambda config, shape: [("w", (shape[-1],), True)],
    )
    try:
        doc = _functional(
            [_input(), _layer("Doubler", "dbl", [[["x", 0, 0, {}]]])], [["dbl", 0, 0]]
        )
        graph = _load_quietly(_write(tmp_path, "m.json", doc)).to_graph()
    finally:
        REGISTRY.pop("Doubler")
    assert graph.nodes["dbl"]["output_shapes"] == [(None, 8)]
    assert (graph.nodes["dbl"]["class_name"], graph.nodes["dbl"]["params"]) == ("Doubler", 4)


def test_register_a_layer_subclass(tmp_path: Path) -> None:
    class MyDense(modelviz.layers.Dense):
        pass

    register_layer(MyDense)
    try:
        doc = _functional(
            [_input(), _layer("MyDense", "md", [[["x", 0, 0, {}]]], units=3)], [["md", 0, 0]]
        )
        model = _load_quietly(_write(tmp_path, "m.json", doc))
    finally:
        REGISTRY.pop("MyDense")
    assert type(model.get_layer("md")) is MyDense and model.count_params() == 15


# -- older formats ---------------------------------------------------------------------------------
def test_keras1_merge_and_cudnn_layers(tmp_path: Path) -> None:
    merge = _layer("Merge", "merge_1", [[["a", 0, 0], ["b", 0, 0]]], mode="concat", concat_axis=-1)
    lstm = _layer("CuDNNLSTM", "cudnn", [[["x", 0, 0]]], units=5, return_sequences=True)
    layers = [_input(shape=[None, 6, 4]), lstm, _dense("a", "cudnn"), _dense("b", "cudnn"), merge]
    doc = {**_functional(layers, [["merge_1", 0, 0]]), "keras_version": "2.2.4"}
    graph = _load_quietly(_write(tmp_path, "m.json", doc)).to_graph()
    assert graph.nodes["merge_1"]["class_name"] == "Concatenate"
    assert graph.nodes["merge_1"]["output_shapes"] == [(None, 6, 4)]
    assert graph.nodes["cudnn"]["params"] == 4 * 5 * (4 + 5) + 8 * 5


def test_mixed_precision_policy(tmp_path: Path) -> None:
    policy = {"class_name": "Policy", "config": {"name": "mixed_float16"}}
    dense = _layer("Dense", "d", [[["x", 0, 0, {}]]], units=2, dtype=policy)
    graph = _load_quietly(
        _write(tmp_path, "m.json", _functional([_input(), dense], [["d", 0, 0]]))
    ).to_graph()
    assert graph.nodes["d"]["dtype"] == "mixed_float16"


def test_keras_applications_layer_scale_is_known(tmp_path: Path) -> None:
    scale = _layer("LayerScale", "ls", [[["x", 0, 0, {}]]], init_values=1e-6, projection_dim=4)
    doc = _functional([_input(), scale], [["ls", 0, 0]])
    graph = _load_quietly(_write(tmp_path, "m.json", doc)).to_graph()
    assert (graph.nodes["ls"]["class_name"], graph.nodes["ls"]["params"]) == ("LayerScale", 4)


def test_a_5000_layer_sequential_loads(tmp_path: Path) -> None:
    layers = [{"class_name": "InputLayer", "config": {"batch_shape": [None, 8], "name": "x"}}]
    layers += [
        {"class_name": "Dense", "config": {"units": 8, "name": f"d{i}"}} for i in range(5000)
    ]
    doc = {"class_name": "Sequential", "config": {"name": "deep", "layers": layers}}
    model = _load_quietly(_write(tmp_path, "m.json", doc))
    assert len(model.layers) == 5000 and model.count_params() == 5000 * 72

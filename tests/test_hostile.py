"""Hostile model files: one line and exit 2 (or a clean load), nothing run, nothing else read.

Each case writes a file the way an attacker or a broken tool would and runs the
real command line in a subprocess under ``sys.addaudithook``: the hook fails the
run if anything is executed (``exec``, ``compile``, ``marshal.loads``, a process,
a socket, ``pickle``) or any file is opened outside the model file and the
Python installation, after a warm-up run has done the lazy imports.
"""

from __future__ import annotations

import base64
import io
import json
import marshal
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
WARM = ROOT / "tests" / "fixtures" / "keras3" / "files" / "seed_two_inputs.keras"
WARM_H5 = ROOT / "tests" / "fixtures" / "files" / "scaled_dense.h5"
WARM_ONNX = ROOT / "tests" / "fixtures" / "onnx" / "depthwise.onnx"  # imports onnx up front

RUNNER = r"""
import contextlib, io, os, sys
model = os.path.realpath(sys.argv[1])
command = sys.argv[2:]
from modelviz.cli import main
sink = io.StringIO()
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    for warm in os.environ["WARM"].split(os.pathsep):
        for fmt in ("text", "json", "rich", "markdown"):
            main(["summary", warm, "--format", fmt])
        main(["summary", "/nonexistent.keras"])
allowed = tuple({sys.prefix, sys.base_prefix, os.path.dirname(os.__file__),
                 os.environ["SRC"], "/dev/", "/proc/", "/sys/"})
EXEC = ("exec", "compile", "marshal.loads", "subprocess.", "os.system", "os.exec", "os.spawn",
        "os.posix_spawn", "os.fork", "socket.", "pickle.", "ctypes.", "builtins.input")
seen = []
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if not (path == model or path.startswith(model + os.sep) or path.startswith(allowed)):
            seen.append(f"open {path}")
    elif event.startswith(EXEC) and not seen:
        seen.append(event)
sys.addaudithook(hook)
code = main(["summary", sys.argv[1], *command])
if seen:
    sys.stderr.write(f"AUDIT {seen[:3]}\n")
    sys.exit(99)
sys.exit(code)
"""


def _run(path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONWARNINGS": "ignore",
                   "SRC": str(ROOT / "src"),
                   "WARM": os.pathsep.join(map(str, (WARM, WARM_H5, WARM_ONNX))),
                   **(env or {})}
    return subprocess.run([sys.executable, "-c", RUNNER, str(path), *args], capture_output=True,
                          text=True, timeout=120, env=environment)


def _assert_error(result: subprocess.CompletedProcess, match: str = "") -> str:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("modelviz: error: "), result.stderr[-2000:]
    assert match.lower() in lines[0].lower(), lines[0]
    return lines[0]


# -- builders ------------------------------------------------------------------------------------
def _input(name: str = "x", shape: list[Any] | None = None) -> dict[str, Any]:
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"name": name, "batch_shape": shape or [None, 4]}}


def _dense(name: str, source: str, **config: Any) -> dict[str, Any]:
    return {"class_name": "Dense", "name": name, "inbound_nodes": [[[source, 0, 0, {}]]],
            "config": {"name": name, "units": 2, **config}}


def _model(layers: list[Any], output: str) -> dict[str, Any]:
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers,
            "input_layers": [["x", 0, 0]], "output_layers": [[output, 0, 0]]}}


def _mlp(**config: Any) -> dict[str, Any]:
    return _model([_input(), _dense("d", "x", **config)], "d")


def _deep(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def _zip(members: dict[str, bytes | str], infos: dict[str, Callable[[zipfile.ZipInfo], None]]
         | None = None, compress: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            (infos or {}).get(name, lambda i: None)(info)
            archive.writestr(info, data)
    return buffer.getvalue()


def _keras(config: Any, **extra: bytes | str) -> bytes:
    text = config if isinstance(config, str) else json.dumps(config)
    return _zip({"metadata.json": json.dumps({"keras_version": "3.15.1"}), "config.json": text,
                 **extra})


def _h5(path: Path, config: Any, build: Callable[[Any], None]) -> Path:
    h5py = pytest.importorskip("h5py")
    with h5py.File(path, "w") as handle:
        handle.attrs["model_config"] = config if isinstance(config, bytes) else json.dumps(config)
        handle.attrs["keras_version"] = "2.15.0"
        build(handle)
    return path


def _weights_h5(build: Callable[[Any], None]) -> bytes:
    h5py = pytest.importorskip("h5py")
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        build(handle)
    return buffer.getvalue()


def _encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag bit of config.json in both zip headers."""
    out = bytearray(data)
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := out.find(magic, start)) >= 0:
            name_at = start + (30 if magic == b"PK\x03\x04" else 46)
            if out[name_at:name_at + 11] == b"config.json":
                out[start + offset] |= 1
            start += 4
    return bytes(out)


def _symlink(info: zipfile.ZipInfo) -> None:
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16


def _sentinel() -> str:
    code = compile("open('/tmp/modelviz-hostile-ran', 'w')", "<lambda>", "exec")
    return base64.b64encode(marshal.dumps(code)).decode()


# -- cases that must end with exit 2 and one line ------------------------------------------------
def _write(path: Path, content: Any) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content),
                        encoding="utf-8")
    return path


ERRORS: dict[str, tuple[str, Any, str]] = {
    "deep_json": ("m.json", _deep(), "nested more than"),
    "deep_config_json": ("m.keras", _keras(_deep()), "nested more than"),
    "deep_metadata_json": ("m.keras", _zip({"config.json": json.dumps(_mlp()),
                                            "metadata.json": _deep()}), "metadata.json"),
    "deep_tfjs_topology": ("model.json", '{"modelTopology": ' + _deep() + "}", "nested"),
    "deep_layer_config": ("m.json", json.dumps(_mlp()).replace('"units": 2', '"units": '
                                                               + _deep()), "nested"),
    "huge_integer": ("m.json", json.dumps(_mlp()).replace('"units": 2', '"units": 1'
                                                          + "0" * 5000), "number too large"),
    "int_beyond_64_bits": ("m.json", json.dumps(_mlp()).replace('"units": 2', '"units": 1'
                                                                + "0" * 30), "64 bits"),
    "manifest_list_of_int": ("model.json", {"modelTopology": _mlp(), "weightsManifest": [1]},
                             "weightsManifest"),
    "manifest_string": ("model.json", {"modelTopology": _mlp(), "weightsManifest": "abc"},
                        "weightsManifest"),
    "manifest_dict": ("model.json", {"modelTopology": _mlp(), "weightsManifest": {"weights": []}},
                      "weightsManifest"),
    "manifest_weights_int": ("model.json", {"modelTopology": _mlp(),
                                            "weightsManifest": [{"weights": 5}]},
                             "weightsManifest"),
    "encrypted_config": ("m.keras", _encrypted(_keras(_mlp())), "encrypted"),
    "symlink_config": ("m.keras", _zip({"config.json": "/etc/passwd"},
                                       {"config.json": _symlink}), "symbolic link"),
    "traversal_names": ("m.keras", _zip({"../config.json": json.dumps(_mlp()),
                                         "/abs/config.json": "{}"}), "no config.json"),
    "huge_input_shape": ("m.json", _model([_input(shape=[None, 2**40])], "x"),
                         "invalid dimension"),
    "huge_dense": ("m.json", _model([_input(shape=[None, 10**6]), _dense("d", "x",
                                                                         units=10**8)], "d"),
                   "parameters"),
    "negative_dim": ("m.json", _model([_input(shape=[None, -3])], "x"), "invalid dimension"),
    "cycle": ("m.json", _model([_input(), _dense("a", "b"), _dense("b", "a")], "b"), "cycle"),
    "duplicate_names": ("m.json", _model([_input(), _dense("d", "x"), _dense("d", "x")], "d"),
                        "two layers named 'd'"),
    "pytorch_pickle": ("net.pt", b"\x80\x02\x8a\nlz\xfc\x9cF\xf9 j\xa8P\x19.\x80\x02}q\x00.",
                       "PyTorch"),
    "pytorch_zip_as_keras": ("net.keras", _zip({"archive/data.pkl": b"\x80\x02}.",
                                                "archive/version": "3"}), "PyTorch"),
    "onnx_damaged": ("net.onnx", b"\xff\xff\xff not protobuf", "not a readable ONNX model"),
    "tflite": ("net.tflite", b"\x1c\x00\x00\x00TFL3\x00\x00\x00\x00", "TensorFlow Lite"),
    "tfjs_graph_model": ("model.json", {"format": "graph-model", "modelTopology": {"node": []}},
                         "graph model"),
    "garbage_bytes": ("m.h5", b"\x00\x01\x02 not a model", "not a file modelviz recognises"),
    "empty_keras": ("m.keras", b"", "empty file"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_hostile_file_is_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    name, content, match = ERRORS[case]
    path = _write(tmp_path / name, content)
    before = path.read_bytes()
    line = _assert_error(_run(path), match)
    assert "damaged .keras" not in line or name.endswith(".keras")
    assert path.read_bytes() == before


def test_zip_bomb_config_is_capped_and_the_message_says_how_to_raise_it(tmp_path: Path) -> None:
    bomb = json.dumps(_mlp()) + " " * (3 * 2**20)
    path = _write(tmp_path / "m.keras", _keras(bomb))
    path.write_bytes(_zip({"config.json": bomb}, compress=zipfile.ZIP_DEFLATED))
    assert path.stat().st_size < 2**20 // 10
    line = _assert_error(_run(path, env={"MODELVIZ_MAX_MEMBER_MB": "2"}), "2 MiB")
    assert "MODELVIZ_MAX_MEMBER_MB" in line
    assert _run(path, env={"MODELVIZ_MAX_MEMBER_MB": "8"}).returncode == 0


def test_zip_bomb_metadata_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "m.keras"
    path.write_bytes(_zip({"config.json": json.dumps(_mlp()), "metadata.json": "{}" + " " * 2**22},
                          compress=zipfile.ZIP_DEFLATED))
    _assert_error(_run(path, env={"MODELVIZ_MAX_MEMBER_MB": "1"}), "metadata.json inflates")


def test_keras_weights_with_a_dataset_where_a_group_belongs(tmp_path: Path) -> None:
    weights = _weights_h5(lambda h: h.create_dataset("layers/dense", data=[1.0]))
    path = _write(tmp_path / "m.keras", _keras(_mlp(), **{"model.weights.h5": weights}))
    _assert_error(_run(path), "dataset where Keras writes a group")


@pytest.mark.parametrize("weight_names", [5, "d/kernel:0", [1, 2]])
def test_h5_weight_names_not_a_list_of_names(weight_names: Any, tmp_path: Path) -> None:
    def build(handle: Any) -> None:
        handle.create_group("model_weights/d").attrs["weight_names"] = weight_names

    _assert_error(_run(_h5(tmp_path / "m.h5", _mlp(), build)), "weight_names")


def test_h5_model_weights_is_a_dataset(tmp_path: Path) -> None:
    path = _h5(tmp_path / "m.h5", _mlp(), lambda h: h.create_dataset("model_weights", data=[1]))
    _assert_error(_run(path), "model_weights")


def test_saved_model_folder_says_what_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"\x08\x01")
    line = _assert_error(_run(folder), "TensorFlow SavedModel folder")
    assert "modelviz reads" in line


# -- cases that load: nothing runs, names that cannot be encoded are escaped ---------------------
def test_lambda_bytecode_and_os_module_are_never_run(tmp_path: Path) -> None:
    lam = {"class_name": "Lambda", "name": "lam", "inbound_nodes": [[["x", 0, 0, {}]]],
           "config": {"name": "lam", "function": [_sentinel(), None, None],
                      "function_type": "lambda", "module": "os"}}
    system = {"class_name": "system", "module": "os", "registered_name": "os>system",
              "name": "sys", "inbound_nodes": [[["lam", 0, 0, {}]]],
              "config": {"name": "sys", "command": "touch /tmp/modelviz-hostile-ran"}}
    path = _write(tmp_path / "m.json", _model([_input(), lam, system], "sys"))
    result = _run(path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not Path("/tmp/modelviz-hostile-ran").exists()


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_lone_surrogate_names_are_escaped_in_every_format(fmt: str, tmp_path: Path) -> None:
    doc = json.dumps(_model([_input(), _dense("lone\ud800x", "x")], "lone\ud800x"))
    assert "\\ud800" in doc
    path = _write(tmp_path / "m.json", doc)
    result = _run(path, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "ud800x" in result.stdout  # written out as text, escaped as each format escapes "\\"


def test_bad_utf8_in_an_h5_config_is_escaped(tmp_path: Path) -> None:
    config = json.dumps(_model([_input(), _dense("bad_NAME", "x")], "bad_NAME")).encode()
    path = _h5(tmp_path / "m.h5", config.replace(b"_NAME", b"\xff\xfe"), lambda h: None)
    result = _run(path)
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert "bad\\udcff\\udcfe" in result.stdout
    else:
        _assert_error(result)


def test_a_surrogate_name_reaches_a_dot_file(tmp_path: Path) -> None:
    doc = json.dumps(_model([_input(), _dense("lone\ud800x", "x")], "lone\ud800x"))
    path = _write(tmp_path / "m.json", doc)
    out = tmp_path / "m.dot"
    result = subprocess.run([sys.executable, "-m", "modelviz", "plot", str(path), "-o", str(out),
                             "--show-layer-names"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
                                 "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr
    assert "ud800x" in out.read_text(encoding="utf-8")


def test_good_files_pass_the_audit(tmp_path: Path) -> None:
    for path in (WARM, WARM_H5, ROOT / "tests" / "fixtures" / "tfjs" / "tfjs_cnn"):
        result = _run(path)
        assert result.returncode == 0, result.stderr


def test_the_audit_hook_catches_code_that_runs() -> None:
    """A .py model definition is run on purpose: the hook must see it, or it proves nothing."""
    result = _run(ROOT / "examples" / "cifar_cnn.py")
    assert result.returncode == 99 and "AUDIT" in result.stderr, result.stderr[-500:]


@pytest.mark.parametrize("where", ["legacy", "keras"])
def test_hdf5_links_to_other_files_are_not_followed(where: str, tmp_path: Path) -> None:
    h5py = pytest.importorskip("h5py")
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as handle:
        handle.create_dataset("secret", data=[1.0, 2.0])
    link = h5py.ExternalLink(str(other), "/secret")
    if where == "legacy":
        def build(handle: Any) -> None:
            group = handle.create_group("model_weights/d")
            group.attrs["weight_names"] = ["d/kernel:0"]
            group["d/kernel:0"] = link

        path = _h5(tmp_path / "m.h5", _mlp(), build)
    else:
        def build(handle: Any) -> None:
            handle.create_group("layers/dense/vars")["0"] = link

        path = _write(tmp_path / "m.keras",
                      _keras(_mlp(), **{"model.weights.h5": _weights_h5(build)}))
    _assert_error(_run(path), "is a link (ExternalLink)")


def test_cli_warnings_are_one_line_each() -> None:
    # a Keras 3 .h5 Sequential records no shape for its custom layer: a warning says so
    warns = ROOT / "tests" / "fixtures" / "files" / "scaled_dense_seq.h5"
    result = subprocess.run([sys.executable, "-m", "modelviz", "summary", str(warns)],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    lines = result.stderr.splitlines()
    assert result.returncode == 0 and lines, result.stderr
    assert all(line.startswith("modelviz: warning: ") for line in lines), result.stderr
    assert ".py:" not in result.stderr and "site-packages" not in result.stderr


# -- diagrams whose provenance record is hostile (`modelviz check`) ------------------------------
EVIL = "open(__file__ + '.ran', 'w').close()\nfrom modelviz import Sequential, Input, layers\n" \
       "model = Sequential([Input((4,)), layers.Dense(2)])\n"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "modelviz", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one honest diagram (``docs/net.dot`` of ``net.py``) and, outside
    it, a model file that records when it runs."""
    from modelviz.drawings import plot_file

    project = tmp_path / "repo"
    (project / ".git").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "net.py").write_text(EVIL.replace("open(__file__ + '.ran', 'w').close()\n", ""))
    plot_file(project / "net.py", project / "docs" / "net.dot", show_shapes=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "evil.py").write_text(EVIL)
    return project


def _forge(diagram: Path, **changes: Any) -> None:
    """Rewrite the DOT record of ``diagram`` with ``changes``."""
    from modelviz.provenance import read_record, stamp

    data = diagram.read_bytes()
    record = {**read_record(data, "dot"), **changes}
    diagram.write_bytes(stamp(data.split(b"\n", 1)[1], "dot", record))


def _nothing_ran(tmp_path: Path) -> bool:
    return not list(tmp_path.rglob("*.ran"))


@pytest.mark.parametrize("update", [False, True])
@pytest.mark.parametrize("source", ["ABSOLUTE", "../../elsewhere/evil.py", "../link.py",
                                    "~/evil.py", "", 5, None])
def test_a_record_cannot_run_a_file_outside_the_repository(repo: Path, source: Any,
                                                           update: bool) -> None:
    evil = repo.parent / "elsewhere" / "evil.py"
    (repo / "link.py").symlink_to(evil)
    _forge(repo / "docs" / "net.dot", source=str(evil) if source == "ABSOLUTE" else source)
    before = (repo / "docs" / "net.dot").read_bytes()
    result = _cli("check", *(["--update"] if update else []), "docs/net.dot", cwd=repo)
    _assert_error(result, "net.dot")
    assert _nothing_ran(repo.parent), "the record made modelviz run a file"
    assert (repo / "docs" / "net.dot").read_bytes() == before


def test_a_diff_record_is_confined_too(repo: Path) -> None:
    _forge(repo / "docs" / "net.dot", kind="diff", options={},
           sources=["../net.py", "../../elsewhere/evil.py"])
    _assert_error(_cli("check", "docs/net.dot", cwd=repo), "outside the project")
    assert _nothing_ran(repo.parent)


def test_update_writes_the_checked_file_and_only_it(repo: Path) -> None:
    (repo / "docs" / "index.html").write_text("<p>home</p>")
    (repo / "net.py").write_text((repo / "net.py").read_text().replace("Dense(2)", "Dense(3)"))
    _forge(repo / "docs" / "net.dot", output="index.html")
    before = sorted(p.name for p in (repo / "docs").iterdir())
    result = _cli("check", "--update", "docs/net.dot", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert (repo / "docs" / "index.html").read_text() == "<p>home</p>"
    assert "(None, 3)" in (repo / "docs" / "net.dot").read_text()
    assert sorted(p.name for p in (repo / "docs").iterdir()) == before  # no temporary left


def test_update_never_writes_through_a_symlink_that_leaves_the_repository(repo: Path) -> None:
    outside = repo.parent / "elsewhere" / "victim.dot"
    outside.write_bytes((repo / "docs" / "net.dot").read_bytes())
    _forge(outside, source="../net.py")  # the model, seen from the link inside the repository
    (repo / "docs" / "linked.dot").symlink_to(outside)
    (repo / "net.py").write_text((repo / "net.py").read_text().replace("Dense(2)", "Dense(3)"))
    before = outside.read_bytes()
    _assert_error(_cli("check", "--update", "docs/linked.dot", cwd=repo), "outside the project")
    assert outside.read_bytes() == before


@pytest.mark.parametrize("options", [{"to_file": "index.html"}, {"model": 1},
                                     {"show_shapes": {"a": 1}}, "abc"])
def test_a_record_with_foreign_options_is_refused(repo: Path, options: Any) -> None:
    _forge(repo / "docs" / "net.dot", options=options)
    _assert_error(_cli("check", "--update", "docs/net.dot", cwd=repo), "net.dot")
    assert not (repo / "docs" / "index.html").exists()


@pytest.mark.parametrize("record", [b"[" * 100_000 + b"]" * 100_000,
                                    b'{"source": "net.py", "options": {}, "x": "'
                                    + b"a" * 200_000 + b'"}'])
def test_a_deep_or_huge_record_is_no_record(repo: Path, record: bytes) -> None:
    diagram = repo / "docs" / "net.dot"
    diagram.write_bytes(b"// modelviz: " + record + b"\n" + diagram.read_bytes())
    _assert_error(_cli("check", "docs/net.dot", cwd=repo), "no modelviz record")


def test_model_files_that_exit_or_define_no_model(tmp_path: Path) -> None:
    (tmp_path / "exits.py").write_text("import sys\nsys.exit(3)\n")
    (tmp_path / "number.py").write_text("model = 42\n")
    _assert_error(_cli("summary", "exits.py", cwd=tmp_path), "sys.exit(3)")
    _assert_error(_cli("summary", "number.py", cwd=tmp_path), "`model` is an int, not a model")
# -- ONNX files that never end, or end too late (issue 20, items 3-5) ---------------------------
def _onnx_model(functions: list[Any], top: str = "F", graph_nodes: list[Any] | None = None,
                ) -> bytes:
    """A model calling local function ``top``; ``functions``: (name, [callees]) pairs."""
    onnx = pytest.importorskip("onnx")
    helper = onnx.helper

    def body(name: str, callees: list[str]) -> Any:
        nodes, previous = [], "x"
        for index, callee in enumerate(callees):
            domain = "" if callee[0].islower() else "local"
            op = callee.capitalize() if domain == "" else callee
            nodes.append(helper.make_node(op, [previous], [f"t{index}"], domain=domain))
            previous = f"t{index}"
        nodes.append(helper.make_node("Identity", [previous], ["y"]))
        return helper.make_function("local", name, ["x"], ["y"], nodes,
                                    [helper.make_opsetid("", 17)])

    nodes = graph_nodes or [helper.make_node(top, ["in"], ["out"], domain="local", name="call")]
    info = [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, [1, 4]) for n in
            (nodes[0].input[0], nodes[-1].output[0])]
    graph = helper.make_graph(nodes, "g", [info[0]], [info[1]])
    model = helper.make_model(graph, functions=[body(*f) for f in functions],
                              opset_imports=[helper.make_opsetid("", 17),
                                             helper.make_opsetid("local", 1)])
    return model.SerializeToString()


def _chain(length: int) -> bytes:
    onnx = pytest.importorskip("onnx")
    nodes = [onnx.helper.make_node("Relu", [f"t{i}"], [f"t{i + 1}"], name=f"relu{i}")
             for i in range(length)]
    return _onnx_model([], graph_nodes=nodes)


def _limited(path: Path, *args: str, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess:
    """``_run`` with 2 GB of address space, so the old endless reads fail instead of swapping."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))

    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONWARNINGS": "ignore",
                   "SRC": str(ROOT / "src"), "WARM": str(WARM_ONNX), **(env or {})}
    return subprocess.run([sys.executable, "-c", RUNNER, str(path), *args], capture_output=True,
                          text=True, timeout=60, env=environment, preexec_fn=cap)


ONNX_ATTACKS: dict[str, tuple[list[tuple[str, list[str]]], str, str]] = {
    "calls_itself": ([("F", ["F"])], "F", "'local.F' calls itself ('local.F' -> 'local.F')"),
    "mutual_recursion": ([("F", ["G"]), ("G", ["relu", "F"])], "F",
                         "'local.F' -> 'local.G' -> 'local.F'"),
    "recursion_not_called": ([("F", ["relu"]), ("H", ["H"])], "F", "'local.H' calls itself"),
    "fan_out_10_by_12": ([(f"F{i}", [f"F{i + 1}"] * 10) for i in range(12)] + [("F12", ["relu"])],
                         "F0", "2,111,111,111,111 operators once local functions are expanded"),
    "nested_200_deep": ([(f"F{i}", [f"F{i + 1}"]) for i in range(200)] + [("F200", ["relu"])],
                        "F0", "nest 201 deep"),
}


@pytest.mark.parametrize("case", sorted(ONNX_ATTACKS))
def test_onnx_functions_that_never_end_are_refused(case: str, tmp_path: Path) -> None:
    functions, top, match = ONNX_ATTACKS[case]
    content = _onnx_model(functions, top)
    assert len(content) < 20_000
    line = _assert_error(_limited(_write(tmp_path / "m.onnx", content)), match)
    if "deep" in case or "fan" in case:
        assert ("MODELVIZ_MAX_ONNX_DEPTH" if "deep" in case else "MODELVIZ_MAX_ONNX_NODES") in line


def test_onnx_node_limit_is_named_and_can_be_raised(tmp_path: Path) -> None:
    path = _write(tmp_path / "chain.onnx", _chain(300))
    line = _assert_error(_limited(path, env={"MODELVIZ_MAX_ONNX_NODES": "200"}),
                         "300 operators once local functions are expanded, more than the limit "
                         "of 200")
    assert "MODELVIZ_MAX_ONNX_NODES" in line
    assert _limited(path, env={"MODELVIZ_MAX_ONNX_NODES": "400"}).returncode == 0


def test_onnx_limits_keep_100k_node_models_and_count_function_bodies() -> None:
    onnx = pytest.importorskip("onnx")
    from modelviz.importers.onnx_bounds import check_bounds
    from modelviz.limits import ONNX_DEPTH, ONNX_NODES, env_limit

    assert env_limit(ONNX_NODES) >= 300_000 and env_limit(ONNX_DEPTH) >= 32
    three_levels = [(f"F{i}", [f"F{i + 1}"] * 3) for i in range(3)] + [("F3", ["relu", "relu"])]
    model = onnx.load_from_string(_onnx_model(three_levels, top="F0"))
    # 27 calls of F3 (2 Relu + Identity) + the Identity of each body: 27*3 + 9 + 3 + 1
    assert check_bounds(model, "m.onnx") == 94


BAD_NAME_SCOPES = ["5", "{1: 2}", "-" * 100_000 + "1", "[1, 2]", "['a', 5]", "['a' 'b']",
                   "[" * 50_000, "['" + "x" * 20_000_000 + "']", "['a', '\\N{nope}']",
                   "__import__('os').system('touch /tmp/modelviz-hostile-ran')"]


def test_onnx_name_scopes_metadata_that_is_not_a_list_of_names(tmp_path: Path) -> None:
    """Each operator carries another bad value: the model loads, with one warning in all."""
    onnx = pytest.importorskip("onnx")
    model = onnx.load_from_string(_chain(len(BAD_NAME_SCOPES)))
    for node, value in zip(model.graph.node, BAD_NAME_SCOPES, strict=True):
        onnx.helper.set_metadata_props(node, {"pkg.torch.onnx.name_scopes": value})
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    result = _limited(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "relu9" in result.stdout  # read, with module paths from the node names
    result = subprocess.run([sys.executable, "-m", "modelviz", "summary", str(path)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    lines = result.stderr.splitlines()
    assert result.returncode == 0 and len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("modelviz: warning: relu0 (Relu): ONNX metadata"), lines
    assert not Path("/tmp/modelviz-hostile-ran").exists()


def test_onnx_name_scopes_metadata_that_is_a_list_of_names_still_groups(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from modelviz.importers import load

    model = onnx.load_from_string(_chain(2))
    for node in model.graph.node:
        onnx.helper.set_metadata_props(node, {
            "pkg.torch.onnx.name_scopes": "['', 'blo\\'ck', \"it's\", 'relu']",
            "pkg.torch.onnx.class_hierarchy": "['M', 'torch.nn.Sequential', 'x.Act', 'aten']"})
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    graph = load(path).to_graph()
    assert graph.nodes["blo'ck"]["class_name"] == "Sequential"


# -- names the JSON output must give back (issue 20 item 11) -------------------------------------
def test_lone_surrogate_names_round_trip_through_json(tmp_path: Path) -> None:
    doc = json.dumps(_model([_input(), _dense("lone\ud800x", "x")], "lone\ud800x"))
    path = _write(tmp_path / "m.json", doc)
    result = _run(path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"lone\\ud800x"' in result.stdout  # the JSON escape, as the file wrote it
    names = [layer["name"] for layer in json.loads(result.stdout)["layers"]]
    assert names == ["x", "lone\ud800x"]
    other = _write(tmp_path / "n.json", doc.replace('"units": 2', '"units": 3'))
    diffed = subprocess.run([sys.executable, "-m", "modelviz", "diff", str(path), str(other),
                             "--format", "json"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert diffed.returncode == 0, diffed.stderr
    assert json.loads(diffed.stdout)["changed"][0]["new"] == "lone\ud800x"

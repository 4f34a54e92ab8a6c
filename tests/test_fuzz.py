"""Property-based tests: random models, hostile names and damaged model files.

Every case either works (and then keeps the invariants: the total is the sum of the rows,
DOT parses, SVG is XML) or raises a ModelvizError: never another exception, never a hang
(each case runs under a SIGALRM bound) and never a write to the file being read.
Case counts and findings are recorded in docs/benchmarks.md ("Fuzzing").
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydot
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelviz import Input, Model, Sequential, layers, load
from modelviz.diagram import DotOptions, to_dot
from modelviz.diagram.labels import escape, shorten
from modelviz.errors import ModelvizError
from modelviz.layers.base import clear_session
from modelviz.render import render
from modelviz.tables import format_summary, summary_rows

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CASE_SECONDS = 10
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
HOSTILE = "<>&\"'{}|\\\n\t\x00\x7f é中🙂"


class CaseTimeoutError(Exception):
    """A case ran longer than CASE_SECONDS: a hang."""


@contextlib.contextmanager
def time_bound(seconds: int = CASE_SECONDS) -> Iterator[None]:
    """Fail a case that runs too long (POSIX; elsewhere only hypothesis bounds it)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeoutError(f"case ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- random models ----------------------------------------------------------------------
_UNARY = ("dense", "dropout", "activation", "layer_norm", "batch_norm", "conv1d", "shared")
_MERGE = ("add", "concatenate", "multiply", "average")


def _unary(kind: str, units: int, shared: layers.Layer) -> layers.Layer:
    return {"dense": lambda: layers.Dense(units, activation="relu"),
            "dropout": lambda: layers.Dropout(0.5),
            "activation": lambda: layers.Activation("tanh"),
            "layer_norm": layers.LayerNormalization,
            "batch_norm": layers.BatchNormalization,
            "conv1d": lambda: layers.Conv1D(units, 3, padding="same"),
            "shared": lambda: shared}[kind]()


def _merge(kind: str) -> layers.Layer:
    return {"add": layers.Add, "concatenate": layers.Concatenate, "multiply": layers.Multiply,
            "average": layers.Average}[kind]()


steps = st.lists(st.tuples(st.sampled_from(_UNARY + _MERGE), st.sampled_from([4, 8]),
                           st.integers(0, 10)), min_size=1, max_size=12)


def _functional(plan: list[tuple[str, int, int]], features: int) -> Model:
    inputs = Input((5, features))
    tensors = [inputs]
    shared = layers.Dense(features, name="shared_dense")
    for kind, units, pick in plan:
        x = tensors[pick % len(tensors)]
        if kind in _MERGE:
            other = tensors[(pick * 7 + 1) % len(tensors)]
            x = _merge(kind)([x, other])
        else:
            x = _unary(kind, units, shared)(x)
        tensors.append(x)
    return Model(inputs, tensors[-1])


def _sequential(plan: list[tuple[str, int, int]], features: int) -> Sequential:
    chosen = [_unary(kind, units, layers.Dense(units)) for kind, units, _ in plan
              if kind in _UNARY]
    return Sequential([Input((5, features)), *chosen])


def _check_model(graph: Any, svg: bool = False) -> None:
    rows = summary_rows(graph)
    assert sum(row.params or 0 for row in rows) == graph.graph["total_params"]
    for fmt in ("text", "rich", "markdown"):
        assert format_summary(graph, fmt=fmt)
    json.loads(format_summary(graph, fmt="json"))
    dot = to_dot(graph, DotOptions(show_shapes=True, show_layer_names=True, show_params=True,
                                   show_title=True))
    assert pydot.graph_from_dot_data(dot), dot[:300]
    if svg:
        ET.fromstring(render(dot, "svg", engine="graphviz-pure"))


@FUZZ
@given(plan=steps, features=st.sampled_from([4, 8]), functional=st.booleans())
def test_random_models_work_or_raise_modelviz_error(plan: list[tuple[str, int, int]],
                                                    features: int, functional: bool) -> None:
    clear_session()
    with time_bound():
        try:
            model = (_functional if functional else _sequential)(plan, features)
            graph = model.to_graph()
        except ModelvizError as err:
            assert str(err) and "\n" not in str(err).strip()
            return
        _check_model(graph)


@settings(FUZZ, max_examples=12)
@given(plan=steps, features=st.sampled_from([4, 8]))
def test_random_models_render_well_formed_svg(plan: list[tuple[str, int, int]],
                                              features: int) -> None:
    clear_session()
    with time_bound():
        try:
            graph = _functional(plan, features).to_graph()
        except ModelvizError:
            return
        _check_model(graph, svg=True)


# -- hostile names -------------------------------------------------------------------------
names = st.one_of(st.text(alphabet=st.sampled_from(HOSTILE + "ab_"), min_size=1, max_size=30),
                  st.text(min_size=1, max_size=20),
                  st.builds(lambda s, n: (s * n)[:10_000], st.text(HOSTILE, min_size=1,
                                                                   max_size=5),
                            st.just(10_000)))


@settings(FUZZ, max_examples=40)
@given(layer_name=names, model_name=names)
def test_hostile_names_stay_valid_and_escaped(layer_name: str, model_name: str) -> None:
    clear_session()
    with time_bound():
        inputs = Input((3,))
        model = Model(inputs, layers.Dense(2, name=layer_name)(inputs), name=model_name)
        graph = model.to_graph()
        data = json.loads(format_summary(graph, fmt="json"))
        assert data["name"] == model_name and data["layers"][-1]["name"] == layer_name
        text = format_summary(graph)
        assert all(ord(c) >= 32 or c == "\n" for c in text)  # control characters cleaned
        dot = to_dot(graph, DotOptions(show_layer_names=True, show_title=True))
        assert escape(shorten(layer_name)) in dot
        assert pydot.graph_from_dot_data(dot)
        svg = render(dot, "svg", engine="graphviz-pure") if len(layer_name) < 200 else None
        if svg is not None:
            ET.fromstring(svg)


# -- damaged files -------------------------------------------------------------------------
def _fixtures(pattern: str, limit_bytes: int = 300_000) -> list[Path]:
    found = [path for folder in ("keras3/configs", "keras3/files", "tfkeras2/files")
             for path in sorted((FIXTURES / folder).glob(pattern))]
    return [path for path in found if path.stat().st_size < limit_bytes]


JSON_FILES = _fixtures("*.json")
BINARY_FILES = _fixtures("*.keras") + _fixtures("*.h5")
_VALUES = [None, -1, 0, 1, 10**12, 2.5, "", "x", "relu", [], [None], [1, 2], {}, {"a": 1}, True,
           [[1]], {"class_name": "Dense", "config": {}}, "same", [None, -3], "\x00<&>"]


def _json_paths(document: Any) -> list[tuple[Any, ...]]:
    found, stack = [], [(document, ())]
    while stack:
        item, path = stack.pop()
        children = (item.items() if isinstance(item, dict)
                    else enumerate(item) if isinstance(item, list) else [])
        for key, value in children:
            found.append((*path, key))
            stack.append((value, (*path, key)))
    return found


def _mutate_json(document: Any, rng: random.Random) -> Any:
    for _ in range(rng.randint(1, 3)):
        paths = _json_paths(document)
        if not paths:
            return document
        path = rng.choice(paths)
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.3:
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(_VALUES)
    return document


def _mutate_bytes(data: bytes, suffix: str, rng: random.Random) -> bytes:
    how = rng.choice(["truncate", "flip", "config"] if suffix == ".keras" else
                     ["truncate", "flip"])
    if how == "truncate":
        return data[:rng.randrange(len(data))]
    if how == "flip":
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "config.json":
                document = _mutate_json(json.loads(content), rng)
                content = json.dumps(document).encode()
            target.writestr(name, content)
    return out.getvalue()


def _load_case(path: Path) -> None:
    before = path.read_bytes()
    with time_bound(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = load(path)
            graph = model.to_graph()
            format_summary(graph)
            to_dot(graph, DotOptions(show_shapes=True))
        except ModelvizError as err:
            assert str(err).strip(), "an error needs a message"
    assert path.read_bytes() == before, "the input file was written to"


@settings(FUZZ, max_examples=200)
@given(index=st.integers(0, len(JSON_FILES) - 1), seed=st.integers(0, 2**32 - 1))
def test_mutated_json_configs(index: int, seed: int, tmp_path_factory: Any) -> None:
    source = JSON_FILES[index]
    document = _mutate_json(json.loads(source.read_text()), random.Random(seed))
    path = tmp_path_factory.mktemp("case") / source.name
    path.write_text(json.dumps(document))
    _load_case(path)


@settings(FUZZ, max_examples=200)
@given(index=st.integers(0, len(BINARY_FILES) - 1), seed=st.integers(0, 2**32 - 1))
def test_damaged_keras_and_h5_files(index: int, seed: int, tmp_path_factory: Any) -> None:
    source = BINARY_FILES[index]
    path = tmp_path_factory.mktemp("case") / source.name
    path.write_bytes(_mutate_bytes(source.read_bytes(), source.suffix, random.Random(seed)))
    _load_case(path)


# -- the command line ------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"{", b"\x89HDF\r\n garbage", b"PK\x03\x04 broken",
                                     b'{"class_name": "Sequential", "config": 3}'])
@pytest.mark.parametrize("suffix", [".json", ".keras", ".h5"])
def test_cli_bad_file_is_exit_2_and_one_line(tmp_path: Path, content: bytes,
                                             suffix: str) -> None:
    if suffix != ".json" and content.startswith(b"{"):
        pytest.skip("JSON content is only tried as .json")
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "modelviz", "summary", str(path)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("modelviz: error: "), result.stderr
    assert path.read_bytes() == content

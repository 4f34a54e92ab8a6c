"""Dump every output the ONNX reader and ``build_graph`` decide, to compare two versions.

Run: ``PYTHONPATH=src python scripts/onnx_outputs.py OUT_DIR`` (then ``diff -r`` two dirs).
For each ONNX fixture, the gallery's ONNX files, a 10,000-node chain and the torch
captures of ``tests/fixtures/torch_models.py``: the whole graph (every node record with
sorted keys, every edge with its data, the graph attributes, by ``repr``), and the CLI's
``text``, ``--expand-nested``, ``--format json --show-macs``, ``--fold-repeats
--show-macs`` summaries and the expanded ``.dot``. Not a test (a refactoring aid).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUMMARIES = ([], ["--expand-nested"], ["--format", "json", "--show-macs"],
             ["--fold-repeats", "--show-macs"])


def graph_text(graph: Any) -> str:
    """Every node record (sorted keys), edge (with data) and graph attribute, by repr."""
    lines = [repr(sorted(graph.graph.items()))]
    lines += [f"{key!r} {sorted(data.items())!r}" for key, data in graph.nodes(data=True)]
    lines += [f"{u!r} -> {v!r} {sorted(data.items())!r}" for u, v, data in graph.edges(data=True)]
    return "\n".join(lines) + "\n"


def cli_text(*args: str) -> str:
    from modelviz import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            status = cli.main(list(args))
        except SystemExit as stop:
            status = stop.code
    return f"{out.getvalue()}\nstatus {status}\n"


def dump_file(path: Path, out: Path) -> None:
    from modelviz import load

    stem = out / path.stem
    stem.with_suffix(".graph").write_text(graph_text(load(path).held_graph()))
    for number, extra in enumerate(SUMMARIES):
        Path(f"{stem}.summary{number}").write_text(cli_text("summary", str(path), *extra))
    dot = out / f"{path.stem}.dot"
    cli_text("plot", str(path), "-o", str(dot), "--expand-nested", "--show-shapes")


def dump_torch(out: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    try:
        import torch  # noqa: F401
        from torch_models import MODELS
    except ImportError:
        return
    from modelviz.torch import from_torch

    for name, (build, example) in MODELS.items():
        model = from_torch(build().eval(), example(), capture="recorder")
        (out / f"torch_{name}.graph").write_text(graph_text(model.held_graph()))


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    chain = out / "chain10k.onnx"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "onnx_chain.py"), "10000",
                    str(chain)], check=True)
    files = [*sorted((ROOT / "tests/fixtures/onnx").glob("*.onnx")),
             *sorted((ROOT / "tests/fixtures/files").glob("*.onnx")),
             *sorted((ROOT / "gallery/configs").glob("*.onnx")), chain]
    for path in files:
        dump_file(path, out)
    dump_torch(out)
    chain.unlink()


if __name__ == "__main__":
    main()

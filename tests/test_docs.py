"""The Sphinx extension and the documentation: they build, warning-free, from live numbers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the docs extra (pip install '.[test]') brings Sphinx")

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
MODEL = """from modelviz import Input, Sequential, layers
model = Sequential([Input((32, 32, 3)), layers.Conv2D(32, 3, name="conv_a")], name="tiny_cnn")
"""
CONF = 'extensions = ["modelviz.sphinx"]\n'


def _sphinx(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build HTML with warnings as errors, in a fresh process, with the bundled engine."""
    env = {**os.environ, "MODELVIZ_ENGINE": "graphviz-pure",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
                           str(source), str(out)], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def _project(tmp_path: Path, index: str, model: str = MODEL) -> Path:
    source = tmp_path / "src"
    (source / "models").mkdir(parents=True)
    (source / "conf.py").write_text(CONF)
    (source / "models" / "cnn.py").write_text(model)
    (source / "index.rst").write_text(index)
    return source


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&quot;", '"')


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    result = _sphinx(DOCS, out)
    assert result.returncode == 0, result.stderr
    return out


def test_directive_renders_svg_into_the_html(tmp_path: Path) -> None:
    source = _project(tmp_path, "Models\n======\n\n.. modelviz-plot:: models/cnn.py\n"
                                "   :show_shapes:\n   :summary:\n")
    out = tmp_path / "html"
    result = _sphinx(source, out)
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text()
    image = re.search(r'<img[^>]+src="(_images/[^"]+\.svg)"', html)
    assert image, html
    svg = (out / image.group(1)).read_text()
    assert svg.lstrip().startswith("<?xml") and "(None, 30, 30, 32)" in svg
    assert "Total params: 896" in _text(html)


def test_inline_summary_directive(tmp_path: Path) -> None:
    index = ("Inline\n======\n\n.. modelviz-summary::\n   :explain:\n   :format: rich\n\n"
             + "".join(f"   {line}\n" for line in MODEL.splitlines()))
    out = tmp_path / "html"
    result = _sphinx(_project(tmp_path, index), out)
    assert result.returncode == 0, result.stderr
    text = _text((out / "index.html").read_text())
    assert "conv_a (Conv2D)" in text and "kernel 3×3×3×32 + bias 32 = 896" in text


def test_broken_model_file_fails_the_build_and_names_the_file(tmp_path: Path) -> None:
    source = _project(tmp_path, "Broken\n======\n\n.. modelviz-plot:: models/cnn.py\n",
                      model="from modelviz import layers\nmodel = layers.Dense(\n")
    result = _sphinx(source, tmp_path / "html")
    assert result.returncode != 0
    assert "models/cnn.py" in result.stderr and "syntax error" in result.stderr


def test_import_modelviz_does_not_import_sphinx() -> None:
    code = ("import sys, modelviz; modelviz.plot_model; modelviz.summary; "
            "assert not any(m == 'sphinx' or m.startswith('sphinx.') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_real_docs_build_with_every_page(built_docs: Path) -> None:
    pages = {"index", "quickstart", "shapes", "options", "cli", "api", "schema", "sphinx",
             "pytorch_onnx",
             "keras", "troubleshooting"}
    assert pages <= {path.stem for path in built_docs.glob("*.html")}
    if (DOCS / "benchmarks.md").exists():
        assert (built_docs / "benchmarks.html").exists()
    assert list((built_docs / "_images").glob("*.svg"))


def test_api_page_documents_every_public_function(built_docs: Path) -> None:
    html = (built_docs / "api.html").read_text()
    for name in ("plot_model", "model_to_dot", "to_graphviz", "summary", "format_summary",
                 "load", "to_graph", "register_layer", "Input", "Model", "Sequential"):
        assert re.search(rf'id="modelviz\.[\w.]*\b{name}"', html), name


def test_shapes_page_covers_every_layer_family_with_live_numbers(built_docs: Path) -> None:
    html = (built_docs / "shapes.html").read_text()
    headings = [_text(h) for h in re.findall(r"<h2>(.*?)</h2>", html, re.S)]
    for family in ("Dense", "Dense on N-D inputs", "Conv1D, Conv2D and Conv3D",
                   "Padding, strides and dilation", "DepthwiseConv2D", "SeparableConv2D",
                   "Pooling", "Flatten", "Embedding", "SimpleRNN", "LSTM", "GRU",
                   "Bidirectional", "BatchNormalization", "MultiHeadAttention"):
        assert any(h.startswith(family) for h in headings), (family, headings)
    text = _text(html)
    assert "kernel 3×3×3×32 + bias 32 = 896" in text
    assert "= 16,896" in text
    assert "Non-trainable params: 32" in text  # BatchNormalization's moving statistics


@pytest.mark.parametrize("argument", ["../../elsewhere/evil.py", "models/link.py"])
def test_a_directive_never_runs_a_file_outside_the_project(tmp_path: Path, argument: str) -> None:
    project = tmp_path / "repo"
    (project / ".git").mkdir(parents=True)
    evil = tmp_path / "elsewhere" / "evil.py"
    evil.parent.mkdir()
    evil.write_text("open(__file__ + '.ran', 'w').close()\n" + MODEL)
    source = _project(project, f"Evil\n====\n\n.. modelviz-plot:: {argument}\n")
    (source / "models" / "link.py").symlink_to(evil)
    result = _sphinx(source, tmp_path / "html")
    assert result.returncode != 0
    assert "outside the project" in result.stderr
    assert not evil.with_name("evil.py.ran").exists()

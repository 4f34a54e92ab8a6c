"""Tests for modelviz.render: argument lists, formats, dpi fitting, real and fake engines."""

from __future__ import annotations

import io
import os
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from modelviz.errors import ModelvizWarning, RenderError
from modelviz.render import (
    FORMATS,
    MAX_BITMAP_PX,
    available_engines,
    dot_command,
    fit_dpi,
    format_from_path,
    layout_size,
    render,
    resolve_engine,
)

SMALL = 'digraph G { a [label="input"]; b [label="dense"]; a -> b; }'
ORTHO = "digraph G { graph [splines=ortho]; a -> b; a -> c; b -> c; }"
TALL = "digraph G { a [height=500]; }"  # 36,008 pt tall with pad: too tall at 72 dpi

posix_only = pytest.mark.skipif(os.name == "nt", reason="fake engines are POSIX shell scripts")
needs_system_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="needs a system Graphviz `dot` on PATH"
)


def _graphviz_pure() -> str:
    try:
        return resolve_engine("graphviz-pure")[1]
    except RenderError:
        pytest.skip("graphviz-pure is not installed")


def _png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a shell script named `dot` into tmp_path and put it first on PATH."""

    def write(body: str) -> Path:
        script = tmp_path / "dot"
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
        return script

    return write


@pytest.fixture
def no_system_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave only an empty directory on PATH, so no `dot` can be found."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("MODELVIZ_ENGINE", raising=False)


# dot_command --------------------------------------------------------------------------------


def test_dot_command_plain() -> None:
    assert dot_command("dot", "svg") == ["dot", "-Tsvg"]


def test_dot_command_dpi_and_extra() -> None:
    got = dot_command("/opt/gv/dot", "png", dpi=300, extra=("-Gsplines=spline", "-q"))
    assert got == ["/opt/gv/dot", "-Tpng", "-Gdpi=300", "-Gsplines=spline", "-q"]


# format_from_path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("m.svg", "svg"),
        ("m.png", "png"),
        ("m.jpg", "jpg"),
        ("m.jpeg", "jpg"),
        ("m.pdf", "pdf"),
        ("m.dot", "dot"),
        ("m.gv", "dot"),
        ("dir.v1/M.PNG", "png"),
    ],
)
def test_format_from_path(name: str, fmt: str) -> None:
    assert format_from_path(name) == fmt
    assert format_from_path(Path(name)) == fmt


@pytest.mark.parametrize("name", ["model.bmp", "model", "model.svg.txt"])
def test_format_from_path_lists_suffixes(name: str) -> None:
    with pytest.raises(RenderError, match="model") as info:
        format_from_path(name)
    for suffix in FORMATS:
        assert suffix in str(info.value)


# fit_dpi ------------------------------------------------------------------------------------


def test_fit_dpi_keeps_dpi_that_fits() -> None:
    assert fit_dpi((62.0, 116.0), 600) == 600


def test_fit_dpi_exact_limit_fits() -> None:
    assert fit_dpi((10.0, float(MAX_BITMAP_PX)), 72) == 72


@pytest.mark.parametrize(
    ("size", "dpi"), [((62.0, 36008.0), 72), ((21644.0, 68.7), 600), ((500.0, 9e5), 96)]
)
def test_fit_dpi_lowers_to_largest_fitting(size: tuple[float, float], dpi: int) -> None:
    used = fit_dpi(size, dpi)
    side = max(size)
    assert 1 <= used < dpi
    assert side * used / 72 <= MAX_BITMAP_PX
    assert side * (used + 1) / 72 > MAX_BITMAP_PX


def test_fit_dpi_never_below_one() -> None:
    assert fit_dpi((1e9, 1.0), 300) == 1


# engines ------------------------------------------------------------------------------------


def test_unknown_engine_lists_choices() -> None:
    with pytest.raises(RenderError, match="neato") as info:
        resolve_engine("neato")
    for choice in ("auto", "dot", "graphviz-pure"):
        assert choice in str(info.value)


def test_unknown_engine_in_render() -> None:
    with pytest.raises(RenderError, match="'auto', 'dot', 'graphviz-pure'"):
        render(SMALL, "svg", engine="cairo")


def test_auto_without_dot_uses_graphviz_pure(no_system_dot: None) -> None:
    _graphviz_pure()
    assert resolve_engine("auto")[0] == "graphviz-pure"
    assert available_engines() == ["graphviz-pure"]


def test_graphviz_pure_found_next_to_python(no_system_dot: None) -> None:
    exe = _graphviz_pure()
    assert Path(exe).exists()


def test_missing_dot_says_how_to_install(no_system_dot: None) -> None:
    with pytest.raises(RenderError, match="install Graphviz"):
        render(SMALL, "svg", engine="dot")


def test_env_var_overrides_auto(fake_dot, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dot("exit 3")
    assert resolve_engine("auto")[0] == "dot"
    monkeypatch.setenv("MODELVIZ_ENGINE", "graphviz-pure")
    assert resolve_engine("auto")[0] == "graphviz-pure"
    assert resolve_engine("dot")[0] == "dot"  # an explicit engine wins over the variable
    assert render(SMALL, "svg").startswith(b"<?xml")


def test_env_var_unknown_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELVIZ_ENGINE", "neato")
    with pytest.raises(RenderError, match=r"MODELVIZ_ENGINE='neato'.*graphviz-pure"):
        resolve_engine()


# formats without an engine --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["dot", "gv"])
def test_dot_format_returns_text_without_engine(no_system_dot: None, fmt: str) -> None:
    assert render(SMALL, fmt, engine="dot") == SMALL.encode()


def test_unknown_format_lists_choices() -> None:
    with pytest.raises(RenderError, match=r"'bmp'.*png.*svg"):
        render(SMALL, "bmp")


def test_pdf_with_graphviz_pure_needs_system_dot() -> None:
    _graphviz_pure()
    with pytest.raises(RenderError, match="PDF needs a system Graphviz `dot`"):
        render(SMALL, "pdf", engine="graphviz-pure")


def test_bad_dpi() -> None:
    with pytest.raises(RenderError, match="dpi must be a positive"):
        render(SMALL, "png", engine="graphviz-pure", dpi=0)


# real renders with graphviz-pure ---------------------------------------------------------------


def test_svg_is_xml_naming_every_node() -> None:
    _graphviz_pure()
    svg = render(SMALL, "svg", engine="graphviz-pure")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = {el.text for el in root.iter() if el.tag.endswith("text")}
    assert {"input", "dense"} <= texts


@pytest.mark.parametrize("fmt", ["svg", "png", "jpg", "jpeg"])
def test_render_is_deterministic(fmt: str) -> None:
    _graphviz_pure()
    first = render(SMALL, fmt, engine="graphviz-pure", dpi=150)
    assert first == render(SMALL, fmt, engine="graphviz-pure", dpi=150)


def test_png_size_scales_with_dpi() -> None:
    _graphviz_pure()
    width, height = layout_size(SMALL, engine="graphviz-pure")[:2]
    for dpi in (72, 144, 300):
        got = _png_size(render(SMALL, "png", engine="graphviz-pure", dpi=dpi))
        expected = (width * dpi / 72, height * dpi / 72)
        assert got == pytest.approx(expected, abs=1)


def test_png_keeps_dpi_from_dot_text() -> None:
    _graphviz_pure()
    in_dot = _png_size(render("digraph { dpi=144; a -> b; }", "png", engine="graphviz-pure"))
    given = _png_size(render("digraph { a -> b; }", "png", engine="graphviz-pure", dpi=144))
    assert in_dot == given == (124, 232)


def test_jpg_opens() -> None:
    _graphviz_pure()
    assert _png_size(render(SMALL, "jpg", engine="graphviz-pure")) > (10, 10)


def test_layout_size_includes_pad() -> None:
    _graphviz_pure()
    plain = layout_size("digraph { a -> b }", engine="graphviz-pure")
    padded = layout_size('digraph { pad="1,2"; dpi=150; a -> b }', engine="graphviz-pure")
    assert padded.width_pt == pytest.approx(plain.width_pt - 8 + 144)
    assert padded.height_pt == pytest.approx(plain.height_pt - 8 + 288)
    assert (plain.dpi, padded.dpi) == (None, 150.0)


def test_syntax_error_carries_stderr() -> None:
    _graphviz_pure()
    with pytest.raises(RenderError, match=r"graphviz-pure failed \(exit code 1\).*syntax"):
        render("digraph { a -> ", "svg", engine="graphviz-pure")


# huge bitmaps --------------------------------------------------------------------------------


def test_tall_png_is_fitted_with_warning() -> None:
    _graphviz_pure()
    with pytest.warns(ModelvizWarning, match=r"dpi 72 .*dpi 65 \(scale 0\.90"):
        png = render(TALL, "png", engine="graphviz-pure", dpi=72)
    height = _png_size(png)[1]
    assert MAX_BITMAP_PX - 400 < height <= MAX_BITMAP_PX


def test_long_chain_at_600_dpi_is_fitted() -> None:
    _graphviz_pure()
    chain = "digraph { " + " ".join(f"n{i} -> n{i + 1};" for i in range(300)) + " }"
    with pytest.warns(ModelvizWarning, match="dpi 600"):
        png = render(chain, "png", engine="graphviz-pure", dpi=600)
    assert max(_png_size(png)) <= MAX_BITMAP_PX


def test_tall_svg_is_not_touched(recwarn: pytest.WarningsRecorder) -> None:
    _graphviz_pure()
    render(TALL, "svg", engine="graphviz-pure", dpi=72)
    assert not [w for w in recwarn if issubclass(w.category, ModelvizWarning)]


# fake engines ------------------------------------------------------------------------------


@posix_only
def test_ortho_abort_retries_with_spline(fake_dot) -> None:
    gp = _graphviz_pure()
    fake_dot(
        'input=$(cat)\ncase "$input" in *splines=ortho*)\n'
        '  echo "Error: trouble in init_rank" >&2; kill -ABRT $$;;\nesac\n'
        f'printf "%s" "$input" | exec "{gp}" "$@"'
    )
    for fmt in ("svg", "png"):
        with pytest.warns(ModelvizWarning, match="SIGABRT.*splines=ortho.*splines=spline"):
            out = render(ORTHO, fmt, engine="dot")
        assert out == render(ORTHO.replace("ortho", "spline"), fmt, engine="graphviz-pure")


@posix_only
def test_ortho_abort_twice_is_an_error(fake_dot) -> None:
    fake_dot('echo "Error: trouble in init_rank" >&2\nexit 134')
    with pytest.warns(ModelvizWarning), pytest.raises(RenderError, match="also with splines"):
        render(ORTHO, "svg", engine="dot")


@posix_only
def test_failure_carries_stderr_tail(fake_dot) -> None:
    lines = "\n".join(f"echo 'line {i}' >&2" for i in range(10))
    fake_dot(f"{lines}\necho 'Error: no such font' >&2\nexit 2")
    with pytest.raises(RenderError, match=r"dot failed \(exit code 2\).*no such font") as info:
        render(SMALL, "svg", engine="dot")
    assert "line 9" in str(info.value)
    assert "line 0" not in str(info.value)


@posix_only
def test_killed_engine_names_signal(fake_dot) -> None:
    fake_dot("kill -KILL $$")
    with pytest.raises(RenderError, match="dot failed \\(killed by SIGKILL\\): no error output"):
        render(SMALL, "svg", engine="dot")


@posix_only
def test_warnings_with_exit_zero_keep_output(fake_dot) -> None:
    fake_dot("cat > /dev/null\necho 'Warning: no fonts' >&2\necho '<svg/>'")
    assert render(SMALL, "svg", engine="dot") == b"<svg/>\n"


@posix_only
def test_timeout(fake_dot) -> None:
    fake_dot("exec sleep 30")
    with pytest.raises(RenderError, match=r"did not finish the layout in 0\.5 s; raise the limit "
                       r"with timeout=\.\.\. \(CLI: --timeout SECONDS\)"):
        render(SMALL, "svg", engine="dot", timeout=0.5)


@posix_only
def test_unrunnable_engine(fake_dot) -> None:
    fake_dot("exit 0").write_bytes(b"\x00\x01not a program")
    with pytest.raises(RenderError, match="cannot run dot"):
        render(SMALL, "svg", engine="dot")


@posix_only
def test_auto_prefers_dot_on_path(fake_dot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELVIZ_ENGINE", raising=False)
    fake_dot("cat > /dev/null\necho fake")
    assert render(SMALL, "svg") == b"fake\n"


# a real system dot ---------------------------------------------------------------------------


@needs_system_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_system_dot(fmt: str) -> None:
    out = render(SMALL, fmt, engine="dot", dpi=96)
    magic = {"svg": b"<", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt]
    assert out.lstrip().startswith(magic)

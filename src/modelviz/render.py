"""Turn DOT text into SVG, PNG, JPEG or PDF bytes by running Graphviz.

Two engines draw: a system Graphviz ``dot`` found on PATH, or ``graphviz-pure``
(``pip install graphviz-pure``), a self-contained port whose output is the same
on every platform. DOT goes in on stdin and the picture comes back on stdout;
this module builds no DOT and writes no files.

Example:
    >>> dot_command("dot", "svg")
    ['dot', '-Tsvg']
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Final, NamedTuple

from modelviz.errors import ModelvizWarning, RenderError
from modelviz.limits import DEFAULT_TIMEOUT, SPLINES

__all__ = ["BITMAP_FORMATS", "DEFAULT_BITMAP_DPI", "DEFAULT_TIMEOUT", "ENGINES", "ENGINE_ENV",
           "FORMATS", "MAX_BITMAP_PX", "SPLINES", "LayoutSize", "available_engines",
           "check_timeout", "dot_command", "fit_dpi", "format_from_path", "layout_size",
           "render", "resolve_engine"]

ENGINES: Final = ("auto", "dot", "graphviz-pure")
ENGINE_ENV: Final = "MODELVIZ_ENGINE"
FORMATS: Final[Mapping[str, str]] = MappingProxyType(
    {
        ".svg": "svg",
        ".png": "png",
        ".jpg": "jpg",
        ".jpeg": "jpg",
        ".pdf": "pdf",
        ".dot": "dot",
        ".gv": "dot",
    }
)
BITMAP_FORMATS: Final = frozenset({"png", "jpg"})
MAX_BITMAP_PX: Final = 32767  # Graphviz clips bitmaps beyond this many pixels a side
DEFAULT_BITMAP_DPI: Final = 96  # what Graphviz uses for png/jpg when no dpi is set

_PT_PER_INCH: Final = 72
_DEFAULT_PAD_PT: Final = 4.0
_FORMAT_ALIASES: Final = MappingProxyType({"jpeg": "jpg", "gv": "dot"})
_ORTHO: Final = re.compile(r'"?\bsplines"?\s*=\s*"?ortho\b"?')
_STDERR_LINES: Final = 5
_INSTALL_HINTS: Final = MappingProxyType(
    {
        "dot": "install Graphviz (https://graphviz.org/download/) so `dot` is on PATH,"
        " or use engine='graphviz-pure'",
        "graphviz-pure": "pip install graphviz-pure",
    }
)


class LayoutSize(NamedTuple):
    """Drawing size in points (72 per inch) including pad, and the DOT's own dpi."""

    width_pt: float
    height_pt: float
    dpi: float | None


class _EngineExitError(Exception):
    """A run ended badly; carries the process so the caller can retry or explain."""

    def __init__(self, result: subprocess.CompletedProcess[bytes]) -> None:
        super().__init__(result.returncode)
        self.result = result


def _find_executable(name: str) -> str | None:
    """Locate name on PATH, else next to the running Python (an unactivated venv)."""
    found = shutil.which(name)
    if found is None and name == "graphviz-pure":
        found = shutil.which(name, path=str(Path(sys.executable).parent))
    return found


def available_engines() -> list[str]:
    """Return the engines that can run here, preferred first.

    Example:
        >>> set(available_engines()) <= {"dot", "graphviz-pure"}
        True
    """
    return [name for name in ENGINES[1:] if _find_executable(name) is not None]


def _requested_engine(engine: str) -> str:
    """Apply MODELVIZ_ENGINE to "auto" and check the name."""
    name, source = engine, "engine"
    if engine == "auto" and os.environ.get(ENGINE_ENV):
        name, source = os.environ[ENGINE_ENV], ENGINE_ENV
    if name not in ENGINES:
        choices = ", ".join(repr(choice) for choice in ENGINES)
        raise RenderError(f"{source}={name!r} is not an engine; use one of {choices}")
    return name


def resolve_engine(engine: str = "auto") -> tuple[str, str]:
    """Return ``(name, executable)`` of the engine that will draw.

    ``"auto"`` means ``$MODELVIZ_ENGINE`` if set, else a system ``dot`` if one is
    on PATH, else ``graphviz-pure``.

    Raises:
        RenderError: unknown engine name, or the engine is not installed.

    Example:
        >>> resolve_engine("graphviz-pure")[0]
        'graphviz-pure'
        >>> resolve_engine("neato")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.RenderError: engine='neato' is not an engine; use one of 'auto', ...
    """
    name = _requested_engine(engine)
    candidates = ENGINES[1:] if name == "auto" else (name,)
    for candidate in candidates:
        executable = _find_executable(candidate)
        if executable is not None:
            return candidate, executable
    if name == "auto":
        raise RenderError(
            "no Graphviz engine found; pip install graphviz-pure, or install Graphviz"
            " (https://graphviz.org/download/) so `dot` is on PATH"
        )
    raise RenderError(f"engine {name!r} not found; {_INSTALL_HINTS[name]}")


def format_from_path(path: str | os.PathLike[str]) -> str:
    """Return the Graphviz output format for a file name, from its suffix.

    Raises:
        RenderError: the suffix is not one modelviz writes.

    Example:
        >>> format_from_path("model.PNG")
        'png'
        >>> format_from_path("model.bmp")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.RenderError: cannot tell the format of 'model.bmp'; use one of .dot, ...
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        accepted = ", ".join(sorted(FORMATS))
        raise RenderError(f"cannot tell the format of {os.fspath(path)!r}; use one of {accepted}")
    return FORMATS[suffix]


def _check_format(fmt: str) -> str:
    """Return the canonical format name or say which are accepted."""
    fmt = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS.values():
        accepted = ", ".join(sorted({*FORMATS.values(), *_FORMAT_ALIASES}))
        raise RenderError(f"cannot render format {fmt!r}; use one of {accepted}")
    return fmt


def dot_command(
    executable: str, fmt: str, *, dpi: int | None = None, extra: Sequence[str] = ()
) -> list[str]:
    """Return the argument list that renders DOT from stdin to fmt on stdout.

    Example:
        >>> dot_command("/usr/bin/dot", "png", dpi=200, extra=["-Gsplines=spline"])
        ['/usr/bin/dot', '-Tpng', '-Gdpi=200', '-Gsplines=spline']
    """
    dpi_args = [] if dpi is None else [f"-Gdpi={dpi}"]
    return [executable, f"-T{fmt}", *dpi_args, *extra]


def _run(name: str, args: list[str], dot_text: str, timeout: float) -> bytes:
    """Run one engine process; return stdout or raise _EngineExitError on failure."""
    try:
        result = subprocess.run(
            args, input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        advice = "or try engine='graphviz-pure' (CLI: --engine graphviz-pure)"
        if name == "graphviz-pure":
            advice = "or draw less: fold_repeats=True (CLI: --fold-repeats)"
        raise RenderError(f"{name} did not finish the layout in {timeout:g} s; raise the limit "
                          f"with timeout=... (CLI: --timeout SECONDS), {advice}") from None
    except OSError as err:
        raise RenderError(f"cannot run {name} ({args[0]}): {err}; {_INSTALL_HINTS[name]}") from err
    if result.returncode != 0:
        raise _EngineExitError(result)
    return result.stdout


def _how_it_ended(returncode: int) -> str:
    """Describe an exit code, naming the signal when the process was killed."""
    if returncode >= 0:
        return f"exit code {returncode}"
    try:
        return f"killed by {signal.Signals(-returncode).name}"
    except ValueError:
        return f"killed by signal {-returncode}"


def _failure(name: str, result: subprocess.CompletedProcess[bytes]) -> str:
    """One-line message for a failed run: engine, how it ended, stderr's tail."""
    lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines()]
    tail = " | ".join([line for line in lines if line][-_STDERR_LINES:]) or "no error output"
    return f"{name} failed ({_how_it_ended(result.returncode)}): {tail}"


def _pad_pt(value: str | None) -> tuple[float, float]:
    """Graphviz ``pad`` ("x" or "x,y", inches) in points."""
    if not value:
        return _DEFAULT_PAD_PT, _DEFAULT_PAD_PT
    parts = [float(part) * _PT_PER_INCH for part in value.split(",")]
    return parts[0], parts[-1]


def _parse_layout(json_text: str) -> LayoutSize:
    """Read the bounding box, pad and dpi from ``-Tjson`` output."""
    graph = json.loads(json_text)
    x0, y0, x1, y1 = (float(number) for number in graph["bb"].split(","))
    pad_x, pad_y = _pad_pt(graph.get("pad"))
    dpi = graph.get("dpi") or graph.get("resolution")
    return LayoutSize(x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y, float(dpi) if dpi else None)


def _measure(engine: tuple[str, str], dot_text: str, timeout: float) -> LayoutSize:
    """Lay the graph out once with ``-Tjson`` and read its size."""
    name, executable = engine
    output = _run(name, dot_command(executable, "json"), dot_text, timeout)
    try:
        return _parse_layout(output.decode("utf-8"))
    except (ValueError, KeyError) as err:
        raise RenderError(f"{name} -Tjson gave no readable bounding box ({err})") from err


def layout_size(
    dot_text: str, *, engine: str = "auto", timeout: float = DEFAULT_TIMEOUT
) -> LayoutSize:
    """Return the size a drawing of dot_text takes, in points, including ``pad``.

    ``size``/``ratio`` scaling is not applied; shrinking makes the real drawing
    smaller, so the result errs on the large side.

    Example:
        >>> layout_size("digraph { a -> b }", engine="graphviz-pure")
        LayoutSize(width_pt=62.0, height_pt=116.0, dpi=None)
    """
    resolved = resolve_engine(engine)
    try:
        return _measure(resolved, dot_text, timeout)
    except _EngineExitError as err:
        raise RenderError(_failure(resolved[0], err.result)) from None


def check_timeout(timeout: object) -> float:
    """Return ``timeout`` as seconds, or raise RenderError unless it is a positive number.

    Example:
        >>> check_timeout(30)
        30.0
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
            0 < timeout < math.inf):
        raise RenderError(f"timeout must be a positive number of seconds, got {timeout!r}")
    return float(timeout)


def _pixels(side_pt: float, dpi: float) -> int:
    """Pixels a side of side_pt points takes at dpi (rounded up, to be safe)."""
    return math.ceil(side_pt * dpi / _PT_PER_INCH)


def fit_dpi(size_pt: tuple[float, float], dpi: int) -> int:
    """Return the largest dpi <= dpi at which no side exceeds MAX_BITMAP_PX (>= 1).

    Example:
        >>> fit_dpi((54.0, 116.0), 300)
        300
        >>> fit_dpi((62.0, 36008.0), 72)
        65
    """
    side = max(size_pt)
    if side <= 0 or _pixels(side, dpi) <= MAX_BITMAP_PX:
        return dpi
    fitted = min(dpi, math.floor(MAX_BITMAP_PX * _PT_PER_INCH / side))
    while fitted > 1 and _pixels(side, fitted) > MAX_BITMAP_PX:
        fitted -= 1
    return max(1, fitted)


def _fitted_dpi(
    engine: tuple[str, str], dot_text: str, fmt: str, dpi: int | None, timeout: float
) -> int | None:
    """Return the dpi to pass for a bitmap, lowered (with a warning) if it would clip."""
    layout = _measure(engine, dot_text, timeout)
    wanted = dpi if dpi is not None else math.ceil(layout.dpi or DEFAULT_BITMAP_DPI)
    used = fit_dpi((layout.width_pt, layout.height_pt), wanted)
    if used >= wanted:
        return dpi
    warnings.warn(
        f"a {layout.width_pt:.0f} x {layout.height_pt:.0f} pt graph at dpi {wanted} exceeds"
        f" {MAX_BITMAP_PX} px per side in {fmt}; drew it at dpi {used}"
        f" (scale {used / wanted:.3f}); write .svg for full detail",
        ModelvizWarning,
        stacklevel=5,
    )
    return used


def _render_with(
    engine: tuple[str, str], dot_text: str, fmt: str, dpi: int | None, timeout: float,
    fit: bool = True,
) -> bytes:
    """Render once (measuring bitmaps first); _EngineExitError on failure."""
    if fit and fmt in BITMAP_FORMATS:
        dpi = _fitted_dpi(engine, dot_text, fmt, dpi, timeout)
    name, executable = engine
    return _run(name, dot_command(executable, fmt, dpi=dpi), dot_text, timeout)


def _render_or_retry(
    engine: tuple[str, str], dot_text: str, fmt: str, dpi: int | None, timeout: float,
    fit: bool = True,
) -> bytes:
    """Render; if it fails on ``splines=ortho``, warn and retry once with curved splines."""
    try:
        return _render_with(engine, dot_text, fmt, dpi, timeout, fit)
    except _EngineExitError as err:
        if not _ORTHO.search(dot_text):
            raise RenderError(_failure(engine[0], err.result)) from None
        how = _how_it_ended(err.result.returncode)
    warnings.warn(
        f"{engine[0]} failed ({how}) on splines=ortho; drew it again with"
        " splines=spline (curved instead of right-angled edges)",
        ModelvizWarning,
        stacklevel=3,
    )
    try:
        return _render_with(engine, _ORTHO.sub("splines=spline", dot_text), fmt, dpi, timeout,
                            fit)
    except _EngineExitError as err:
        raise RenderError(_failure(engine[0], err.result) + " (also with splines=spline)") from None


def render(
    dot_text: str,
    fmt: str,
    *,
    engine: str = "auto",
    dpi: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    fit: bool = True,
) -> bytes:
    """Return dot_text drawn as fmt ("svg", "png", "jpg", "pdf" or "dot").

    Args:
        dot_text: a whole DOT graph.
        fmt: output format; "dot" returns the DOT text itself without running anything.
        engine: "auto", "dot" or "graphviz-pure" (see :func:`resolve_engine`).
        dpi: dots per inch; None keeps the DOT's own (Graphviz default 96 for bitmaps).
            Bitmaps that would exceed MAX_BITMAP_PX a side get a lower dpi and a warning.
        timeout: seconds each Graphviz process may take.
        fit: measure bitmaps first and lower the dpi if a side would be clipped; False
            when the caller has measured already (:func:`modelviz.pages.render_pages`).

    Raises:
        RenderError: bad format, engine missing, failed or timed-out run.

    Example:
        >>> svg = render("digraph { a -> b }", "svg", engine="graphviz-pure")
        >>> svg.startswith(b"<?xml")
        True
    """
    fmt = _check_format(fmt)
    if dpi is not None and dpi < 1:
        raise RenderError(f"dpi must be a positive whole number, got {dpi!r}")
    if fmt == "dot":
        return dot_text.encode("utf-8")
    resolved = resolve_engine(engine)
    if fmt == "pdf" and resolved[0] == "graphviz-pure":
        raise RenderError(
            "PDF needs a system Graphviz `dot` (graphviz-pure has no PDF);"
            " install Graphviz or write .svg/.png"
        )
    return _render_or_retry(resolved, dot_text, fmt, dpi, check_timeout(timeout), fit)

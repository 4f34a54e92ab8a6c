"""Render the gallery: per model a diagram (SVG, PNG), a thumbnail, a text summary and an
explanation table, plus the README index; same code, same bytes.

Example:
    >>> from modelviz.gallery.entries import ENTRIES
    >>> files = entry_files(ENTRIES[3], Path("."))  # the smallest MLP
    >>> sorted(files)  # doctest: +NORMALIZE_WHITESPACE
    ['mlp/mlp.explain.md', 'mlp/mlp.png', 'mlp/mlp.svg', 'mlp/mlp.thumb.png', 'mlp/mlp.txt']
"""

from __future__ import annotations

import io
import tempfile
import warnings
from pathlib import Path
from typing import Any, Final

import networkx as nx

from modelviz.errors import ModelFileError, ModelvizWarning
from modelviz.gallery.entries import ENTRIES, Entry
from modelviz.layers.base import clear_session, format_shape

__all__ = ["COMMAND", "THUMB_PX", "build_gallery", "entry_files", "explanation_table",
           "gallery_files", "thumbnail"]

COMMAND: Final = "python -m modelviz.gallery gallery/"
THUMB_PX: Final = 240
ENGINE: Final = "graphviz-pure"  # same bytes everywhere; a system dot differs by version
_TALL: Final = 2  # thumbnails of diagrams longer than this many widths show their start


def build_gallery(out_dir: str | Path, configs_dir: str | Path | None = None) -> list[Path]:
    """Write every gallery file under ``out_dir``; return the paths written.

    Args:
        out_dir: the gallery folder (``gallery/`` in the repository).
        configs_dir: where the Keras configs are; defaults to ``out_dir/configs``.

    Example:
        >>> import tempfile
        >>> from unittest import mock
        >>> from modelviz.gallery import build
        >>> folder = Path(tempfile.mkdtemp())
        >>> with mock.patch.object(build, "ENTRIES", ENTRIES[3:4]):  # only the smallest MLP
        ...     paths = build_gallery(folder)
        >>> names = [path.relative_to(folder).as_posix() for path in paths]
        >>> names  # doctest: +NORMALIZE_WHITESPACE
        ['mlp/mlp.svg', 'mlp/mlp.png', 'mlp/mlp.thumb.png', 'mlp/mlp.txt', 'mlp/mlp.explain.md',
         'README.md']
    """
    out = Path(out_dir)
    written = []
    for relative, data in gallery_files(Path(configs_dir or out / "configs")).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def gallery_files(configs_dir: Path) -> dict[str, bytes]:
    """Every generated file, by path relative to the gallery folder, README last.

    Example:
        >>> from unittest import mock
        >>> from modelviz.gallery import build
        >>> with mock.patch.object(build, "ENTRIES", ENTRIES[3:4]):  # only the smallest MLP
        ...     files = gallery_files(Path("."))
        >>> list(files)[-1], files["README.md"].splitlines()[0]
        ('README.md', b'# modelviz gallery')
    """
    files: dict[str, bytes] = {}
    totals = {}
    for entry in ENTRIES:
        graph = _graph(entry, configs_dir)
        totals[entry.name] = int(graph.graph["total_params"])
        files.update(_files(entry, graph))
    files["README.md"] = readme(totals).encode("utf-8")
    return files


def entry_files(entry: Entry, configs_dir: Path) -> dict[str, bytes]:
    """The five files of one entry, by path relative to the gallery folder."""
    return _files(entry, _graph(entry, configs_dir))


def _graph(entry: Entry, configs_dir: Path) -> nx.DiGraph:
    clear_session()  # automatic names start again, as in a fresh Keras session
    if entry.build is not None:
        return entry.build().to_graph()
    from modelviz.importers import load

    path = configs_dir / str(entry.config)
    if not path.is_file():
        raise ModelFileError(f"gallery entry {entry.name}: no {path}; pass the folder holding "
                             "the committed configs (gallery/configs)")
    return load(path).to_graph()


def _files(entry: Entry, graph: nx.DiGraph) -> dict[str, bytes]:
    from modelviz.tables import format_summary

    stem = f"{entry.name}/{entry.name}"
    png = _plot(entry, graph, "png")
    text = format_summary(graph, fmt="text", expand_nested=entry.expand_nested)
    return {f"{stem}.svg": _plot(entry, graph, "svg"), f"{stem}.png": png,
            f"{stem}.thumb.png": thumbnail(png), f"{stem}.txt": (text + "\n").encode("utf-8"),
            f"{stem}.explain.md": explanation_table(graph, entry).encode("utf-8"),
            **({f"{stem}.html": _plot(entry, graph, "html")} if entry.html else {})}


def _plot(entry: Entry, graph: nx.DiGraph, fmt: str) -> bytes:
    """``plot_model``'s bytes; a lowered dpi (a warning) is an error: fix the entry's dpi."""
    from modelviz.plot import plot_model

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("error", ModelvizWarning)
        path = Path(tmp) / f"diagram.{fmt}"
        plot_model(graph, to_file=path, show_shapes=True, show_layer_names=True,
                   show_params=True, show_title=True, rankdir=entry.rankdir,
                   expand_nested=entry.expand_nested, dpi=entry.dpi, engine=ENGINE,
                   plumbing=entry.plumbing)
        return path.read_bytes()


def thumbnail(png: bytes) -> bytes:
    """A PNG at most THUMB_PX a side, on white, without metadata; a long diagram shows its start.

    Example:
        >>> from PIL import Image
        >>> wide = io.BytesIO()
        >>> Image.new("RGBA", (1000, 200), "red").save(wide, format="PNG")
        >>> with Image.open(io.BytesIO(thumbnail(wide.getvalue()))) as small:
        ...     small.size, small.mode  # cropped to its start, then scaled down
        ((240, 120), 'RGB')
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
    picture = Image.new("RGB", rgba.size, "white")
    picture.paste(rgba, mask=rgba.getchannel("A"))
    width, height = picture.size
    if height > _TALL * width:
        picture = picture.crop((0, 0, width, _TALL * width))
    elif width > _TALL * height:
        picture = picture.crop((0, 0, _TALL * height, height))
    picture.thumbnail((THUMB_PX, THUMB_PX), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


def explanation_table(graph: nx.DiGraph, entry: Entry) -> str:
    """Markdown: one row per layer with its shape, count and ``explanation`` attribute.

    Example:
        >>> from modelviz.gallery.models import build_mlp
        >>> clear_session()
        >>> table = explanation_table(build_mlp().to_graph(), ENTRIES[3])
        >>> print(table.splitlines()[0])
        # Smallest MLP: where the parameters come from
        >>> print(table.splitlines()[-1])
        | `dense_1` | Dense | `(None, 1)` | 3 | (2 inputs + 1 bias) × 1 unit = 3 |
    """
    lines = [f"# {entry.title}: where the parameters come from", "",
             f'Model `{_cell(graph.graph["name"])}`; {graph.graph["total_params"]:,} parameters '
             f'({graph.graph["trainable_params"]:,} trainable). Generated by `{COMMAND}`.', "",
             "| layer | class | output shape | params | explanation |",
             "|:--|:--|:--|--:|:--|"]
    for key, data in graph.nodes(data=True):
        if data["depth"] == 0 or entry.expand_nested:
            lines.append(_table_row(key, data))
    return "\n".join(lines) + "\n"


def _table_row(key: str, data: dict[str, Any]) -> str:
    shapes = data["output_shapes"]
    shape = format_shape(shapes[0]) if len(shapes) == 1 else format_shape(list(shapes))
    params = "?" if data["params"] is None else f"{data['params']:,}"
    cells = [f"`{key}`", data["class_name"], f"`{shape}`", params, data["explanation"] or ""]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    """Keep a table cell one cell: no column breaks, no HTML, no newlines."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def readme(totals: dict[str, int]) -> str:
    """The index: how to rebuild, then a thumbnail, parameter total and links per model."""
    lines = ["# modelviz gallery", "", "Rebuild everything (diagrams, summaries, tables, "
             "thumbnails and this page) with:", "", "```", COMMAND, "```", "",
             f"Diagrams are drawn by the bundled `{ENGINE}` engine with `show_shapes`, "
             "`show_layer_names`, `show_params` and `show_title`, so the files are the same on "
             "every machine; `tests/test_gallery.py` fails when a file here differs from what "
             "the code renders. ResNet50, MobileNetV2 and InceptionV3 are loaded from the real "
             "Keras 3 configs in `configs/`, the decoder block from the ONNX file there "
             "(written by `scripts/make_gallery_onnx.py`); the other models are in "
             "`src/modelviz/gallery/models.py`. Thumbnails of long diagrams show their start. "
             "Large models also have an interactive page (one offline `.html` file: search, "
             "zoom, click a layer for its numbers).", "",
             "| preview | model | params | files |", "|:-:|:--|--:|:--|"]
    lines.extend(_readme_row(entry, totals[entry.name]) for entry in ENTRIES)
    return "\n".join(lines) + "\n"


def _readme_row(entry: Entry, total: int) -> str:
    stem = f"{entry.name}/{entry.name}"
    preview = f"[![{entry.title}]({stem}.thumb.png)]({stem}.png)"
    links = " · ".join(f"[{label}]({stem}.{suffix})" for label, suffix in (
        ("SVG", "svg"), ("PNG", "png"), ("summary", "txt"), ("explanation", "explain.md")))
    if entry.html:
        links += f" · [interactive]({stem}.html)"
    return f"| {preview} | **{entry.title}**<br>{entry.about} | {total:,} | {links} |"

"""Bitmaps of any size that stay readable: pages laid out at the requested dpi.

Graphviz cannot write a PNG taller than 32,767 pixels; shrinking a 3,000-layer chain to
fit made 2-pixel text. Here a tall drawing is drawn smaller only while its smallest text
(13-pt labels) stays at least :data:`READABLE_TEXT_PX` pixels tall; beyond that it is cut
into pages: consecutive runs of boxes, each laid out and drawn on its own at the
requested dpi, with a small "from"/"to" note where an edge leaves the page (a box or an
expanded nested model is never cut, even when taller than a page). Pages and bitmap area
are capped (:data:`MAX_PAGES`, :data:`MAX_PAGE_PIXELS`).

Example:
    >>> page_paths("model.png", 2)
    [PosixPath('model-1.png'), PosixPath('model-2.png')]
"""

from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path
from typing import Any, Final

from modelviz.diagram.dot import DotBlock, write_block
from modelviz.diagram.labels import escape, shorten
from modelviz.errors import LayerConfigError, ModelvizWarning, RenderError
from modelviz.render import DEFAULT_BITMAP_DPI, MAX_BITMAP_PX, LayoutSize, layout_size, render

__all__ = ["MAX_PAGES", "MAX_PAGE_PIXELS", "MIN_MAX_HEIGHT", "READABLE_DPI",
           "READABLE_TEXT_PX", "check_max_height", "page_paths", "render_pages", "warn_pages"]

READABLE_TEXT_PX: Final = 9  # the floor for the smallest text in a bitmap
SMALLEST_FONT_PT: Final = 13  # the smallest label text modelviz writes
READABLE_DPI: Final = math.ceil(READABLE_TEXT_PX * 72 / SMALLEST_FONT_PT)  # 50
MAX_PAGES: Final = 100
MAX_PAGE_PIXELS: Final = 64_000_000  # about 256 MB of RGBA inside Graphviz per page
MIN_MAX_HEIGHT: Final = 200
_FILL: Final = 0.85  # aim pages a little shorter than the limit; boxes do not split evenly
_NOTE: Final = '<<font point-size="13" color="#607d8b">{}</font>>'


def page_paths(path: str | os.PathLike[str], count: int) -> list[Path]:
    """``out.png`` -> ``out-1.png`` ... ``out-<count>.png``, next to it."""
    path = Path(path)
    return [path.with_name(f"{path.stem}-{page}{path.suffix}") for page in range(1, count + 1)]


def check_max_height(max_height: object) -> None:
    """Raise LayerConfigError unless ``max_height`` is a whole number >= MIN_MAX_HEIGHT.

    Example:
        >>> check_max_height(1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: max_height must be ... at least 200, got 1
    """
    if (isinstance(max_height, bool) or not isinstance(max_height, int)
            or max_height < MIN_MAX_HEIGHT):
        raise LayerConfigError(f"max_height must be a whole number of pixels, at least "
                               f"{MIN_MAX_HEIGHT}, got {max_height!r}")


def warn_pages(paths: list[Path], max_height: int | None = None) -> None:
    """Say which page files were written and what else there is.

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_pages(page_paths("m.png", 5))
        >>> print(str(caught[0].message)[:80])
        the drawing is taller than one readable bitmap; wrote 5 pages: m-1.png, m-2.png,
    """
    names = ", ".join(str(p) for p in paths[:3])
    if len(paths) > 3:
        names += f", ... {paths[-1].name}"
    limit = f"{max_height} px (max_height)" if max_height else "one readable bitmap"
    warnings.warn(f"the drawing is taller than {limit}; wrote {len(paths)} pages: "
                  f"{names}; for one picture write .svg, or shorten it with "
                  "fold_repeats=True (CLI: --fold-repeats)", ModelvizWarning, stacklevel=3)


def render_pages(block: DotBlock, fmt: str, *, engine: str, dpi: int | None, timeout: float,
                 max_height: int | None = None) -> list[bytes]:
    """Draw ``block`` as one bitmap if it fits readably, else as pages; return their bytes.

    Raises:
        RenderError: a page would exceed MAX_PAGE_PIXELS even at READABLE_DPI, or the
            drawing needs more than MAX_PAGES pages.

    Example:
        >>> from modelviz import Sequential, layers
        >>> from modelviz.diagram.dot import DotOptions, dot_block
        >>> block = dot_block(Sequential([layers.Dense(2, input_dim=1)]).to_graph(), DotOptions())
        >>> pages = render_pages(block, "png", engine="graphviz-pure", dpi=72, timeout=60)
        >>> len(pages), pages[0][:4]
        (1, b'\x89PNG')
    """
    text = write_block(block)
    size = layout_size(text, engine=engine, timeout=timeout)
    wanted = dpi or math.ceil(size.dpi or DEFAULT_BITMAP_DPI)
    limit = min(MAX_BITMAP_PX, max_height or MAX_BITMAP_PX)
    used = _width_dpi(size, wanted)
    width, height = _px(size.width_pt, used), _px(size.height_pt, used)
    page_height = min(limit, MAX_PAGE_PIXELS // max(width, 1))
    if height <= page_height:
        _warn_scale(size, wanted, used)
        return [render(text, fmt, engine=engine, dpi=used, timeout=timeout, fit=False)]
    shrunk = _shrunk_dpi(size, used, limit)
    if max_height is None and shrunk >= min(wanted, READABLE_DPI):
        _warn_scale(size, wanted, shrunk)
        return [render(text, fmt, engine=engine, dpi=shrunk, timeout=timeout, fit=False)]
    _check_page_count(height, page_height, used, size)
    _warn_scale(size, wanted, used)
    return _pages(block, fmt, engine, used, timeout, page_height, height)


def _px(side_pt: float, dpi: float) -> int:
    return math.ceil(side_pt * dpi / 72)


def _width_dpi(size: LayoutSize, wanted: int) -> int:
    """The dpi at which the width fits one bitmap (and a page of area), never unreadable."""
    used = wanted
    limit = min(MAX_BITMAP_PX, MAX_PAGE_PIXELS // MIN_MAX_HEIGHT)
    if _px(size.width_pt, used) > limit:
        used = max(1, math.floor(limit * 72 / size.width_pt))
    if used < min(wanted, READABLE_DPI):
        raise RenderError(f"the drawing is {size.width_pt:.0f} pt wide: a readable bitmap "
                          f"(dpi >= {READABLE_DPI}) would be wider than {limit} px; write "
                          ".svg, or use rankdir='TB' / fold_repeats=True (CLI: --fold-repeats)")
    return used


def _shrunk_dpi(size: LayoutSize, dpi: int, limit: int) -> int:
    """The largest dpi <= dpi at which the whole drawing is one bitmap within the caps."""
    area = math.sqrt(MAX_PAGE_PIXELS / max(size.width_pt * size.height_pt, 1.0))
    shrunk = min(dpi, math.floor(72 * area), math.floor(limit * 72 / max(size.height_pt, 1.0)))
    while shrunk > 1 and (_px(size.height_pt, shrunk) > limit or _px(size.width_pt, shrunk)
                          * _px(size.height_pt, shrunk) > MAX_PAGE_PIXELS):
        shrunk -= 1
    return max(1, shrunk)


def _check_page_count(height: int, page_height: int, dpi: int, size: LayoutSize) -> None:
    count = math.ceil(height / (page_height * _FILL))
    if count > MAX_PAGES:
        raise RenderError(
            f"the drawing is {size.width_pt:.0f} x {size.height_pt:.0f} pt: at dpi {dpi} it "
            f"needs about {count} pages of {page_height} px (the cap is {MAX_PAGES}); write "
            ".svg, shorten it with fold_repeats=True (CLI: --fold-repeats), lower dpi, or "
            "raise max_height")


def _warn_scale(size: LayoutSize, wanted: int, used: int) -> None:
    if used >= wanted:
        return
    text_px = SMALLEST_FONT_PT * used / 72
    warnings.warn(f"a {size.width_pt:.0f} x {size.height_pt:.0f} pt drawing at dpi {wanted} "
                  f"is too big for one bitmap; drew it at dpi {used} (scale {used / wanted:.3f},"
                  f" smallest text {text_px:.0f} px); write .svg for full detail",
                  ModelvizWarning, stacklevel=4)


def _pages(block: DotBlock, fmt: str, engine: str, dpi: int, timeout: float,
           page_height: int, height: int) -> list[bytes]:
    """Cut the top-level boxes into runs; a run drawn too tall is cut again in two."""
    items = block.items
    per_page = max(1, math.floor(len(items) * page_height * _FILL / height))
    work = [(start, min(start + per_page, len(items))) for start in range(0, len(items), per_page)]
    owner = _owners(items)
    names = _names(items)
    pages: list[bytes] = []
    while work:
        start, stop = work.pop(0)
        data = render(write_block(_page_block(block, start, stop, owner, names)), fmt,
                      engine=engine, dpi=dpi, timeout=timeout, fit=False)
        if _height(data) > page_height and stop - start > 1:
            middle = (start + stop) // 2
            work[:0] = [(start, middle), (middle, stop)]
            continue
        pages.append(data)
        if len(pages) > MAX_PAGES:
            raise RenderError(f"the drawing needs more than {MAX_PAGES} pages; write .svg or "
                              "use fold_repeats=True (CLI: --fold-repeats)")
    return pages


def _owners(items: list[Any]) -> dict[str, int]:
    """Node id -> index of the top-level item (box or cluster) that holds it."""
    owner: dict[str, int] = {}
    for index, item in enumerate(items):
        work = [item]
        while work:
            current = work.pop()
            if isinstance(current, DotBlock):
                work.extend(current.items)
            else:
                owner[current[0]] = index
    return owner


def _names(items: list[Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    work = list(items)
    while work:
        current = work.pop()
        if isinstance(current, DotBlock):
            work.extend(current.items)
        else:
            names[current[0]] = current[2]
    return names


def _page_block(block: DotBlock, start: int, stop: int, owner: dict[str, int],
                names: dict[str, str]) -> DotBlock:
    """Boxes start..stop, their edges, and a note box per edge that leaves the page."""
    attrs = [(k, v) for k, v in block.attrs if start == 0 or k not in ("label", "labelloc")]
    page = DotBlock(block.name, attrs, list(block.items[start:stop]))
    notes: dict[str, str] = {}
    for u, v in block.edges:
        inside_u, inside_v = start <= owner[u] < stop, start <= owner[v] < stop
        if inside_u and inside_v:
            page.edges.append((u, v))
        elif inside_v:
            page.edges.append((_note(notes, page, u, "from", names), v))
        elif inside_u:
            page.edges.append((u, _note(notes, page, v, "to", names)))
    return page


def _note(notes: dict[str, str], page: DotBlock, node: str, word: str,
          names: dict[str, str]) -> str:
    key = f"{word}_{node}"
    if key not in notes:
        notes[key] = key
        arrow = "↑" if word == "from" else "↓"
        text = f"{arrow} {word} {escape(shorten(names[node]))}"
        page.items.append((key, _NOTE.format(text), names[node]))
    return notes[key]


def _height(data: bytes) -> int:
    from PIL import Image

    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # our own render: trusted
    try:
        with Image.open(io.BytesIO(data)) as image:
            return int(image.size[1])
    except OSError as err:
        raise RenderError(f"cannot read the rendered page: {err}") from err
    finally:
        Image.MAX_IMAGE_PIXELS = limit

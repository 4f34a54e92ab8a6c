"""Split a tall bitmap into pages no taller than a limit (``plot_model(max_height=...)``).

Graphviz draws one picture; a 30,000-pixel-tall PNG is hard to open or print, so on
request it is cut into horizontal strips saved as ``out-1.png``, ``out-2.png``, ...
Pillow is imported only here, when pages are asked for.

Example:
    >>> page_paths("model.png", 2)
    [PosixPath('model-1.png'), PosixPath('model-2.png')]
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from modelviz.errors import LayerConfigError, RenderError

__all__ = ["check_max_height", "page_paths", "split_pages"]

_PIL_FORMATS = {"png": "PNG", "jpg": "JPEG"}


def page_paths(path: str | os.PathLike[str], count: int) -> list[Path]:
    """``out.png`` -> ``out-1.png`` ... ``out-<count>.png``, next to it."""
    path = Path(path)
    return [path.with_name(f"{path.stem}-{page}{path.suffix}") for page in range(1, count + 1)]


def check_max_height(max_height: object) -> None:
    """Raise LayerConfigError unless ``max_height`` is a positive whole number of pixels."""
    if isinstance(max_height, bool) or not isinstance(max_height, int) or max_height < 1:
        raise LayerConfigError(f"max_height must be a positive number of pixels, got "
                               f"{max_height!r}")


def split_pages(data: bytes, fmt: str, max_height: int) -> list[bytes]:
    """Cut a PNG/JPEG into strips at most ``max_height`` pixels tall (one page if it fits).

    Raises:
        LayerConfigError: ``max_height`` is not a positive integer.
        RenderError: the bitmap cannot be read (a damaged render).
    """
    check_max_height(max_height)
    from PIL import Image

    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # our own render: trusted
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except OSError as err:
        raise RenderError(f"cannot split the rendered {fmt} into pages: {err}") from err
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    width, height = image.size
    if height <= max_height:
        return [data]
    pages = []
    for top in range(0, height, max_height):
        out = io.BytesIO()
        image.crop((0, top, width, min(top + max_height, height))).save(out, _PIL_FORMATS[fmt])
        pages.append(out.getvalue())
    return pages

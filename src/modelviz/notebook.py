"""A ``graphviz.Source`` that renders with modelviz's engine choice (no system dot needed).

Example:
    >>> source = ModelSource("digraph { a -> b }", engine="graphviz-pure")
    >>> source.pipe(format="svg").startswith(b"<?xml")
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import graphviz

from modelviz.render import render

__all__ = ["ModelSource"]


class ModelSource(graphviz.Source):
    """``graphviz.Source`` whose ``pipe``/``render``/notebook display use modelviz's renderer."""

    def __init__(self, source: str, engine: str = "auto", **kwargs: Any) -> None:
        super().__init__(source, **kwargs)
        self._modelviz_engine = engine

    def pipe(self, format: str | None = None, *args: Any,
             encoding: str | None = None, **kwargs: Any) -> Any:
        """Rendered bytes (or text with ``encoding``) in ``format`` (default svg)."""
        data = render(self.source, format or "svg", engine=self._modelviz_engine)
        return data.decode(encoding) if encoding else data

    def render(self, filename: str | os.PathLike[str] | None = None,  # type: ignore[override]
               directory: str | os.PathLike[str] | None = None, view: bool = False,
               cleanup: bool = False, format: str | None = None,
               **kwargs: Any) -> str:
        """Write the DOT source and ``<filename>.<format>``; return the rendered path."""
        fmt = format or self.format or "svg"
        base = Path(directory or ".") / (filename or self.filename or "model.gv")
        base.parent.mkdir(parents=True, exist_ok=True)
        if not cleanup:
            base.write_text(self.source, encoding="utf-8")
        out = base.with_name(f"{base.name}.{fmt}")
        out.write_bytes(render(self.source, fmt, engine=self._modelviz_engine))
        return str(out)

    def _repr_image_svg_xml(self) -> str:
        return self.pipe(format="svg", encoding="utf-8")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None,
                          **kwargs: Any) -> dict[str, Any]:
        return {"image/svg+xml": self._repr_image_svg_xml()}

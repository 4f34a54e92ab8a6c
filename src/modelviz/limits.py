"""Defaults and choices shared by the renderer and the command line (imports nothing).

The CLI reads them to build its ``--help`` without loading the renderer.

Example:
    >>> DEFAULT_TIMEOUT, "ortho" in SPLINES
    (120.0, True)
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_TIMEOUT", "SHAPE_VALUE_ELEMENTS", "SPLINES"]

DEFAULT_TIMEOUT: Final = 120.0  # seconds each Graphviz run may take
# Graphviz's edge styles (Keras's ``splines=`` passes one through to the DOT)
SPLINES: Final = ("ortho", "curved", "polyline", "spline", "line", "none", "true", "false")
# ONNX shape arithmetic evaluated while reading a file (importers.onnx_values): larger
# tensors are data, not shapes, and are left to ONNX's inference.
SHAPE_VALUE_ELEMENTS: Final = 4096

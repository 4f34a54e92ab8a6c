"""Defaults and choices shared by the renderer and the command line (imports nothing).

The CLI reads them to build its ``--help`` without loading the renderer.

Example:
    >>> DEFAULT_TIMEOUT, "ortho" in SPLINES
    (120.0, True)
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_TIMEOUT", "MAX_DIAGRAM_BYTES", "MAX_RECORD_BYTES", "SPLINES"]

DEFAULT_TIMEOUT: Final = 120.0  # seconds each Graphviz run may take
# Graphviz's edge styles (Keras's ``splines=`` passes one through to the DOT)
SPLINES: Final = ("ortho", "curved", "polyline", "spline", "line", "none", "true", "false")
# A diagram's provenance record (modelviz.provenance) is small; longer ones are ignored.
MAX_RECORD_BYTES: Final = 64 * 1024
# `modelviz check` reads whole diagrams; a bigger file is not one modelviz drew.
MAX_DIAGRAM_BYTES: Final = 256 * 1024 * 1024

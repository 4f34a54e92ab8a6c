"""Defaults, choices and size limits shared by the readers, the renderer and the CLI.

The CLI reads them to build its ``--help`` without loading the renderer. A limit a
trusted input may need to exceed is raised through an environment variable
(:func:`env_limit`), which the refusal names.

Example:
    >>> DEFAULT_TIMEOUT, "ortho" in SPLINES
    (120.0, True)
"""

from __future__ import annotations

import os
from typing import Final

__all__ = ["DEFAULT_TIMEOUT", "MAX_DIAGRAM_BYTES", "MAX_RECORD_BYTES", "NAME_SCOPES_CHARS",
           "ONNX_DEPTH", "ONNX_NODES", "SHAPE_VALUE_ELEMENTS", "SPLINES", "env_limit"]

DEFAULT_TIMEOUT: Final = 120.0  # seconds each Graphviz run may take
# Graphviz's edge styles (Keras's ``splines=`` passes one through to the DOT)
SPLINES: Final = ("ortho", "curved", "polyline", "spline", "line", "none", "true", "false")
# A diagram's provenance record (modelviz.provenance) is small; longer ones are ignored.
MAX_RECORD_BYTES: Final = 64 * 1024
# `modelviz check` reads whole diagrams; a bigger file is not one modelviz drew.
MAX_DIAGRAM_BYTES: Final = 256 * 1024 * 1024

# ONNX files: operators once local functions are expanded, and how deep function calls nest
ONNX_NODES: Final = ("MODELVIZ_MAX_ONNX_NODES", 300_000)
ONNX_DEPTH: Final = ("MODELVIZ_MAX_ONNX_DEPTH", 64)
# characters of one ``pkg.torch.onnx.name_scopes`` metadata value read for module paths
NAME_SCOPES_CHARS: Final = 65_536


def env_limit(limit: tuple[str, int]) -> int:
    """A ``(variable, default)`` limit: the variable's whole number if set and positive.

    Example:
        >>> import os
        >>> os.environ["MODELVIZ_EXAMPLE_LIMIT"] = "12"
        >>> env_limit(("MODELVIZ_EXAMPLE_LIMIT", 5)), env_limit(("MODELVIZ_UNSET_LIMIT", 5))
        (12, 5)
    """
    variable, default = limit
    raw = os.environ.get(variable, "").strip().replace("_", "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 18 and int(raw) > 0:
        return int(raw)
    return default

# ONNX shape arithmetic evaluated while reading a file (importers.onnx_values): larger
# tensors are data, not shapes, and are left to ONNX's inference.
SHAPE_VALUE_ELEMENTS: Final = 4096

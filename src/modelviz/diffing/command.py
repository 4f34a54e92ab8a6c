"""The ``modelviz diff OLD NEW`` sub-command's arguments (``modelviz.cli`` runs it).

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_diff_arguments(parser)
    >>> parser.parse_args(["a.py", "b.keras", "--format", "json"]).format
    'json'
"""

from __future__ import annotations

import argparse

__all__ = ["add_diff_arguments"]


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``modelviz diff``."""
    parser.add_argument("old", metavar="OLD", help="the old model: a .py file (run), or a saved "
                        "model (.keras, .h5, .json, .onnx, TF.js folder; only read)")
    parser.add_argument("new", metavar="NEW", help="the new model, as OLD")
    parser.add_argument("--format", default="text", choices=["text", "markdown", "json"])
    parser.add_argument("-o", "--output", default=None, metavar="OUT",
                        help="also draw the diff (svg, png, jpg, pdf, dot; "
                        "html: an interactive page); svg/png/jpg/dot record both model files "
                        "for `modelviz check`")
    parser.add_argument("--side-by-side", action="store_true",
                        help="draw both models next to each other (with -o)")
    parser.add_argument("--fold-repeats", action="store_true",
                        help="compare runs of repeated blocks as blocks (×12 → ×24)")
    parser.add_argument("--context", type=int, default=None, metavar="N",
                        help="print only differing layers and N layers around them")
    parser.add_argument("--rankdir", default="TB", type=str.upper,
                        choices=["TB", "LR", "BT", "RL"])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--engine", default="auto", choices=["auto", "dot", "graphviz-pure"])
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when the models differ, 0 when they do not (as git)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


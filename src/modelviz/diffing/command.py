"""The ``modelviz diff OLD NEW`` sub-command: its arguments and what it runs.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_diff_arguments(parser)
    >>> parser.parse_args(["a.py", "b.keras", "--format", "json"]).format
    'json'
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_diff_arguments", "run_diff"]


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``modelviz diff``."""
    parser.add_argument("old", metavar="OLD", help="the old model: .py, .keras, .h5 or .json")
    parser.add_argument("new", metavar="NEW", help="the new model: .py, .keras, .h5 or .json")
    parser.add_argument("--format", default="text", choices=["text", "markdown", "json"])
    parser.add_argument("-o", "--output", default=None, metavar="OUT",
                        help="also draw the diff (svg, png, jpg, pdf, dot; "
                        "html: an interactive page)")
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


def run_diff(args: argparse.Namespace) -> int:
    """Print the diff (and draw it with ``-o``); return the exit status.

    Example:
        >>> import argparse, contextlib, io, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name, units in (("old", 2), ("new", 3)):
        ...     _ = (folder / f"{name}.py").write_text(
        ...         "from modelviz import Sequential, layers\\n"
        ...         f"model = Sequential([layers.Dense({units}, input_dim=4, name='out')])\\n")
        >>> parser = argparse.ArgumentParser()
        >>> add_diff_arguments(parser)
        >>> args = parser.parse_args([str(folder / "old.py"), str(folder / "new.py"),
        ...                           "--exit-code"])
        >>> with contextlib.redirect_stdout(io.StringIO()) as out:
        ...     status = run_diff(args)
        >>> status, out.getvalue().splitlines()[7]
        (1, 'Total params: 10 → 15 (+5, +50.0%)')
    """
    from modelviz.diffing import diff, format_diff, plot_diff

    result = diff(args.old, args.new, fold_repeats=args.fold_repeats)
    text = format_diff(result, fmt=args.format, context=args.context)
    if args.output:
        plot_diff(result, args.output, side_by_side=args.side_by_side, rankdir=args.rankdir,
                  dpi=args.dpi, engine=args.engine)
        print(f"wrote {args.output}", file=sys.stderr)
    print(text)
    return 1 if args.exit_code and result.has_changes else 0

"""The ``modelviz`` command: ``modelviz summary PATH`` and ``modelviz plot PATH -o OUT``.

Example:
    >>> main(["summary", "no_such_model.py"])  # prints one line on stderr
    2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from modelviz.errors import ModelvizError

__all__ = ["main"]

_EXAMPLES = """examples:
  modelviz summary examples/cifar_cnn.py
  modelviz summary model.keras --format json
  modelviz summary examples/cifar_cnn.py --explain
  modelviz plot examples/cifar_cnn.py -o cifar_cnn.png --show-shapes
  modelviz plot model.h5 -o model.svg --show-shapes --show-params --rankdir LR
  modelviz plot resnet.keras -o resnet.png --fold-repeats --max-height 8000
  modelviz plot resnet.keras -o resnet.html --show-shapes   # interactive, offline page

PATH is a .py file defining `model` (or build_model()), or a saved Keras model
(.keras, .h5, .json). Exit status: 0 on success, 2 on bad input (one line on stderr).
"""


def _parser() -> argparse.ArgumentParser:
    from modelviz import __version__

    parser = argparse.ArgumentParser(
        prog="modelviz", description="Summaries and diagrams of Keras-style models, no Keras "
        "needed.", epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"modelviz {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_summary(commands.add_parser("summary", help="print a table of layers"))
    _add_plot(commands.add_parser("plot", help="draw a diagram (svg, png, jpg, pdf, dot, html)"))
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a .py model definition or saved model")
    parser.add_argument("--expand-nested", action="store_true", help="open nested models")
    parser.add_argument("--show-trainable", action="store_true", help="mark frozen layers")
    parser.add_argument("--fold-repeats", action="store_true",
                        help="show each run of repeated blocks once, with a ×N badge")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _add_summary(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--format", default="text", choices=["text", "rich", "markdown", "json"])
    parser.add_argument("--explain", action="store_true", help="say where each count comes from")
    parser.add_argument("--line-length", type=int, default=None, metavar="N")


def _add_plot(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file; the suffix picks the format")
    for flag in ("shapes", "params", "dtype", "layer-names", "layer-activations", "title"):
        parser.add_argument(f"--show-{flag}", action="store_true")
    parser.add_argument("--rankdir", default="TB", type=str.upper,
                        choices=["TB", "LR", "BT", "RL"])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--engine", default="auto", choices=["auto", "dot", "graphviz-pure"])
    parser.add_argument("--max-height", type=int, default=None, metavar="N",
                        help="split a PNG/JPG taller than N pixels into OUT-1, OUT-2, ...")


def _summary(args: argparse.Namespace) -> None:
    from modelviz.importers import load
    from modelviz.tables import summary

    summary(load(args.path), fmt=args.format, explain=args.explain,
            expand_nested=args.expand_nested, show_trainable=args.show_trainable,
            line_length=args.line_length, fold_repeats=args.fold_repeats)


def _plot(args: argparse.Namespace) -> None:
    from modelviz.importers import load
    from modelviz.plot import plot_model

    plot_model(load(args.path), to_file=args.output, show_shapes=args.show_shapes,
               show_dtype=args.show_dtype, show_layer_names=args.show_layer_names,
               rankdir=args.rankdir, expand_nested=args.expand_nested, dpi=args.dpi,
               show_layer_activations=args.show_layer_activations,
               show_trainable=args.show_trainable, show_params=args.show_params,
               show_title=args.show_title, engine=args.engine,
               fold_repeats=args.fold_repeats, max_height=args.max_height)
    out = Path(args.output)
    first_page = out.with_name(f"{out.stem}-1{out.suffix}")
    print(f"wrote {out}" if out.exists() else f"wrote pages {first_page}, ...", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        _summary(args) if args.command == "summary" else _plot(args)
    except BrokenPipeError:  # e.g. `modelviz summary m.py | head`
        sys.stderr.close()
        return 0
    except ModelvizError as err:
        if args.debug:
            raise
        message = " ".join(str(err).split())
        print(f"modelviz: error: {message}", file=sys.stderr)
        return 2
    return 0


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s status."""
    sys.exit(main())

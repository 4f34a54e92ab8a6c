"""The ``modelviz`` command: ``modelviz summary PATH`` and ``modelviz plot PATH -o OUT``.

Example:
    >>> main(["summary", "no_such_model.py"])  # prints one line on stderr
    2
"""

from __future__ import annotations

import argparse
import errno
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from modelviz.errors import ModelvizError, ModelvizWarning
from modelviz.gcpause import paused_gc
from modelviz.limits import DEFAULT_TIMEOUT, SPLINES

__all__ = ["main"]

_EXAMPLES = """examples:
  modelviz summary examples/cifar_cnn.py
  modelviz summary model.keras --format json
  modelviz summary examples/cifar_cnn.py --explain
  modelviz summary examples/cifar_cnn.py --show-macs
  modelviz summary net.py --depth 2 --columns input_size,params_percent,kernel_size
  modelviz plot examples/cifar_cnn.py -o cifar_cnn.png --show-shapes
  modelviz plot model.h5 -o model.svg --show-shapes --show-params --rankdir LR
  modelviz plot resnet.keras -o resnet.png --fold-repeats --max-height 8000
  modelviz diff old.keras new.py --format markdown -o diff.svg
  modelviz plot resnet.keras -o resnet.html --show-shapes   # interactive, offline page

PATH (OLD, NEW) is one of:
  a .py file defining `model` (or build_model()): modelviz RUNS it, like `python PATH`;
    a PyTorch .py defines `model` (a torch.nn.Module) and `example_input`
  a saved Keras model (.keras, .h5, .json), a TF.js folder or model.json, an .onnx file:
    only read, never run
Exit status: 0 on success; 1 when `check` finds stale diagrams or `diff --exit-code`
finds differences; 2 on bad input (one line on stderr).
"""

_CHECK_HELP = """Each diagram written by `modelviz plot` or `modelviz diff -o` records its model
file(s) and options. check rebuilds the drawing from the model file(s) as they are now:
a .py model file is RUN (like `python model.py`); saved files are only read. A record
may only name files inside the project that holds the diagram (its git root, else the
current directory); anything else is refused (exit 2) and nothing runs. --update writes
each stale diagram itself and nothing else.
Exit status: 0 when all are current (or updated), 1 when some are stale, 2 on bad
input (one line on stderr).
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
    _add_check(commands.add_parser(
        "check", help="exit 1 when diagrams differ from their models", description=_CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter))
    _add_diff(commands.add_parser("diff", help="what changed between two models",
                                  epilog=_EXAMPLES.split("\n\n", 1)[1],
                                  formatter_class=argparse.RawDescriptionHelpFormatter))
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a .py model definition (run), or a saved "
                        "model (.keras, .h5, .json, .onnx, TF.js folder; only read)")
    parser.add_argument("--expand-nested", action="store_true",
                        help="show the layers inside nested models")
    parser.add_argument("--show-trainable", action="store_true",
                        help="mark trainable and frozen layers")
    parser.add_argument("--fold-repeats", action="store_true",
                        help="show each run of repeated blocks once, with a ×N badge")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an error")
    parser.add_argument("--show-macs", action="store_true",
                        help="multiply-accumulates per layer (batch 1) and their total")
    parser.add_argument("--count", choices=["macs", "flops"], default=None,
                        help="unit of --show-macs: macs (default) or flops (2 × MACs)")
    parser.add_argument("--depth", type=int, default=None, metavar="N",
                        help="nested models and modules down to N levels (1: top level)")


def _add_summary(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--format", default="text",
                        choices=["text", "rich", "markdown", "json", "tf_keras"],
                        help="table style (default: text, as Keras prints; tf_keras: as "
                             "tf_keras 2.13+ prints)")
    parser.add_argument("--explain", action="store_true", help="say where each count comes from")
    parser.add_argument("--line-length", type=int, default=None, metavar="N",
                        help="table width in characters (default: Keras's widths)")
    parser.add_argument("--columns", default=None, metavar="NAMES",
                        help="torchinfo's optional columns, comma-separated: input_size, "
                        "params_percent, kernel_size, mult_adds, trainable")


def _add_plot(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file; the suffix picks the format")
    for flag, text in _SHOW_FLAGS:
        parser.add_argument(f"--show-{flag}", action="store_true", help=text)
    parser.add_argument("--rankdir", default="TB", type=str.upper,
                        choices=["TB", "LR", "BT", "RL"],
                        help="direction: TB top to bottom (default), LR left to right, ...")
    parser.add_argument("--dpi", type=int, default=200,
                        help="resolution of PNG/JPG in dots per inch (default: 200)")
    parser.add_argument("--engine", default="auto", choices=["auto", "dot", "graphviz-pure"],
                        help="who draws: a system dot if found, else graphviz-pure (default: auto)")
    parser.add_argument("--max-height", type=int, default=None, metavar="N",
                        help="write a PNG/JPG taller than N pixels (at least 200) as pages "
                        "OUT-1, OUT-2, ... laid out at --dpi")
    parser.add_argument("--splines", default=None, choices=list(SPLINES),
                        help="edge style, as Keras's splines= (default: modelviz's curves)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a Graphviz layout after SECONDS (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--plumbing", default="grey", choices=["grey", "full", "hide"],
                        help="PyTorch/ONNX shape-only and element-wise operators: small grey "
                        "boxes (default), full boxes like layers, or hidden")


_SHOW_FLAGS = (("shapes", "input and output shapes in each box"),
               ("params", "parameter counts in each box"),
               ("dtype", "output dtypes in each box"),
               ("layer-names", "layer names beside class names"),
               ("layer-activations", "activation functions"),
               ("title", "the model's name and totals above the diagram"))


def _add_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="diagrams written by `modelviz plot` or `modelviz diff -o` "
                        "(svg, png, jpg, dot)")
    parser.add_argument("--update", action="store_true", help="redraw the stale ones")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _check(args: argparse.Namespace) -> int:
    from modelviz.check import check_files

    results = check_files(args.files, update=args.update)
    for result in results:
        if result.status != "current":
            print(f"{result.path}: {result.status} (model: {result.source})", file=sys.stderr)
    return 1 if any(result.status == "stale" for result in results) else 0


def _add_diff(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``modelviz diff`` (defined here: a summary need not import the
    diff machinery to build its parser)."""
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



def _diff(args: argparse.Namespace) -> int:
    """Print the diff (and draw it, with a record, with ``-o``); return the exit status."""
    from modelviz.diffing import diff, format_diff

    if args.output:
        from modelviz.drawings import diff_file

        result = diff_file(args.old, args.new, args.output, side_by_side=args.side_by_side,
                           rankdir=args.rankdir, dpi=args.dpi, engine=args.engine,
                           fold_repeats=args.fold_repeats)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        result = diff(args.old, args.new, fold_repeats=args.fold_repeats)
    print(format_diff(result, fmt=args.format, context=args.context))
    return 1 if args.exit_code and result.has_changes else 0


# Set by entry_point: what the command made is kept here, so that nothing frees it
# object by object before the process ends (main() called in-process keeps nothing).
_HELD: list[object] | None = None


def _summary(args: argparse.Namespace) -> None:
    import gc

    from modelviz.importers import load
    from modelviz.tables import summary

    model = load(args.path)
    if _HELD is not None:  # the console command: the model lives until os._exit
        _HELD.append(model)
        gc.freeze()  # never scanned again by the collector (it stays on for the rest)
    summary(model, fmt=args.format, explain=args.explain,
            expand_nested=args.expand_nested, show_trainable=args.show_trainable,
            line_length=args.line_length, fold_repeats=args.fold_repeats,
            show_macs=args.show_macs, count=args.count, depth=args.depth,
            columns=None if args.columns is None else
            [c.strip() for c in args.columns.split(",") if c.strip()])


def _plot(args: argparse.Namespace) -> None:
    from modelviz.drawings import plot_file

    started = time.time() - 1
    plot_file(args.path, args.output, show_shapes=args.show_shapes,
               show_dtype=args.show_dtype, show_layer_names=args.show_layer_names,
               rankdir=args.rankdir, expand_nested=args.expand_nested, dpi=args.dpi,
               show_layer_activations=args.show_layer_activations,
               show_trainable=args.show_trainable, show_params=args.show_params,
               show_title=args.show_title, engine=args.engine,
               fold_repeats=args.fold_repeats, max_height=args.max_height,
               show_macs=args.show_macs or args.count is not None, count=args.count or "macs",
               splines=args.splines, timeout=args.timeout,
               **_newer_options(args))
    out = Path(args.output)
    if out.exists() and out.stat().st_mtime >= started:  # else pages, named in a warning
        print(f"wrote {out}", file=sys.stderr)


def _newer_options(args: argparse.Namespace) -> dict[str, object]:
    """Options newer than the first drawing records, only when set: records stay as they were."""
    return {**({} if args.depth is None else {"depth": args.depth}),
            **({} if args.plumbing == "grey" else {"plumbing": args.plumbing})}


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    """A warning as one line, without a Python source line or path."""
    text = " ".join(str(message).split())
    print(f"modelviz: warning: {text}", file=sys.stderr)


_OUTPUT_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        # restored on return: main() may run in-process; one command keeps what it makes,
        # so the cycle collector would only re-scan it (a second at 100,000 operations)
        with warnings.catch_warnings(), paused_gc():
            warnings.simplefilter("default", ModelvizWarning)
            if not args.debug:
                warnings.showwarning = _show_warning
            return _run(args)
    except BrokenPipeError:  # e.g. `modelviz summary m.py | head`
        sys.stderr.close()
        return 0
    except OSError as err:  # e.g. `modelviz summary m.py > /dev/full`
        if err.errno not in _OUTPUT_ERRNOS:
            raise
        _silence_stdout()
        print(f"modelviz: error: cannot write the output: {err.strerror}", file=sys.stderr)
        return 2
    except ModelvizError as err:
        if args.debug:
            raise
        message = " ".join(str(err).split())
        print(f"modelviz: error: {message}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """The chosen sub-command; its exit status."""
    if args.command == "check":
        return _check(args)
    if args.command == "diff":
        return _diff(args)
    _summary(args) if args.command == "summary" else _plot(args)
    sys.stdout.flush()
    return 0


def _silence_stdout() -> None:
    """Drop what is left in stdout's buffer, so the exit-time flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a real file
        pass


def entry_point() -> None:
    """Console-script entry (and ``python -m modelviz``): exit with :func:`main`'s status.

    After a summary, once the output is flushed, the process ends at once (``os._exit``,
    as mypy does): freeing a 100,000-operator graph object by object would take a tenth
    of a second more (the summary's model is kept in ``_HELD`` till then). Every other
    command, and a summary whose flush fails, exits the usual way (``atexit`` handlers
    run).
    """
    import os

    global _HELD
    _HELD = []
    status = main()
    if not _HELD:
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the usual exit path
        sys.exit(status)
    os._exit(status)

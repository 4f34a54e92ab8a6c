"""Sphinx extension: draw models and print their summaries when the docs are built.

Enable it in ``conf.py`` with ``extensions = ["modelviz.sphinx"]``, then write::

    .. modelviz-plot:: models/cnn.py
       :show_shapes:
       :rankdir: LR
       :summary:

    .. modelviz-summary::
       :explain:

       from modelviz import Sequential, Input, layers
       model = Sequential([Input((32, 32, 3)), layers.Conv2D(32, 3)])

The argument is a ``.py`` file defining ``model`` (or ``build_model()``) or a saved
Keras model, relative to the document (or to the source directory with a leading
``/``); without one, the directive's content is run as Python instead. Pictures use
``plot_model``'s engine choice (``engine="auto"``, so ``MODELVIZ_ENGINE`` applies) and
are copied into the build's ``_images``. A model that fails to load or draw becomes a
warning naming the file, so ``sphinx-build -W`` fails.

Only this module imports Sphinx; ``import modelviz`` does not.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, ClassVar, Final

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from modelviz.confine import project_root, resolve_inside
from modelviz.embedding import EMBED_OPTIONS, parse_option, split_options
from modelviz.errors import ModelvizError

__all__ = ["ModelvizDiff", "ModelvizPlot", "ModelvizSummary", "setup"]

_LOGGER: Final = logging.getLogger(__name__)
_IMAGE_DIR: Final = "modelviz"


def _summary_format(argument: str | None) -> str:
    return directives.choice(argument or "text", ("text", "rich", "markdown", "json", "tf_keras"))


def _model_path(directive: SphinxDirective, argument: str) -> str:
    """A directive's model file, noted as a dependency; it must lie inside the project (the
    git root above ``conf.py``, else the folder above ``conf.py``'s): a document never
    runs a file elsewhere."""
    relative, path = directive.env.relfn2path(argument, directive.env.docname)
    confdir = Path(directive.env.app.confdir).resolve()
    root = project_root(confdir, fallback=confdir.parent)
    inside = resolve_inside(os.path.relpath(path, directive.env.srcdir), directive.env.srcdir,
                            root)
    directive.env.note_dependency(relative)
    return str(inside)


class _ModelDirective(SphinxDirective):
    """Shared by both directives: find and load the model, report failures."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def _where(self) -> str:
        return self.arguments[0] if self.arguments else f"{self.env.docname} (inline model)"

    def _load(self) -> Any:
        from modelviz.importers import load
        from modelviz.layers.base import clear_session

        clear_session()  # automatic names start afresh in every example, as in a new session
        if not self.arguments:
            return _run_inline("\n".join(self.content), self._where())
        return load(_model_path(self, self.arguments[0]))

    def _failed(self, err: Exception) -> list[nodes.Node]:
        message = " ".join(str(err).split())
        _LOGGER.warning("%s: %s: %s", self.name, self._where(), message,
                        location=self.get_location(), type="modelviz", subtype=self.name)
        return []

    def _summary_node(self, model: Any, fmt: str, explain: bool) -> nodes.Node:
        from modelviz.tables import format_summary

        text = format_summary(model, fmt=fmt, explain=explain,
                              expand_nested="expand_nested" in self.options,
                              show_trainable="show_trainable" in self.options,
                              line_length=self.options.get("line_length"),
                              layer_range=self.options.get("layer_range"),
                              show_macs=bool(self.options.get("show_macs")),
                              count=self.options.get("count") or "macs")
        block = nodes.literal_block(text, text)
        block["language"] = "json" if fmt == "json" else "text"
        return block


class ModelvizSummary(_ModelDirective):
    """``.. modelviz-summary:: [path]``: the model's summary as a literal block."""

    option_spec: ClassVar[dict[str, Any]] = {
        "format": _summary_format, "explain": directives.flag,
        "expand_nested": directives.flag, "show_trainable": directives.flag,
        "line_length": directives.positive_int,
        "layer_range": lambda arg: parse_option("layer_range", arg),
        "show_macs": lambda arg: parse_option("show_macs", arg),
        "count": lambda arg: parse_option("count", arg),
    }

    def run(self) -> list[nodes.Node]:
        try:
            model = self._load()
            return [self._summary_node(model, self.options.get("format", "text"),
                                       "explain" in self.options)]
        except (ModelvizError, OSError, ValueError) as err:
            return self._failed(err)


def _option_spec() -> dict[str, Any]:
    """Sphinx converters for the options shared with MkDocs (:mod:`modelviz.embedding`)."""
    spec: dict[str, Any] = {option.name: (lambda arg, name=option.name: parse_option(name, arg))
                            for option in EMBED_OPTIONS}
    spec["width"] = directives.length_or_percentage_or_unitless
    return spec


class ModelvizPlot(_ModelDirective):
    """``.. modelviz-plot:: [path]``: a ``plot_model`` picture, optionally with the summary.

    Options: the table in :mod:`modelviz.embedding` (shared with MkDocs), plus ``width``.
    """

    option_spec: ClassVar[dict[str, Any]] = _option_spec()

    def run(self) -> list[nodes.Node]:
        try:
            model = self._load()
            result: list[nodes.Node] = [self._image(model)]
            explain = bool(self.options.get("explain"))
            if self.options.get("summary") or explain:
                fmt = self.options.get("summary") or "text"
                result.append(self._summary_node(model, fmt, explain))
            return result
        except (ModelvizError, OSError, ValueError) as err:
            return self._failed(err)

    def _image(self, model: Any) -> nodes.image:
        path = self._render(model)
        uri = "/" + Path(os.path.relpath(path, self.env.srcdir)).as_posix()
        image = nodes.image(uri=uri, alt=self.options.get("alt", f"diagram of {model.name}"))
        if "width" in self.options:
            image["width"] = self.options["width"]
        return image

    def _render(self, model: Any) -> Path:
        from modelviz.plot import plot_model

        fmt = self.options.get("format", "svg")
        if fmt == "html":
            raise ValueError("format html is not available in Sphinx yet; use svg or png")
        kwargs, _ = split_options({key: value for key, value in self.options.items()
                                   if key != "width"})
        folder = Path(self.env.doctreedir) / _IMAGE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f"render-{os.getpid()}.{fmt}"
        plot_model(model, to_file=scratch, engine="auto", **kwargs)
        digest = hashlib.sha1(scratch.read_bytes()).hexdigest()[:16]
        target = folder / f"{model.name}-{digest}.{fmt}"
        scratch.replace(target)
        return target


class ModelvizDiff(_ModelDirective):
    """``.. modelviz-diff:: OLD NEW``: the diff of two models drawn, optionally with its table."""

    required_arguments = 2
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "side_by_side": directives.flag, "fold_repeats": directives.flag,
        "rankdir": lambda arg: parse_option("rankdir", arg),
        "format": lambda arg: directives.choice(arg, ("svg", "png")),
        "table": lambda arg: directives.choice(arg or "text", ("text", "markdown", "json")),
        "context": directives.nonnegative_int, "alt": directives.unchanged,
        "width": directives.length_or_percentage_or_unitless,
    }

    def run(self) -> list[nodes.Node]:
        from modelviz.diffing import diff, format_diff

        try:
            paths = [_model_path(self, argument) for argument in self.arguments]
            result = diff(*paths, fold_repeats="fold_repeats" in self.options)
            found: list[nodes.Node] = [self._diff_image(result)]
            if "table" in self.options:
                text = format_diff(result, fmt=self.options["table"] or "text",
                                   context=self.options.get("context"))
                found.append(nodes.literal_block(text, text))
            return found
        except (ModelvizError, OSError, ValueError) as err:
            return self._failed(err)

    def _diff_image(self, result: Any) -> nodes.image:
        from modelviz.diffing import plot_diff

        fmt = self.options.get("format", "svg")
        folder = Path(self.env.doctreedir) / _IMAGE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f"diff-{os.getpid()}.{fmt}"
        plot_diff(result, scratch, side_by_side="side_by_side" in self.options,
                  rankdir=self.options.get("rankdir", "TB"), engine="auto")
        target = folder / f"diff-{hashlib.sha1(scratch.read_bytes()).hexdigest()[:16]}.{fmt}"
        scratch.replace(target)
        uri = "/" + Path(os.path.relpath(target, self.env.srcdir)).as_posix()
        image = nodes.image(uri=uri, alt=self.options.get("alt", "diff of two models"))
        if "width" in self.options:
            image["width"] = self.options["width"]
        return image


def _run_inline(code: str, where: str) -> Any:
    """Run a directive's Python content; return its ``model`` (or ``build_model()``)."""
    namespace: dict[str, Any] = {"__name__": "__modelviz__"}
    try:
        exec(compile(code, where, "exec"), namespace)
        model = namespace.get("model")
        if model is None and callable(namespace.get("build_model")):
            model = namespace["build_model"]()
    except ModelvizError:
        raise
    except Exception as err:  # the user's code can raise anything; report it as a warning
        raise ValueError(f"{type(err).__name__}: {err}") from err
    if not hasattr(model, "to_graph"):
        raise ValueError("the code defines no `model` (a modelviz Sequential or Model) and no "
                         "build_model() function")
    return model


def setup(app: Any) -> dict[str, Any]:
    """Register the directives (Sphinx calls this for ``extensions = ["modelviz.sphinx"]``).

    Example:
        >>> class FakeApp:
        ...     def __init__(self):
        ...         self.directives = []
        ...     def add_directive(self, name, cls):
        ...         self.directives.append((name, cls.__name__))
        >>> app = FakeApp()
        >>> meta = setup(app)
        >>> app.directives  # doctest: +NORMALIZE_WHITESPACE
        [('modelviz-plot', 'ModelvizPlot'), ('modelviz-summary', 'ModelvizSummary'),
         ('modelviz-diff', 'ModelvizDiff')]
        >>> meta["parallel_read_safe"], meta["parallel_write_safe"]
        (True, True)
    """
    from modelviz import __version__

    app.add_directive("modelviz-plot", ModelvizPlot)
    app.add_directive("modelviz-summary", ModelvizSummary)
    app.add_directive("modelviz-diff", ModelvizDiff)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

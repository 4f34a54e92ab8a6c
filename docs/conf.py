"""Sphinx configuration for the modelviz documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (no network needed).
Every number and picture in the pages is produced by modelviz during the build.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "src"))

import modelviz  # noqa: E402

project = "modelviz"
author = "modelviz contributors"
copyright = "modelviz contributors"
release = version = modelviz.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "modelviz.sphinx"]
HAS_BENCHMARKS = (DOCS / "benchmarks.md").exists()
HAS_MYST = importlib.util.find_spec("myst_parser") is not None
if HAS_MYST:
    extensions.append("myst_parser")
    suppress_warnings = ["myst.header", "myst.xref_missing"]

exclude_patterns = ["_build", "images", "models/README*"]
if not (HAS_BENCHMARKS and HAS_MYST):
    exclude_patterns.append("benchmarks.md")
html_theme = "alabaster"
html_static_path: list[str] = []
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True

_TOC_MARKER = "   troubleshooting\n"


def _add_benchmarks(app, docname: str, source: list[str]) -> None:
    """Link docs/benchmarks.md (written separately) from the index when it exists."""
    if docname == "index" and HAS_BENCHMARKS and HAS_MYST:
        source[0] = source[0].replace(_TOC_MARKER, _TOC_MARKER + "   benchmarks\n", 1)


def _is_underline(line: str) -> bool:
    return len(line) > 2 and len(set(line)) == 1 and line[0] in "-=~^"


def _fix_docstring(app, what: str, name: str, obj, options, lines: list[str]) -> None:
    """Make plain-text docstring layouts valid reStructuredText inside autodoc.

    A ``Title`` / ``-----`` pair becomes a rubric (sections cannot nest in autodoc
    content), and a multi-line paragraph that introduces an indented block becomes one
    line, a definition-list term (graph.py's schema writes "Nodes, keyed by ... :" on
    two lines).
    """
    i = 0
    while i + 1 < len(lines):
        if lines[i].strip() and not lines[i].startswith(" ") and _is_underline(lines[i + 1]):
            lines[i:i + 2] = [f".. rubric:: {lines[i].strip()}", ""]
        i += 1
    start = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not line.strip() or line.startswith(".. "):
            start = i + 1
        elif (i > start and following.startswith(" ") and following.strip()
              and not any(lines[j].startswith(" ") for j in range(start, i + 1))):
            lines[start:i + 1] = [" ".join(part.strip() for part in lines[start:i + 1])]
            i = start
        i += 1


class CliHelp(SphinxDirective):
    """``.. modelviz-cli-help:: [summary|plot]``: the command's --help, as it is now."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from modelviz.cli import main

        argv = [*self.arguments, "--help"]
        out = io.StringIO()
        old = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "88"  # argparse wraps at the terminal width: fix it
        try:
            with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
                main(argv)
        finally:
            os.environ.pop("COLUMNS") if old is None else os.environ.update(COLUMNS=old)
        text = out.getvalue().rstrip()
        return [nodes.literal_block(text, text)]


class EmbedOptions(SphinxDirective):
    """``.. modelviz-embed-options::``: the option table shared by Sphinx and MkDocs."""

    def run(self) -> list[nodes.Node]:
        from modelviz.embedding import EMBED_OPTIONS

        values = {"flag": "true / false", "rankdir": "TB, LR, BT, RL", "int": "a number",
                  "layer_range": "FIRST LAST", "format": "svg, png, html",
                  "summary": "true, text, rich, markdown, json", "count": "macs, flops",
                  "text": "text", "plumbing": "grey, full, hide"}
        items = nodes.definition_list()
        for option in EMBED_OPTIONS:
            term = nodes.term("", "")
            term += nodes.literal(option.name, option.name)
            term += nodes.Text(f" ({values[option.kind]})")
            body = nodes.definition("", nodes.paragraph(option.help, option.help))
            items += nodes.definition_list_item("", term, body)
        return [items]


def setup(app) -> None:
    app.connect("source-read", _add_benchmarks)
    app.connect("autodoc-process-docstring", _fix_docstring)
    app.add_directive("modelviz-cli-help", CliHelp)
    app.add_directive("modelviz-embed-options", EmbedOptions)

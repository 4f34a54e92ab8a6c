"""Interactive HTML: one self-contained offline page to explore a model (or any graph).

``to_html(model)`` shows inline in Jupyter; ``plot_model(model, to_file="model.html")`` and
``modelviz plot M -o model.html`` write the page. The drawing is modelviz's Graphviz layout
(the same SVG as ``plot_model``); a small script in the page adds pan and zoom, a
minimap, search, a layer panel, level switching and deep links (``page.html#node=NAME``).
:func:`build_page` takes any graph-derived data (views + node records), e.g. for a diff.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> page = to_html(Sequential([Input((4,)), layers.Dense(2)]), engine="graphviz-pure")
    >>> "<script src" in page.html, "http" in page.html
    (False, False)
"""

from modelviz.html.model import HtmlPage, model_page, model_views, plot_html, to_html
from modelviz.html.page import View, build_page, pack, svg_body
from modelviz.html.records import node_records

__all__ = ["HtmlPage", "View", "build_page", "model_page", "model_views", "node_records", "pack",
           "plot_html", "svg_body", "to_html"]

"""Graph -> DOT text: node labels and the DOT document (no processes here).

Example:
    >>> from modelviz import Sequential, layers
    >>> text = to_dot(Sequential([layers.Dense(2, input_dim=1)]).to_graph(), DotOptions())
    >>> text.startswith("digraph")
    True
"""

from modelviz.diagram.dot import DotOptions, to_dot
from modelviz.diagram.labels import escape, layer_label

__all__ = ["DotOptions", "escape", "layer_label", "to_dot"]

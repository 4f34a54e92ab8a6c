"""modelviz: see your neural networks: Keras-compatible definitions, exact shapes and
parameter counts, summaries and diagrams, without Keras or a system Graphviz.

Example:
    >>> from modelviz import Input, Model, layers
    >>> inputs = Input((32, 32, 3))
    >>> x = layers.Dense(10)(inputs)
    >>> Model(inputs, x).count_params()
    40
"""

from modelviz import backend, layers, ops
from modelviz.errors import (
    LayerConfigError,
    ModelFileError,
    ModelvizError,
    ModelvizWarning,
    RenderError,
    ShapeError,
)
from modelviz.layers.core import Input
from modelviz.models import Model, Sequential

__version__ = "0.1.0"

# Emitters pull in networkx, pydot and graphviz: load them on first use, so that
# `import modelviz` stays light.
_LAZY = {
    "plot_model": "modelviz.plot", "model_to_dot": "modelviz.plot",
    "to_graphviz": "modelviz.plot", "summary": "modelviz.tables",
    "format_summary": "modelviz.tables", "to_graph": "modelviz.graph",
    "load": "modelviz.importers",
    "diff": "modelviz.diffing",
}
_LAZY["to_html"] = "modelviz.html"
_LAZY["from_torch"] = "modelviz.torch"
_LAZY["Variable"] = "modelviz.layers.variables"  # keras.Variable
# Keras's other namespaces (keras.initializers, keras.random, ...), imported on first use.
_SUBMODULES = frozenset({
    "utils", "activations", "callbacks", "constraints", "initializers", "losses", "metrics",
    "optimizers", "random", "regularizers", "saving", "datasets", "applications",
})


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:  # keras.utils.plot_model -> modelviz.utils.plot_model, ...
        import importlib

        return importlib.import_module(f"modelviz.{name}")
    raise AttributeError(f"module 'modelviz' has no attribute {name!r}")


__all__ = [
    "Input",
    "LayerConfigError",
    "Model",
    "ModelFileError",
    "ModelvizError",
    "ModelvizWarning",
    "RenderError",
    "Sequential",
    "ShapeError",
    "__version__",
    "applications",
    "backend",
    "diff",
    "format_summary",
    "from_torch",
    "layers",
    "load",
    "model_to_dot",
    "ops",
    "plot_model",
    "summary",
    "to_graph",
    "to_graphviz",
    "to_html",
]

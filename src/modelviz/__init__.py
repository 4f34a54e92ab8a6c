"""modelviz: see your neural networks: Keras-compatible definitions, exact shapes and
parameter counts, summaries and diagrams, without Keras or a system Graphviz.

Example:
    >>> from modelviz import Input, Model, layers
    >>> inputs = Input((32, 32, 3))
    >>> x = layers.Dense(10)(inputs)
    >>> Model(inputs, x).count_params()
    40
"""

from modelviz import backend, layers
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
    "backend",
    "layers",
]

"""Keras-compatible layers, one module per family (``from modelviz.layers import Dense``).

Example:
    >>> from modelviz.layers import Dense
    >>> Dense(10).compute_output_shape((None, 128))
    (None, 10)
"""

from modelviz.layers import (
    activations,
    adaptive_pooling,
    attention,
    augmentation,
    conv,
    core,
    einsum,
    grouped_attention,
    input_spec,
    lambda_layer,
    lookup,
    merge,
    normalization,
    pooling,
    preprocessing,
    regularization,
    reshaping,
    reversible_embedding,
    rnn,
    rnn_cells,
)
from modelviz.layers.activations import *  # noqa: F403
from modelviz.layers.adaptive_pooling import *  # noqa: F403
from modelviz.layers.attention import *  # noqa: F403
from modelviz.layers.augmentation import *  # noqa: F403
from modelviz.layers.base import Layer as Layer
from modelviz.layers.conv import *  # noqa: F403
from modelviz.layers.core import *  # noqa: F403
from modelviz.layers.einsum import *  # noqa: F403
from modelviz.layers.grouped_attention import *  # noqa: F403
from modelviz.layers.input_spec import *  # noqa: F403
from modelviz.layers.lambda_layer import *  # noqa: F403
from modelviz.layers.lookup import *  # noqa: F403
from modelviz.layers.merge import *  # noqa: F403
from modelviz.layers.normalization import *  # noqa: F403
from modelviz.layers.pooling import *  # noqa: F403
from modelviz.layers.preprocessing import *  # noqa: F403
from modelviz.layers.regularization import *  # noqa: F403
from modelviz.layers.reshaping import *  # noqa: F403
from modelviz.layers.reversible_embedding import *  # noqa: F403
from modelviz.layers.rnn import *  # noqa: F403
from modelviz.layers.rnn_cells import *  # noqa: F403

_FAMILIES = (core, conv, pooling, reshaping, normalization, rnn, attention, merge, activations,
             regularization, preprocessing, einsum, lookup, augmentation, adaptive_pooling,
             rnn_cells, reversible_embedding, grouped_attention, lambda_layer, input_spec)

__all__ = sorted({"Layer", *(name for family in _FAMILIES for name in family.__all__)})

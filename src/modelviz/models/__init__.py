"""Models: ``Sequential``, functional ``Model`` and subclassed models, recording calls as Keras.

Example:
    >>> from modelviz.layers import Dense, Input
    >>> inputs = Input((4,))
    >>> model = Model(inputs, Dense(2)(inputs))
    >>> model.count_params()
    10
"""

from modelviz.models.functional import Functional
from modelviz.models.graph_walk import map_graph
from modelviz.models.model import Model
from modelviz.models.sequential import Sequential

__all__ = ["Functional", "Model", "Sequential", "map_graph"]

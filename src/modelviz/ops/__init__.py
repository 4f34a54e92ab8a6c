"""``keras.ops`` for modelviz: operations on symbolic tensors record the nodes Keras records.

``from modelviz import ops`` replaces ``from keras import ops``: ``ops.mean(x, axis=1)``
adds ``mean (Mean)`` to the model with its shape, exactly as Keras 3 does.

Example:
    >>> from modelviz import Input, Model, ops
    >>> x = Input((5, 3))
    >>> y = ops.softmax(ops.mean(x, axis=1))
    >>> [layer.name for layer in Model(x, y).operations]
    ['input_layer', 'mean', 'softmax']
"""

from modelviz.ops import image as image
from modelviz.ops.arrays import *  # noqa: F403
from modelviz.ops.binary import *  # noqa: F403
from modelviz.ops.core import *  # noqa: F403
from modelviz.ops.elementwise import *  # noqa: F403
from modelviz.ops.nn import *  # noqa: F403
from modelviz.ops.numpy import *  # noqa: F403
from modelviz.ops.reductions import *  # noqa: F403
from modelviz.ops.shrink import *  # noqa: F403

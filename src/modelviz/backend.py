"""Keras's ``backend`` helpers that matter without tensors.

Example:
    >>> from modelviz import backend, layers
    >>> backend.clear_session(); layers.Dense(1).name
    'dense'
"""

from __future__ import annotations

from modelviz.layers.base import clear_session

__all__ = ["clear_session"]

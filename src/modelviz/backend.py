"""Keras's ``backend`` helpers that matter without tensors.

Example:
    >>> from modelviz import backend, layers
    >>> backend.clear_session(); layers.Dense(1).name
    'dense'
    >>> backend.epsilon(), backend.floatx(), backend.image_data_format()
    (1e-07, 'float32', 'channels_last')
"""

from __future__ import annotations

from modelviz.layers.base import clear_session

__all__ = ["backend", "clear_session", "epsilon", "floatx", "image_data_format"]


def epsilon() -> float:
    """Keras's fuzz factor, ``1e-07``.

    Example:
        >>> epsilon()
        1e-07
    """
    return 1e-07


def floatx() -> str:
    """Keras's default float type, ``"float32"``.

    Example:
        >>> floatx()
        'float32'
    """
    return "float32"


def image_data_format() -> str:
    """Keras's default image layout, ``"channels_last"``.

    Example:
        >>> image_data_format()
        'channels_last'
    """
    return "channels_last"


def backend() -> str:
    """The backend name; modelviz stands for none of Keras's, so ``"modelviz"``.

    Example:
        >>> backend()
        'modelviz'
    """
    return "modelviz"

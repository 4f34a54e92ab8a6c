"""``modelviz.utils.plot_model`` and ``model_to_dot``, where Keras keeps them.

Code written as ``keras.utils.plot_model(...)`` keeps working after
``import modelviz as keras``-style import changes: ``from modelviz import utils``.

Example:
    >>> from modelviz import utils
    >>> utils.plot_model is __import__("modelviz.plot").plot.plot_model
    True
"""

from __future__ import annotations

from modelviz.plot import model_to_dot, plot_model

__all__ = ["model_to_dot", "plot_model"]

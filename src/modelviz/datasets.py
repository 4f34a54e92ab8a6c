"""``keras.datasets`` for modelviz: every ``load_data()`` says, in one line, that modelviz
never downloads or reads data (it draws and counts models only).

Example:
    >>> from modelviz import datasets
    >>> datasets.mnist.load_data()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    modelviz.errors.ModelvizError: modelviz does not download or read data: mnist.load_data()...
"""

from __future__ import annotations

import types
from typing import Any

from modelviz.errors import ModelvizError

__all__ = ["boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist",
           "imdb", "mnist", "reuters"]


def _refuse(name: str) -> Any:
    def load_data(*args: Any, **kwargs: Any) -> Any:
        raise ModelvizError(f"modelviz does not download or read data: {name}.load_data() "
                            "needs Keras; build the model with shapes only (modelviz.Input)")

    return types.SimpleNamespace(load_data=load_data)


mnist = _refuse("mnist")
fashion_mnist = _refuse("fashion_mnist")
cifar10 = _refuse("cifar10")
cifar100 = _refuse("cifar100")
imdb = _refuse("imdb")
reuters = _refuse("reuters")
boston_housing = _refuse("boston_housing")
california_housing = _refuse("california_housing")

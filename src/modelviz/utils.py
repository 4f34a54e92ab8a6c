"""``keras.utils`` for modelviz: ``plot_model`` and ``model_to_dot`` where Keras keeps them,
and the helpers model scripts call around them.

Code written as ``keras.utils.plot_model(...)`` keeps working after the import change.
``to_categorical`` and ``pad_sequences`` prepare data as Keras's do (with NumPy);
``set_random_seed`` is accepted; ``get_file`` and the dataset loaders refuse clearly,
because modelviz never downloads or reads data.

Example:
    >>> from modelviz import utils
    >>> utils.plot_model is __import__("modelviz.plot").plot.plot_model
    True
    >>> utils.to_categorical([0, 2], num_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import ModelvizError
from modelviz.plot import model_to_dot, plot_model
from modelviz.saving import (
    deserialize_keras_object,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)

__all__ = ["deserialize_keras_object", "get_file", "get_registered_name",
           "get_registered_object", "image_dataset_from_directory", "model_to_dot",
           "normalize", "pad_sequences", "plot_model", "register_keras_serializable",
           "serialize_keras_object", "set_random_seed", "text_dataset_from_directory",
           "timeseries_dataset_from_array", "to_categorical"]

_SEED: list[Any] = [None]


def set_random_seed(seed: int) -> None:
    """Accepted (modelviz draws no random numbers); the seed is kept.

    Example:
        >>> set_random_seed(1337)
    """
    _SEED[0] = seed


def to_categorical(x: Any, num_classes: int | None = None) -> Any:
    """One-hot rows for integer class labels (a NumPy array), as Keras's ``to_categorical``.

    Example:
        >>> to_categorical([[1], [0]]).shape
        (2, 2)
    """
    import numpy as np

    labels = np.asarray(x, dtype="int64")
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    classes = int(num_classes) if num_classes is not None else int(labels.max()) + 1
    return np.eye(classes, dtype="float32")[labels.reshape(-1)].reshape(
        (*labels.shape, classes)).astype("float64")


def normalize(x: Any, axis: int = -1, order: int = 2) -> Any:
    """Rows scaled to unit norm (NumPy), as Keras's ``utils.normalize``.

    Example:
        >>> normalize([[3.0, 4.0]]).tolist()
        [[0.6, 0.8]]
    """
    import numpy as np

    values = np.asarray(x, dtype="float64")
    norm = np.linalg.norm(values, ord=order, axis=axis, keepdims=True)
    return values / np.where(norm == 0, 1, norm)


def pad_sequences(sequences: Any, maxlen: int | None = None, dtype: str = "int32",
                  padding: str = "pre", truncating: str = "pre", value: Any = 0.0) -> Any:
    """Sequences padded or cut to one length (NumPy), as Keras's ``pad_sequences``.

    Example:
        >>> pad_sequences([[1, 2], [3]], maxlen=3).tolist()
        [[0, 1, 2], [0, 0, 3]]
        >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post").tolist()
        [[1, 2], [4, 0]]
    """
    import numpy as np

    rows = [list(s) for s in sequences]
    length = maxlen if maxlen is not None else max((len(r) for r in rows), default=0)
    out = np.full((len(rows), length), value, dtype=dtype)
    for i, row in enumerate(rows):
        kept = (row[-length:] if truncating == "pre" else row[:length]) if length else []
        if kept and padding == "pre":
            out[i, length - len(kept):] = kept
        elif kept:
            out[i, :len(kept)] = kept
    return out


def _no_data(name: str) -> ModelvizError:
    return ModelvizError(f"modelviz does not download or read data: {name}() needs Keras; "
                         "modelviz draws and counts the model only")


def get_file(fname: Any = None, origin: Any = None, *args: Any, **kwargs: Any) -> Any:
    """Raises: modelviz never downloads.

    Example:
        >>> get_file("mnist.npz", "https://example.com/mnist.npz")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: modelviz does not download or read data: get_file()...
    """
    raise _no_data("get_file")


def image_dataset_from_directory(*args: Any, **kwargs: Any) -> Any:
    """Raises: modelviz reads no data.

    Example:
        >>> image_dataset_from_directory("images/")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: modelviz does not download or read data: ...
    """
    raise _no_data("image_dataset_from_directory")


def text_dataset_from_directory(*args: Any, **kwargs: Any) -> Any:
    """Raises: modelviz reads no data.

    Example:
        >>> text_dataset_from_directory("texts/")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: modelviz does not download or read data: ...
    """
    raise _no_data("text_dataset_from_directory")


def timeseries_dataset_from_array(*args: Any, **kwargs: Any) -> Any:
    """Raises: modelviz reads no data.

    Example:
        >>> timeseries_dataset_from_array([1, 2, 3], None, 2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: modelviz does not download or read data: ...
    """
    raise _no_data("timeseries_dataset_from_array")

"""A KerasHub constructor-argument config, read with checks that name the class and field.

KerasHub saves a backbone or task as the arguments of its constructor
(``{"vocabulary_size": 30522, "num_layers": 12, ...}``). :class:`HubArgs` reads
them with keras_hub's defaults; a missing or malformed value is a one-line
:class:`~modelviz.errors.ModelFileError` saying which.

Example:
    >>> from modelviz.importers.context import Context
    >>> args = HubArgs("BertBackbone", {"name": "bert", "num_layers": 2}, Context("m.keras"))
    >>> args.int("num_layers"), args.float("dropout", 0.1), args.name
    (2, 0.1, 'bert')
    >>> args.int("hidden_dim")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    modelviz.errors.ModelFileError: m.keras: BertBackbone: the saved arguments have no ...
"""

from __future__ import annotations

from typing import Any, Final

from modelviz.errors import ModelFileError
from modelviz.importers.context import Context

__all__ = ["MAX_SIZE", "HubArgs"]

# Dimensions and counts beyond this are not a real model (and would make huge graphs).
MAX_SIZE: Final = 2**31
_MISSING: Final = object()


class HubArgs:
    """The saved constructor arguments of one KerasHub class."""

    def __init__(self, class_name: str, config: dict[str, Any], ctx: Context) -> None:
        self.class_name, self.config, self.ctx = class_name, config, ctx

    @property
    def name(self) -> str | None:
        """The model's name (``bert_backbone`` by default, as Keras names it)."""
        name = self.config.get("name")
        return name if isinstance(name, str) and name else None

    @property
    def dtype(self) -> Any:
        """The dtype policy every layer gets (``keras_hub`` passes it down)."""
        return self.config.get("dtype")

    @property
    def trainable(self) -> bool:
        """False when the model was frozen before saving."""
        return self.config.get("trainable", True) is not False

    def get(self, key: str, default: Any = _MISSING) -> Any:
        """A value, or the default; no default means it must be there."""
        value = self.config.get(key, default)
        if value is _MISSING:
            raise self.error(f"the saved arguments have no {key}",
                             "the file is damaged or from another keras_hub version")
        return value

    def int(self, key: str, default: Any = _MISSING, low: int = 1) -> int:
        """A whole number of at least ``low`` (counts and sizes)."""
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value < MAX_SIZE:
            raise self.error(f"{key} is {value!r}, not a whole number of at least {low}",
                             "the file is damaged")
        return value

    def float(self, key: str, default: Any = _MISSING) -> float:
        """A number (rates, epsilons)."""
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{key} is {value!r}, not a number", "the file is damaged")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        """A true/false option."""
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{key} is {value!r}, not true or false", "the file is damaged")
        return value

    def ints(self, key: str, default: Any = _MISSING, allow_none: bool = False) -> list[Any]:
        """A list of whole numbers (``None`` entries only where ``allow_none``)."""
        value = self.get(key, default)
        if not isinstance(value, (list, tuple)) or not value or len(value) > 10_000 or not all(
            (v is None and allow_none)
            or (isinstance(v, int) and not isinstance(v, bool) and 0 < v < MAX_SIZE)
            for v in value
        ):
            raise self.error(f"{key} is {str(value)[:60]}, not a list of whole numbers",
                             "the file is damaged")
        return list(value)

    def choice(self, key: str, options: tuple[str, ...], default: Any = _MISSING) -> str:
        """One of a few words."""
        value = self.get(key, default)
        if value not in options:
            raise self.error(f"{key} is {value!r}, not one of {', '.join(options)}",
                             "the file is damaged or from another keras_hub version")
        return str(value)

    def error(self, problem: str, fix: str) -> ModelFileError:
        """A one-line error naming the file and the class."""
        return self.ctx.error(f"{self.class_name}: {problem}", fix)

"""The file being read: its name for messages, stored weights and recorded shapes.

Example:
    >>> ctx = Context("m.json", shapes={("d", 0): [(None, 4)]})
    >>> ctx.recorded_shapes("d"), ctx.error("bad", "fix it")
    ([(None, 4)], ModelFileError('m.json: bad; fix it'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelviz.errors import ModelFileError
from modelviz.layers.base import Weight

__all__ = ["Context"]

Shape = tuple[int | None, ...]


@dataclass
class Context:
    """The file being read: its name (for messages), stored weights and recorded shapes.

    ``shapes`` maps ``(layer name, call index)`` to the output shapes the file
    records for that call (Keras 3 ``__keras_tensor__`` arguments of the layers
    that consume it, or their ``build_config``).
    """

    source: str
    weights: dict[str, list[Weight]] | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    shapes: dict[tuple[str, int], list[Shape | None]] = field(default_factory=dict)
    consumed: set[str] = field(default_factory=set)  # layers whose output another layer takes

    def error(self, problem: Any, fix: str = "") -> ModelFileError:
        """A one-line ModelFileError naming the file."""
        text = f"{self.source}: {problem}"
        return ModelFileError(f"{text}; {fix}" if fix else text)

    def stored_weights(self, name: str) -> list[Weight] | None:
        """The weights the file stores for layer ``name``, if it stores weights."""
        if self.weights is None:
            return None
        if name in self.weights:
            return self.weights[name]
        for key, alias in self.aliases.items():
            if alias == name:
                return self.weights.get(key)
        return None

    def recorded_shapes(self, name: str, call: int = 0) -> list[Shape | None] | None:
        """The output shapes the file records for a layer's call; None if it records none."""
        return self.shapes.get((name, call))

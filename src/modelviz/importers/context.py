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
    scope: str = ""  # the weights-file key prefix of the model being built ("<model>/layers/")
    scopes: dict[int, str] = field(default_factory=dict)  # id(model entry) -> its scope

    def enter(self, parent: Any, child: Any, name: Any) -> None:
        """Record a nested model entry's scope: its key in its parent's scope + ``/layers/``."""
        self.scope = self.scopes.get(id(parent), "")
        self.scopes[id(child)] = f"{self.weight_key(str(name)) or name}/layers/"

    def error(self, problem: Any, fix: str = "") -> ModelFileError:
        """A one-line ModelFileError naming the file."""
        text = f"{self.source}: {problem}"
        return ModelFileError(f"{text}; {fix}" if fix else text)

    def stored_weights(self, name: str) -> list[Weight] | None:
        """The weights the file stores for layer ``name`` of the model being built (``scope``).

        Example:
            >>> ctx = Context("m.keras", weights={"seq/layers/blk": [Weight("w", (2,))]},
            ...               aliases={"seq/layers/blk": "block"}, scope="seq/layers/")
            >>> ctx.stored_weights("block"), Context("m.keras").stored_weights("block")
            ([Weight(name='w', shape=(2,), trainable=True)], None)
        """
        key = self.weight_key(name) if self.weights is not None else None
        return None if key is None or self.weights is None else self.weights.get(key)

    def weight_key(self, name: str) -> str | None:
        """The weights file's key of layer ``name`` in ``scope``: its path, else its alias."""
        weights, scope = self.weights or {}, self.scope
        if scope + name in weights:
            return scope + name
        for key, alias in self.aliases.items():
            if alias == name and key.startswith(scope) and "/layers/" not in key[len(scope):]:
                return key
        return None

    def recorded_shapes(self, name: str, call: int = 0) -> list[Shape | None] | None:
        """The output shapes the file records for a layer's call; None if it records none."""
        return self.shapes.get((name, call))

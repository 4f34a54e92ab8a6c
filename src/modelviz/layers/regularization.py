"""Layer family: regularization (being written)."""

from __future__ import annotations

__all__: list[str] = []

"""The ``json`` format of a diff.

``json.dumps(..., indent=2, ensure_ascii=False)`` (lone surrogates as ``\\udXXX`` escapes) of::

    {"old": {"name", "class_name"}, "new": {"name", "class_name"},
     "added": [new keys], "removed": [old keys],
     "changed": [{"old": key, "new": key, "fields": {"units": [128, 256],
                  "params": [16512, 33024], "output_shapes": [[[null, 128]],
                  [[null, 256]]]}}],
     "renamed": [[old key, new key], ...],
     "affected": [{"old", "new", "fields"}]  (only params / output_shapes differ),
     "total_params", "trainable_params", "non_trainable_params": {"old": int, "new": int},
     "ignored": [keys left out: a functional model's InputLayers against a Sequential]}

Example:
    >>> from modelviz import Input, Sequential, layers, diff
    >>> old = Sequential([Input((4,)), layers.Dense(8, name="a")])
    >>> new = Sequential([Input((4,)), layers.Dense(16, name="a")])
    >>> import json; json.loads(format_json(diff(old, new)))["changed"][0]["fields"]["units"]
    [8, 16]
"""

from __future__ import annotations

from typing import Any

from modelviz.importers.safe_json import dump_json

__all__ = ["diff_data", "format_json"]


def format_json(model_diff: Any) -> str:
    """The diff as JSON text (schema in this module's docstring)."""
    return dump_json(diff_data(model_diff))  # names with lone surrogates round-trip


def diff_data(model_diff: Any) -> dict[str, Any]:
    """The JSON document as plain data.

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> old = Sequential([Input((4,)), layers.Dense(2, name="out")])
        >>> new = Sequential([Input((4,)), layers.Dense(3, name="out"), layers.Dropout(0.1)])
        >>> data = diff_data(diff(old, new))
        >>> data["added"], data["changed"][0]["fields"]["units"], data["total_params"]
        (['dropout'], [2, 3], {'old': 10, 'new': 15})
    """
    union = model_diff.to_graph()
    old, new = union.graph["old"], union.graph["new"]
    return {
        "old": {"name": old["name"], "class_name": old["class_name"]},
        "new": {"name": new["name"], "class_name": new["class_name"]},
        "added": model_diff.added, "removed": model_diff.removed,
        "changed": [_entry(change) for change in model_diff.changed],
        "renamed": [list(pair) for pair in model_diff.renamed],
        "affected": [_entry(change) for change in model_diff.affected],
        **{key: {"old": old[key], "new": new[key]}
           for key in ("total_params", "trainable_params", "non_trainable_params")},
        "ignored": list(model_diff.ignored),
    }


def _entry(change: Any) -> dict[str, Any]:
    return {"old": change.old, "new": change.new,
            "fields": {name: list(pair) for name, pair in change.fields.items()}}

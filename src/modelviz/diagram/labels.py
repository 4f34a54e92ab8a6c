"""HTML-like Graphviz labels for layer boxes; all text is escaped here.

Example:
    >>> escape('a<b>&"c"')
    'a&lt;b&gt;&amp;&quot;c&quot;'
"""

from __future__ import annotations

from typing import Any, Final

from modelviz.compute import count_label, count_value, readable_count
from modelviz.layers.base import format_shape

__all__ = ["HEADER_COLORS", "MAX_NAME_CHARS", "encodable", "escape", "layer_label"]

MAX_NAME_CHARS: Final = 80
HEADER_COLORS: Final = {"input": "#546e7a", "model": "#4a148c", "default": "#263238",
                        "unknown": "#b71c1c"}
_ENTITIES: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
# One str.translate table: the entities, and a space for every control character.
_ESCAPES: Final = {**{code: " " for code in [*range(32), 127]},
                   **{ord(char): entity for char, entity in _ENTITIES.items()}}


def escape(text: str) -> str:
    """Escape text for an HTML-like label; control characters become spaces.

    A lone surrogate (from a damaged file) cannot be written as UTF-8: it becomes ``?``.
    """
    return encodable(str(text)).translate(_ESCAPES)


def encodable(text: str) -> str:
    """``text`` with every code point UTF-8 cannot encode (lone surrogates) as ``?``.

    Example:
        >>> encodable("lone\\ud800x")
        'lone?x'
    """
    if text.isascii():
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


def shorten(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Long names keep their start and end around an ellipsis."""
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


def shapes_text(shapes: list[Any]) -> str:
    """One shape as ``(None, 3)``, several as ``[(None, 3), (None, 4)]``, none as ``?``."""
    if not shapes:
        return "?"
    return format_shape(shapes[0]) if len(shapes) == 1 else format_shape(list(shapes))


def layer_label(data: dict[str, Any], options: Any) -> str:
    """The label of one layer box from its graph node attributes.

    Example:
        >>> from modelviz.diagram import DotOptions
        >>> node = {"name": "out", "class_name": "Dense", "params": 10,
        ...         "output_shapes": [(None, 2)]}
        >>> label = layer_label(node, DotOptions(show_layer_names=True, show_params=True))
        >>> "<b>out</b> (Dense)" in label, "Params: <b>10</b>" in label
        (True, True)
    """
    rows = [_header(data, options)]
    if options.show_layer_activations and data.get("activation") not in (None, "linear"):
        rows.append(_cell(f"Activation: <b>{escape(data['activation'])}</b>"))
    if data.get("group"):
        rows.append(_group_cell(data))
    cells = _detail_cells(data, options)
    if cells:
        rows.append("".join(cells))
    if options.show_params:
        rows.append(_cell(_params_text(data)))
    if getattr(options, "show_macs", False):
        rows.append(_cell(_macs_text(data, options.count)))
    span = max(len(cells), 1)
    body = "".join(f"<tr>{row}</tr>" for row in rows).replace('colspan="?"', f'colspan="{span}"')
    return ('<<table border="0" cellborder="1" cellspacing="0" cellpadding="6">'
            f"{body}</table>>")


def _header(data: dict[str, Any], options: Any) -> str:
    kind = "input" if data["class_name"] == "InputLayer" else (
        "model" if data.get("is_model") else ("unknown" if data.get("params") is None
                                              and not data["weights"] else "default"))
    color = HEADER_COLORS["unknown" if data.get("unknown") else kind]
    class_name = escape(shorten(data["class_name"]))
    if options.show_layer_names:
        text = f"<b>{escape(shorten(data['name']))}</b> ({class_name})"
    else:
        text = f"<b>{class_name}</b>"
    return (f'<td colspan="?" bgcolor="{color}"><font color="white" point-size="15">'
            f"{text}</font></td>")


def _cell(content: str, color: str = "white") -> str:
    return f'<td colspan="?" bgcolor="{color}"><font point-size="13">{content}</font></td>'


def _detail_cells(data: dict[str, Any], options: Any) -> list[str]:
    cells = []
    if options.show_shapes:
        if data["class_name"] != "InputLayer":
            inputs = escape(shapes_text(data["input_shapes"]))
            cells.append(_plain_cell(f"Input shape: <b>{inputs}</b>"))
        outputs = escape(shapes_text(data["output_shapes"]))
        cells.append(_plain_cell(f"Output shape: <b>{outputs}</b>"))
    if options.show_dtype:
        cells.append(_plain_cell(f"Output dtype: <b>{escape(data.get('dtype') or '?')}</b>"))
    if options.show_trainable and data["weights"]:
        cells.append(_trainable_cell(bool(data["trainable"])))
    return cells


def _group_cell(data: dict[str, Any]) -> str:
    """A folded run: the ×N badge and the shapes from its first input to its last output."""
    group = data["group"]
    shapes = (f"{escape(shapes_text(data['input_shapes'][:1]))} → "
              f"{escape(shapes_text(data['output_shapes']))}")
    blocks = escape(shorten(", ".join(group["block_classes"])))
    return _cell(f"<b>×{group['repeats']}</b> [{blocks}] · {shapes}", "#fff3e0")


def _plain_cell(content: str) -> str:
    return f'<td bgcolor="white"><font point-size="13">{content}</font></td>'


def _trainable_cell(trainable: bool) -> str:
    color, text = ("#2e7d32", "Trainable") if trainable else ("#c62828", "Non-trainable")
    return f'<td bgcolor="{color}"><font point-size="13" color="white"><b>{text}</b></font></td>'


def _params_text(data: dict[str, Any]) -> str:
    params = data.get("params")
    if params is None:
        return "Params: <b>?</b> (unknown)"
    text = f"Params: <b>{params:,}</b>"
    if data.get("non_trainable_params"):
        text += f" ({data['non_trainable_params']:,} non-trainable)"
    return text


def _macs_text(data: dict[str, Any], count: str) -> str:
    """``MACs: 49.84 M`` (``?`` when unknown or not counted)."""
    value = count_value(data.get("macs"), count)
    return f"{count_label(count)}: <b>{escape(readable_count(value))}</b>"

"""The options of diagrams embedded in documentation: one table for Sphinx and MkDocs.

``.. modelviz-plot::`` (:mod:`modelviz.sphinx`) and the MkDocs fence `````modelviz``
(:mod:`modelviz.mkdocs_plugin`) accept the same options, with ``plot_model``'s names.
Each is parsed from text (a Sphinx option) or from a YAML value (an MkDocs fence) by
:func:`parse_option`.

Example:
    >>> parse_option("rankdir", "lr"), parse_option("show_shapes", True)
    ('LR', True)
    >>> split_options({"show_shapes": True, "summary": "rich", "format": "png"})
    ({'show_shapes': True}, {'summary': 'rich', 'format': 'png'})
    >>> split_options({"depth": parse_option("depth", "2")})
    ({'depth': 2}, {})
    >>> parse_option("plumbing", "Full")
    'full'
    >>> parse_option("dpi", "many")
    Traceback (most recent call last):
    ...
    ValueError: dpi: expected a positive whole number, got 'many'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

__all__ = ["EMBED_OPTIONS", "EmbedOption", "parse_option", "split_options"]

_SUMMARY_FORMATS: Final = ("text", "rich", "markdown", "json", "tf_keras")


@dataclass(frozen=True)
class EmbedOption:
    """One option: its name, what values it takes, whether ``plot_model`` takes it."""

    name: str
    kind: str  # "flag", "rankdir", "int", "layer_range", "format", "summary", "count", "text",
    # "plumbing"
    help: str
    plot: bool = True


EMBED_OPTIONS: Final = (
    EmbedOption("show_shapes", "flag", "input and output shapes in each box"),
    EmbedOption("show_dtype", "flag", "each layer's dtype"),
    EmbedOption("show_layer_names", "flag", "layer names as well as classes"),
    EmbedOption("show_layer_activations", "flag", "activation functions"),
    EmbedOption("show_trainable", "flag", "mark frozen layers"),
    EmbedOption("show_params", "flag", "parameter counts in each box"),
    EmbedOption("show_title", "flag", "the model's name and totals above the diagram"),
    EmbedOption("expand_nested", "flag", "draw nested models' layers in clusters"),
    EmbedOption("fold_repeats", "flag", "draw each run of repeated blocks once, with ×N"),
    EmbedOption("show_macs", "flag", "multiply-accumulates per layer (batch 1)"),
    EmbedOption("count", "count", "macs (default) or flops (2 × MACs) with show_macs"),
    EmbedOption("rankdir", "rankdir", "TB, LR, BT or RL"),
    EmbedOption("dpi", "int", "resolution of PNG output"),
    EmbedOption("layer_range", "layer_range", "first and last layer to draw"),
    EmbedOption("depth", "int", "nesting levels drawn (1: top level only; torchinfo's depth)"),
    EmbedOption("plumbing", "plumbing", "PyTorch/ONNX shape-only and element-wise operators: "
                "grey (default, small grey boxes), full or hide"),
    EmbedOption("format", "format", "svg (default), png or html", plot=False),
    EmbedOption("summary", "summary", "add the summary below: true or text, rich, markdown, json",
                plot=False),
    EmbedOption("explain", "flag", "add the summary with parameter explanations", plot=False),
    EmbedOption("line_length", "int", "width of the text summary", plot=False),
    EmbedOption("alt", "text", "alternative text of the picture", plot=False),
)
_BY_NAME: Final = {option.name: option for option in EMBED_OPTIONS}


def parse_option(name: str, value: Any) -> Any:
    """Check and convert one option's value (text from Sphinx, or a YAML value).

    Raises:
        ValueError: unknown option or a value it does not take (the message names both).
    """
    option = _BY_NAME.get(name)
    if option is None:
        raise ValueError(f"unknown option {name!r}; options are: {', '.join(_BY_NAME)}")
    return {"flag": _flag, "rankdir": _rankdir, "int": _positive_int,
            "layer_range": _layer_range, "format": _format, "summary": _summary,
            "count": _count, "text": _text, "plumbing": _plumbing}[option.kind](name, value)


def split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(plot_model keyword arguments, page-only options)`` of parsed options."""
    plot = {key: value for key, value in options.items() if _BY_NAME[key].plot}
    page = {key: value for key, value in options.items() if not _BY_NAME[key].plot}
    return plot, page


def _flag(name: str, value: Any) -> bool:
    if value is None or value is True or value is False:
        return value is not False  # a bare Sphinx flag arrives as None
    if str(value).strip().lower() in ("true", "yes", "on", "1"):
        return True
    if str(value).strip().lower() in ("false", "no", "off", "0"):
        return False
    raise ValueError(f"{name}: expected true or false, got {value!r}")


def _rankdir(name: str, value: Any) -> str:
    text = str(value or "").strip().upper()
    if text not in ("TB", "LR", "BT", "RL"):
        raise ValueError(f"{name}: {value!r} unknown; choose from TB, LR, BT or RL")
    return text


def _positive_int(name: str, value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number <= 0 or isinstance(value, (bool, float)):
        raise ValueError(f"{name}: expected a positive whole number, got {value!r}")
    return number


def _layer_range(name: str, value: Any) -> tuple[str, str]:
    names = value.split() if isinstance(value, str) else list(value or ())
    if len(names) != 2 or not all(isinstance(item, str) for item in names):
        raise ValueError(f"{name}: give two layer names, first and last, got {value!r}")
    return names[0], names[1]


def _format(name: str, value: Any) -> str:
    text = str(value or "").strip().lower()
    if text not in ("svg", "png", "html"):
        raise ValueError(f"{name}: {value!r} unknown; choose from svg, png or html")
    return text


def _count(name: str, value: Any) -> str:
    text = str(value or "").strip().lower()
    if text not in ("macs", "flops"):
        raise ValueError(f"{name}: {value!r} unknown; choose macs or flops")
    return text


def _plumbing(name: str, value: Any) -> str:
    text = str(value or "").strip().lower()
    if text not in ("grey", "full", "hide"):  # modelviz.diagram.plumbing.PLUMBING_STYLES
        raise ValueError(f"{name}: {value!r} unknown; choose grey, full or hide")
    return text


def _summary(name: str, value: Any) -> str | None:
    if value is None or value is True:
        return "text"
    if value is False:
        return None
    text = str(value).strip().lower()
    if text not in _SUMMARY_FORMATS:
        raise ValueError(f"{name}: {value!r} unknown; use true or one of "
                         f"{', '.join(_SUMMARY_FORMATS)}")
    return text


def _text(name: str, value: Any) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"{name}: expected text, got {value!r}")
    return str(value)

"""Summary rows: a model graph -> frozen dataclasses of raw numbers, and the cell texts
every format shares (numbers become strings only here and in the format modules).

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> rows = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
    >>> params_text(rows[0].params, True), shape_text(rows[0])
    ('10', '(None, 2)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.compute import COUNTS, count_label, count_value, readable_count
from modelviz.errors import LayerConfigError
from modelviz.layers.base import format_shape
from modelviz.tables.view import check_columns, check_depth, depth_limit, kernel_size

__all__ = ["FORMATS", "Row", "SummaryOptions", "Totals", "clean_text", "compute_explanation",
           "compute_lines", "compute_text", "explanation_text", "params_text",
           "readable_memory_size", "shape_text", "summary_options", "summary_rows",
           "summary_totals", "total_lines"]

FORMATS: Final = ("text", "rich", "markdown", "json", "tf_keras")
_UNITS: Final = ("B", "KB", "MB", "GB", "TB", "PB")
_CONTROL: Final = {code: " " for code in [*range(32), 127]}


@dataclass(frozen=True)
class Row:
    """One layer of the summary, as raw data."""

    key: str
    name: str
    class_name: str
    depth: int
    parent: str | None
    output_shapes: tuple[Any, ...]
    shapes_differ: bool
    params: int | None
    trainable_params: int | None
    non_trainable_params: int | None
    trainable: bool
    has_weights: bool
    connected_to: tuple[str, ...]
    inbound: tuple[str, ...]
    explanation: str
    macs: int | None = None
    macs_explanation: str = ""
    activation_bytes: int | None = None
    output_keys: tuple[str, ...] = ()  # a layer returning a dict: its keys, in shape order
    built: bool = True  # False: Keras's "0 (unbuilt)"
    input_shapes: tuple[Any, ...] = ()
    kernel_size: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Totals:
    """Parameter counts and weight bytes of the whole model."""

    total: int
    trainable: int
    non_trainable: int
    total_bytes: int
    trainable_bytes: int
    non_trainable_bytes: int
    unknown: tuple[str, ...]
    macs: int | None = None
    unknown_macs: tuple[str, ...] = ()
    activation_bytes: int | None = None
    peak_activation_bytes: int | None = None
    peak_activation_layer: str | None = None
    buffers: int = 0  # PyTorch buffers (BatchNorm running statistics): state, not params
    buffer_bytes: int = 0
    unknown_split: tuple[str, ...] = ()  # weights stored without their trainable flag
    unknown_split_params: int = 0
    unknown_split_bytes: int = 0


@dataclass(frozen=True)
class SummaryOptions:
    """Every option of :func:`summary`, checked once."""

    fmt: str = "text"
    line_length: int | None = None
    positions: tuple[float, ...] | None = None
    expand_nested: bool = False
    show_trainable: bool = False
    layer_range: tuple[str, str] | None = None
    explain: bool = False
    show_macs: bool = False
    count: str = "macs"
    depth: int | None = None  # nesting levels shown (1: top level); None: expand_nested decides
    columns: tuple[str, ...] = ()  # optional torchinfo-style columns (tables.view)


def summary_rows(G: nx.DiGraph, *, expand_nested: bool = False,  # noqa: N803
                 layer_range: Any = None, depth: int | None = None) -> list[Row]:
    """The rows of the summary: top-level layers, inner ones down to ``depth`` levels (all
    with ``expand_nested``); a nested model's row carries the sum of what is inside it.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> rows = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> [(row.name, row.output_shapes, row.params) for row in rows]
        [('dense', ((None, 2),), 10)]
        >>> inner = Sequential([Input((4,)), layers.Dense(2, name="d")], name="inner")
        >>> G = Sequential([Input((4,)), inner]).to_graph()
        >>> [[row.key for row in summary_rows(G, depth=n)] for n in (1, 2)]
        [['inner'], ['inner', 'inner/d']]
    """
    nodes = G.nodes
    limit = depth_limit(expand_nested, depth)
    chosen = None if layer_range is None else _chosen(nodes, layer_range, limit)
    # key -> (in the chosen range, trainable, model_kind), from the layer's parents
    ancestry: dict[str, tuple[bool, bool, Any]] = {}
    rows = []
    for key, node in nodes(data=True):
        level = node["depth"]
        # Keras expands a nested model into its ``layers``: operations (``x[:, 0]``) stay hidden.
        if level >= limit or (level and node.get("is_operation")):
            continue
        parent = node["parent"]
        if parent is None:
            inside, trainable, kind = level == 0 and (chosen is None or key in chosen), True, None
        else:
            inside, trainable, kind = ancestry.get(parent) or _ancestry(nodes, parent, chosen)
        trainable = trainable and bool(node["trainable"])
        if level + 1 < limit:  # its inner layers are shown too: they start from here
            ancestry[key] = inside, trainable, node.get("model_kind")
        if inside:
            rows.append(_row(key, node, trainable, kind == "subclassed"))
    return rows


def summary_totals(G: nx.DiGraph) -> Totals:  # noqa: N803
    """The model's parameter counts and weight bytes.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> totals = summary_totals(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> totals.total, totals.trainable, totals.non_trainable, totals.total_bytes, totals.macs
        (10, 10, 0, 40, 8)
    """
    g = G.graph
    return Totals(g["total_params"], g["trainable_params"], g["non_trainable_params"],
                  g["total_bytes"], g["trainable_bytes"], g["non_trainable_bytes"],
                  tuple(g.get("unknown_params", ())), g.get("total_macs"),
                  tuple(g.get("unknown_macs", ())), g.get("total_activation_bytes"),
                  g.get("peak_activation_bytes"), g.get("peak_activation_layer"),
                  buffers=g.get("buffer_elements", 0), buffer_bytes=g.get("buffer_bytes", 0),
                  unknown_split=tuple(g.get("unknown_split", ())),
                  unknown_split_params=g.get("unknown_split_params", 0),
                  unknown_split_bytes=g.get("unknown_split_bytes", 0))


def readable_memory_size(size: float) -> str:
    """Keras 3's ``readable_memory_size``: bytes in steps of 1024, two decimals.

    Example:
        >>> readable_memory_size(44681000), readable_memory_size(0)
        ('42.61 MB', '0.00 B')
    """
    for unit in _UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_UNITS[-1]}"


def _row(key: str, node: dict[str, Any], trainable: bool, in_subclassed: bool) -> Row:
    calls = node.get("calls")
    # Keras 2 prints "multiple" for the layers of a nested subclassed model (they have no
    # symbolic call of their own; Keras 3's table shows "?" there).
    differ = in_subclassed or (calls is not None and len(calls) > 1
                               and len({repr(call["output_shapes"]) for call in calls}) > 1)
    get = node.get
    return Row(key, node["name"], node["class_name"], node["depth"], node["parent"],
               tuple(node["output_shapes"]), differ, node["params"],
               node["trainable_params"], node["non_trainable_params"], trainable,
               bool(get("weights")), tuple(get("connected_to") or ()),
               tuple(get("inbound") or ()), get("explanation") or "", get("macs"),
               get("macs_explanation") or "", get("activation_bytes"),
               tuple(get("output_keys") or ()), get("built", True),
               tuple(get("input_shapes") or ()), kernel_size(node) if get("config") else None)


def _ancestry(nodes: Any, key: str, chosen: set[str] | None) -> tuple[bool, bool, Any]:
    """Whether a layer's top-level ancestor is in the chosen range, whether the layer
    trains (a layer inside a frozen model is frozen too, as Keras propagates it) and its
    ``model_kind``."""
    kind, trainable = nodes[key].get("model_kind"), True
    while True:
        node = nodes[key]
        trainable = trainable and bool(node["trainable"])
        if node["parent"] is None:
            return node["depth"] == 0 and (chosen is None or key in chosen), trainable, kind
        key = node["parent"]


def _chosen(nodes: Any, layer_range: Any, limit: float) -> set[str]:
    """The top-level layers ``layer_range`` picks."""
    top = [key for key, data in nodes(data=True) if data["depth"] == 0 and limit > 0]
    first, last = _range_bounds(top, layer_range)
    return set(top[first:last])


def _range_bounds(names: list[str], layer_range: Any) -> tuple[int, int]:
    """Keras's ``get_layer_index_bound_by_layer_name`` (names are ``re.match`` patterns)."""
    lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
    upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    if not lower or not upper:
        raise LayerConfigError(f"layer_range={tuple(layer_range)!r} matches no layer; "
                               f"layers are: {', '.join(names)}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def summary_options(fmt: str, line_length: Any, positions: Any, expand_nested: bool,
             show_trainable: bool, layer_range: Any, explain: bool,
             show_macs: bool = False, count: str | None = None, depth: Any = None,
             columns: Any = None) -> SummaryOptions:
    """Check ``summary``'s arguments and freeze them into one :class:`SummaryOptions`.

    Example:
        >>> opts = summary_options("rich", None, None, False, True, None, False, count="flops")
        >>> opts.fmt, opts.show_trainable, opts.show_macs, opts.count
        ('rich', True, True, 'flops')
        >>> summary_options("html", None, None, False, False, None, False)
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: summary: unknown fmt='html'; use one of text, rich, ...
    """
    if fmt not in FORMATS:
        raise LayerConfigError(f"summary: unknown fmt={fmt!r}; use one of {', '.join(FORMATS)}")
    if layer_range is not None and (len(layer_range) != 2
                                    or not all(isinstance(n, str) for n in layer_range)):
        raise LayerConfigError(f"layer_range must be two layer names, got {layer_range!r}")
    if count is not None and count not in COUNTS:
        raise LayerConfigError(f"summary: unknown count={count!r}; use one of {', '.join(COUNTS)}")
    cols = check_columns(columns)
    return SummaryOptions(fmt, line_length, None if positions is None else tuple(positions),
                          bool(expand_nested), bool(show_trainable) or "trainable" in cols,
                          None if layer_range is None else tuple(layer_range), bool(explain),
                          bool(show_macs) or count is not None or "mult_adds" in cols,
                          count or "macs", check_depth(depth), cols)


def clean_text(text: str) -> str:
    """Control characters in names would break every layout.

    Example:
        >>> clean_text("conv\\tblock\\n1")
        'conv block 1'
    """
    return text if text.isprintable() else text.translate(_CONTROL)


def shape_text(row: Row, shapes: tuple[Any, ...] | None = None) -> str:
    """The row's output shapes (or ``shapes``): one shape, or a list of them.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> [row] = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> shape_text(row), shape_text(row, row.input_shapes)
        ('(None, 2)', '(None, 4)')
    """
    shapes = row.output_shapes if shapes is None else shapes
    if not shapes:
        return "?"
    if len(shapes) == 1:
        return format_shape(shapes[0])
    if shapes is row.output_shapes and len(row.output_keys) == len(shapes):
        return format_shape(dict(zip(row.output_keys, shapes, strict=True)))
    return format_shape(list(shapes))


def params_text(params: int | None, commas: bool) -> str:
    if params is None:
        return "?"
    return f"{params:,}" if commas else str(params)


def total_lines(totals: Totals, prefix: str) -> list[str]:
    """The parameter totals as Keras prints them, each line starting with ``prefix``.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> G = Sequential([Input((4,)), layers.BatchNormalization()]).to_graph()
        >>> for line in total_lines(summary_totals(G), ""):
        ...     print(line)
        Total params: 16 (64.00 B)
        Trainable params: 8 (32.00 B)
        Non-trainable params: 8 (32.00 B)
    """
    lines = [f"{prefix}Total params: {totals.total:,} ({readable_memory_size(totals.total_bytes)})",
             f"{prefix}Trainable params: {totals.trainable:,} "
             f"({readable_memory_size(totals.trainable_bytes)})",
             f"{prefix}Non-trainable params: {totals.non_trainable:,} "
             f"({readable_memory_size(totals.non_trainable_bytes)})"]
    if totals.unknown_split:
        lines.append(f"{prefix}Not known if trainable: {totals.unknown_split_params:,} "
                     f"({readable_memory_size(totals.unknown_split_bytes)}) in "
                     f"{clean_text(', '.join(totals.unknown_split))} (the file does not say)")
    if totals.unknown:
        lines.append(f"{prefix}Unknown params: {len(totals.unknown)} layer(s) "
                     f"({clean_text(', '.join(totals.unknown))}) not counted")
    if totals.buffers:
        lines.append(f"{prefix}Buffers (state, not params): {totals.buffers:,} "
                     f"({readable_memory_size(totals.buffer_bytes)})")
    return lines


def compute_text(macs: int | None, opts: SummaryOptions) -> str:
    """A layer's MACs (or FLOPs) in readable units: ``76.15 M``; ``?`` when unknown.

    Example:
        >>> opts = summary_options("text", None, None, False, False, None, False, show_macs=True)
        >>> compute_text(777600, opts), compute_text(None, opts)
        ('777.60 K', '?')
        >>> compute_text(777600, summary_options("text", None, None, False, False, None, False,
        ...                                      count="flops"))
        '1.56 M'
    """
    return readable_count(count_value(macs, opts.count))


def compute_explanation(row: Row, opts: SummaryOptions) -> str:
    """How the layer's MACs are made, in FLOPs too when ``count="flops"``.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> [row] = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> compute_explanation(row, summary_options("text", None, None, False, False, None, False,
        ...                                          count="flops"))
        '4 inputs × 2 units = 8 MACs × 2 = 16 FLOPs'
        >>> compute_explanation(row, summary_options("text", None, None, False, False, None, False))
        ''
    """
    if not opts.show_macs or not row.macs_explanation:
        return ""
    if opts.count == "flops" and row.macs is not None:
        return f"{row.macs_explanation} × 2 = {2 * row.macs:,} FLOPs"
    return row.macs_explanation


def explanation_text(row: Row, opts: SummaryOptions) -> str:
    """The parameter explanation, then the compute one (with ``show_macs``).

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> [row] = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> explanation_text(row, summary_options("text", None, None, False, False, None, True))
        '(4 inputs + 1 bias) × 2 units = 10'
        >>> explanation_text(row, summary_options("text", None, None, False, False, None, True,
        ...                                       show_macs=True))
        '(4 inputs + 1 bias) × 2 units = 10 · 4 inputs × 2 units = 8 MACs'
    """
    return " · ".join(text for text in (row.explanation, compute_explanation(row, opts)) if text)


def compute_lines(totals: Totals, prefix: str, opts: SummaryOptions) -> list[str]:
    """``Total MACs: 76,145,280 (76.15 M)`` and the activation memory, with ``show_macs``.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> totals = summary_totals(Sequential([Input((4,)), layers.Dense(2, name="d")]).to_graph())
        >>> for line in compute_lines(totals, "", summary_options("text", None, None, False, False,
        ...                                                       None, False, show_macs=True)):
        ...     print(line)
        Total MACs: 8 (8)
        Activations (batch 1): 8.00 B, peak 8.00 B at d
        >>> no_macs = summary_options("text", None, None, False, False, None, False)
        >>> compute_lines(totals, "", no_macs)
        []
    """
    if not opts.show_macs or totals.macs is None:
        return []
    value, label = count_value(totals.macs, opts.count), count_label(opts.count)
    lines = [f"{prefix}Total {label}: {value:,} ({readable_count(value)})"]
    if totals.unknown_macs:
        named = ", ".join(totals.unknown_macs[:5])
        more = len(totals.unknown_macs) - 5
        named += f" and {more:,} more" if more > 0 else ""
        lines.append(f"{prefix}Unknown {label}: {len(totals.unknown_macs)} layer(s) "
                     f"({clean_text(named)}) not counted")
    if totals.activation_bytes is not None:
        peak = ("?" if totals.peak_activation_bytes is None else
                f"{readable_memory_size(totals.peak_activation_bytes)} at "
                f"{clean_text(str(totals.peak_activation_layer))}")
        lines.append(f"{prefix}Activations (batch 1): "
                     f"{readable_memory_size(totals.activation_bytes)}, peak {peak}")
    return lines

"""Keras's ``plot_model`` keywords, checked once and folded into one :class:`DotOptions`.

``plot_model``, ``model_to_dot``, the interactive page (:mod:`modelviz.html`) and
``modelviz check`` all take their diagram options from here.

Example:
    >>> dot_options(show_shapes=True, depth=2).depth
    2
"""

from __future__ import annotations

from typing import Any

from modelviz.diagram.dot import RANKDIRS, DotOptions
from modelviz.diagram.plumbing import PLUMBING_STYLES
from modelviz.errors import LayerConfigError
from modelviz.levels import check_depth
from modelviz.limits import SPLINES

__all__ = ["dot_options"]


def dot_options(show_shapes: bool = False, show_dtype: bool = False,
                show_layer_names: bool = False, rankdir: str = "TB",
                expand_nested: bool = False, dpi: int | None = 200,
                show_layer_activations: bool = False, show_trainable: bool = False,
                layer_range: Any = None, show_params: bool = False,
                show_title: bool = False, splines: str | None = None,
                show_macs: bool = False, count: str = "macs",
                depth: int | None = None, plumbing: str = "grey") -> DotOptions:
    """Check Keras's keyword arguments and fold them into one :class:`DotOptions`.

    Example:
        >>> options = dot_options(show_shapes=True, rankdir="LR")
        >>> options.show_shapes, options.rankdir, options.dpi
        (True, 'LR', 200)
        >>> dot_options(rankdir="XY")
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: rankdir must be one of TB, LR, BT, RL, got 'XY'
        >>> dot_options(plumbing="full").plumbing
        'full'
    """
    if plumbing not in PLUMBING_STYLES:
        raise LayerConfigError(f"plumbing must be one of {', '.join(PLUMBING_STYLES)}, "
                               f"got {plumbing!r}")
    if count not in ("macs", "flops"):
        raise LayerConfigError(f"count must be 'macs' or 'flops', got {count!r}")
    if splines is not None and str(splines).lower() not in SPLINES:
        raise LayerConfigError(f"splines must be one of {', '.join(SPLINES)} (or None for "
                               f"modelviz's curved edges), got {splines!r}")
    if str(rankdir).upper() not in RANKDIRS:
        raise LayerConfigError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if dpi is not None and (not isinstance(dpi, (int, float)) or dpi <= 0):
        raise LayerConfigError(f"dpi must be a positive number, got {dpi!r}")
    if layer_range is not None and (len(layer_range) != 2):
        raise LayerConfigError(f"layer_range must be (first_name, last_name), got {layer_range!r}")
    return DotOptions(show_shapes=show_shapes, show_dtype=show_dtype,
                      show_layer_names=show_layer_names, rankdir=str(rankdir).upper(),
                      expand_nested=expand_nested, dpi=int(dpi) if dpi else None,
                      show_layer_activations=show_layer_activations,
                      show_trainable=show_trainable,
                      layer_range=tuple(layer_range) if layer_range else None,
                      show_params=show_params, show_title=show_title,
                      splines=str(splines).lower() if splines is not None else None,
                      show_macs=show_macs, count=count, depth=check_depth(depth),
                      plumbing=plumbing)

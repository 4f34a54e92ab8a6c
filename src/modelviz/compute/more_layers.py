"""MAC counters for the later Keras 3 layer families: adaptive pooling, image augmentation,
lookup layers, ``RNN`` over cells and wrappers (registered on import).

Example:
    >>> from modelviz.compute.registry import LayerCall, count_call
    >>> rnn = LayerCall("r", "RNN", {"cell": "LSTMCell"}, [(None, 5, 3)], [(None, 4)],
    ...                 {"kernel": (3, 16), "recurrent_kernel": (4, 16), "bias": (16,)})
    >>> count_call(rnn)
    Count(macs=560, formula='5 steps × (3×16 input + 4×16 recurrent)')
    >>> count_call(LayerCall("h", "Hashing", {}, [(None, 1)], [(None, 1)])).macs
    0
"""

from __future__ import annotations

from typing import Final

from modelviz.compute.keras_layers import count_recurrent
from modelviz.compute.registry import Count, LayerCall, register_macs, zero_macs

__all__ = ["MORE_ZERO_MAC_FAMILIES"]

MORE_ZERO_MAC_FAMILIES: Final = {
    "pooling, no weights": tuple(
        f"Adaptive{kind}Pooling{rank}D" for kind in ("Average", "Max") for rank in (1, 2, 3)),
    "table lookup": ("Discretization", "Hashing", "IntegerLookup", "StringLookup",
                     "TextVectorization", "ReversibleEmbedding"),
    "image processing, no weight products": (
        "AugMix", "AutoContrast", "ContrastLimitedAdaptiveHistogramEqualization", "CutMix",
        "Equalization", "MixUp", "RandAugment", "RandomColorDegeneration", "RandomColorJitter",
        "RandomElasticTransform", "RandomErasing", "RandomGaussianBlur", "RandomGrayscale",
        "RandomHue", "RandomInvert", "RandomPerspective", "RandomPosterization",
        "RandomSaturation", "RandomSharpness", "RandomShear", "Solarization"),
}
for _reason, _names in MORE_ZERO_MAC_FAMILIES.items():
    register_macs(_names, zero_macs(_reason))


@register_macs("RNN")
def _rnn(call: LayerCall) -> Count | None:
    """``RNN(cell)`` over one built-in cell counts like the matching layer; stacked cells
    and custom cells are unknown."""
    if "kernel" not in call.weights or "recurrent_kernel" not in call.weights:
        return None
    return count_recurrent(call)


@register_macs(("SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells", "Wrapper",
                "SpectralNormalization", "GroupedQueryAttention", "Lambda"))
def _unknown(call: LayerCall) -> Count | None:
    """No rule yet (a Lambda runs any Python code): unknown (``?``), never guessed."""
    return None

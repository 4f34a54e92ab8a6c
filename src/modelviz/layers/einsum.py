"""EinsumDense: a dense layer written as an einsum equation, as Keras's ``EinsumDense``.

The kernel takes its axes from the input (summed) and from the output
(``output_shape``); the bias covers ``bias_axes`` of the output. The rule is Keras's
``_analyze_einsum_string`` (``keras/src/layers/core/einsum_dense.py``).

Example:
    >>> layer = EinsumDense("abc,cd->abd", output_shape=(None, 64), bias_axes="d")
    >>> layer.compute_output_shape((None, 32, 128))  # Keras too: output_shape says None
    (None, None, 64)
    >>> layer.explain((None, 32, 128))
    'kernel 128×64 + bias 64 = 8,256'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from modelviz.layers.base import Layer, Shape, Weight
from modelviz.layers.core import lora_rank_argument, lora_weights

__all__ = ["EinsumDense"]

_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), False),
    (re.compile(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$"), True),
    (re.compile(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$"), False),
)


@dataclass(frozen=True)
class EinsumShapes:
    """What an einsum equation gives for one input shape."""

    kernel: tuple[int | None, ...]
    bias: tuple[int | None, ...] | None
    output: Shape


def parse_equation(equation: str) -> tuple[str, str, str, bool]:
    """(input spec, weight spec, output spec, ellipsis on the left) of ``equation``.

    Example:
        >>> parse_equation("...b,bc->...c")
        ('b', 'bc', 'c', True)
    """
    replaced = re.sub(r"\.\.\.", "0", str(equation))
    for pattern, left in _FORMS:
        match = pattern.match(replaced)
        if match:
            return match.group(1), match.group(2), match.group(3), left
    raise ValueError(f"invalid einsum equation {equation!r}; use the form ab,bc->ac, "
                     "...b,bc->...c or ab...,bc->ac...")


def _output_shape(specs: tuple[str, str, str, bool], input_shape: Shape,
                  partial: tuple[int | None, ...]) -> tuple[list[Any], int]:
    input_spec, _, _, left = specs
    elided = len(input_shape) - len(input_spec)
    output = [input_shape[0], *partial]
    if elided > 0 and left:
        for i in range(1, elided):
            output.insert(1, input_shape[i])
    elif elided > 0:
        output.extend(input_shape[len(input_shape) - elided:])
    return output, elided


def analyze(equation: str, bias_axes: str | None, input_shape: Shape,
            partial: tuple[int | None, ...]) -> EinsumShapes:
    """Keras's ``_analyze_einsum_string``: kernel, bias and output shapes."""
    specs = parse_equation(equation)
    input_spec, weight_spec, output_spec, left = specs
    output, elided = _output_shape(specs, input_shape, partial)
    shift = elided if left else 0
    in_map = {d: (i + elided - len(input_shape)) if left else i for i, d in enumerate(input_spec)}
    out_map = {d: i + shift for i, d in enumerate(output_spec)}
    for dim in input_spec:
        if dim in out_map and output[out_map[dim]] not in (None, input_shape[in_map[dim]]):
            raise ValueError(f"input and output_shape differ on the shared axis {dim!r}: "
                             f"{input_shape[in_map[dim]]} and {output[out_map[dim]]}")
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(f"output axis {dim!r} is in neither the input nor the weight spec")
    kernel = []
    for dim in weight_spec:
        if dim not in out_map and dim not in in_map:
            raise ValueError(f"weight axis {dim!r} is in neither the input nor the output spec")
        kernel.append(output[out_map[dim]] if dim in out_map else input_shape[in_map[dim]])
    return EinsumShapes(tuple(kernel), _bias_shape(specs, bias_axes, output, elided),
                        tuple(output))


def _bias_shape(specs: tuple[str, str, str, bool], bias_axes: str | None, output: list[Any],
                elided: int) -> tuple[int | None, ...] | None:
    if bias_axes is None:
        return None
    _, _, output_spec, left = specs
    shift = elided if left else 0
    sizes = {char: output[i + shift] for i, char in enumerate(output_spec)}
    for char in bias_axes:
        if char not in output_spec:
            raise ValueError(f"bias axis {char!r} is not in the output spec {output_spec!r}")
    first = min(output_spec.find(char) for char in bias_axes)
    bias = [sizes[c] if c in bias_axes else 1 for c in output_spec[first:]]
    if not left:
        bias += [1] * max(elided, 0)
    return tuple(bias)


class EinsumDense(Layer):
    """A dense layer over any axes: ``EinsumDense("abc,cd->abd", output_shape=(None, 64))``."""

    supports_masking = False

    def __init__(self, equation: str, output_shape: Any, activation: Any = None,
                 bias_axes: str | None = None, kernel_initializer: Any = "glorot_uniform",
                 bias_initializer: Any = "zeros", kernel_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, lora_rank: int | None = None,
                 lora_alpha: float | None = None, gptq_unpacked_column_size: Any = None,
                 quantization_config: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        try:
            parse_equation(equation)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        self.equation = str(equation)
        self.partial_output_shape = ((output_shape,) if isinstance(output_shape, int)
                                     else tuple(output_shape))
        self.bias_axes = bias_axes
        self.lora_rank = lora_rank_argument(self, lora_rank, kernel_constraint)

    def _shapes(self, input_shape: Shape) -> EinsumShapes:
        return analyze(self.equation, self.bias_axes, input_shape, self.partial_output_shape)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """The input's batch (and elided) axes with ``output_shape``."""
        return self._shapes(input_shape).output

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """kernel, bias (``bias_axes``); ``lora_rank`` freezes the kernel and adds two."""
        shapes = self._shapes(input_shape)
        if None in shapes.kernel or (shapes.bias and None in shapes.bias):
            raise self.shape_error(input_shape, f"the weights {shapes.kernel} need every axis "
                                   "they use to be known", "give those axes a size in the "
                                   "input shape or output_shape")
        kernel: tuple[int, ...] = shapes.kernel  # type: ignore[assignment]
        weights = [Weight("kernel", kernel, trainable=not self.lora_rank)]
        if shapes.bias is not None:
            weights.append(Weight("bias", shapes.bias))  # type: ignore[arg-type]
        return weights + lora_weights(self.lora_rank, kernel)

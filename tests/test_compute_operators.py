"""Operator MAC rules (modelviz.compute.torch_ops, torch_sequence, onnx_ops), each against a
count written as a formula here. Records are what the captures store: shapes in argument
order, attributes by name."""

from __future__ import annotations

from typing import Any

import pytest

from modelviz.compute.operator_macs import count_operators


def _count(source: str, op: str, inputs: list[Any], outputs: list[Any] | None = None,
           attrs: dict[str, Any] | None = None, batch: int = 1) -> int | None:
    record = {"op": op, "inputs": inputs, "attrs": attrs or {}, "outputs": outputs or []}
    return count_operators(source, [record], batch)[0]


@pytest.mark.parametrize(("op", "inputs", "outputs", "attrs", "expected"), [
    ("Einsum", [(1, 4, 10, 8), (1, 4, 12, 8)], [(1, 4, 10, 12)],
     {"equation": "bhqd,bhkd->bhqk"}, 4 * 10 * 12 * 8),
    ("Attention", [(1, 4, 10, 8), (1, 4, 12, 8), (1, 4, 12, 16)], [(1, 4, 10, 16)], {},
     4 * 10 * 12 * (8 + 16)),
    ("Attention", [(1, 10, 32), (32, 96)], [(1, 10, 32)], {"num_heads": 4},
     10 * 32 * 96 + 2 * 10 * 10 * 32),  # com.microsoft: packed QKV projection, QKᵀ, AV
    ("RNN", [(9, 1, 12), (1, 20, 12), (1, 20, 20)], [], {}, 9 * (20 * 12 + 20 * 20)),
    ("GRU", [(1, 9, 12), (2, 60, 12), (2, 60, 20)], [], {"layout": 1},
     9 * 2 * 60 * (12 + 20)),
    ("Gemm", [(512, 1), (10, 512)], [(1, 10)], {"transA": 1}, 512 * 10),
    ("ConvTranspose", [(1, 16, 8, 8), (16, 8, 2, 2)], [(1, 8, 16, 16)], {},
     8 * 8 * 16 * 8 * 2 * 2),
    ("MatMul", [(64, 3, 49, 32), (64, 3, 32, 49)], [(64, 3, 49, 49)], {},
     64 * 3 * 49 * 49 * 32),
    ("Softmax", [(1, 3, 49, 49)], [(1, 3, 49, 49)], {}, 0),
    ("Reshape", [(1, 49, 96), (3,)], [(49, 96)], {}, 0),
])
def test_onnx_rules(op: str, inputs: list[Any], outputs: list[Any], attrs: dict[str, Any],
                    expected: int) -> None:
    assert _count("onnx", op, inputs, outputs, attrs) == expected


@pytest.mark.parametrize(("op", "inputs", "outputs", "expected"), [
    ("addmm", [(96,), (10, 32), (32, 96)], [(10, 96)], 10 * 32 * 96),  # HF Conv1D
    ("baddbmm", [(8, 10, 10), (8, 10, 4), (8, 4, 10)], [(8, 10, 10)], 8 * 10 * 10 * 4),
    ("addbmm", [(10, 10), (8, 10, 4), (8, 4, 10)], [(10, 10)], 8 * 10 * 10 * 4),
    ("rmatmul", [(4, 10), (6, 4)], [(6, 10)], 6 * 10 * 4),
    ("conv_transpose2d", [(1, 16, 8, 8), (16, 8, 2, 2)], [(1, 8, 16, 16)], 64 * 16 * 8 * 4),
    ("convolution", [(1, 3, 8, 8), (4, 3, 3, 3), None, [1, 1], [0, 0], [1, 1], False, [0, 0],
                     1], [(1, 4, 6, 6)], 36 * 4 * 27),
    ("einsum", ["ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]], [(2, 5)], 2 * 3 * 4 + 2 * 4 * 5),
    ("lstm_cell", [(1, 16), [(1, 24), (1, 24)], (96, 16), (96, 24)], [], 96 * (16 + 24)),
    ("lstm", [(11, 16), (3,), [(1, 3, 24), (1, 3, 24)], [(96, 16), (96, 24)], False, 1, 0.0,
              False, False], [], 11 * 96 * (16 + 24)),  # packed: 11 steps over the batch
    ("relu_", [(1, 8)], [(1, 8)], 0),
    ("_softmax", [(1, 8), -1, False], [(1, 8)], 0),
])
def test_torch_rules(op: str, inputs: list[Any], outputs: list[Any], expected: int) -> None:
    assert _count("torch", op, inputs, outputs) == expected


def test_multi_head_attention_forward_with_separate_projections() -> None:
    inputs = [(10, 1, 32), (12, 1, 16), (12, 1, 8), 32, 4, None, None, None, None, False, 0.0,
              (32, 32), (32,)]
    attrs = {"use_separate_proj_weight": True, "q_proj_weight": (32, 32),
             "k_proj_weight": (32, 16), "v_proj_weight": (32, 8)}
    expected = 10 * 32 * 32 + 12 * 32 * 16 + 12 * 32 * 8 + 2 * 10 * 12 * 32 + 10 * 32 * 32
    assert _count("torch", "multi_head_attention_forward", inputs, [], attrs) == expected


def test_batch_division_and_unknowns() -> None:
    assert _count("torch", "linear", [(4, 10, 16), (32, 16)], [(4, 10, 32)], batch=4) == \
        10 * 16 * 32
    macs, text = count_operators("torch", [{"op": "fft_rfft", "inputs": [(1, 8)]}], 1)
    assert macs is None and "no counting rule for the torch operator fft_rfft" in text
    macs, text = count_operators("onnx", [{"op": "MatMul", "inputs": [(None, 4), (4, 2)],
                                           "outputs": [(None, 2)]}], 1)
    assert macs is None and "unknown" in text

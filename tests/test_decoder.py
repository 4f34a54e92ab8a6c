"""A real decoder end to end: GPT-2 small and a 32-layer decoder exported from plain torch.

The models are ``tests/fixtures/decoder.py`` (GPT-2's layout), exported to ONNX with the
weights stripped by ``scripts/make_decoder_fixtures.py``; torch's own parameter counts are
in ``tests/fixtures/onnx/decoder_reference.json``. The counts below are GPT-2's, by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modelviz import format_summary, load
from modelviz.diagram import to_dot
from modelviz.diffing import diff
from modelviz.diffing.formats import total_lines
from modelviz.plot import dot_options

pytest.importorskip("onnx")

ONNX = Path(__file__).parent / "fixtures" / "onnx"
REFERENCE = json.loads((ONNX / "decoder_reference.json").read_text())["models"]
# name -> (layers, width, vocabulary, context = the exported sequence length)
SIZES = {"gpt2_small": (12, 768, 50257, 1024), "decoder_12": (12, 64, 1000, 128),
         "decoder_32": (32, 64, 1000, 128)}


def hand_params(layers: int, d: int, vocab: int, context: int) -> int:
    """Token and position embeddings, per block 2 LayerNorms (4d), q/k/v (3d² + 3d),
    output projection (d² + d), MLP (8d² + 5d); the final LayerNorm; the head is tied."""
    return vocab * d + context * d + layers * (12 * d * d + 13 * d) + 2 * d


def hand_macs(layers: int, d: int, vocab: int, tokens: int) -> int:
    """Per token and block: q/k/v 3d², projection d², MLP 8d²; scores and their weighted
    sum T·d each; then the head V·d per token."""
    return layers * (tokens * 12 * d * d + 2 * tokens * tokens * d) + tokens * vocab * d


@pytest.mark.parametrize("name", list(SIZES))
def test_params_and_macs_are_exact(name: str) -> None:
    graph = load(ONNX / f"{name}.onnx").to_graph()
    from modelviz.compute import ensure_compute
    from modelviz.graph import DTYPE_BYTES

    ensure_compute(graph, DTYPE_BYTES)
    assert graph.graph["total_params"] == hand_params(*SIZES[name])
    assert graph.graph["total_params"] == REFERENCE[name]["total_params"]  # torch's own
    assert graph.graph["total_macs"] == hand_macs(*SIZES[name])
    assert graph.graph["unknown_macs"] == []


def test_gpt2_small_numbers() -> None:
    assert hand_params(*SIZES["gpt2_small"]) == 124_439_808  # Hugging Face's GPT-2 small
    text = format_summary(load(ONNX / "gpt2_small.onnx"), show_macs=True)
    assert "Total params: 124,439,808" in text
    assert "Total MACs: 145,824,153,600 (145.82 G)" in text


@pytest.mark.parametrize(("name", "repeats"), [("gpt2_small", 12), ("decoder_32", 32)])
def test_fold_repeats_draws_the_block_once(name: str, repeats: int) -> None:
    model = load(ONNX / f"{name}.onnx")
    text = format_summary(model, fold_repeats=True)
    assert f"h.0 … h.{repeats - 1} (Module ×{repeats})" in text
    from modelviz.fold import fold_graph

    dot = to_dot(fold_graph(model.to_graph()), dot_options(show_shapes=True, dpi=None))
    assert dot.count(f"<b>×{repeats}</b>") == 1
    # tokens, wte, wpe, their Add, the folded blocks, ln_f, lm_head
    assert len(re.findall(r"^n\d+ \[label=", dot, re.M)) == 7


def test_diff_of_12_and_32_layers_reads_20_blocks_added() -> None:
    changes = diff(load(ONNX / "decoder_12.onnx"), load(ONNX / "decoder_32.onnx"))
    lines = total_lines(changes.to_graph())
    assert lines[-1] == "Blocks: 20 added (h.12 … h.31), 0 removed"
    assert lines[0] == "Total params: 672,128 → 1,671,808 (+999,680, +148.7%)"
    assert not changes.removed and not changes.changed

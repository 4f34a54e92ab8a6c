"""modelviz's MACs against XLA's FLOP count of real Keras 3 models (fixtures from
scripts/make_macs_fixtures.py): exactly half, model by model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz

from .fixtures.macs_zoo import MACS_ZOO

FIXTURE = Path(__file__).parent / "fixtures" / "macs" / "xla_flops.json"
XLA = json.loads(FIXTURE.read_text())


def test_fixture_covers_the_zoo() -> None:
    assert sorted(XLA["flops"]) == sorted(MACS_ZOO)


@pytest.mark.parametrize("name", sorted(MACS_ZOO))
def test_macs_are_half_of_xla_flops(name: str) -> None:
    builder, _ = MACS_ZOO[name]
    graph = builder(modelviz).to_graph()
    assert graph.graph["unknown_macs"] == []
    assert 2 * graph.graph["total_macs"] == XLA["flops"][name]

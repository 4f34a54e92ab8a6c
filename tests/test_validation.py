"""What Keras rejects, modelviz rejects with a ModelvizError naming the layer (issue #10.6).

Each case and Keras's exception come from tests/fixtures/keras3_rules/rejected.json, written by
scripts/make_keras_fixtures.py with real Keras.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz import ModelvizError

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_rules" / "rejected.json")
                   .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_rejected_like_keras(name: str) -> None:
    case = CASES[name]
    namespace = {"keras": modelviz, "L": modelviz.layers}
    if case["raises"] is None:
        eval(case["expression"], namespace)
        return
    with pytest.raises(ModelvizError) as info:
        eval(case["expression"], namespace)
    if case["raises"] == "ValueError":
        assert isinstance(info.value, ValueError)
    assert "(" in str(info.value) and len(str(info.value).splitlines()) == 1

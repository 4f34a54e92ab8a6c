"""``dump_json`` writes what ``json.dumps(indent=..., ensure_ascii=False, default=repr)``
writes (then escapes lone surrogates), whichever encoder makes the text."""

from __future__ import annotations

import json
import math
from enum import IntEnum
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelviz.importers.safe_json import dump_json

FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=8))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.tuples(inner, inner)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=25)


def _stdlib(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False, default=repr)


@FUZZ
@given(DATA)
def test_plain_data_is_written_as_the_stdlib_writes_it(data: Any) -> None:
    text = dump_json(data)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in _stdlib(data)) or "\\ud" in _stdlib(data):
        return  # the escapes below are dump_json's own (test_surrogates_are_escaped)
    assert text == _stdlib(data)


def test_values_json_would_hand_to_default_still_come_out_alike() -> None:
    class Level(IntEnum):
        HIGH = 3

    data = {"shape": (None, 16), "set": {1}, "level": Level.HIGH, "nan": math.nan,
            "inf": [math.inf, -math.inf], "nested": [[], {}, [[1, None]]], "text": 'a"b\n'}
    assert dump_json(data) == _stdlib(data)
    assert dump_json(data, indent=None) == _stdlib(data, indent=None)
    assert dump_json({1: "x"}) == _stdlib({1: "x"})  # keys json turns into strings


def test_surrogates_are_escaped() -> None:
    text = dump_json({"name": "lone\ud800x", "layers": [{"name": "ok×"}]})
    assert '"lone\\ud800x"' in text
    assert json.loads(text)["name"] == "lone\ud800x"
    assert json.loads(dump_json({"name": "lone\\ud800x"}))["name"] == "lone\ud800x"

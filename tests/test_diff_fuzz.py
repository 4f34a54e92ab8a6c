"""Property tests for modelviz.diff: random edits of random models keep the accounting.

Every layer of both models appears exactly once in the union; a layer drawn as the same
or renamed has the same class and config on both sides; a model against itself and
against a copy with every layer renamed has no structural change; inserting layers that
keep shapes (Dropout) gives exactly those layers as added.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelviz import Input, Sequential, layers
from modelviz.diffing import diff, diff_to_dot, format_diff

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
KINDS = ("dense", "relu", "norm", "dropout")


def _layer(kind: str, width: int, name: str) -> Any:
    if kind == "dense":
        return layers.Dense(width, name=name)
    if kind == "relu":
        return layers.ReLU(name=name)
    if kind == "norm":
        return layers.LayerNormalization(name=name)
    return layers.Dropout(0.25, name=name)


def _model(spec: list[tuple[str, int]], prefix: str = "",
           extra: dict[int, int] | None = None) -> Sequential:
    stack: list[Any] = [Input((8,))]
    for index, (kind, width) in enumerate(spec):
        stack.append(_layer(kind, width, f"{prefix}{kind}{index}"))
        for count in range((extra or {}).get(index, 0)):
            stack.append(layers.Dropout(0.5, name=f"added{index}_{count}"))
    return Sequential(stack)


SPECS = st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from((4, 8, 16))),
                 min_size=1, max_size=30)


@FUZZ
@given(SPECS, SPECS)
def test_every_layer_is_accounted_for_once(old: list, new: list) -> None:
    a, b = _model(old).to_graph(), _model(new, "n_").to_graph()
    d = diff(a, b)
    union = d.to_graph()
    assert sorted(old_key for _, old_key in union.nodes(data="old_key") if old_key) == sorted(a)
    assert sorted(new_key for _, new_key in union.nodes(data="new_key") if new_key) == sorted(b)
    for change in d.layers:
        if change.status in ("same", "renamed"):
            assert a.nodes[change.old]["class_name"] == b.nodes[change.new]["class_name"]
    assert d.total_params == (a.graph["total_params"], b.graph["total_params"])
    assert format_diff(d) == format_diff(diff(a, b))
    assert diff_to_dot(d) == diff_to_dot(diff(a, b))


@FUZZ
@given(SPECS, st.dictionaries(st.integers(0, 29), st.integers(1, 2), max_size=3))
def test_renames_and_inserted_dropouts(spec: list, extra: dict[int, int]) -> None:
    a = _model(spec).to_graph()
    assert not diff(a, a).has_changes
    renamed = diff(a, _model(spec, "x_").to_graph())
    assert renamed.added == renamed.removed == [] and renamed.changed == []
    assert len(renamed.renamed) == len(a)
    extra = {index: count for index, count in extra.items() if index < len(spec)}
    inserted = diff(a, _model(spec, extra=extra).to_graph())
    assert sorted(inserted.added) == sorted(f"added{index}_{count}" for index, total in
                                            extra.items() for count in range(total))
    assert inserted.removed == [] and inserted.changed == [] and inserted.affected == []

"""modelviz.diff: the matching rules and the model pairs of issue #12."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

import modelviz
from modelviz import Input, Model, Sequential, layers
from modelviz.diffing import diff, format_diff
from modelviz.errors import ModelFileError
from modelviz.layers.base import clear_session

ROOT = Path(__file__).parent.parent


def _mlp(names: tuple[str, ...] = ("h1", "h2", "out"), units: int = 128,
         dropout: bool = False) -> Sequential:
    model = Sequential([Input((784,)), layers.Dense(units, activation="relu", name=names[0])])
    if dropout:
        model.add(layers.Dropout(0.5, name="drop"))
    model.add(layers.Dense(64, activation="relu", name=names[1]))
    model.add(layers.Dense(10, activation="softmax", name=names[2]))
    return model


def _structural(d) -> tuple[list, list, list]:
    return d.added, d.removed, [(c.old, c.new) for c in d.changed]


def test_renaming_every_layer_gives_only_renames() -> None:
    d = diff(_mlp(), _mlp(names=("a", "b", "c")))
    assert _structural(d) == ([], [], [])
    assert d.renamed == [("h1", "a"), ("h2", "b"), ("out", "c")]
    assert d.affected == [] and d.total_params == (109386, 109386)


def test_inserting_one_dropout_gives_exactly_one_added_layer() -> None:
    d = diff(_mlp(), _mlp(dropout=True))
    assert _structural(d) == (["drop"], [], [])
    assert d.renamed == [] and d.affected == []
    statuses = dict(d.to_graph().nodes(data="status"))
    assert statuses == {"h1": "same", "drop": "added", "h2": "same", "out": "same"}


def test_changing_units_changes_that_layer_and_its_successor_follows() -> None:
    d = diff(_mlp(), _mlp(units=256))
    assert _structural(d) == ([], [], [("h1", "h1")])
    fields = d.changed[0].fields
    assert fields["units"] == (128, 256)
    assert fields["params"] == (100480, 200960)
    assert fields["output_shapes"] == ([(None, 128)], [(None, 256)])
    assert [(c.new, c.fields) for c in d.affected] == [("h2", {"params": (8256, 16448)})]
    assert "units: 128 → 256" in format_diff(d)


def test_units_change_under_full_rename_still_one_change() -> None:
    d = diff(_mlp(), _mlp(names=("a", "b", "c"), units=256))
    assert _structural(d) == ([], [], [("h1", "a")])
    assert [c.new for c in d.affected] == ["b"]


def _cifar(units: int = 128) -> Sequential:
    model = Sequential(name="cifar")
    model.add(layers.Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(32, 32, 3)))
    model.add(layers.Conv2D(64, kernel_size=(3, 3), activation="relu"))
    model.add(layers.Conv2D(128, kernel_size=(3, 3), activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    clear_session()  # both versions get the same automatic names
    return model


def test_cifar_cnn_against_a_widened_version() -> None:
    d = diff(_cifar(), _cifar(256))
    assert _structural(d) == ([], [], [("dense", "dense")])
    assert [c.new for c in d.affected] == ["dense_1"]
    assert "Total params: 11,170,250 → 22,247,242 (+11,076,992, +99.2%)" in format_diff(d)


def _branches(with_branch: bool = True, prefix: str = "") -> Model:
    inputs = Input((32,), name=f"{prefix}in")
    left = layers.Dense(16, activation="relu", name=f"{prefix}left")(inputs)
    outs = [layers.Dense(8, name=f"{prefix}left_out")(left)]
    if with_branch:
        right = layers.Dense(24, activation="tanh", name=f"{prefix}right")(inputs)
        outs.append(layers.Dense(8, name=f"{prefix}right_out")(right))
    merged = layers.Concatenate(name=f"{prefix}cat")(outs) if with_branch else outs[0]
    return Model(inputs, layers.Dense(1, name=f"{prefix}head")(merged), name="branchy")


def test_deleting_a_branch_removes_exactly_its_layers() -> None:
    d = diff(_branches(), _branches(with_branch=False))
    assert d.added == []
    assert d.removed == ["right", "right_out", "cat"]
    assert [c.new for c in d.changed] == []
    assert [(c.new, c.fields) for c in d.affected] == [("head", {"params": (17, 9)})]
    edges = {(u, v): s for u, v, s in d.to_graph().edges(data="status")}
    assert edges[("in", "right")] == "removed" and edges[("left_out", "head")] == "added"
    assert edges[("in", "left")] == "same"


def test_renamed_branches_defined_in_another_order_still_match() -> None:
    def build(names: tuple[str, str], first: str) -> Model:
        inputs = Input((32,), name="in")
        branches = {"a": layers.Dense(16, name=names[0]), "b": layers.Dense(24, name=names[1])}
        order = [first, "b" if first == "a" else "a"]
        outs = {key: branches[key](inputs) for key in order}
        return Model(inputs, layers.Concatenate(name="cat")([outs["a"], outs["b"]]))

    d = diff(build(("a1", "b1"), "a"), build(("x", "y"), "b"))
    assert _structural(d) == ([], [], [])
    assert sorted(d.renamed) == [("a1", "x"), ("b1", "y")]


def _siamese(units: int = 32) -> Model:
    shared = layers.Dense(units, activation="relu", name="shared")
    a, b = Input((16,), name="a"), Input((16,), name="b")
    merged = layers.Subtract(name="sub")([shared(a), shared(b)])
    return Model([a, b], layers.Dense(1, name="score")(merged))


def test_shared_layer_change_is_one_change() -> None:
    assert not diff(_siamese(), _siamese()).has_changes
    d = diff(_siamese(), _siamese(64))
    assert _structural(d) == ([], [], [("shared", "shared")])
    assert [c.new for c in d.affected] == ["sub", "score"]


def _nested(units: int = 4, outer: str = "inner") -> Model:
    inner = Sequential([Input((8,)), layers.Dense(units, name="a"), layers.Dense(3, name="b")],
                       name=outer)
    inputs = Input((8,), name="x")
    return Model(inputs, layers.Dense(2, name="head")(inner(inputs)), name="outer")


def test_nested_model_inner_change() -> None:
    d = diff(_nested(), _nested(units=6))
    assert _structural(d) == ([], [], [("inner/a", "inner/a")])
    assert [c.new for c in d.affected] == ["inner", "inner/b"]


def test_renamed_nested_model_matches_its_inner_layers() -> None:
    d = diff(_nested(), _nested(outer="encoder"))
    assert _structural(d) == ([], [], [])
    assert d.renamed == [("inner", "encoder")]
    assert d.to_graph().nodes["encoder/a"]["parent"] == "encoder"


def _stack(blocks: int) -> Sequential:
    model = Sequential([Input((16,))], name=f"stack{blocks}")
    for i in range(blocks):
        model.add(layers.Dense(16, activation="relu", name=f"block{i}_dense"))
        model.add(layers.LayerNormalization(name=f"block{i}_norm"))
    model.add(layers.Dense(2, name="head"))
    return model


def test_block_count_change_reads_as_one_block_change_when_folded() -> None:
    d = diff(_stack(12), _stack(24), fold_repeats=True)
    assert d.added == [] and d.removed == []
    assert [c.fields["repeats"] for c in d.changed] == [(12, 24)]
    assert d.renamed == [] and d.total_params == (3682, 7330)
    assert "(2-layer block ×12 → ×24)" in format_diff(d)
    unfolded = diff(_stack(12), _stack(24))
    assert len(unfolded.added) == 24 and unfolded.changed == []


def test_identical_models_have_no_changes() -> None:
    d = diff(_branches(), _branches())
    assert not d.has_changes
    assert {s for _, s in d.to_graph().nodes(data="status")} == {"same"}
    assert {s for _, _, s in d.to_graph().edges(data="status")} == {"same"}


def test_sequential_against_the_same_model_written_functionally() -> None:
    inputs = Input((784,), name="pixels")
    x = layers.Dense(128, activation="relu", name="h1")(inputs)
    x = layers.Dense(64, activation="relu", name="h2")(x)
    functional = Model(inputs, layers.Dense(10, activation="softmax", name="out")(x))
    d = diff(_mlp(), functional)
    assert not d.has_changes
    assert d.ignored == ("pixels",)


def test_paths_load_with_fresh_names(tmp_path: Path) -> None:
    path = ROOT / "examples" / "cifar_cnn.py"
    d = diff(path, str(path))
    assert not d.has_changes and d.renamed == []


def test_python_file_against_saved_keras_file() -> None:
    d = diff(ROOT / "examples" / "two_inputs.py",
             ROOT / "tests" / "fixtures" / "keras3" / "files" / "seed_two_inputs.keras")
    assert _structural(d) == ([], [], [])
    assert d.total_params[0] == d.total_params[1]


def test_lazy_export_is_the_function() -> None:
    assert modelviz.diff is diff


def test_not_a_model_is_a_clear_error() -> None:
    with pytest.raises(ModelFileError, match="cannot load a model from int"):
        diff(42, _mlp())
    with pytest.raises(ModelFileError, match=r"no_such\.py"):
        diff("no_such.py", _mlp())


def test_big_chain_with_one_insertion() -> None:
    def chain(insert: bool) -> Sequential:
        stack: list = [Input((8,))]
        for i in range(2500):
            stack += [layers.Dense(8, name=f"d{i}"), layers.ReLU(name=f"r{i}")]
            if insert and i == 1200:
                stack.append(layers.Dropout(0.1, name="extra"))
        return Sequential(stack)

    d = diff(chain(False), chain(True))
    assert len(d.layers) == 5001
    assert _structural(d) == (["extra"], [], [])


def test_union_graph_is_plain_data_any_emitter_can_read() -> None:
    union = diff(_nested(), _nested(units=6)).to_graph()
    text = json.dumps(nx.node_link_data(union, edges="edges"), sort_keys=True)
    data = json.loads(text)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes["inner/a"]["status"] == "changed"
    assert nodes["inner/a"]["changes"]["units"] == [4, 6]
    assert nodes["inner/a"]["old"]["params"] == 36 and nodes["inner/a"]["new"]["params"] == 54
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    assert edges["inner/a", "inner/b"]["status"] == "changed"  # its tensor got wider
    assert edges["inner/a", "inner/b"]["old_shape"] == [None, 4]
    assert edges["x", "inner"]["status"] == "same"
    assert data["graph"]["counts"] == {"added": 0, "removed": 0, "changed": 1, "renamed": 0,
                                       "affected": 2}


@pytest.mark.parametrize(("old", "new"), [
    ("examples/stacked_lstm.py", "tests/fixtures/tfkeras2/files/seed_stacked_lstm.h5"),
    ("tests/fixtures/tfkeras2/files/seed_stacked_lstm.h5",
     "tests/fixtures/keras3/files/seed_stacked_lstm.keras"),
    ("tests/fixtures/tfkeras2/files/lenet5.h5", "tests/fixtures/tfkeras2/configs/lenet5.json"),
    ("tests/fixtures/tfkeras2/files/rnn_variants.h5",
     "tests/fixtures/keras3/files/rnn_variants.keras"),
])
def test_the_same_model_saved_by_different_keras_versions_has_no_changes(old: str,
                                                                        new: str) -> None:
    d = diff(ROOT / old, ROOT / new)
    assert _structural(d) == ([], [], [])
    assert d.affected == [] and d.total_params[0] == d.total_params[1]


def test_shared_layer_called_in_a_loop_still_diffs() -> None:
    def build(units: int) -> Model:
        shared = layers.Dense(8, name="shared")
        inputs = Input((8,), name="in")
        x = shared(inputs)
        x = layers.Dense(8, name="mid")(x)
        x = shared(x)  # the graph now has a cycle shared -> mid -> shared
        return Model(inputs, layers.Dense(units, name="out")(x))

    d = diff(build(2), build(3))
    assert _structural(d) == ([], [], [("out", "out")])
    assert not diff(build(2), build(2)).has_changes


def _residual(blocks: int) -> Model:
    inputs = Input((16, 16, 8), name="in")
    x = inputs
    for i in range(blocks):
        y = layers.Conv2D(8, 3, padding="same", name=f"b{i}_conv")(x)
        y = layers.BatchNormalization(name=f"b{i}_bn")(y)
        y = layers.ReLU(name=f"b{i}_relu")(y)
        x = layers.Add(name=f"b{i}_add")([x, y])
    return Model(inputs, layers.GlobalAveragePooling2D(name="pool")(x), name="res")


def test_removing_one_residual_block_removes_its_four_layers() -> None:
    d = diff(_residual(4), _residual(3))
    assert d.removed == ["b3_conv", "b3_bn", "b3_relu", "b3_add"]
    assert d.added == [] and d.changed == [] and d.affected == []
    folded = diff(_residual(4), _residual(3), fold_repeats=True)
    assert [c.fields["repeats"] for c in folded.changed] == [(4, 3)]
    assert folded.removed == [] and folded.added == []


def test_a_removed_layer_whose_name_is_reused_keeps_its_own_union_node() -> None:
    old = Sequential([Input((4,)), layers.Dense(4, name="a"), layers.Dense(2, name="out")])
    new = Sequential([Input((4,)), layers.ReLU(name="a"), layers.Dense(2, name="out")])
    d = diff(old, new)
    assert d.removed == ["a"] and d.added == ["a"]
    union = d.to_graph()
    assert list(union) == ["a (removed)", "a", "out"]
    assert union.nodes["a (removed)"]["class_name"] == "Dense"
    assert union.edges["a (removed)", "out"]["status"] == "removed"
    assert union.edges["a", "out"]["status"] == "added"

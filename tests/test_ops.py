"""modelviz.ops and tensor operators: the nodes, names and shapes Keras 3 records.

Class names and shapes of whole models are checked against real Keras in
tests/test_core_fixtures.py; here each rule and each error path on its own.
"""

from __future__ import annotations

import pytest

import modelviz
from modelviz import Input, Model, ShapeError, layers, ops
from modelviz.layers.op_shapes import broadcast_shapes, einsum_shape, get_item_shape
from modelviz.layers.op_table import CLASS_NAMES, KINDS
from modelviz.layers.ops import Operation, call_op
from modelviz.layers.tensors import Constant


def _op(tensor) -> Operation:
    return tensor._keras_history[0]


def test_operators_record_keras_classes_and_names() -> None:
    x = Input((5, 3))
    results = [x + 1, 1 + x, x - x, 2 - x, x * 2, x / 2, 2 / x, -x, abs(x), x ** 2, x // 2, x % 2,
               x > 0, x <= 1, ~(x > 0), (x > 0) & (x < 1), (x > 0) | (x < 1), x[:, 0]]
    assert [_op(r).class_name for r in results] == [
        "Add", "Add", "Subtract", "Subtract", "Multiply", "TrueDivide", "TrueDivide", "Negative",
        "Absolute", "Power", "FloorDivide", "Mod", "Greater", "LessEqual", "LogicalNot",
        "LogicalAnd", "LogicalOr", "GetItem"]
    assert [_op(r).name for r in results[:4]] == ["add", "add_1", "subtract", "subtract_1"]
    assert (x > 0).dtype == "bool" and (x + 1).dtype == "float32"


def test_matmul_operator_and_constants() -> None:
    x = Input((5, 3))
    assert (x @ ops.ones((3, 4))).shape == (None, 5, 4)
    assert (ops.ones((7, 5)) @ x).shape == (None, 7, 3)
    constant = ops.ones((3,)) * 2
    assert isinstance(constant, Constant) and constant.shape == (3,)


@pytest.mark.parametrize(("key", "shape"), [
    ((slice(None), 0), (None, 3)),
    ((Ellipsis, slice(None, 2)), (None, 5, 2)),
    ((slice(None), None, slice(1, None, 2)), (None, 1, 2, 3)),
    (-1, (5, 3)),
    ((slice(None), -1, -1), (None,)),
])
def test_get_item_shapes(key, shape) -> None:
    assert get_item_shape((None, 5, 3), key) == shape


def test_get_item_out_of_range_names_the_operation() -> None:
    with pytest.raises(ShapeError, match=r"get_item \(GetItem\).*out of bounds"):
        Input((5, 3))[:, 7]


def test_broadcasting_follows_keras() -> None:
    assert broadcast_shapes((None, 1, 4), (3, 1)) == (None, 3, 4)
    assert broadcast_shapes((None,), (5,)) == (5,)
    with pytest.raises(ShapeError, match=r"add \(Add\).*cannot broadcast"):
        Input((4,)) + Input((3,))


def test_reductions_shapes_and_dtypes() -> None:
    x = Input((4, 6))
    assert ops.mean(x, axis=1).shape == (None, 6)
    assert ops.sum(x, axis=-1, keepdims=True).shape == (None, 4, 1)
    assert ops.max(x, axis=[1, 2]).shape == (None,)
    assert ops.argmax(x, axis=-1).dtype == "int32"
    assert ops.any(x > 0, axis=1).dtype == "bool"


def test_shape_functions() -> None:
    x = Input((4, 6))
    assert ops.reshape(x, (-1, 3, 2)).shape == (None, 3, 2)  # Keras: unknown batch stays -1
    assert ops.reshape(Input((4, 6), batch_size=2), (-1,)).shape == (48,)
    assert ops.transpose(x).shape == (6, 4, None)
    assert ops.expand_dims(x, -1).shape == (None, 4, 6, 1)
    assert ops.squeeze(ops.expand_dims(x, 1)).shape == (None, 4, 6)
    assert ops.concatenate([x, x]).shape == (None, 4, 6)
    assert ops.stack([x, x, x], axis=-1).shape == (None, 4, 6, 3)
    assert [t.shape for t in ops.split(x, [1, 4], axis=2)] == [(None, 4, 1), (None, 4, 3),
                                                               (None, 4, 2)]
    assert ops.tile(x, (2, 1)).shape == (None, 8, 6)
    assert ops.one_hot(ops.cast(x, "int32"), 3).shape == (None, 4, 6, 3)
    assert [t.shape for t in ops.top_k(x, 2)] == [(None, 4, 2), (None, 4, 2)]
    assert ops.shape(x) == (None, 4, 6)


def test_einsum_shape() -> None:
    assert einsum_shape("bij,bjk->bik", [(None, 3, 4), (None, 4, 5)]) == (None, 3, 5)
    assert einsum_shape("ij,jk", [(2, 3), (3, 4)]) == (2, 4)


def test_reshape_error_names_the_operation_and_sizes() -> None:
    with pytest.raises(ShapeError, match=r"reshape \(Reshape\).*cannot reshape"):
        ops.reshape(Input((4, 6), batch_size=1), (5, -1))


def test_every_function_has_a_kind_and_a_class() -> None:
    assert set(CLASS_NAMES) == set(KINDS)
    for function in CLASS_NAMES:
        assert hasattr(ops.image if function in ("resize", "extract_patches") else ops,
                       function), function


def test_operations_are_graph_nodes_not_layers() -> None:
    x = Input((3,))
    y = layers.Dense(3)(x) + x
    model = Model(x, ops.mean(y, axis=-1))
    assert [layer.name for layer in model.layers] == ["input_layer", "dense"]
    assert [op.name for op in model.operations] == ["input_layer", "dense", "add", "mean"]
    graph = model.to_graph()
    assert graph.nodes["add"]["is_operation"] and graph.nodes["add"]["class_name"] == "Add"
    assert list(graph.predecessors("add")) == ["dense", "input_layer"]


def test_tensor_without_value_says_where() -> None:
    x = Input((3,))
    with pytest.raises(ShapeError, match=r"used as a boolean.*test_ops.py:\d+ \(if x > 0:"):
        if x > 0:
            pass


def test_call_op_is_the_importers_path() -> None:
    from modelviz.layers.ops import operation_from_config

    op = operation_from_config("Transpose", {"name": "transpose_9", "axes": [0, 2, 1]})
    assert op(Input((4, 6))).shape == (None, 6, 4) and op.name == "transpose_9"
    assert operation_from_config("NoSuchOp", {}) is None
    assert call_op("swish", Input((2,)))._keras_history[0].class_name == "Silu"


def test_ops_namespace_is_exported() -> None:
    assert modelviz.ops is ops and "ops" in modelviz.__all__


def test_tensordot_and_linspace_follow_keras_s_shape_rules() -> None:
    # Keras 3.15.1 (JAX) gives these shapes for the same calls.
    batch = Input((5, 3), batch_size=4)
    assert ops.tensordot(batch, Input((5, 3), batch_size=4), 2).shape == (4, 3)
    assert ops.tensordot(Input((5, 3)), ops.zeros((3, 7)), axes=([2], [0])).shape == (None, 5, 7)
    assert ops.tensordot(Input((50,), batch_size=64), Input((50,), batch_size=64), 2).shape == ()
    y = ops.linspace(Input((3,)), 1.0, num=5, axis=-1)
    assert (y.shape, y.dtype, _op(y).class_name) == ((None, 3, 5), "float32", "Linspace")
    assert [x.shape for x in ops.linspace(0, 0.1, 3)] == [(), (), ()]  # a constant: iterable
    with pytest.raises(ShapeError, match="Shape mismatch"):
        ops.tensordot(Input((4, 3)), Input((5, 6)), axes=([2], [1]))


def test_set_weights_checks_like_keras_and_get_weights_says_values_are_unknown() -> None:
    embedding = layers.Embedding(10, 4)
    embedding.build((1,))
    embedding.set_weights([Constant((10, 4))])
    with pytest.raises(ShapeError, match="got 2 values, but the layer has 1 weights"):
        embedding.set_weights([Constant((10, 4)), Constant((4,))])
    with pytest.raises(ShapeError, match=r"has shape \(10, 4\), the value given has shape"):
        embedding.set_weights([Constant((10, 3))])
    with pytest.raises(ShapeError, match="not its values"):
        embedding.get_weights()
    assert layers.Dense(2).get_weights() == []


def test_ctc_loss_is_one_value_per_sample() -> None:
    assert modelviz.losses.ctc(Input((5,)), Input((50, 20))).shape == (None,)
    with pytest.raises(ShapeError, match="y_true must be"):
        modelviz.losses.ctc(Input((5, 2)), Input((50, 20)))

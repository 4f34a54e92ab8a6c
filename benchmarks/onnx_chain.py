"""Write a chain of ONNX operators with torch-style module-path names, for the benchmarks.

Run: ``python benchmarks/onnx_chain.py NODES OUT.onnx``. Half the operators are ``MatMul``
(``/layers.i/fc/MatMul`` reading a 16x16 float weight), half ``Relu``
(``/layers.i/act/Relu``), one input ``x`` of shape (batch, 16). The weights are stripped as
in the test fixtures: each initializer names an external data file that is not written, so
the file holds the graph and the weights' dimensions only. Not a test.
"""

from __future__ import annotations

import sys
from typing import Any

WIDTH = 16


def chain(nodes: int) -> Any:
    """The ModelProto of a ``nodes``-operator MatMul/Relu chain."""
    from onnx import TensorProto, helper

    graph_nodes, inits, previous = [], [], "x"
    for i in range(nodes):
        layer, out = i // 2, f"t{i}"
        if i % 2 == 0:
            inits.append(_stripped(f"layers.{layer}.fc.weight", i))
            graph_nodes.append(helper.make_node("MatMul", [previous, f"layers.{layer}.fc.weight"],
                                                [out], name=f"/layers.{layer}/fc/MatMul"))
        else:
            graph_nodes.append(helper.make_node("Relu", [previous], [out],
                                                name=f"/layers.{layer}/act/Relu"))
        previous = out
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", WIDTH])
    y = helper.make_tensor_value_info(previous, TensorProto.FLOAT, ["batch", WIDTH])
    graph = helper.make_graph(graph_nodes, "chain", [x], [y], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                             producer_name="modelviz-bench")


def _stripped(name: str, index: int) -> Any:
    """A float initializer whose data lives in a file that is not shipped."""
    from onnx import StringStringEntryProto, TensorProto

    tensor = TensorProto(name=name, dims=[WIDTH, WIDTH], data_type=TensorProto.FLOAT,
                         data_location=TensorProto.EXTERNAL)
    nbytes = 4 * WIDTH * WIDTH
    for key, value in (("location", "weights.bin"), ("offset", str(index * nbytes)),
                       ("length", str(nbytes))):
        tensor.external_data.append(StringStringEntryProto(key=key, value=value))
    return tensor


def main() -> None:
    import onnx

    nodes, out = int(sys.argv[1]), sys.argv[2]
    onnx.save(chain(nodes), out)


if __name__ == "__main__":
    main()

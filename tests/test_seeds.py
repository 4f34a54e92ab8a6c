"""The seed models users copy from tutorials (examples/) give Keras's exact numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelviz.importers import load_python_file
from modelviz.layers.base import clear_session

EXAMPLES = Path(__file__).parent.parent / "examples"

SEEDS = {
    "cifar_cnn": ([896, 18_496, 73_856, 0, 11_075_712, 1_290], 11_170_250),
    "stacked_lstm": ([16_896, 12_416, 33], 29_345),
    "two_inputs": ([0, 0, 5_050, 1_050, 0, 101], 6_201),
    "mlp": ([4, 3], 7),
    "mnist_flatten": ([0, 7_850, 0], 7_850),
    "dense_514": ([264_710, 0, 132_355], 397_065),
    "conv_dense_224": ([896, 18_496, 73_856, 1_290], 94_538),
    "cats_dogs": ([0, 448, 0, 4_640, 0, 18_496, 0, 0, 9_470_464, 513], 9_494_561),
    "cnn_28": ([896, 0, 18_496, 0, 0, 204_928, 1_290], 225_610),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_params(name: str) -> None:
    rows, total = SEEDS[name]
    model = load_python_file(EXAMPLES / f"{name}.py")
    assert [layer.count_params() for layer in model.layers] == rows
    assert model.count_params() == total
    assert model.to_graph().graph["total_params"] == total


def _load(name: str):
    clear_session()
    return load_python_file(EXAMPLES / f"{name}.py")


def test_seed_shapes() -> None:
    conv = _load("conv_dense_224")
    assert conv.layers[-1].output.shape == (None, 218, 218, 10)
    cats = _load("cats_dogs")
    assert [layer.output.shape for layer in cats.layers][1:3] == [(None, 148, 148, 16),
                                                                 (None, 74, 74, 16)]
    assert cats.get_layer("flatten").output.shape == (None, 18_496)
    cnn = _load("cnn_28")
    assert cnn.get_layer("flatten").output.shape == (None, 1_600)
    cifar = _load("cifar_cnn")
    assert [layer.name for layer in cifar.layers] == ["conv2d", "conv2d_1", "conv2d_2",
                                                       "flatten", "dense", "dense_1"]
    assert cifar.get_layer("flatten").output.shape == (None, 86_528)

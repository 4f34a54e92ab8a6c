"""modelviz.applications against real Keras 3: every row and the three totals.

The references in tests/fixtures/keras3/apps/ were written by
scripts/make_apps_fixtures.py with Keras 3.15.1 (``weights=None``); Keras is not
needed here. Each file names its builder and keyword arguments, or a transfer
recipe of tests/fixtures/apps_zoo.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz import applications
from modelviz.errors import LayerConfigError
from modelviz.layers.base import clear_session

from .fixtures.apps_zoo import TRANSFER

FIXTURES = Path(__file__).parent / "fixtures" / "keras3" / "apps"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def _shapes(tensors: list) -> list:
    return [None if t.shape is None else list(t.shape) for t in tensors]


def _rows(model: modelviz.Model) -> list[list]:
    """The fixture's rows: model.layers, a nested model's layers right after it."""
    out, stack = [], [("", iter(model.layers))]
    while stack:
        prefix, layers = stack[-1]
        layer = next(layers, None)
        if layer is None:
            stack.pop()
            continue
        nodes = layer._inbound_nodes
        shapes = _shapes(nodes[0].output_tensors) if nodes else None
        trainable = sum(w.size for w in layer.trainable_weights)
        out.append([prefix + layer.name, type(layer).__name__, shapes, layer.count_params(),
                    trainable, layer.trainable])
        if isinstance(layer, modelviz.Model):
            stack.append((prefix + layer.name + "/", iter(layer.layers)))
    return out


def _build(ref: dict) -> modelviz.Model:
    clear_session()
    if ref["builder"] is None:
        return TRANSFER[ref["kwargs"]["transfer"]](modelviz)
    kwargs = dict(ref["kwargs"])
    if "input_shape" in kwargs:
        kwargs["input_shape"] = tuple(kwargs["input_shape"])
    if ref["builder"].startswith("MobileNet") and kwargs.get("weights") == "imagenet":
        with pytest.warns(UserWarning, match=r"Weights for input shape \(224, 224\)"):
            return getattr(applications, ref["builder"])(**kwargs)  # as Keras warns
    return getattr(applications, ref["builder"])(**kwargs)


def test_every_architecture_has_references() -> None:
    builders = {json.loads((FIXTURES / f"{n}.json").read_text())["builder"] for n in NAMES}
    assert builders - {None} <= set(applications.__all__)
    assert len(applications.__all__) == 40


@pytest.mark.parametrize("name", NAMES)
def test_rows_and_totals_match_keras(name: str) -> None:
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    model = _build(ref)
    assert model.name == ref["model_name"]
    assert _shapes(model.inputs) == ref["input_shapes"]
    assert _shapes(model.outputs) == ref["output_shapes"]
    rows = _rows(model)
    for ours, expected in zip(rows, ref["rows"], strict=False):
        assert ours == expected, f"{name}: first differing row"
    assert len(rows) == len(ref["rows"])
    graph = model.to_graph().graph
    totals = [graph["total_params"], graph["trainable_params"], graph["non_trainable_params"]]
    assert totals == [ref["total_params"], ref["trainable_params"], ref["non_trainable_params"]]
    if "operations" in ref:
        assert [[op.name, getattr(op, "class_name", type(op).__name__)]
                for op in model.operations] == ref["operations"]


def test_weights_are_accepted_and_never_read(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.weights.h5"
    model = applications.VGG16(weights=str(missing), include_top=False)
    assert model.count_params() == applications.VGG16(weights="imagenet",
                                                      include_top=False).count_params()
    assert not missing.exists()


def test_keras_argument_checks() -> None:
    with pytest.raises(LayerConfigError, match="classes` should be 1000"):
        applications.ResNet50(weights="imagenet", classes=10)
    with pytest.raises(LayerConfigError, match="at least 32x32"):
        applications.ResNet50(weights=None, input_shape=(16, 16, 3))
    with pytest.raises(LayerConfigError, match="input_tensor must be a symbolic tensor"):
        applications.VGG16(include_top=False, weights=None, input_tensor=[[0.0]])
    with pytest.raises(LayerConfigError, match=r"input_shape` should be \(224, 224, 3\)"):
        applications.ResNet50(weights="imagenet", input_shape=(160, 160, 3))


def test_preprocess_input_is_inert_on_values_and_decode_predictions_refuses() -> None:
    images = [[[0.0, 128.0, 255.0]]]
    assert applications.resnet.preprocess_input(images) is images
    inputs = modelviz.Input((8, 8, 3))
    assert applications.efficientnet.preprocess_input(inputs) is inputs
    assert applications.resnet_v2.preprocess_input(inputs).shape == (None, 8, 8, 3)
    with pytest.raises(LayerConfigError, match="mode"):
        applications.imagenet_utils.preprocess_input(inputs, mode="keras")
    with pytest.raises(LayerConfigError, match="runs no model"):
        applications.resnet50.decode_predictions([[0.0] * 1000])


def test_keras_module_names_import() -> None:
    from modelviz.applications.resnet50 import ResNet50

    assert ResNet50 is applications.ResNet50 is applications.resnet.ResNet50
    assert applications.efficientnet_v2.EfficientNetV2S is applications.EfficientNetV2S
    with pytest.raises(AttributeError, match="ResNet51"):
        applications.ResNet51  # noqa: B018


def test_import_modelviz_leaves_applications_unloaded() -> None:
    import subprocess
    import sys

    code = "import modelviz, sys; print('modelviz.applications' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_input_tensor_from_another_model_part() -> None:
    inputs = modelviz.Input((96, 96, 3))
    x = modelviz.layers.Rescaling(1 / 255)(inputs)
    base = applications.MobileNetV2(include_top=False, weights=None, input_tensor=x)
    assert base.inputs[0] is inputs
    assert [layer.name for layer in base.layers[:3]] == ["input_layer", "rescaling", "Conv1"]

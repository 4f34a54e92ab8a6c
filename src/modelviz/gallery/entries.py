"""What the gallery shows: one :class:`Entry` per picture, in README order.

Example:
    >>> len(ENTRIES) >= 14, len({entry.name for entry in ENTRIES}) == len(ENTRIES)
    (True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from modelviz.gallery import models

__all__ = ["ENTRIES", "Entry"]


@dataclass(frozen=True)
class Entry:
    """One gallery model: where it comes from and how it is drawn."""

    name: str
    title: str
    about: str
    build: Callable[[], Any] | None = None
    config: str | None = None  # a Keras ``model.to_json()`` file in the configs folder
    rankdir: str = "TB"
    expand_nested: bool = False
    dpi: int = 96  # PNG only; big models get less so a side stays under 32,767 px
    html: bool = False  # also an interactive page (large models)
    plumbing: str = "grey"  # plot_model's plumbing= (PyTorch/ONNX operators that move data)


_SEED: Final = "Seed model `examples/{}.py`"

ENTRIES: Final = (
    Entry("cifar_cnn", "CIFAR-10 CNN", _SEED.format("cifar_cnn") + ": three 3×3 convolutions.",
          models.build_cifar_cnn),
    Entry("stacked_lstm", "Stacked LSTM", _SEED.format("stacked_lstm") + ": two LSTMs, Dense 1.",
          models.build_stacked_lstm),
    Entry("two_inputs", "Two inputs", _SEED.format("two_inputs") + ": two inputs concatenated.",
          models.build_two_inputs),
    Entry("mlp", "Smallest MLP", _SEED.format("mlp") + ": 1 input, 2 neurons, 1 output.",
          models.build_mlp),
    Entry("mnist_flatten", "MNIST softmax", _SEED.format("mnist_flatten") + ": Keras 1 style.",
          models.build_mnist_flatten),
    Entry("dense_514", "Dense 514", _SEED.format("dense_514") + ": two Dense layers.",
          models.build_dense_514),
    Entry("conv_dense_224", "Conv + Dense on 224×224",
          _SEED.format("conv_dense_224") + ": Dense on a 4-D tensor.", models.build_conv_dense_224),
    Entry("cats_dogs", "Cats vs dogs", _SEED.format("cats_dogs") + ": a functional CNN.",
          models.build_cats_dogs),
    Entry("cnn_28", "CNN on 28×28", _SEED.format("cnn_28") + ": two conv/pool stages.",
          models.build_cnn_28),
    Entry("lenet5", "LeNet-5", "LeCun et al. (1998): tanh and average pooling.",
          models.build_lenet5),
    Entry("vgg16", "VGG16", "`keras.applications.VGG16`, written with the modelviz API.",
          models.build_vgg16),
    Entry("resnet50", "ResNet50", "`keras.applications.ResNet50`, loaded from its Keras 3 config.",
          config="app_resnet50.json", dpi=72, html=True),
    Entry("mobilenetv2", "MobileNetV2",
          "`keras.applications.MobileNetV2`, loaded from its Keras 3 config.",
          config="app_mobilenetv2.json", dpi=72, html=True),
    Entry("inceptionv3", "InceptionV3",
          "`keras.applications.InceptionV3` (parallel branches), from its Keras 3 config.",
          config="app_inceptionv3.json", dpi=72, html=True),
    Entry("sequence_tagger", "Bidirectional tagger",
          "Embedding, Bidirectional LSTM and GRU, TimeDistributed Dense.",
          models.build_sequence_tagger),
    Entry("seq2seq", "Seq2seq encoder–decoder",
          "The encoder LSTM's states start the decoder LSTM.", models.build_seq2seq),
    Entry("transformer_encoder", "Transformer encoder block",
          "MultiHeadAttention, residual Adds, LayerNormalization.",
          models.build_transformer_encoder),
    Entry("unet", "U-Net", "Two down stages, two up stages with skip concatenations.",
          models.build_unet),
    Entry("siamese", "Siamese network", "One tower model and one Dense head shared by two inputs.",
          models.build_siamese),
    Entry("multi_io", "Multi-input, multi-output", "Dict inputs and outputs, a shared trunk.",
          models.build_multi_io),
    Entry("nested", "Nested model (collapsed)", "A Sequential inside a functional model.",
          models.build_nested),
    Entry("nested_expanded", "Nested model (expand_nested)",
          "The same model with `expand_nested=True`.", models.build_nested, expand_nested=True),
    Entry("multi_io_lr", "Multi-input, multi-output, left to right",
          'The multi-output model with `rankdir="LR"`.', models.build_multi_io, rankdir="LR"),
    Entry("decoder_block", "GPT-2-style decoder block, from ONNX",
          "A one-block decoder exported by `torch.onnx.export`, every level expanded: reshapes, "
          "transposes, adds and shape arithmetic are small grey boxes (`plumbing=\"grey\"`, "
          "the default for PyTorch and ONNX models) so the layers stand out.",
          config="decoder_block.onnx", expand_nested=True),
    Entry("decoder_block_full", "The same decoder block, every operator a box",
          'The same export with `plumbing="full"`: each operator drawn like a layer.',
          config="decoder_block.onnx", expand_nested=True, plumbing="full", dpi=72),
    Entry("decoder_block_hide", "The same decoder block, plumbing hidden",
          'With `plumbing="hide"`: only the layers, and the residual adds that join two paths.',
          config="decoder_block.onnx", expand_nested=True, plumbing="hide"),
)

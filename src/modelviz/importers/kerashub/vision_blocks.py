"""KerasHub's ViT layers as modelviz layers (keras_hub ``models/vit/vit_layers.py``).

:class:`ViTPatchingAndEmbedding` cuts the image into patches with a strided
convolution, prepends a class token and adds learned positions;
:class:`ViTEncoder` holds the transformer blocks and a final LayerNormalization
and, as in Keras, keeps the shape it is given.

Example:
    >>> embed = ViTPatchingAndEmbedding(image_size=(32, 32), patch_size=(8, 8), hidden_dim=16,
    ...                                 num_channels=3, name="embed")
    >>> embed.compute_output_shape((None, 32, 32, 3)), embed.count_weights((None, 32, 32, 3))
    ((None, 17, 16), 3376)
"""

from __future__ import annotations

from typing import Any

from modelviz.importers.kerashub.blocks import HubLayer, attention, dense, layer_norm
from modelviz.layers.base import Shape, Weight

__all__ = ["ViTEncoder", "ViTPatchingAndEmbedding"]


def _pair(value: Any) -> tuple[int, int]:
    return (int(value), int(value)) if isinstance(value, int) else (int(value[0]), int(value[1]))


class ViTPatchingAndEmbedding(HubLayer):
    """Patches -> ``hidden_dim`` vectors, an optional class token, plus learned positions."""

    def __init__(self, image_size: Any, patch_size: Any, hidden_dim: int,
                 num_channels: int = 3, use_class_token: bool = True,
                 use_patch_bias: bool = True, data_format: str = "channels_last",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.image_size, self.patch_size = _pair(image_size), _pair(patch_size)
        self.hidden_dim, self.num_channels = int(hidden_dim), int(num_channels)
        self.use_class_token, self.use_patch_bias = bool(use_class_token), bool(use_patch_bias)
        self.data_format = data_format
        grid = [size // patch for size, patch in zip(self.image_size, self.patch_size,
                                                      strict=True)]
        self.num_positions = grid[0] * grid[1] + int(self.use_class_token)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, patches (+1 class token), hidden_dim)."""
        return (input_shape[0], self.num_positions, self.hidden_dim)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """class_token, the patch convolution's kernel and bias, the position table."""
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        channels = self.num_channels if channels is None else int(channels)
        weights = [Weight("class_token", (1, 1, self.hidden_dim))] if self.use_class_token else []
        weights.append(Weight("patch_embedding/kernel",
                              (*self.patch_size, channels, self.hidden_dim)))
        if self.use_patch_bias:
            weights.append(Weight("patch_embedding/bias", (self.hidden_dim,)))
        return [*weights, Weight("position_embedding/embeddings",
                                 (self.num_positions, self.hidden_dim))]


class ViTEncoder(HubLayer):
    """``num_layers`` pre-norm transformer blocks (``transformer_block_1``, ...) and ``ln``."""

    def __init__(self, num_layers: int, num_heads: int, hidden_dim: int, mlp_dim: int,
                 dropout_rate: float = 0.0, attention_dropout: float = 0.0,
                 layer_norm_epsilon: float = 1e-6, use_mha_bias: bool = True,
                 use_mlp_bias: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.num_layers, self.num_heads = int(num_layers), int(num_heads)
        self.hidden_dim, self.mlp_dim = int(hidden_dim), int(mlp_dim)
        self.use_mha_bias, self.use_mlp_bias = bool(use_mha_bias), bool(use_mlp_bias)

    def _block(self, index: int, features: int) -> list[Weight]:
        name = f"transformer_block_{index}"
        key_dim = self.hidden_dim // self.num_heads
        return (layer_norm(f"{name}/ln_1", features)
                + attention(f"{name}/mha", features, self.num_heads, key_dim,
                            bias=self.use_mha_bias)
                + layer_norm(f"{name}/ln_2", features)
                + dense(f"{name}/mlp/dense_1", features, (self.mlp_dim,), self.use_mlp_bias)
                + dense(f"{name}/mlp/dense_2", self.mlp_dim, (self.hidden_dim,),
                        self.use_mlp_bias))

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """Every block's ln_1, mha, ln_2 and mlp, then the final ``ln``."""
        features = self.hidden(input_shape)
        if self.hidden_dim // self.num_heads == 0:
            raise self.shape_error(input_shape, f"cannot split {self.hidden_dim} features into "
                                   f"{self.num_heads} heads", "use fewer heads")
        weights: list[Weight] = []
        for index in range(1, self.num_layers + 1):
            weights += self._block(index, features)
        return weights + layer_norm("ln", features)

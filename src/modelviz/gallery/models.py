"""The gallery's architectures, written with the modelviz API (Keras's names and arguments).

The seed models copy ``examples/*.py``; the zoo models copy ``tests/fixtures/model_zoo.py``
(so their shapes and counts are the ones real Keras reported); VGG16 follows
``keras.applications.VGG16`` (``include_top=True``). ResNet50, MobileNetV2 and InceptionV3 are
not here: the gallery loads the real Keras configs in ``gallery/configs/``.

Example:
    >>> build_lenet5().count_params()
    82826
"""

from __future__ import annotations

from modelviz import Input, Model, Sequential, layers

__all__ = [
    "build_cats_dogs",
    "build_cifar_cnn",
    "build_cnn_28",
    "build_conv_dense_224",
    "build_dense_514",
    "build_lenet5",
    "build_mlp",
    "build_mnist_flatten",
    "build_multi_io",
    "build_nested",
    "build_seq2seq",
    "build_sequence_tagger",
    "build_siamese",
    "build_stacked_lstm",
    "build_transformer_encoder",
    "build_two_inputs",
    "build_unet",
    "build_vgg16",
]


def build_cifar_cnn() -> Sequential:
    """``examples/cifar_cnn.py``: three 3×3 convolutions on CIFAR-10, Dense 128, Dense 10.

    Example:
        >>> model = build_cifar_cnn()
        >>> model.count_params(), len(model.layers)
        (11170250, 6)
    """
    model = Sequential()
    model.add(layers.Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(32, 32, 3)))
    model.add(layers.Conv2D(64, kernel_size=(3, 3), activation="relu"))
    model.add(layers.Conv2D(128, kernel_size=(3, 3), activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def build_stacked_lstm() -> Sequential:
    """``examples/stacked_lstm.py``: (50, 1) -> LSTM 64 -> LSTM 32 -> Dense 1.

    Example:
        >>> model = build_stacked_lstm()
        >>> model.count_params(), len(model.layers)
        (29345, 3)
    """
    model = Sequential()
    model.add(layers.LSTM(64, return_sequences=True, input_shape=(50, 1)))
    model.add(layers.LSTM(32))
    model.add(layers.Dense(1))
    return model


def build_two_inputs() -> Model:
    """``examples/two_inputs.py``: two inputs, a Dense each, concatenated.

    Example:
        >>> model = build_two_inputs()
        >>> model.count_params(), len(model.layers)
        (6201, 6)
    """
    input_1 = Input(shape=(100,))
    input_2 = Input(shape=(20,))
    x1 = layers.Dense(50)(input_1)
    x2 = layers.Dense(50)(input_2)
    merged = layers.Concatenate()([x1, x2])
    output = layers.Dense(1)(merged)
    return Model(inputs=[input_1, input_2], outputs=output)


def build_mlp() -> Sequential:
    """``examples/mlp.py``: 1 input -> 2 neurons -> 1 output.

    Example:
        >>> model = build_mlp()
        >>> model.count_params(), len(model.layers)
        (7, 2)
    """
    model = Sequential()
    model.add(layers.Dense(2, input_dim=1, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model


def build_mnist_flatten() -> Sequential:
    """``examples/mnist_flatten.py``: Flatten of (1, 28, 28), Dense 10, softmax.

    Example:
        >>> model = build_mnist_flatten()
        >>> model.count_params(), len(model.layers)
        (7850, 3)
    """
    model = Sequential()
    model.add(layers.Flatten(input_shape=(1, 28, 28)))
    model.add(layers.Dense(10))
    model.add(layers.Activation("softmax"))
    return model


def build_dense_514() -> Sequential:
    """``examples/dense_514.py``: Dense 514 on 514 inputs, Activation, Dense 257.

    Example:
        >>> model = build_dense_514()
        >>> model.count_params(), len(model.layers)
        (397065, 3)
    """
    model = Sequential()
    model.add(layers.Dense(514, input_dim=514, kernel_initializer="normal"))
    model.add(layers.Activation("relu"))
    model.add(layers.Dense(257, kernel_initializer="normal"))
    return model


def build_conv_dense_224() -> Sequential:
    """``examples/conv_dense_224.py``: three convolutions, then Dense on the 4-D output.

    Example:
        >>> model = build_conv_dense_224()
        >>> model.count_params(), len(model.layers)
        (94538, 4)
    """
    return Sequential([
        layers.Conv2D(32, (3, 3), activation="relu", input_shape=(224, 224, 3)),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.Conv2D(128, (3, 3), activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def build_cats_dogs() -> Model:
    """``examples/cats_dogs.py``: a functional CNN on 150×150×3.

    Example:
        >>> model = build_cats_dogs()
        >>> model.count_params(), len(model.layers)
        (9494561, 10)
    """
    image_input = layers.Input(shape=(150, 150, 3))
    x = image_input
    for filters in (16, 32, 64):
        x = layers.Conv2D(filters, 3, activation="relu")(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(512, activation="relu")(x)
    output = layers.Dense(1, activation="sigmoid")(x)
    return Model(image_input, output)


def build_cnn_28() -> Sequential:
    """``examples/cnn_28.py``: two conv/pool stages on 28×28×3, Dense 128, Dense 10.

    Example:
        >>> model = build_cnn_28()
        >>> model.count_params(), len(model.layers)
        (225610, 7)
    """
    model = Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 3)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def build_lenet5() -> Sequential:
    """LeNet-5 (LeCun et al., 1998) on 32×32×1, tanh and average pooling."""
    return Sequential([
        Input(shape=(32, 32, 1)),
        layers.Conv2D(6, 5, activation="tanh", padding="same"),
        layers.AveragePooling2D(pool_size=2, strides=2),
        layers.Conv2D(16, 5, activation="tanh", padding="valid"),
        layers.AveragePooling2D(pool_size=2, strides=2),
        layers.Flatten(),
        layers.Dense(120, activation="tanh"),
        layers.Dense(84, activation="tanh"),
        layers.Dense(10, activation="softmax"),
    ], name="lenet5")


def build_vgg16() -> Model:
    """``keras.applications.VGG16(weights=None)``: five conv blocks, then fc1, fc2, predictions.

    Example:
        >>> model = build_vgg16()
        >>> model.count_params(), len(model.layers)
        (138357544, 23)
    """
    image = Input(shape=(224, 224, 3))
    x = image
    for block, (filters, convs) in enumerate(((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))):
        for conv in range(convs):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block + 1}_conv{conv + 1}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block + 1}_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc1")(x)
    x = layers.Dense(4096, activation="relu", name="fc2")(x)
    x = layers.Dense(1000, activation="softmax", name="predictions")(x)
    return Model(image, x, name="vgg16")


def build_sequence_tagger() -> Model:
    """Token tagger: Embedding, Bidirectional LSTM and GRU, TimeDistributed Dense.

    Example:
        >>> model = build_sequence_tagger()
        >>> model.count_params(), len(model.layers)
        (14413, 6)
    """
    tokens = Input(shape=(None,), dtype="int32", name="tokens")
    x = layers.Embedding(input_dim=500, output_dim=16, mask_zero=True)(tokens)
    x = layers.Bidirectional(layers.LSTM(16, return_sequences=True))(x)
    x = layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode="sum")(x)
    x = layers.TimeDistributed(layers.Dense(12, activation="relu"))(x)
    out = layers.TimeDistributed(layers.Dense(5, activation="softmax"))(x)
    return Model(tokens, out, name="sequence_tagger")


def build_seq2seq() -> Model:
    """Keras's character-level seq2seq: the encoder's states start the decoder LSTM.

    Example:
        >>> model = build_seq2seq()
        >>> model.count_params(), len(model.layers)
        (15838, 5)
    """
    enc_in = Input(shape=(None, 20), name="encoder_inputs")
    _, h, c = layers.LSTM(32, return_state=True, name="encoder_lstm")(enc_in)
    dec_in = Input(shape=(None, 30), name="decoder_inputs")
    decoder_lstm = layers.LSTM(32, return_sequences=True, return_state=True, name="decoder_lstm")
    dec_out, _, _ = decoder_lstm(dec_in, initial_state=[h, c])
    out = layers.Dense(30, activation="softmax", name="decoder_dense")(dec_out)
    return Model([enc_in, dec_in], out, name="seq2seq")


def build_transformer_encoder() -> Model:
    """One transformer encoder block (post-norm) and a classification head.

    Example:
        >>> model = build_transformer_encoder()
        >>> model.count_params(), len(model.layers)
        (8610, 12)
    """
    inp = Input(shape=(20, 32))
    attn = layers.MultiHeadAttention(num_heads=4, key_dim=8, dropout=0.1)(inp, inp)
    attn = layers.Dropout(0.1)(attn)
    x = layers.Add()([inp, attn])
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    ff = layers.Dense(64, activation="relu")(x)
    ff = layers.Dense(32)(ff)
    ff = layers.Dropout(0.1)(ff)
    x = layers.Add()([x, ff])
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(2, activation="softmax")(x)
    return Model(inp, out, name="transformer_encoder")


def build_unet() -> Model:
    """A small U-Net: two down stages, a bottleneck, two up stages with skip concatenations.

    Example:
        >>> model = build_unet()
        >>> model.count_params(), len(model.layers)
        (26417, 16)
    """
    inp = Input(shape=(64, 64, 1))
    c1 = layers.Conv2D(8, 3, activation="relu", padding="same")(inp)
    c1 = layers.Conv2D(8, 3, activation="relu", padding="same")(c1)
    p1 = layers.MaxPooling2D(2)(c1)
    c2 = layers.Conv2D(16, 3, activation="relu", padding="same")(p1)
    c2 = layers.Conv2D(16, 3, activation="relu", padding="same")(c2)
    p2 = layers.MaxPooling2D(2)(c2)
    bn = layers.Conv2D(32, 3, activation="relu", padding="same")(p2)
    bn = layers.Conv2D(32, 3, activation="relu", padding="same")(bn)
    u2 = layers.Conv2DTranspose(16, 2, strides=2, padding="same")(bn)
    u2 = layers.Concatenate()([u2, c2])
    c3 = layers.Conv2D(16, 3, activation="relu", padding="same")(u2)
    u1 = layers.Conv2DTranspose(8, 2, strides=2, padding="same")(c3)
    u1 = layers.Concatenate()([u1, c1])
    c4 = layers.Conv2D(8, 3, activation="relu", padding="same")(u1)
    out = layers.Conv2D(1, 1, activation="sigmoid")(c4)
    return Model(inp, out, name="unet")


def build_siamese() -> Model:
    """Two images through one shared tower model and one shared Dense head.

    Example:
        >>> model = build_siamese()
        >>> model.count_params(), len(model.layers)
        (43922, 8)
    """
    t_in = Input(shape=(28, 28, 1))
    t = layers.Conv2D(8, 3, activation="relu")(t_in)
    t = layers.MaxPooling2D()(t)
    t = layers.Flatten()(t)
    tower = Model(t_in, layers.Dense(32, activation="relu")(t), name="tower")
    left = Input(shape=(28, 28, 1), name="left")
    right = Input(shape=(28, 28, 1), name="right")
    shared = layers.Dense(16, activation="relu", name="shared_head")
    h_left, h_right = shared(tower(left)), shared(tower(right))
    diff = layers.Subtract()([h_left, h_right])
    sim = layers.Dot(axes=1, normalize=True)([h_left, h_right])
    x = layers.Concatenate()([diff, sim])
    out = layers.Dense(1, activation="sigmoid")(x)
    return Model([left, right], out, name="siamese")


def build_multi_io() -> Model:
    """Two named inputs (dict), a shared trunk, two named outputs (dict).

    Example:
        >>> model = build_multi_io()
        >>> model.count_params(), len(model.layers)
        (1254, 8)
    """
    a = Input(shape=(32,), name="a")
    b = Input(shape=(8, 4), name="b")
    ha = layers.Dense(16, activation="relu")(a)
    hb = layers.Dense(16, activation="relu")(layers.Flatten()(b))
    h = layers.Concatenate()([ha, hb])
    out1 = layers.Dense(1, activation="sigmoid", name="out1")(h)
    out2 = layers.Dense(5, activation="softmax", name="out2")(h)
    return Model(inputs={"a": a, "b": b}, outputs={"out1": out1, "out2": out2},
                 name="multi_io")


def build_nested() -> Model:
    """A functional model calling a Sequential feature extractor.

    Example:
        >>> model = build_nested()
        >>> model.count_params(), len(model.layers)
        (963, 4)
    """
    inner = Sequential([
        Input(shape=(16,)),
        layers.Dense(32, activation="relu"),
        layers.BatchNormalization(),
        layers.Dense(8),
    ], name="inner_seq")
    inp = Input(shape=(16,))
    x = layers.Activation("relu")(inner(inp))
    out = layers.Dense(3)(x)
    return Model(inp, out, name="outer_functional")

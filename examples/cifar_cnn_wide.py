"""examples/cifar_cnn.py after a pull request: a wider Dense layer and Dropout before the head.

Compare them with ``modelviz diff examples/cifar_cnn.py examples/cifar_cnn_wide.py``.
"""

from modelviz.layers import Conv2D, Dense, Dropout, Flatten
from modelviz.models import Sequential

img_width, img_height, img_num_channels = 32, 32, 3
input_shape = (img_width, img_height, img_num_channels)
no_classes = 10

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=input_shape))
model.add(Conv2D(64, kernel_size=(3, 3), activation="relu"))
model.add(Conv2D(128, kernel_size=(3, 3), activation="relu"))
model.add(Flatten())
model.add(Dense(256, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(no_classes, activation="softmax"))

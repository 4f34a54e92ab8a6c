"""Three 3x3 Conv2D then Dense 10 on the 4-D output: (None, 218, 218, 10)."""

from modelviz.layers import Conv2D, Dense
from modelviz.models import Sequential

input_shape, num_classes = (224, 224, 3), 10

model = Sequential([
    Conv2D(32, (3, 3), activation="relu", input_shape=input_shape),
    Conv2D(64, (3, 3), activation="relu"),
    Conv2D(128, (3, 3), activation="relu"),
    Dense(num_classes, activation="softmax"),
])

"""A functional model with two inputs, concatenated."""

from modelviz import Input, Model
from modelviz.layers import Concatenate, Dense

input_1 = Input(shape=(100,))
input_2 = Input(shape=(20,))
x1 = Dense(50)(input_1)
x2 = Dense(50)(input_2)
merged = Concatenate()([x1, x2])
output = Dense(1)(merged)
model = Model(inputs=[input_1, input_2], outputs=output)

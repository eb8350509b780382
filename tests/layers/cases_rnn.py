"""Rows for the recurrent layers, joined into `cases.CASES`.

Parameter counts (keras/src/layers/rnn/*.py `build`): SimpleRNN `units * (input_dim +
units + 1)`; LSTM four gates, `4 * units * (input_dim + units + 1)`; GRU three gates and,
with `reset_after=True`, a second bias row: `3 * units * (input_dim + units + 2)`; ConvLSTM
`4 * filters * (k * channels + k * filters + 1)` with `k` the kernel's size. Cells,
`RNN(cell)`, `StackedRNNCells` and `Bidirectional` take objects or several inputs; they are
checked in test_rnn_family.py. Recurrent matmuls accumulate over steps: rtol 1e-4.
"""

from cases import LayerCase

from lamina.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from lamina.layers.rnn.gru import GRU
from lamina.layers.rnn.lstm import LSTM
from lamina.layers.rnn.simple_rnn import SimpleRNN

_TOL = dict(rtol=1e-4, atol=1e-5)  # float32 over several recurrent steps

CASES = [
    LayerCase(SimpleRNN, dict(units=4), (2, 5, 3), (2, 4), 32, 3, **_TOL),
    LayerCase(LSTM, dict(units=4, return_sequences=True), (2, 5, 3), (2, 5, 4), 128, 3, **_TOL),
    LayerCase(GRU, dict(units=4), (2, 5, 3), (2, 4), 108, 3, **_TOL),
    LayerCase(GRU, dict(units=3, reset_after=False, go_backwards=True), (2, 4, 3), (2, 3), 63, 3, **_TOL),
    LayerCase(ConvLSTM1D, dict(filters=2, kernel_size=3), (2, 3, 6, 2), (2, 4, 2), 104, 3, **_TOL),
    LayerCase(ConvLSTM2D, dict(filters=2, kernel_size=2, padding="same"), (2, 3, 4, 4, 1), (2, 4, 4, 2), 104, 3,
              **_TOL),
    LayerCase(ConvLSTM3D, dict(filters=1, kernel_size=2), (1, 2, 3, 3, 3, 1), (1, 2, 2, 2, 1), 68, 3, **_TOL),
]

"""Recurrent layers: the `RNN` loop, its cells (SimpleRNN, LSTM, GRU), stacking and
Bidirectional, with torch's fused kernels where Keras's configuration allows them."""

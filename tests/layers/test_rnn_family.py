"""The recurrent family against Keras 3 (the oracle): every mode, masks, states, the fused
kernels against the step loop, Bidirectional, stacked cells, dropout and a short fit.

Keras's semantics are in keras/src/layers/rnn/*.py and keras/src/backend/torch/rnn.py.
Recurrent outputs accumulate float32 error over steps: rtol 1e-4 / atol 1e-5 throughout.
"""

from unittest import mock

import numpy as np
import pytest
import torch

import lamina
from lamina.layers.core.embedding import Embedding
from lamina.layers.rnn import rnn as rnn_module
from lamina.layers.rnn.bidirectional import Bidirectional
from lamina.layers.rnn.gru import GRU, GRUCell
from lamina.layers.rnn.lstm import LSTM, LSTMCell
from lamina.layers.rnn.rnn import RNN
from lamina.layers.rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells

TOL = dict(rtol=1e-4, atol=1e-5)
X = np.random.default_rng(0).standard_normal((3, 5, 4)).astype("float32")
MASKS = {
    "none": None,
    "right-padded": np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]], bool),
    "arbitrary": np.array([[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [0, 0, 0, 0, 0]], bool),
}
LAYERS = {"SimpleRNN": (SimpleRNN, {}), "LSTM": (LSTM, {}), "GRU": (GRU, {}),
          "GRU-reset_before": (GRU, dict(reset_after=False))}
MODES = {
    "last": {},
    "sequences+state": dict(return_sequences=True, return_state=True),
    "backwards": dict(go_backwards=True, return_sequences=True),
    "zero_output": dict(zero_output_for_mask=True, return_sequences=True, return_state=True),
    "unroll": dict(unroll=True, return_state=True),
}


def flat(values):
    if isinstance(values, (list, tuple)):
        return [t for v in values for t in flat(v)]
    return [values]


def assert_same(got, want, keras):
    got, want = flat(got), flat(want)
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a.detach().numpy(), keras.ops.convert_to_numpy(b), **TOL)


def paired(ours, theirs, x=X, **call):
    """Builds both, copies Keras's weights into ours, returns both outputs."""
    want = theirs(x, **call)
    ours(x)
    ours.set_weights(theirs.get_weights())
    return ours(x, **call), want


@pytest.mark.parametrize("mask", list(MASKS), ids=list(MASKS))
@pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
@pytest.mark.parametrize("layer", list(LAYERS), ids=list(LAYERS))
def test_outputs_and_states_match_keras(layer, mode, mask, keras):
    cls, kwargs = LAYERS[layer]
    kwargs = {**kwargs, **MODES[mode]}
    call = {} if MASKS[mask] is None else {"mask": torch.as_tensor(MASKS[mask])}
    got, want = paired(cls(6, **kwargs), getattr(keras.layers, cls.__name__)(6, **kwargs), **call)
    assert_same(got, want, keras)


@pytest.mark.parametrize("layer", list(LAYERS), ids=list(LAYERS))
def test_configs_and_output_shapes_match_keras(layer, keras):
    cls, kwargs = LAYERS[layer]
    kwargs = {**kwargs, "return_state": True, "dropout": 0.25, "recurrent_dropout": 0.5, "seed": 3}
    ours, theirs = cls(5, **kwargs), getattr(keras.layers, cls.__name__)(5, **kwargs)
    a, b = ours.get_config(), theirs.get_config()
    a.pop("name"), b.pop("name")
    assert a == b
    # Round trips, names aside (auto names count per library and depend on test order).
    from_keras = cls.from_config(theirs.get_config()).get_config()
    from_ours = ours.from_config(ours.get_config()).get_config()
    assert from_keras.pop("name") == theirs.name and from_ours.pop("name") == ours.name
    assert from_keras == from_ours
    shape = (None, None, 4)
    assert tuple(ours.compute_output_shape(shape)) == tuple(theirs.compute_output_shape(shape))
    cell = ours.cell
    keras_cell = getattr(keras.layers, type(cell).__name__)(5, **{k: v for k, v in kwargs.items() if k != "return_state"})
    a, b = cell.get_config(), keras_cell.get_config()
    a.pop("name"), b.pop("name")
    assert a == b


@pytest.mark.parametrize("cls", [LSTM, GRU], ids=["LSTM", "GRU"])
@pytest.mark.parametrize("mask", ["none", "right-padded"])
def test_fused_kernel_matches_step_loop_in_values_and_gradients(cls, mask):
    x = torch.as_tensor(X)
    call = {} if MASKS[mask] is None else {"mask": torch.as_tensor(MASKS[mask])}
    fused, loop = cls(6, return_sequences=True, return_state=True), cls(6, return_sequences=True,
                                                                          return_state=True, use_cudnn=False)
    fused(x)
    loop(x)
    loop.set_weights(fused.get_weights())
    with mock.patch.object(rnn_module, "run_loop", side_effect=AssertionError("the loop ran")):
        got = fused(x, **call)
    want = loop(x, **call)
    for a, b in zip(got, want):
        torch.testing.assert_close(a, b, **TOL)
    sum(t.sum() for t in got).backward()
    sum(t.sum() for t in want).backward()
    for a, b in zip(fused.trainable_weights, loop.trainable_weights):
        torch.testing.assert_close(a.grad, b.grad, **TOL)


def test_simple_rnn_fused_kernel_matches_unrolled_loop():
    fused, loop = SimpleRNN(5, return_sequences=True), SimpleRNN(5, return_sequences=True, unroll=True)
    x = torch.as_tensor(X)
    fused(x)
    loop(x)
    loop.set_weights(fused.get_weights())
    with mock.patch.object(rnn_module, "run_loop", side_effect=AssertionError("the loop ran")):
        got = fused(x)
    torch.testing.assert_close(got, loop(x), **TOL)


@pytest.mark.parametrize("cls", [LSTM, GRU, SimpleRNN], ids=["LSTM", "GRU", "SimpleRNN"])
def test_initial_state_matches_keras(cls, keras):
    n = 2 if cls is LSTM else 1
    states = [np.random.default_rng(i + 1).standard_normal((3, 6)).astype("float32") for i in range(n)]
    got, want = paired(cls(6, return_state=True), getattr(keras.layers, cls.__name__)(6, return_state=True),
                       initial_state=states)
    assert_same(got, want, keras)


@pytest.mark.parametrize("cls", [LSTM, GRU], ids=["LSTM", "GRU"])
def test_stateful_carries_states_and_resets_like_keras(cls, keras):
    ours, theirs = cls(4, stateful=True), getattr(keras.layers, cls.__name__)(4, stateful=True)
    theirs(X)
    ours(X)
    ours.set_weights(theirs.get_weights())
    ours.reset_states()
    theirs.reset_states()
    for _ in range(2):  # the second call starts from the first call's final states
        assert_same(ours(X), theirs(X), keras)
    ours.reset_states()
    theirs.reset_states()
    assert_same(ours(X), theirs(X), keras)
    with pytest.raises(ValueError, match="stateful"):
        ours(X[:2])


def test_mask_from_embedding_flows_into_lstm_like_keras(keras):
    ids = np.array([[3, 5, 2, 0, 0], [7, 0, 0, 0, 0], [1, 2, 3, 4, 5]])

    def model(lib, embedding, lstm):
        return lib.Sequential([lib.Input((5,), dtype="int32"), embedding, lstm])

    theirs = model(keras, keras.layers.Embedding(10, 4, mask_zero=True),
                   keras.layers.LSTM(3, return_sequences=True))
    ours = model(lamina, Embedding(10, 4, mask_zero=True), LSTM(3, return_sequences=True))
    ours.set_weights(theirs.get_weights())
    assert_same(ours(ids), theirs(ids), keras)
    np.testing.assert_array_equal(ours(ids)._keras_mask.numpy(), ids != 0)


MERGES = ["concat", "sum", "mul", "ave", None]


@pytest.mark.parametrize("merge_mode", MERGES, ids=[str(m) for m in MERGES])
@pytest.mark.parametrize("mask", ["none", "arbitrary"])
def test_bidirectional_matches_keras(merge_mode, mask, keras):
    kwargs = dict(return_sequences=True, return_state=True)
    call = {} if MASKS[mask] is None else {"mask": torch.as_tensor(MASKS[mask])}
    ours = Bidirectional(LSTM(3, **kwargs), merge_mode=merge_mode)
    theirs = keras.layers.Bidirectional(keras.layers.LSTM(3, **kwargs), merge_mode=merge_mode)
    got, want = paired(ours, theirs, **call)
    assert_same(got, want, keras)
    assert tuple(ours.compute_output_shape((None, 5, 4))) == tuple(theirs.compute_output_shape((None, 5, 4)))


def test_bidirectional_backward_layer_and_config_match_keras(keras):
    ours = Bidirectional(GRU(3), backward_layer=SimpleRNN(3, go_backwards=True), merge_mode="sum")
    theirs = keras.layers.Bidirectional(keras.layers.GRU(3), backward_layer=keras.layers.SimpleRNN(3, go_backwards=True),
                                        merge_mode="sum")
    got, want = paired(ours, theirs)
    assert_same(got, want, keras)
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    with pytest.raises(ValueError, match="go_backwards"):
        Bidirectional(GRU(3), backward_layer=GRU(3))


def test_stacked_cells_match_keras(keras):
    ours = RNN([LSTMCell(3), GRUCell(2), SimpleRNNCell(4)], return_sequences=True, return_state=True)
    theirs = keras.layers.RNN([keras.layers.LSTMCell(3), keras.layers.GRUCell(2), keras.layers.SimpleRNNCell(4)],
                              return_sequences=True, return_state=True)
    got, want = paired(ours, theirs, mask=torch.as_tensor(MASKS["arbitrary"]))
    assert_same(got, want, keras)
    assert isinstance(ours.cell, StackedRNNCells)
    assert tuple(map(str, ours.compute_output_shape((None, 5, 4)))) == tuple(
        map(str, theirs.compute_output_shape((None, 5, 4))))


def test_user_cell_runs_in_rnn():
    class MinimalCell(lamina.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

        def call(self, inputs, states):
            output = inputs @ self.kernel + states[0]
            return output, [output]

    layer = RNN(MinimalCell(3), return_sequences=True)
    y = layer(torch.as_tensor(X))
    kernel = layer.cell.kernel.detach()
    expected = torch.cumsum(torch.as_tensor(X) @ kernel, 1)  # h_t = sum of x_s @ W for s <= t
    torch.testing.assert_close(y.detach(), expected, **TOL)


def test_dropout_mask_is_drawn_once_and_reused_at_every_step():
    layer = LSTM(4, dropout=0.5, return_sequences=True)
    x = torch.as_tensor(X)
    layer(x)
    drawn = []
    original = layer.cell._create_dropout_mask

    def spy(step_input, rate):
        drawn.append(original(step_input, rate))
        return drawn[-1]

    with mock.patch.object(layer.cell, "_create_dropout_mask", side_effect=spy):
        got = layer(x, training=True)
    assert len(drawn) == 1 and drawn[0].shape == (3, 4)
    assert set(drawn[0].unique().tolist()) <= {0.0, 2.0}
    # One mask for every step (Keras's DropoutRNNCell): the same as dropping the inputs up front.
    torch.testing.assert_close(got, layer(x * drawn[0][:, None, :]), **TOL)
    torch.testing.assert_close(layer(x, training=False), layer(x))


def test_recurrent_dropout_uses_one_mask_per_gate_and_only_in_training():
    layer = GRU(4, dropout=0.3, recurrent_dropout=0.4, seed=1)
    x = torch.as_tensor(X)
    inference = layer(x)
    counts = []
    original = layer.cell._create_dropout_mask
    with mock.patch.object(layer.cell, "_create_dropout_mask",
                           side_effect=lambda s, r: counts.append(r) or original(s, r)):
        trained = layer(x, training=True)
    assert counts == [0.3, 0.4]  # one draw each per call; each a list of 3 gate masks
    assert layer.cell.dropout_mask_count == 3
    assert not torch.allclose(trained, inference)
    torch.testing.assert_close(layer(x), inference)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_three_fit_steps_match_keras(name, keras):
    rng = np.random.default_rng(0)
    x = rng.integers(1, 20, (24, 7))
    y = rng.integers(0, 2, (24, 1)).astype("float32")

    def model(lib):
        return lib.Sequential([lib.Input((7,), dtype="int32"), lib.layers.Embedding(20, 4),
                               getattr(lib.layers, name)(5) if lib is keras else {"LSTM": LSTM, "GRU": GRU}[name](5),
                               lib.layers.Dense(1, activation="sigmoid")])

    theirs, ours = model(keras), model(lamina)
    ours.set_weights(theirs.get_weights())
    for m, lib in ((theirs, keras), (ours, lamina)):
        m.compile(lib.optimizers.Adam(0.01), "binary_crossentropy")
    want = theirs.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history["loss"]
    got = ours.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(got, want, **TOL)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_bad_arguments_and_inputs_name_the_layer():
    with pytest.raises(ValueError, match="units"):
        LSTM(0)
    with pytest.raises(TypeError, match="dropout"):
        GRU(3, dropout="0.5")
    with pytest.raises(ValueError, match="recurrent_activation"):
        LSTM(3, recurrent_activation="nonsense")
    layer = LSTM(3, name="seq")
    with pytest.raises(ValueError, match="seq"):
        layer(torch.zeros(2, 0, 4))
    with pytest.raises(ValueError, match="initial state"):
        layer(torch.zeros(2, 5, 4), initial_state=[torch.zeros(2, 3)])


def test_keras_file_with_recurrent_layers_loads_into_lamina(keras, tmp_path):
    inputs = keras.Input((5, 4))
    hidden = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))(inputs)
    outputs = keras.layers.RNN([keras.layers.GRUCell(2), keras.layers.SimpleRNNCell(3)])(hidden)
    theirs = keras.Model(inputs, outputs)
    path = str(tmp_path / "rnn.keras")
    theirs.save(path)
    ours = lamina.saving.load_model(path)
    assert_same(ours(X), theirs(X), keras)


CONV_LSTM = [
    ("ConvLSTM2D", (2, 4, 6, 5, 3), dict(filters=3, kernel_size=2)),
    ("ConvLSTM2D", (2, 4, 7, 5, 3), dict(filters=2, kernel_size=3, padding="same", strides=2,
                                         return_sequences=True, return_state=True)),
    ("ConvLSTM2D", (2, 3, 3, 6, 5), dict(filters=2, kernel_size=(2, 3), data_format="channels_first",
                                         return_sequences=True)),
    ("ConvLSTM1D", (2, 4, 8, 3), dict(filters=3, kernel_size=3, dilation_rate=2, go_backwards=True)),
    ("ConvLSTM3D", (1, 3, 4, 4, 4, 2), dict(filters=2, kernel_size=2, padding="same")),
]


@pytest.mark.parametrize("name, shape, kwargs", CONV_LSTM, ids=[f"{n}-{k}" for n, _, k in CONV_LSTM])
def test_conv_lstm_matches_keras(name, shape, kwargs, keras):
    from lamina.layers.rnn import conv_lstm

    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    ours, theirs = getattr(conv_lstm, name)(**kwargs), getattr(keras.layers, name)(**kwargs)
    got, want = paired(ours, theirs, x)
    assert_same(got, want, keras)  # convolutions over several steps: rtol 1e-4
    a, b = ours.get_config(), theirs.get_config()
    a.pop("name"), b.pop("name")
    assert a == b
    symbolic = (None, *shape[1:])
    assert tuple(ours.compute_output_shape(symbolic)) == tuple(theirs.compute_output_shape(symbolic))


@pytest.mark.parametrize("cls", [LSTM, GRU, SimpleRNN], ids=["LSTM", "GRU", "SimpleRNN"])
def test_mixed_bfloat16_runs_the_fused_kernel_close_to_float32(cls):
    full, mixed = cls(4, return_sequences=True), cls(4, return_sequences=True, dtype="mixed_bfloat16")
    full(X)
    mixed(X)
    mixed.set_weights(full.get_weights())
    got = mixed(X)
    assert got.dtype == torch.bfloat16
    torch.testing.assert_close(got.float(), full(X), rtol=0, atol=5e-2)  # bfloat16 has 8 mantissa bits

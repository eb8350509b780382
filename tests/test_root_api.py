"""The base classes Keras exports at its root (`keras.Loss`, `keras.Metric`,
`keras.Initializer`, `keras.Regularizer`, `keras.Optimizer`, `keras.InputSpec`,
`keras.KerasTensor`): the same user subclass, written once against `k`, gives the same
results with `k = lamina` and `k = keras`."""

import numpy as np
import pytest
import torch

import lamina

RNG = np.random.default_rng(0)
Y_TRUE = RNG.random((4, 3), dtype=np.float32)
Y_PRED = RNG.random((4, 3), dtype=np.float32)
WEIGHTS = np.array([1.0, 0.5, 0.0, 2.0], dtype=np.float32)


def _value(x):
    return float(np.asarray(x.detach().cpu() if isinstance(x, torch.Tensor) else x))


def _custom_loss(k):
    class MeanAbsolute(k.Loss):
        def call(self, y_true, y_pred):
            return k.ops.mean(k.ops.abs(y_true - y_pred), axis=-1)

    return MeanAbsolute


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean"])
def test_a_loss_subclass_reduces_and_weights_like_keras(keras, reduction):
    results = []
    for k in (lamina, keras):
        loss = _custom_loss(k)(reduction=reduction, name="mae")
        results.append((_value(loss(Y_TRUE, Y_PRED)), _value(loss(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)),
                        loss.name, loss.reduction, isinstance(loss, k.losses.Loss)))
    assert results[0][2:] == results[1][2:]
    np.testing.assert_allclose(results[0][:2], results[1][:2], rtol=1e-5, atol=1e-6)


def _custom_metric(k):
    class SumOfSquares(k.Metric):
        def __init__(self, name="sum_of_squares", **kwargs):
            super().__init__(name=name, **kwargs)
            self.total = self.add_variable(shape=(), initializer="zeros", name="total")

        def update_state(self, values):
            self.total.assign_add(k.ops.sum(k.ops.square(k.ops.convert_to_tensor(values))))

        def result(self):
            return self.total

    return SumOfSquares


def test_a_metric_subclass_accumulates_and_resets_like_keras(keras):
    results = []
    for k in (lamina, keras):
        metric = _custom_metric(k)()
        metric.update_state(Y_TRUE)
        metric.update_state(Y_PRED)
        accumulated = _value(metric.result())
        metric.reset_state()
        results.append((accumulated, _value(metric.result()), metric.name, isinstance(metric, k.Metric)))
    assert results[0][1:] == results[1][1:]
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-5)


def _ramp_and_l1(k):
    class Ramp(k.Initializer):
        def __call__(self, shape, dtype=None):
            n = int(np.prod(shape))
            return k.ops.reshape(k.ops.arange(n, dtype="float32") / n, shape)

    class L1(k.Regularizer):
        def __call__(self, x):
            return 0.1 * k.ops.sum(k.ops.abs(x))

    return Ramp, L1


def test_initializer_and_regularizer_subclasses_act_like_keras(keras):
    outcomes = []
    for k in (lamina, keras):
        Ramp, L1 = _ramp_and_l1(k)
        dense = k.layers.Dense(3, kernel_initializer=Ramp(), kernel_regularizer=L1())
        out = dense(Y_TRUE)
        outcomes.append((k.ops.convert_to_numpy(out), _value(sum(dense.losses)),
                         isinstance(Ramp(), k.initializers.Initializer),
                         isinstance(L1(), k.regularizers.Regularizer)))
    np.testing.assert_allclose(outcomes[0][0], outcomes[1][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outcomes[0][1], outcomes[1][1], rtol=1e-5, atol=1e-6)
    assert outcomes[0][2:] == outcomes[1][2:] == (True, True)


def test_optimizer_is_the_base_of_every_optimizer(keras):
    for k in (lamina, keras):
        for name in ("SGD", "Adam", "RMSprop", "AdamW"):
            assert isinstance(getattr(k.optimizers, name)(), k.Optimizer)


def _identity_layer(k, spec):
    class Identity(k.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = k.InputSpec(**spec)

        def call(self, inputs):
            return inputs

    return Identity


@pytest.mark.parametrize("spec,shape", [
    (dict(ndim=2), (2, 3, 4)),
    (dict(min_ndim=3), (2, 3)),
    (dict(max_ndim=2), (2, 3, 4)),
    (dict(axes={-1: 3}), (2, 4)),
])
def test_input_spec_on_a_custom_layer_rejects_like_keras(keras, spec, shape):
    for k in (lamina, keras):
        Identity = _identity_layer(k, spec)
        with pytest.raises(ValueError, match="expected"):
            Identity()(np.zeros(shape, dtype=np.float32))
        ok_shape = {"ndim": (2, 3), "min_ndim": (2, 3, 3), "max_ndim": (2, 3), "axes": (2, 3)}
        Identity()(np.zeros(ok_shape[next(iter(spec))], dtype=np.float32))


def test_keras_tensor_is_what_input_returns(keras):
    for k in (lamina, keras):
        x = k.Input((4,))
        y = k.layers.Dense(2)(x)
        assert isinstance(x, k.KerasTensor) and isinstance(y, k.KerasTensor)
        assert tuple(y.shape) == (None, 2)

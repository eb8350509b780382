"""Layers called from several threads (issue 9, items 9 and 10)."""

import threading
import time

import numpy as np
import torch

from lamina import Input, Model, layers


def run_in_threads(count, target):
    errors = []

    def guarded(i):
        try:
            target(i)
        except Exception as error:  # noqa: BLE001 - re-raised in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


class SlowBuildDense(layers.Dense):
    """A Dense whose build takes long enough for four first calls to overlap."""

    builds = 0

    def build(self, input_shape):
        type(self).builds += 1
        time.sleep(0.05)
        super().build(input_shape)


def test_four_threads_first_call_build_one_set_of_weights():
    layer = SlowBuildDense(3)
    x = torch.randn(2, 4)
    barrier = threading.Barrier(4)
    outputs = [None] * 4

    def first_call(i):
        barrier.wait()
        outputs[i] = layer(x)

    run_in_threads(4, first_call)
    assert SlowBuildDense.builds == 1
    assert len(layer.weights) == 2 and len(list(layer.parameters())) == 2
    expected = layer(x)
    for output in outputs:  # every output came from the weights the layer kept
        torch.testing.assert_close(output, expected, rtol=0, atol=0)


def test_unbuilt_model_built_once_under_concurrent_first_calls():
    class Net(Model):
        def __init__(self):
            super().__init__()
            self.hidden = SlowBuildDense(5)
            self.out = layers.Dense(2)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    SlowBuildDense.builds = 0
    model = Net()
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    barrier = threading.Barrier(4)
    outputs = [None] * 4

    def first_call(i):
        barrier.wait()
        outputs[i] = model(x)

    run_in_threads(4, first_call)
    assert SlowBuildDense.builds == 1
    assert len(model.weights) == 4
    for output in outputs:
        torch.testing.assert_close(output, model(x), rtol=0, atol=0)


class Recorder(layers.Layer):
    """Records the `training` flag it receives (it is called without one)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = {}

    def call(self, inputs, training=None):
        self.seen[threading.current_thread().name] = training
        return inputs


class Outer(layers.Layer):
    def __init__(self, barrier=None, **kwargs):
        super().__init__(**kwargs)
        self.inner = Recorder()
        self.barrier = barrier

    def call(self, inputs, training=None):
        if self.barrier is not None:
            self.barrier.wait()  # both threads are inside a call with their own flag
        return self.inner(inputs)


def test_training_flag_reaches_sublayers_called_without_it():
    outer = Outer()
    outer(torch.ones(1, 2), training=True)
    assert outer.inner.seen[threading.current_thread().name] is True
    outer(torch.ones(1, 2))
    assert outer.inner.seen[threading.current_thread().name] is False
    assert not outer.training and not outer.inner.training  # module modes are untouched


def test_training_flag_is_per_thread_not_module_state():
    """A `predict` (training=False) overlapping a training call in another thread sees
    inference, and the training call sees training; neither changes the module's mode."""
    outer = Outer(barrier=threading.Barrier(2))

    def call(i):
        outer(torch.ones(1, 2), training=(i == 0))

    threads = [threading.Thread(target=call, args=(i,), name=f"t{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outer.inner.seen == {"t0": True, "t1": False}
    assert not outer.training


def test_functional_model_passes_training_to_nested_subclassed_layers():
    inputs = Input((2,))
    outer = Outer()
    model = Model(inputs, outer(inputs))
    model(np.ones((1, 2), "float32"), training=True)
    assert outer.inner.seen[threading.current_thread().name] is True
    model.predict(np.ones((1, 2), "float32"), verbose=0)
    assert outer.inner.seen[threading.current_thread().name] is False

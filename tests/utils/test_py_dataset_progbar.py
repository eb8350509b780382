"""PyDataset (Sequence) in fit, with workers; Progbar's averaging against Keras's."""

import numpy as np
import pytest

from lamina.utils.progbar import Progbar
from lamina.utils.py_dataset import PyDataset, Sequence


class Squares(PyDataset):
    def __init__(self, n_batches=4, batch=8, **kwargs):
        super().__init__(**kwargs)
        self.n_batches, self.batch = n_batches, batch
        self.events = []
        rng = np.random.default_rng(0)
        self.x = rng.normal(size=(n_batches * batch, 3)).astype("float32")
        self.y = (self.x ** 2).sum(1, keepdims=True)

    def __len__(self):
        return self.n_batches

    def __getitem__(self, index):
        part = slice(index * self.batch, (index + 1) * self.batch)
        return self.x[part], self.y[part]

    def on_epoch_begin(self):
        self.events.append("begin")

    def on_epoch_end(self):
        self.events.append("end")


@pytest.mark.parametrize("kwargs", [{}, {"workers": 3, "max_queue_size": 2},
                                    {"workers": 2, "use_multiprocessing": True}])
def test_iteration_order_and_epoch_hooks(kwargs):
    ds = Squares(**kwargs)
    batches = list(ds)
    assert len(batches) == 4 and ds.events == ["begin", "end"]
    for i, (x, _) in enumerate(batches):
        np.testing.assert_array_equal(x, ds.x[i * 8:(i + 1) * 8])


def test_fit_evaluate_predict_take_a_py_dataset():
    import lamina

    ds = Squares(workers=2)
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(4, activation="relu"),
                               lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert ds.events == ["begin", "end"] * 2
    assert np.isfinite(model.evaluate(ds, verbose=0))
    assert model.predict(ds, verbose=0).shape == (32, 1)


def test_config_and_missing_super_warning(keras):
    ds = Squares(workers=4, use_multiprocessing=True, max_queue_size=5)
    theirs = keras.utils.PyDataset(workers=4, use_multiprocessing=True, max_queue_size=5)
    for name in ("workers", "use_multiprocessing", "max_queue_size"):
        assert getattr(ds, name) == getattr(theirs, name)
    assert Sequence is PyDataset and PyDataset().workers == keras.utils.PyDataset().workers

    class NoSuper(PyDataset):
        def __init__(self):
            pass

    with pytest.warns(UserWarning, match="super"):
        assert NoSuper().workers == 1
    with pytest.raises(NotImplementedError):
        PyDataset()[0]


@pytest.mark.parametrize("kwargs", [{}, {"stateful_metrics": ["acc"]}, {"stateless_metrics": ["loss"]}])
def test_progbar_values_like_keras(keras, kwargs):
    ours, theirs = Progbar(10, verbose=0, **kwargs), keras.utils.Progbar(10, verbose=0, **kwargs)
    steps = [(2, [("loss", 1.0), ("acc", 0.5)]), (5, [("loss", 4.0), ("acc", 0.7)]),
             (6, [("loss", np.array([2.0, 4.0]))])]
    for current, values in steps:
        ours.update(current, values)
        theirs.update(current, values)
        assert ours._values.keys() == theirs._values.keys()
        for name in ours._values:
            np.testing.assert_allclose(ours._values[name][0], theirs._values[name][0], rtol=1e-7)
            assert ours._values[name][1] == theirs._values[name][1]
    ours.add(4, [("loss", 0.5)])
    theirs.add(4, [("loss", 0.5)])
    assert ours._values["loss"] == theirs._values["loss"]  # the final update replaces
    with pytest.raises(ValueError, match="only one"):
        Progbar(3, stateful_metrics=[], stateless_metrics=[])


def test_progbar_output(capsys):
    shown = Progbar(3, verbose=1, stateful_metrics=[])
    for i in range(2):
        shown.update(i + 1, [("loss", float(i + 1))])
    shown.update(3)
    out = capsys.readouterr().out
    assert "3/3" in out and "loss: 1.5000" in out
    quiet = Progbar(2, verbose=2)
    quiet.update(1, [("acc", 0.25)])
    assert capsys.readouterr().out == ""
    quiet.update(2, [("acc", 0.5)])
    assert "2/2" in capsys.readouterr().out


def test_fit_shuffles_a_py_dataset_batch_order_and_shuffle_false_keeps_it():
    """Keras's PyDataset adapter shuffles batch indices each epoch when `fit(shuffle=True)`."""
    import lamina

    class Recording(lamina.utils.PyDataset):
        def __init__(self):
            super().__init__()
            self.seen = []

        def __len__(self):
            return 6

        def __getitem__(self, index):
            self.seen.append(index)
            x = np.full((2, 3), index, "float32")
            return x, x[:, :1]

    data = Recording()
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(data, epochs=2, verbose=0)
    epochs = [data.seen[:6], data.seen[6:]]
    assert all(sorted(e) == list(range(6)) for e in epochs)
    assert epochs[0] != list(range(6)) or epochs[1] != list(range(6))
    data.seen.clear()
    model.fit(data, epochs=1, shuffle=False, verbose=0)
    assert data.seen == list(range(6))

"""`config.max_epochs`/`max_steps_per_epoch` cap runs as Keras's trainers do, and
`enable_unsafe_deserialization` lifts safe mode for every load, as in Keras."""

import numpy as np
import pytest

import lamina
from lamina import config, layers


@pytest.fixture
def caps():
    yield
    config.set_max_epochs(None)
    config.set_max_steps_per_epoch(None)


def _model():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_max_epochs_and_steps_cap_fit_evaluate_and_predict(caps):
    x, y = np.ones((40, 3), "float32"), np.ones((40, 1), "float32")
    config.set_max_epochs(2)
    config.set_max_steps_per_epoch(3)
    model = _model()
    with pytest.warns(UserWarning, match="Limiting") as record:
        history = model.fit(x, y, batch_size=4, epochs=5, verbose=0)
    assert {str(w.message) for w in record} == {"Limiting epochs to 2", "Limiting steps_per_epoch to 3"}
    assert len(history.history["loss"]) == 2
    assert int(model.optimizer.iterations) == 2 * 3
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 3"):
        assert model.predict(x, batch_size=4, verbose=0).shape == (12, 1)


def test_caps_above_the_run_change_nothing_but_still_warn_for_unset_steps(caps):
    """Keras's EpochIterator sets an unset `steps_per_epoch` to the cap (and warns); the
    data then ends first."""
    config.set_max_epochs(10)
    config.set_max_steps_per_epoch(100)
    model = _model()
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 100"):
        history = model.fit(np.ones((8, 3)), np.ones((8, 1)), batch_size=4, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert int(model.optimizer.iterations) == 2 * 2


def test_unsafe_deserialization_lets_lambda_bytecode_load(monkeypatch):
    layer = layers.Lambda(lambda t: t * 2)
    saved = lamina.layers.serialize(layer)
    with pytest.raises(ValueError, match="safe_mode"):
        lamina.layers.deserialize(saved)
    monkeypatch.setattr(config, "_SAFE_MODE", None)
    config.enable_unsafe_deserialization()
    restored = lamina.layers.deserialize(saved)
    assert float(restored(np.ones((1, 1), "float32"))[0, 0]) == 2.0


def test_disabled_interactive_logging_sends_progress_to_the_lamina_logger(capsys, caplog):
    model = _model()
    config.disable_interactive_logging()
    try:
        with caplog.at_level("INFO", logger="lamina"):
            model.fit(np.ones((8, 3)), np.ones((8, 1)), batch_size=4, epochs=2, verbose=2)
            bar = lamina.utils.Progbar(2)
            bar.update(2, finalize=True)
    finally:
        config.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    messages = [record.getMessage() for record in caplog.records]
    assert messages[:2] == ["Epoch 1/2", messages[1]] and messages[1].startswith("2/2 - ")
    assert "Epoch 2/2" in messages and messages[-1].startswith("2/2")
    model.fit(np.ones((8, 3)), np.ones((8, 1)), batch_size=4, epochs=1, verbose=2)
    assert capsys.readouterr().out.startswith("2/2 - ")

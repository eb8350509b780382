import io
import os
import re
import subprocess
import sys

import pytest

from lamina.callbacks import CallbackList, ProgbarLogger
from lamina.callbacks import progbar_logger as progbar_module

EPOCH_LOGS = {"loss": 0.3, "accuracy": 0.5, "val_loss": 0.4, "val_accuracy": 0.0}
BAR = "━" * 20


def fit_like(hooks, epochs=2, steps=3, validate=True):
    hooks.on_train_begin()
    for epoch in range(epochs):
        hooks.on_epoch_begin(epoch)
        for batch in range(steps):
            hooks.on_train_batch_begin(batch)
            hooks.on_train_batch_end(batch, {"loss": 0.5 - 0.1 * batch, "accuracy": 0.25 * batch})
        if validate:  # validation inside fit must not print
            hooks.on_test_begin()
            hooks.on_test_batch_end(0, {"loss": 1.0})
            hooks.on_test_end({"loss": 0.4})
        hooks.on_epoch_end(epoch, dict(EPOCH_LOGS))
    hooks.on_train_end()


def normalize(text):
    """Drops ANSI codes, redrawn partial lines and timings, which vary run to run."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x08", "", text)
    lines = [line.rsplit("\r", 1)[-1] for line in text.split("\n")]
    # Keras ends some lines with a space, depending on the timing; the timing is masked too.
    return [re.sub(r"\d+(s|ms|us)\b", "T", line).rstrip() for line in lines if line]


def run_both(keras, capsys, drive, **params):
    outputs = []
    for module in (sys.modules["lamina.callbacks"], keras.callbacks):
        drive(module.CallbackList([], add_progbar=True, **params))
        outputs.append(normalize(capsys.readouterr().out))
    return outputs


@pytest.mark.parametrize("verbose", [1, 2])
def test_fit_lines_match_keras(keras, capsys, verbose):
    ours, theirs = run_both(keras, capsys, fit_like, verbose=verbose, epochs=2, steps=3)
    assert ours == theirs
    # Keras prints no bar for verbose=2; "T" stands for a duration
    sep = " - " if verbose == 2 else f" {BAR} "
    tail = "T/step - accuracy: 0.5000 - loss: 0.3000 - val_accuracy: 0.0000e+00 - val_loss: 0.4000"
    line = f"3/3{sep}T{' -' if verbose == 2 else ''} {tail}"
    assert ours == ["Epoch 1/2", line, "Epoch 2/2", line]


def test_verbose_1_without_terminal_prints_only_final_lines(capsys):
    fit_like(CallbackList([], add_progbar=True, verbose=1, epochs=2, steps=3))
    out = capsys.readouterr().out
    assert "\r" not in out and "\x1b" not in out  # nothing animated in a pipe
    lines = out.splitlines()
    assert len(lines) == 4 and lines[0] == "Epoch 1/2"
    assert re.fullmatch(rf"3/3 {BAR} \d+s \d+(s|ms|us)/step - accuracy: 0\.5000 - .*", lines[1])


def test_single_epoch_has_no_epoch_line(keras, capsys):
    ours, theirs = run_both(
        keras, capsys, lambda h: fit_like(h, epochs=1), verbose=1, epochs=1, steps=3
    )
    assert ours == theirs and len(ours) == 1


def evaluate_like(hooks, steps=4):
    hooks.on_test_begin()
    for batch in range(steps):
        hooks.on_test_batch_begin(batch)
        hooks.on_test_batch_end(batch, {"loss": 0.5})
    hooks.on_test_end({"loss": 0.25, "accuracy": 0.75})


def predict_like(hooks, steps=4):
    hooks.on_predict_begin()
    for batch in range(steps):
        hooks.on_predict_batch_begin(batch)
        hooks.on_predict_batch_end(batch, {"outputs": object()})
    hooks.on_predict_end()


@pytest.mark.parametrize("drive", [evaluate_like, predict_like], ids=["evaluate", "predict"])
@pytest.mark.parametrize("verbose", [1, 2])
def test_evaluate_and_predict_match_keras(keras, capsys, drive, verbose):
    ours, theirs = run_both(keras, capsys, drive, verbose=verbose, epochs=1, steps=4)
    assert ours == theirs and len(ours) == 1 and ours[0].startswith("4/4")


def test_unknown_steps_count_what_was_seen(keras, capsys):
    ours, theirs = run_both(keras, capsys, evaluate_like, verbose=1, epochs=1, steps=None)
    assert ours == theirs and ours[0].startswith("4/4 ")


@pytest.mark.parametrize(
    "logger",
    [ProgbarLogger(enabled=False), ProgbarLogger(verbose=0)],
    ids=["disabled", "verbose0"],
)
def test_silent(capsys, logger):
    hooks = CallbackList([logger], verbose=1, epochs=2, steps=3)
    fit_like(hooks)
    evaluate_like(hooks)
    predict_like(hooks)
    assert capsys.readouterr().out == ""


def test_disabling_mid_run_stops_printing(capsys):
    logger = ProgbarLogger()
    hooks = CallbackList([logger], verbose=1, epochs=2, steps=3)
    hooks.on_train_begin()
    hooks.on_epoch_begin(0)
    logger.enabled = False  # e.g. a trainer learns its rank only now
    hooks.on_train_batch_end(0, {"loss": 1.0})
    hooks.on_epoch_end(0, {"loss": 1.0})
    assert capsys.readouterr().out == "Epoch 1/2\n"


def test_constructor_verbose_wins_over_params(capsys):
    fit_like(CallbackList([ProgbarLogger(verbose=2)], verbose=1, epochs=1, steps=3), epochs=1)
    assert re.fullmatch(r"3/3 - \d+s - \d+\w+/step - .*\n", capsys.readouterr().out)


def test_live_bar_in_a_terminal_redraws_at_most_ten_times_a_second(monkeypatch):
    from rich.console import Console
    from rich.progress import Progress

    clock = iter(i * 0.01 for i in range(10**6))  # every reading is 10 ms later
    monkeypatch.setattr(progbar_module.time, "monotonic", lambda: next(clock))
    refreshes = []
    original = Progress.refresh
    monkeypatch.setattr(Progress, "refresh", lambda self: (refreshes.append(1), original(self)))

    screen = io.StringIO()
    logger = ProgbarLogger()
    logger._console = Console(file=screen, force_terminal=True, width=200)
    hooks = CallbackList([logger], verbose=1, epochs=1, steps=1000)
    fit_like(hooks, epochs=1, steps=1000, validate=False)

    # 1000 batches over 10 simulated seconds: about one redraw per 100 ms.
    assert 90 <= len(refreshes) <= 105
    lines = normalize(screen.getvalue())
    assert "\x1b[" in screen.getvalue()  # styled, animated output
    assert lines[-1] == (
        f"1000/1000 {BAR} T T/step - accuracy: 0.5000 - loss: 0.3000"
        " - val_accuracy: 0.0000e+00 - val_loss: 0.4000"
    )


def test_importing_callbacks_does_not_import_rich():
    # rich is imported by the first bar; `import lamina` should not pay for it.
    code = (
        "import sys, lamina.callbacks\n"
        "assert 'rich' not in sys.modules, 'rich was imported by `import lamina`'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())

"""ProgbarLogger: the console output of `fit`, `evaluate` and `predict`."""

import time
import weakref

from .. import config
from .callback import Callback

_BAR_WIDTH = 20
# Re-rendering costs far more than a small training step, so the live bar is
# redrawn at most this often, however fast batches arrive.
_REFRESH_SECONDS = 0.1


def _format_value(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"
    return str(value)


def _format_logs(logs: dict) -> str:
    return "".join(f" - {key}: {_format_value(value)}" for key, value in logs.items())


def _format_rate(seconds_per_step: float) -> str:
    if seconds_per_step >= 1 or seconds_per_step == 0:
        return f"{seconds_per_step:.0f}s/step"
    if seconds_per_step >= 1e-3:
        return f"{seconds_per_step * 1e3:.0f}ms/step"
    return f"{seconds_per_step * 1e6:.0f}us/step"


def _format_eta(seconds: float) -> str:
    seconds = int(seconds)
    if seconds > 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds > 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


class _Bar:
    """One progress bar (an epoch, an evaluate or a predict run).

    Batches only store their step and logs; text is built when the live bar is
    redrawn (at most every `_REFRESH_SECONDS`) and once at the end.
    """

    def __init__(self, target: int | None, verbose: int, console) -> None:
        self.target = target
        self.verbose = verbose
        self.console = console
        self.start = time.monotonic()
        self.first_step = self.first_step_time = None
        self.last_step_time = self.start
        self.seen = 0
        self.logs: dict = {}
        self.progress = None
        self.last_refresh = float("-inf")
        if console is not None:
            self._start_live()

    def _start_live(self) -> None:
        from rich.errors import LiveError
        from rich.progress import BarColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("[bold]{task.fields[count]}"),
            BarColumn(bar_width=_BAR_WIDTH, complete_style="green", finished_style="green"),
            TextColumn("[bold]{task.fields[timing]}"),
            TextColumn("{task.fields[metrics]}", markup=False),
            console=self.console,
            auto_refresh=False,  # we refresh ourselves, from the training thread
            transient=True,  # replaced by the finished line at the end
        )
        self.task = self.progress.add_task(
            "", total=self.target, count=self._count(0), timing="", metrics=""
        )
        try:
            self.progress.start()
        except LiveError:
            # Another live display owns the terminal (user code, a nested fit):
            # fall back to printing only the finished line.
            self.progress = None
            return
        # If training dies mid-epoch (an exception, Ctrl-C) no hook closes the bar;
        # this still restores the cursor and stdout when the bar is dropped or at exit.
        self._stop_live = weakref.finalize(self, self.progress.stop)

    def update(self, step: int, logs: dict | None) -> None:
        now = time.monotonic()
        if self.first_step_time is None:
            self.first_step, self.first_step_time = step, now
        self.seen, self.last_step_time = step, now
        if logs:
            self.logs = logs
        if self.progress is not None and now - self.last_refresh >= _REFRESH_SECONDS:
            self.last_refresh = now
            per_step = self._seconds_per_step()
            eta = per_step * (self.target - step) if self.target else now - self.start
            self.progress.update(
                self.task,
                completed=step,
                count=self._count(step),
                timing=f"{_format_eta(eta)} {_format_rate(per_step)}",
                metrics=_format_logs(self.logs).removeprefix(" "),  # columns add a space
            )
            self.progress.refresh()

    def finish(self, logs: dict | None, show: bool) -> None:
        self.close()
        if not show or self.verbose not in (1, 2):
            return
        if self.target is None:
            self.target = self.seen
        # As in Keras: with the bar (verbose=1) keys keep their order from the batch
        # logs and final values win; verbose=2 shows just the final logs.
        merged = {**self.logs, **(logs or {})} if self.verbose == 1 else dict(logs or {})
        elapsed = f"{time.monotonic() - self.start:.0f}s"
        rate, metrics = _format_rate(self._seconds_per_step()), _format_logs(merged)
        count = self._count(self.target)
        if self.verbose == 2:
            config.print_msg(f"{count} - {elapsed} - {rate}{metrics}")
        elif self.console is None:
            config.print_msg(f"{count} {'━' * _BAR_WIDTH} {elapsed} {rate}{metrics}")
        else:
            from rich.text import Text

            line = Text.assemble(
                (count, "bold"), " ", ("━" * _BAR_WIDTH, "green"), " ",
                (elapsed, "bold"), f" {rate}{metrics}",
            )  # fmt: skip
            self.console.print(line, soft_wrap=True, highlight=False)

    def close(self) -> None:
        if self.progress is not None:
            self._stop_live()  # runs `progress.stop` once
            self.progress = None

    def _count(self, step: int) -> str:
        if not self.target:
            return f"{step:7d}/Unknown"
        return f"{step:>{len(str(self.target))}}/{self.target}"

    def _seconds_per_step(self) -> float:
        # The first step carries warm-up (allocation, compilation), so like Keras
        # the rate is measured from its end once there are later steps.
        if self.first_step is not None and self.seen > self.first_step:
            return (self.last_step_time - self.first_step_time) / (self.seen - self.first_step)
        return (self.last_step_time - self.start) / self.seen if self.seen else 0.0


class ProgbarLogger(Callback):
    """Prints progress and metrics of `fit`, `evaluate` and `predict`.

    With `verbose=1`, `fit` prints `Epoch i/N` (when N > 1) and a live bar per
    epoch with the step count, ETA, time per step and running metrics, redrawn at
    most 10 times a second; it is replaced by one finished line such as
    `32/32 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - accuracy: 0.9120 - loss: 0.3012 -
    val_loss: 0.3300`. When stdout is not a terminal (CI logs, pipes) nothing is
    animated and only the finished line is printed. With `verbose=2` there is no
    bar: each epoch prints `Epoch i/N` and one line `32/32 - 1s - 3ms/step - ...`.
    Validation inside `fit` is silent; its `val_*` metrics appear on the epoch line.

    Args:
        verbose: 0, 1, 2 or `"auto"` (1). `None` takes `params["verbose"]` from
            `fit`, as Keras's ProgbarLogger always does.
        enabled: When false, nothing is printed. A distributed trainer sets
            `enabled = (rank == 0)` so only one process prints; the attribute may
            be changed at any time.

    Example:

    >>> logger = ProgbarLogger(enabled=False)
    >>> logger.set_params({"verbose": 2, "epochs": 3, "steps": 10})
    >>> logger.verbose, logger.epochs, logger.target
    (2, 3, 10)
    """

    def __init__(self, verbose: int | str | None = None, enabled: bool = True) -> None:
        super().__init__()
        self._verbose_arg = verbose
        self.verbose = 1 if verbose in (None, "auto") else verbose
        self.enabled = enabled
        self.epochs = 1
        self.target = None
        self._called_in_fit = False
        self._bar = None
        self._console = None

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1) if self._verbose_arg is None else self._verbose_arg
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs") or 1
        self.target = params.get("steps")

    def on_train_begin(self, logs=None):
        # Validation runs evaluate's hooks inside fit; those stay silent.
        self._called_in_fit = True

    def on_train_end(self, logs=None):
        self._close()
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        if self._active and self.epochs > 1:
            config.print_msg(f"Epoch {epoch + 1}/{self.epochs}")
        self._open()

    def on_epoch_end(self, epoch, logs=None):
        self._finish(logs)

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._open()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs=None):
        self._open()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)  # batch logs hold the outputs, not metrics

    def on_predict_end(self, logs=None):
        self._finish(logs)

    @property
    def _active(self) -> bool:
        return bool(self.enabled and self.verbose)

    def _open(self) -> None:
        self._close()
        if self._active:
            self._bar = _Bar(self.target, self.verbose, self._live_console())

    def _update(self, batch: int, logs) -> None:
        if self._bar is None:
            self._open()
        if self._bar is not None:
            self._bar.update(batch + 1, logs)

    def _finish(self, logs) -> None:
        if self._bar is not None:
            self._bar.finish(logs, show=self._active)
            self._bar = None

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _live_console(self):
        """A rich Console when stdout is an interactive terminal, else `None`."""
        if self.verbose != 1 or not config.is_interactive_logging_enabled():
            return None
        # Imported here so that `import lamina` does not pay for rich.
        from rich.console import Console

        if self._console is None:
            self._console = Console()  # follows sys.stdout as it is replaced
        if self._console.is_terminal and not self._console.is_dumb_terminal:
            return self._console
        return None

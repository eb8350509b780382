"""`Progbar`: Keras's text progress bar, for downloads and hand-written loops."""

import sys
import time

import numpy as np

from ..config import is_interactive_logging_enabled, print_msg


class Progbar:
    """Shows progress towards `target` with metric values.

    By default every metric is stateful (its latest value is shown); names listed in
    `stateful_metrics` make all *other* metrics stateless, and names in
    `stateless_metrics` are the stateless ones. A stateless value is averaged over the
    steps it covers (weighted by how far `current` moved); the final update shows the
    values given to it.

    Args:
        target: total number of steps, or `None` when unknown.
        width: width of the bar in characters.
        verbose: 0 (silent), 1 (a bar redrawn in place) or 2 (one line at the end).
        interval: minimum seconds between redraws.
        stateful_metrics: metrics shown as given; all others are averaged.
        stateless_metrics: metrics that are averaged; all others are shown as given.
        unit_name: what a step is called in the rate ("step", "B", ...).

    Example:

    >>> bar = Progbar(3, verbose=0, stateful_metrics=[])
    >>> for i in range(2):
    ...     bar.update(i + 1, values=[("loss", float(i))])
    >>> bar._values["loss"]
    [1.0, 2]
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name="step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError("Progbar: pass only one of `stateful_metrics` and `stateless_metrics`.")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = None if stateless_metrics is not None else set(stateful_metrics or ())
        self.stateless_metrics = None if stateless_metrics is None else set(stateless_metrics)
        self._dynamic = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        self._seen_so_far = 0
        self._values = {}
        self._start = time.time()
        self._last_update = 0.0

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current` and records `values`, a list of `(name, value)`."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if self.stateful_metrics is not None:
                stateless = name not in self.stateful_metrics
            else:
                stateless = name in self.stateless_metrics
            if not stateless or finalize:
                self._values[name] = [value, 1]
                continue
            steps = max(current - self._seen_so_far, 1)
            total, count = self._values.get(name, [0.0, 0])
            self._values[name] = [total + value * steps, count + steps]
        self._seen_so_far = current
        now = time.time()
        if self.verbose == 1 and (finalize or now - self._last_update >= self.interval):
            self._write(self._bar(current) + self._info(now, current, finalize), finalize)
            self._last_update = now
        elif self.verbose == 2 and finalize:
            self._write(f"{current}/{self.target}" + self._info(now, current, True), True)

    def add(self, n, values=None):
        """Advances the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)

    def _bar(self, current):
        if self.target is None:
            return f"{current:7d}/Unknown"
        digits = len(str(self.target))
        done = int(self.width * min(current / self.target, 1.0)) if self.target else self.width
        arrow = ">" if done < self.width else ""
        return f"{current:{digits}d}/{self.target} [" + "=" * done + arrow + "." * (
            self.width - done - len(arrow)) + "]"

    def _info(self, now, current, finalize):
        elapsed = now - self._start
        info = f" {elapsed:.0f}s" if finalize or self.target is None else ""
        if not finalize and self.target is not None and current:
            info += f" ETA: {elapsed / current * (self.target - current):.0f}s"
        if current and elapsed > 0:
            rate = current / elapsed
            info += f" {rate:.0f} {self.unit_name}/s" if rate >= 1 else f" {1 / rate:.2f}s/{self.unit_name}"
        for name, (total, count) in self._values.items():
            average = float(np.mean(total)) / max(count, 1)
            info += f" - {name}: {average:.4f}" if abs(average) > 1e-3 else f" - {name}: {average:.4e}"
        return info

    def _write(self, line, finalize):
        if not is_interactive_logging_enabled():  # finished lines go to the "lamina" logger
            if finalize or self.target is None:
                print_msg(line)
            return
        if self._dynamic:
            sys.stdout.write("\r" + line + ("\n" if finalize else ""))
        elif finalize or self.target is None:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()

"""What every contender shares: the CNN table, timers, memory probes and the measuring loop.

A contender subclasses `Contender` (build, train, predict, single-sample call) and calls
`main(ContenderClass)`; `main` measures every model the same way and prints one JSON line.
The model families themselves (data, Keras model, torch twin) live in `families.py`.
"""

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time

import numpy as np

SEED = 0
NUM_CLASSES = 10
IMAGE_SHAPE = (32, 32, 3)
TRAIN_BATCH = 64
PREDICT_BATCH = 256
LEARNING_RATE = 1e-3
EPSILON = 1e-7  # Keras clips probabilities to [eps, 1 - eps] before the crossentropy's log

# Every Conv2D is 3x3, "valid", relu; every pool is a 2x2 max pool. Each contender builds
# its model from this table, so the architectures cannot drift apart.
ARCHITECTURES = {
    "reference": (("conv", 32), ("flatten",), ("dense", 10, "softmax")),
    "deeper": (
        ("conv", 32), ("pool",), ("conv", 64), ("pool",), ("flatten",),
        ("dense", 128, "relu"), ("dense", 10, "softmax"),
    ),
}


def make_data(samples: int, family: str = "reference"):
    """The same inputs and targets in every process (see `families.make_data`)."""
    from .families import make_data as family_data

    return family_data(samples, family)


def train_flops_per_sample(arch: str) -> int | None:
    """Multiply-adds x 2 of the convolutions and matmuls, forward plus backward.

    Backward costs two forward passes (input and weight gradients), except for the first
    layer, whose input needs no gradient. Pooling, activations and the optimizer are
    left out (they are memory-bound and small). None for families outside the table.
    """
    if arch not in ARCHITECTURES:
        return None
    rows, cols, channels = IMAGE_SHAPE
    features, total, first = None, 0, True
    for kind, *spec in ARCHITECTURES[arch]:
        if kind == "conv":
            rows, cols = rows - 2, cols - 2
            macs = rows * cols * spec[0] * 9 * channels
            channels = spec[0]
        elif kind == "pool":
            rows, cols = rows // 2, cols // 2
            continue
        elif kind == "flatten":
            features = rows * cols * channels
            continue
        else:
            macs, features = features * spec[0], spec[0]
        total += 2 * macs * (2 if first else 3)
        first = False
    return total


# --------------------------------------------------------------------------- memory
def _status(field: str) -> float:
    """A `/proc/self/status` field in MiB (VmRSS, VmHWM)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> bool:
    """Resets the peak-RSS watermark (Linux >= 4.0), so one phase's peak can be read."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def rss_mb() -> float:
    return _status("VmRSS")


def peak_rss_mb() -> float:
    peak = _status("VmHWM")
    if peak != peak:  # no /proc: the lifetime peak (KiB on Linux)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


# --------------------------------------------------------------------------- timing
def median_latency_us(fn, calls: int, warmup: int = 20) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e3


def best_of(fn, repeats: int) -> float:
    """Seconds of the fastest of `repeats` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# --------------------------------------------------------------------------- contenders
class Contender:
    """One framework's way of training and running a model.

    `load` gets the numpy data (NHWC images or tokens), `build` the family; `train(epochs)` runs whole epochs at batch 64 with
    a fresh shuffle each epoch (Adam, lr 1e-3) and returns the last epoch's mean loss;
    `predict()` returns the outputs for all samples at batch 256 as one numpy array;
    `single()` returns a zero-argument callable that runs the model on one sample.
    `call_batches()` is the same as `predict()` through a plain `model(x)` loop, where
    that differs (Lamina, Keras).
    """

    name = ""

    def unavailable(self) -> str | None:
        """Why this contender cannot run here, or None."""
        return None

    def versions(self) -> dict:
        return {}

    def load(self, x: np.ndarray, y: np.ndarray, family: str) -> None:
        """Takes the data in the form this framework trains on (not counted in memory)."""
        self.x, self.y = x, y

    def build(self, arch: str) -> None:
        raise NotImplementedError

    def train(self, epochs: int) -> float:
        raise NotImplementedError

    def predict(self) -> np.ndarray:
        raise NotImplementedError

    def call_batches(self) -> np.ndarray | None:
        return None

    def single(self):
        raise NotImplementedError


def parse_args(description: str, argv=None):
    parser = argparse.ArgumentParser(description=description)
    from .families import FAMILIES

    parser.add_argument("--models", default=",".join(FAMILIES),
                        help="comma-separated: " + ", ".join(FAMILIES))
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--samples", type=int, default=2048, help="training set size (a multiple of 256)")
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs after one warm-up epoch")
    parser.add_argument("--predict-repeats", type=int, default=3)
    parser.add_argument("--latency-calls", type=int, default=300)
    return parser.parse_args(argv)


def measure(contender: Contender, arch: str, x, y, args) -> dict:
    """Training, inference, latency and memory figures for one model."""
    import torch

    from .families import FAMILIES

    contender.load(x, y, arch)
    contender.build(arch)
    # Memory is counted from here: building can import libraries (torch.optim pulls in
    # torch._dynamo, ~70 MiB of modules), which is not what training costs.
    gc.collect()
    base_rss = rss_mb()
    can_reset = reset_peak_rss()
    steps = len(x) // TRAIN_BATCH

    start = time.perf_counter()
    contender.train(1)
    warmup_s = time.perf_counter() - start
    faults, cpu = minor_faults(), time.process_time()
    start = time.perf_counter()
    loss = contender.train(args.epochs)
    train_s = time.perf_counter() - start
    faults, cpu = minor_faults() - faults, time.process_time() - cpu
    train_peak = peak_rss_mb()
    train_sps = args.epochs * len(x) / train_s

    figures = {
        "train_sps": train_sps,
        "train_first_epoch_s": warmup_s,
        "train_faults_per_step": faults / (args.epochs * steps),
        # CPU seconds per wall second: about the thread count when nothing else runs.
        "train_cpu_use": cpu / train_s,
        # With one thread, CPU time per step barely moves when other processes compete.
        "train_cpu_ms_per_step": cpu / (args.epochs * steps) * 1e3,
        "train_peak_rss_mb": train_peak,
        "train_extra_mb": train_peak - base_rss if can_reset else float("nan"),
        "final_loss": float(loss),
    }
    flops = train_flops_per_sample(arch)
    if flops is not None:
        figures["train_flops"] = train_sps * flops
    start = time.perf_counter()
    outputs = contender.predict()
    figures["predict_first_s"] = time.perf_counter() - start
    expected = (len(x), FAMILIES[arch].output_size)
    assert outputs.reshape(len(x), -1).shape == expected, (outputs.shape, expected)
    figures["predict_sps"] = len(x) / best_of(contender.predict, args.predict_repeats)
    if contender.call_batches() is not None:
        figures["call_sps"] = len(x) / best_of(contender.call_batches, args.predict_repeats)
    one = contender.single()
    with torch.no_grad():
        start = time.perf_counter()
        one()
        figures["latency_first_ms"] = (time.perf_counter() - start) * 1e3
        figures["latency_us"] = median_latency_us(one, args.latency_calls)
    figures["latency_grad_us"] = median_latency_us(one, args.latency_calls)
    return figures


def main(contender_class, argv=None) -> None:
    """Runs one contender on the requested models and prints one JSON line of figures."""
    contender = contender_class()
    args = parse_args(f"Benchmark contender {contender.name}", argv)
    if args.samples % 256:
        raise SystemExit("--samples must be a multiple of 256, so no batch is partial.")
    record = {"contender": contender.name, "malloc": os.environ.get("GLIBC_TUNABLES", "default")}
    reason = contender.unavailable()
    if reason:
        record["skipped"] = reason
        print(json.dumps(record), flush=True)
        return
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    record.update(
        threads=torch.get_num_threads(),
        versions={"python": sys.version.split()[0], "torch": torch.__version__, **contender.versions()},
        samples=args.samples,
        epochs=args.epochs,
        models={},
    )
    for arch in args.models.split(","):
        x, y = make_data(args.samples, arch)
        record["models"][arch] = measure(contender, arch, x, y, args)
        contender.__dict__.clear()  # drop the model before the next one is measured
        gc.collect()
    record["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(record), flush=True)

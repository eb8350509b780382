"""Where one training epoch's time goes: `torch.profiler` per contender, per step.

`python -m benchmarks.profile_step --model deeper --contenders lamina_eager,torch_channels_last`
profiles one warm epoch of each contender (in this process, one after the other) and prints
the operators with the most self CPU time, per training step, plus the share of the wall
time that no operator accounts for (Python and framework overhead).
"""

import argparse
import importlib
import time

from .common import TRAIN_BATCH, make_data, minor_faults


def _contender(module: str):
    mod = importlib.import_module(f"benchmarks.{module}")
    classes = [
        value for value in vars(mod).values()
        if isinstance(value, type) and getattr(value, "name", None) == module
    ]
    return classes[0]()


def profile(module: str, model: str, samples: int, rows: int, threads: int) -> dict:
    import torch
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    if threads:
        torch.set_num_threads(threads)
    contender = _contender(module)
    x, y = make_data(samples, model)
    contender.load(x, y, model)
    contender.build(model)
    contender.train(1)  # warm-up: first-call allocations, optimizer state
    steps = samples // TRAIN_BATCH
    start, faults = time.perf_counter(), minor_faults()
    contender.train(1)
    unprofiled = (time.perf_counter() - start) / steps
    faults = (minor_faults() - faults) / steps
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        contender.train(1)
        wall = (time.perf_counter() - start) / steps
    events = prof.key_averages()
    # Top-level operators only (no aten parent), so that nested calls are not counted twice.
    top_level = sum(
        e.cpu_time_total for e in prof.events()
        if e.cpu_parent is None and e.name.startswith(("aten::", "autograd::", "Optimizer", "torch::"))
    ) / 1e6 / steps
    table = events.table(sort_by="self_cpu_time_total", row_limit=rows)
    return {"module": module, "step_ms": unprofiled * 1e3, "profiled_step_ms": wall * 1e3,
            "faults_per_step": faults,
            "ops_ms": top_level * 1e3, "table": table}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="deeper",
                        help="reference, deeper, text, unet or mobilenet")
    parser.add_argument("--contenders", default="lamina_eager,torch_channels_last")
    parser.add_argument("--samples", type=int, default=512)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    for module in args.contenders.split(","):
        result = profile(module, args.model, args.samples, args.rows, args.threads)
        print(f"== {module} ({args.model}): {result['step_ms']:.2f} ms/step unprofiled "
              f"({result['faults_per_step']:.0f} page faults/step), "
              f"{result['profiled_step_ms']:.2f} ms/step profiled, of which top-level "
              f"operators {result['ops_ms']:.2f} ms (the rest is Python between them)")
        print(result["table"])


if __name__ == "__main__":
    main()

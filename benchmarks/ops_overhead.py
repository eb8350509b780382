"""Per-call overhead of `lamina.ops` over the torch function it wraps, with Keras 3 (torch
backend) measured in the same run.

    python -m benchmarks.ops_overhead [--calls 2000] [--repeats 7] [--threads 1]

Ten common ops on small float32 tensors (where the wrapper's overhead, not the kernel,
dominates). Each row is the median over `--repeats` (contenders taking turns) of the mean time per call over
`--calls` calls, after a warm-up; ratios divide by torch's median from the same run. The
target is lamina/torch <= 1.2. Keras is skipped when it is not installed.
"""

import argparse
import os
import statistics
import time

import torch

os.environ.setdefault("KERAS_BACKEND", "torch")


def _cases(ops):
    """`{name: (args, torch_fn, ops_fn)}`; `ops` is `lamina.ops` or `keras.ops`."""
    g = torch.Generator().manual_seed(0)
    a = torch.randn(8, 16, generator=g)
    b = torch.randn(16, 8, generator=g)
    c = torch.randn(8, 16, generator=g)
    cond = a > 0
    image = torch.randn(1, 8, 8, 3, generator=g)  # NHWC for ops.conv
    kernel = torch.randn(3, 3, 3, 4, generator=g)  # HWIO
    image_nchw = image.permute(0, 3, 1, 2).contiguous()
    kernel_oihw = kernel.permute(3, 2, 0, 1).contiguous()
    return {
        "matmul": (lambda: torch.matmul(a, b), lambda: ops.matmul(a, b)),
        "add": (lambda: torch.add(a, c), lambda: ops.add(a, c)),
        "relu": (lambda: torch.relu(a), lambda: ops.relu(a)),
        "softmax": (lambda: torch.softmax(a, -1), lambda: ops.softmax(a, axis=-1)),
        "reshape": (lambda: torch.reshape(a, (16, 8)), lambda: ops.reshape(a, (16, 8))),
        "transpose": (lambda: torch.permute(a, (1, 0)), lambda: ops.transpose(a)),
        "concatenate": (lambda: torch.cat([a, c], 0), lambda: ops.concatenate([a, c], axis=0)),
        "mean": (lambda: torch.mean(a, -1), lambda: ops.mean(a, axis=-1)),
        # torch's natural conv call is NCHW; ops.conv takes Keras's NHWC + HWIO.
        "conv": (
            lambda: torch.nn.functional.conv2d(image_nchw, kernel_oihw),
            lambda: ops.conv(image, kernel),
        ),
        "where": (lambda: torch.where(cond, a, c), lambda: ops.where(cond, a, c)),
    }


def _per_call(fns: list, calls: int, repeats: int) -> list[float]:
    """Median seconds per call of each function; the contenders take turns within every
    repeat, so background load on a shared machine hits them alike."""
    for fn in fns:
        for _ in range(max(calls // 10, 10)):
            fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            times[i].append((time.perf_counter() - start) / calls)
    return [statistics.median(t) for t in times]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    import lamina.ops

    try:
        import keras

        keras_ops = keras.ops if keras.backend.backend() == "torch" else None
    except ImportError:
        keras_ops = None
    ours = _cases(lamina.ops)
    theirs = _cases(keras_ops) if keras_ops is not None else {}
    results = {}
    print(f"{'op':<12}{'torch us':>10}{'lamina us':>11}{'keras us':>10}"
          f"{'lamina/torch':>14}{'keras/torch':>13}")
    for name, (torch_fn, lamina_fn) in ours.items():
        fns = [torch_fn, lamina_fn] + ([theirs[name][1]] if theirs else [])
        t, lam, *rest = _per_call(fns, args.calls, args.repeats)
        ker = rest[0] if rest else float("nan")
        results[name] = dict(torch=t, lamina=lam, keras=ker)
        print(f"{name:<12}{t * 1e6:>10.2f}{lam * 1e6:>11.2f}{ker * 1e6:>10.2f}"
              f"{lam / t:>14.2f}{ker / t:>13.2f}")
    ratios = [r["lamina"] / r["torch"] for r in results.values()]
    print(f"median lamina/torch: {statistics.median(ratios):.2f}   max: {max(ratios):.2f}")
    if theirs:
        kratios = [r["keras"] / r["torch"] for r in results.values()]
        print(f"median keras/torch:  {statistics.median(kratios):.2f}   max: {max(kratios):.2f}")
    return results


if __name__ == "__main__":
    main()

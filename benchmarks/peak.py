"""The float32 matmul peak of this machine at the given thread count, the denominator of
the FLOP-share figure. Prints one JSON line: `{"threads", "matmul_flops", "by_size"}`."""

import argparse
import json

from .common import best_of


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    by_size = {}
    for n in (512, 1024, 2048):
        a, b, out = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
        seconds = best_of(lambda a=a, b=b, out=out: torch.mm(a, b, out=out), args.repeats)
        by_size[n] = 2 * n**3 / seconds
    print(json.dumps({
        "contender": "peak",
        "threads": torch.get_num_threads(),
        "matmul_flops": max(by_size.values()),
        "by_size": by_size,
    }), flush=True)


if __name__ == "__main__":
    main()

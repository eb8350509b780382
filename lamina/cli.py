"""The `lamina` command line."""

import argparse
import sys


def _demo(args) -> int:
    from .demo import run_demo

    run_demo(epochs=args.epochs, verbose=2 if args.quiet else 1, seed=args.seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lamina", description="Lamina: Keras models on PyTorch.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="train the reference Conv2D -> Flatten -> Dense model on scikit-learn's digits"
    )
    demo.add_argument("--epochs", type=int, default=5, help="training epochs (default 5)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--quiet", action="store_true", help="one line per epoch instead of progress bars")
    demo.set_defaults(run=_demo)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

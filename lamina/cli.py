"""The `lamina` command line: `demo`, `overfitting`, `summary`, `plot` and `export`."""

import argparse
import sys
from pathlib import Path


class CommandError(Exception):
    """A failure the user can fix, reported as one line on stderr (exit code 1)."""


def _demo(args) -> int:
    from .demo import run_demo

    plot = None if args.no_plot else args.plot
    run_demo(epochs=args.epochs, verbose=2 if args.quiet else 1, seed=args.seed, plot_path=plot)
    return 0


def _overfitting(args) -> int:
    from .demo import run_overfitting_demo

    run_overfitting_demo(epochs=args.epochs, per_class=args.per_class, seed=args.seed,
                         plot_path=None if args.no_plot else args.plot)
    return 0


def _load(path: str):
    if not Path(path).is_file():
        raise CommandError(f"no such file: {path}")
    from .saving import load_model

    try:
        return load_model(path, compile=False)
    except Exception as error:  # a bad archive raises many kinds; the user needs one line
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CommandError(f"cannot load '{path}': {reason}") from error


def _summary(args) -> int:
    _load(args.file).summary(line_length=args.line_length, show_trainable=args.show_trainable,
                             extra=not args.plain)
    return 0


def _plot(args) -> int:
    model = _load(args.file)
    output = args.output or str(Path(args.file).with_suffix(".png"))
    try:
        from .utils.plotting import plot_model

        plot_model(model, to_file=output, show_shapes=not args.no_shapes,
                   show_layer_names=not args.no_layer_names, rankdir=args.rankdir, dpi=args.dpi,
                   show_layer_activations=args.activations)
    except ImportError as error:
        raise CommandError(f"plotting needs matplotlib: pip install matplotlib ({error})") from error
    except (ValueError, OSError) as error:
        raise CommandError(str(error).splitlines()[0]) from error
    print(f"Saved {output}")
    return 0


_EXPORT_SUFFIXES = {".onnx": "onnx", ".pt2": "torch"}


def _export(args) -> int:
    output, fmt = args.output, args.format
    suffix = Path(output).suffix.lower() if output else None
    if fmt is None:
        if output is None:
            fmt = "onnx"
        elif suffix in _EXPORT_SUFFIXES:
            fmt = _EXPORT_SUFFIXES[suffix]
        else:
            raise CommandError(f"cannot tell the format of '{output}': name it .onnx or .pt2, or pass --format")
    elif suffix in _EXPORT_SUFFIXES and _EXPORT_SUFFIXES[suffix] != fmt:
        raise CommandError(f"'{output}' has the suffix of format {_EXPORT_SUFFIXES[suffix]!r}, not {fmt!r}")
    if output is None:
        output = str(Path(args.file).with_suffix(".onnx" if fmt == "onnx" else ".pt2"))
    model = _load(args.file)
    from . import export  # noqa: F401  (plugs `Model.export`'s handler in)

    try:
        model.export(output, format=fmt, verbose=True)
    except (ValueError, TypeError, ImportError, OSError) as error:
        raise CommandError(str(error).splitlines()[0] if str(error) else type(error).__name__) from error
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lamina", description="Lamina: Keras models on PyTorch.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="train the reference Conv2D -> Flatten -> Dense model on scikit-learn's digits",
        description="Train the reference Conv2D -> Flatten -> Dense model on scikit-learn's digits: "
        "prints the summary with its hot-spot note, trains, and saves the history plot.",
    )
    demo.add_argument("--epochs", type=int, default=5, help="training epochs (default 5)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--quiet", action="store_true", help="one line per epoch instead of progress bars")
    demo.add_argument("--plot", default="history.png", metavar="PATH",
                      help="where to save the training history plot (default history.png)")
    demo.add_argument("--no-plot", action="store_true", help="don't save the history plot")
    demo.set_defaults(run=_demo)

    summary = commands.add_parser(
        "summary", help="print the summary of a .keras model file (Lamina- or Keras-written)",
        description="Print a .keras model's summary: layers, output shapes, parameters, their share, "
        "MACs and activation memory per sample, and the Flatten -> Dense hot-spot note.",
    )
    summary.add_argument("file", help="path to a .keras file")
    summary.add_argument("--plain", action="store_true", help="only Keras's columns, no analysis")
    summary.add_argument("--line-length", type=int, default=None, metavar="N", help="table width in characters")
    summary.add_argument("--show-trainable", action="store_true", help="add Keras's Trainable column")
    summary.set_defaults(run=_summary)

    plot = commands.add_parser(
        "plot", help="draw a .keras model file as a diagram (PNG, SVG or PDF)",
        description="Draw a .keras model's layers with output shapes and parameter counts; a Flatten "
        "-> Dense hot spot is highlighted. The output format follows the extension of -o.",
    )
    plot.add_argument("file", help="path to a .keras file")
    plot.add_argument("-o", "--output", default=None, metavar="PATH",
                      help="image to write: .png, .svg or .pdf (default: the model's name with .png)")
    plot.add_argument("--rankdir", choices=("TB", "LR"), default="TB", help="top-to-bottom (default) or left-to-right")
    plot.add_argument("--dpi", type=int, default=200, help="PNG resolution (default 200)")
    plot.add_argument("--no-shapes", action="store_true", help="leave the output shapes out")
    plot.add_argument("--no-layer-names", action="store_true", help="show class names only")
    plot.add_argument("--activations", action="store_true", help="show each layer's activation")
    plot.set_defaults(run=_plot)

    overfitting = commands.add_parser(
        "overfitting", help="the Flatten -> Dense model overfits a small image set; augmentation and "
        "Dropout narrow the gap (histories side by side)",
    )
    overfitting.add_argument("--epochs", type=int, default=60, help="training epochs (default 60)")
    overfitting.add_argument("--per-class", type=int, default=20, help="training images per digit (default 20)")
    overfitting.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    overfitting.add_argument("--plot", default="overfitting.png", metavar="PATH",
                             help="where to save the side-by-side history plot (default overfitting.png)")
    overfitting.add_argument("--no-plot", action="store_true", help="do not save the plot")
    overfitting.set_defaults(run=_overfitting)

    export = commands.add_parser(
        "export", help="export a .keras model file for inference: ONNX or a torch.export program",
        description="Export a .keras model's inference graph with a dynamic batch axis: ONNX (for "
        "onnxruntime; needs `pip install lamina[onnx]`) or a torch.export program (.pt2, for "
        "`torch.export.load`). The format follows the extension of -o unless --format is given.",
    )
    export.add_argument("file", help="path to a .keras file")
    export.add_argument("-o", "--output", default=None, metavar="PATH",
                        help="file to write: .onnx or .pt2 (default: the model's name with .onnx)")
    export.add_argument("--format", choices=("onnx", "torch"), default=None,
                        help="onnx or torch (default: from the suffix of -o, else onnx)")
    export.set_defaults(run=_export)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as error:
        print(f"lamina {args.command}: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

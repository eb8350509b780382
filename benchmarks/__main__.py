"""`python -m benchmarks [--quick] [--repeats N] [--out DIR]`: run, then write
`DIR/latest.md` and `DIR/latest.json` and print the markdown."""

import argparse
import json
import sys
from pathlib import Path

from . import driver, report


def _threads(text: str) -> list[int]:
    return [int(t) for t in text.split(",") if t]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples, one timed epoch, 2 threads only, no torch.compile")
    parser.add_argument("--repeats", type=int, default=3, help="runs per contender (median, min–max)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"),
                        help="directory for latest.md and latest.json")
    parser.add_argument("--threads", type=_threads, default=None, help="e.g. 1,2 (default: 1,2; quick: 2)")
    parser.add_argument("--models", default=None,
                        help="comma-separated subset of: reference,deeper,text,unet,mobilenet")
    parser.add_argument("--samples", type=int, default=None, help="training samples (multiple of 256)")
    parser.add_argument("--epochs", type=int, default=None, help="timed epochs")
    parser.add_argument("--no-compile", action="store_true", help="skip the torch.compile contenders")
    parser.add_argument("--compile-repeats", type=int, default=None,
                        help="runs per torch.compile contender (default: --repeats); each run "
                             "compiles for about a minute per model on 2 cores")
    parser.add_argument("--malloc", choices=("tuned", "default"), default="tuned",
                        help="glibc malloc thresholds for every contender (see driver.TUNED_MALLOC)")
    parser.add_argument("--from-json", default=None, metavar="PATH",
                        help="re-render the markdown from an earlier latest.json; runs nothing")
    options = parser.parse_args(argv)
    if options.repeats < 1:
        parser.error("--repeats must be at least 1")
    if options.compile_repeats is not None and not 1 <= options.compile_repeats <= options.repeats:
        parser.error("--compile-repeats must be between 1 and --repeats")
    if options.from_json:
        print(report.markdown(report.load(options.from_json)))
        return
    result = driver.run(options, log=lambda text: print(text, file=sys.stderr, flush=True))
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    text = report.markdown(result)
    (out / "latest.md").write_text(text)
    (out / "latest.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(text)
    print(f"Wrote {out / 'latest.md'} and {out / 'latest.json'}.", file=sys.stderr)


if __name__ == "__main__":
    main()

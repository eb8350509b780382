"""How long `import <module>` takes on top of `import torch`, in a fresh interpreter.

`python -m benchmarks.imports --module lamina` prints one JSON line; `offenders()` runs
`python -X importtime` and lists what the module's own import tree spends most on.

Lamina's namespaces load on first use, so the line also has `first_model_s`: building a
first `Sequential([Input, Dense])` right after the import, which loads the layer base,
`Dense` and the model classes (the same code for `lamina` and `keras`).
"""

import argparse
import importlib
import json
import os
import subprocess
import sys
import time


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--module", default="lamina")
    args = parser.parse_args(argv)
    if args.module == "keras":
        os.environ.setdefault("KERAS_BACKEND", "torch")
    start = time.perf_counter()
    import torch  # noqa: F401

    middle = time.perf_counter()
    module = importlib.import_module(args.module)
    end = time.perf_counter()
    module.Sequential([module.Input((3,)), module.layers.Dense(2)])
    built = time.perf_counter()
    print(json.dumps({
        "contender": f"import_{args.module}",
        "torch_s": middle - start,
        "module_s": end - middle,
        "first_model_s": built - end,
    }), flush=True)


def offenders(module: str = "lamina", top: int = 10, env=None) -> list[dict]:
    """The slowest imports under `module` once torch is loaded (cumulative and self, in s).

    Only modules that `import torch` did not already load appear, so this is exactly
    what `import <module>` adds.
    """
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import torch; import {module}"],
        capture_output=True, text=True, env=env, check=True,
    )
    rows, after_torch = [], False
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = line[len("import time:"):].split("|")
        if not fields[0].strip().isdigit():
            continue  # the header line
        name = fields[2][1:].rstrip()  # "| name", two more spaces per level
        if name.strip() == "torch" and not name.startswith(" "):
            after_torch = True
            continue
        if after_torch:
            rows.append({
                "module": name.strip(),
                "depth": (len(name) - len(name.lstrip())) // 2,
                "self_s": int(fields[0]) / 1e6,
                "cumulative_s": int(fields[1]) / 1e6,
            })
    rows.sort(key=lambda row: row["self_s"], reverse=True)
    return rows[:top]


if __name__ == "__main__":
    main()

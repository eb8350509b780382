"""Runs every contender in fresh subprocesses, repeats them, and aggregates the figures.

The repeats are the outer loop, so that a burst of background load hits every contender
about equally; each job is one (contender, model, threads) in its own interpreter.
"""

import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import imports
from .families import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
# torch_nchw and torch_channels_last are the idiomatic PyTorch loop in its two memory
# formats (the report takes the faster per model); torch_keras_loss is the extra row.
EAGER = ("lamina_eager", "torch_nchw", "torch_channels_last", "torch_keras_loss", "keras_torch")
COMPILED = ("lamina_compile", "torch_compile")
# glibc returns freed heap tops to the kernel (trim) and serves big blocks with fresh
# mmaps; every training step then page-faults its activations back in, which cost
# milliseconds per step here. Both thresholds raised, for every contender alike.
TUNED_MALLOC = "glibc.malloc.trim_threshold=4294967296:glibc.malloc.mmap_threshold=33554432"


def _env(threads: int, malloc: str) -> dict:
    env = dict(os.environ)
    env["KERAS_BACKEND"] = "torch"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    if threads:
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    env.pop("GLIBC_TUNABLES", None)
    if malloc == "tuned":
        env["GLIBC_TUNABLES"] = TUNED_MALLOC
    return env


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def run_job(module: str, argv: list[str], env: dict, timeout: float) -> dict:
    """One fresh interpreter; the figures are the last JSON line it prints."""
    start, load = time.perf_counter(), _load()
    try:
        done = subprocess.run(
            [sys.executable, "-m", f"benchmarks.{module}", *argv],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"contender": module, "error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return {"contender": module, "error": " | ".join(tail) or f"exit {done.returncode}"}
    record = json.loads(lines[-1])
    record.update(wall_s=time.perf_counter() - start, load_before=load, load_after=_load())
    return record


def plan(options) -> dict:
    quick = options.quick
    return {
        "samples": options.samples or (512 if quick else 2048),
        "epochs": options.epochs or (1 if quick else 2),
        "latency_calls": 200 if quick else 300,
        "predict_repeats": 2 if quick else 3,
        "threads": options.threads or ([2] if quick else [1, 2]),
        "repeats": options.repeats,
        "models": options.models.split(",") if options.models else list(FAMILIES),
        "contenders": list(EAGER) + ([] if quick or options.no_compile else list(COMPILED)),
        "compile_threads": max(options.threads or [2]),
        "compile_repeats": getattr(options, "compile_repeats", None) or options.repeats,
        "malloc": options.malloc,
    }


def run(options, log=print) -> dict:
    """Runs the plan and returns every raw record plus the aggregated summary."""
    settings = plan(options)
    started = time.perf_counter()
    records = []
    import_env = _env(0, settings["malloc"])

    def note(record, what):
        figures = record.get("error") or record.get("skipped") or "ok"
        log(f"[{time.perf_counter() - started:6.0f}s] {what}: {figures}")

    for repeat in range(settings["repeats"]):
        for threads in settings["threads"]:
            env = _env(threads, settings["malloc"])
            if repeat == 0 or not options.quick:
                peak = run_job("peak", ["--threads", str(threads)], env, 120)
                peak.update(repeat=repeat)
                records.append(peak)
                note(peak, f"repeat {repeat + 1} peak matmul, {threads} thread(s)")
            for model in settings["models"]:
                for contender in settings["contenders"]:
                    if contender in COMPILED and (threads != settings["compile_threads"]
                                                  or repeat >= settings["compile_repeats"]):
                        continue
                    if contender == "torch_channels_last" and not FAMILIES[model].image:
                        continue  # no 4-D tensors: the same loop as torch_nchw
                    argv = [
                        "--models", model, "--threads", str(threads),
                        "--samples", str(settings["samples"]), "--epochs", str(settings["epochs"]),
                        "--latency-calls", str(settings["latency_calls"]),
                        "--predict-repeats", str(settings["predict_repeats"]),
                    ]
                    record = run_job(contender, argv, env, 600)
                    record.update(repeat=repeat, model=model, requested_threads=threads)
                    records.append(record)
                    note(record, f"repeat {repeat + 1} {contender} {model}, {threads} thread(s)")
        for module in ("lamina", "keras"):
            if importlib.util.find_spec(module) is None:
                continue
            record = run_job("imports", ["--module", module], import_env, 120)
            record.update(repeat=repeat)
            records.append(record)
    try:
        offenders = imports.offenders("lamina", env=import_env)
    except subprocess.CalledProcessError as error:
        offenders = [{"module": f"failed: {error.stderr.strip().splitlines()[-1:]}"}]
    return {
        "meta": _meta(settings, time.perf_counter() - started),
        "settings": settings,
        "summary": summarize(records),
        "import_offenders": offenders,
        "records": records,
    }


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def summarize(records: list[dict]) -> dict:
    """`{contender: {threads: {model: {figure: stats}}}}`, plus peaks and import times."""
    grouped: dict = {}
    for record in records:
        if "error" in record or "skipped" in record:
            continue
        name = record["contender"]
        if name == "peak":
            grouped.setdefault("peak", {}).setdefault(record["threads"], []).append(record["matmul_flops"])
        elif name.startswith("import_"):
            for key in ("torch_s", "module_s", "first_model_s"):
                if key in record:  # older records have no first_model_s
                    grouped.setdefault(name, {}).setdefault(key, []).append(record[key])
        else:
            for model, figures in record["models"].items():
                by_figure = grouped.setdefault(name, {}).setdefault(record["threads"], {}).setdefault(model, {})
                for figure, value in figures.items():
                    by_figure.setdefault(figure, []).append(value)
    summary: dict = {}
    for name, by_threads in grouped.items():
        if name == "peak":
            summary["peak"] = {t: _stats(v) for t, v in by_threads.items()}
        elif name.startswith("import_"):
            summary[name] = {k: _stats(v) for k, v in by_threads.items()}
        else:
            summary[name] = {
                t: {m: {f: _stats(v) for f, v in figs.items()} for m, figs in models.items()}
                for t, models in by_threads.items()
            }
    summary["skipped"] = sorted({f"{r['contender']}: {r['skipped']}" for r in records if "skipped" in r})
    summary["errors"] = [f"{r['contender']} {r.get('model', '')}: {r['error']}" for r in records if "error" in r]
    return summary


def _meta(settings, seconds) -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "duration_s": seconds,
    }

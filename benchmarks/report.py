"""Ratios, target checks and the markdown table, from the driver's summary.

Every ratio is Lamina over the idiomatic PyTorch loop (logits + `F.cross_entropy` or
`binary_cross_entropy_with_logits`, fused Adam, `inference_mode` prediction) in whichever
memory format, NCHW or channels_last, is faster for that model and figure; the ratio
table names the contender it divided by. `torch_keras_loss` is never a baseline.
"""

TORCH = ("torch_nchw", "torch_channels_last")
SHORT = {"torch_nchw": "NCHW", "torch_channels_last": "channels_last"}
LABELS = {
    "lamina_eager": "Lamina (eager)",
    "torch_nchw": "PyTorch idiomatic, NCHW",
    "torch_channels_last": "PyTorch idiomatic, channels_last",
    "torch_keras_loss": "torch, Keras's clipped-probability crossentropy on softmax outputs (extra row)",
    "keras_torch": "Keras 3, torch backend",
    "lamina_compile": "Lamina + torch.compile",
    "torch_compile": "PyTorch channels_last + torch.compile",
}
# (figure, header, higher is better, format)
COLUMNS = (
    ("train_sps", "train samples/s", True, "{:,.0f}"),
    ("train_cpu_ms_per_step", "train CPU ms/step", False, "{:,.1f}"),
    ("predict_sps", "predict samples/s", True, "{:,.0f}"),
    ("call_sps", "model(x) samples/s", True, "{:,.0f}"),
    ("latency_us", "batch-1 µs (no_grad)", False, "{:,.0f}"),
    ("latency_grad_us", "batch-1 µs (grad on)", False, "{:,.0f}"),
    ("train_extra_mb", "train +MiB", False, "{:,.0f}"),
    ("train_peak_rss_mb", "peak RSS MiB", False, "{:,.0f}"),
    ("train_faults_per_step", "page faults/step", False, "{:,.0f}"),
)


def _median(summary, contender, threads, model, figure):
    try:
        return summary[contender][threads][model][figure]["median"]
    except KeyError:
        return None


def _best_torch(summary, threads, model, figure, higher):
    return _best_torch_named(summary, threads, model, figure, higher)[0]


def _best_torch_named(summary, threads, model, figure, higher):
    """(median, contender) of the faster idiomatic torch loop, or (None, None)."""
    values = [(_median(summary, c, threads, model, figure), c) for c in TORCH]
    values = [(v, c) for v, c in values if v is not None]
    if not values:
        return None, None
    return max(values) if higher else min(values)


def ratios(summary, threads, model) -> dict:
    """Lamina over the best hand-written PyTorch loop (and Keras) of the same run."""
    out = {}
    for figure, _, higher, _ in COLUMNS:
        mine = _median(summary, "lamina_eager", threads, model, figure)
        base = _best_torch(summary, threads, model, figure if figure != "call_sps" else "predict_sps", higher)
        if mine is not None and base:
            out[figure] = mine / base
    keras = _median(summary, "keras_torch", threads, model, "train_sps")
    mine = _median(summary, "lamina_eager", threads, model, "train_sps")
    if keras and mine:
        out["train_vs_keras"] = mine / keras
    keras_loss = _median(summary, "torch_keras_loss", threads, model, "train_sps")
    if keras_loss and mine:
        out["train_vs_keras_loss"] = mine / keras_loss
    peak = summary.get("peak", {}).get(threads, {}).get("median")
    if peak and mine and _median(summary, "lamina_eager", threads, model, "train_flops"):
        out["flop_share"] = _median(summary, "lamina_eager", threads, model, "train_flops") / peak
        out["flop_share_torch"] = max(
            (_median(summary, c, threads, model, "train_flops") or 0) for c in TORCH
        ) / peak
    compiled = _median(summary, "lamina_compile", threads, model, "train_sps")
    if compiled and mine:
        out["compile_train_speedup"] = compiled / mine
        out["compile_predict_speedup"] = (
            _median(summary, "lamina_compile", threads, model, "predict_sps")
            / _median(summary, "lamina_eager", threads, model, "predict_sps")
        )
    return out


def _cell(stats, fmt):
    if stats is None:
        return "–"
    text = fmt.format(stats["median"])
    if stats["n"] > 1 and stats["min"] != stats["max"]:
        text += f" ({fmt.format(stats['min'])}–{fmt.format(stats['max'])})"
    return text


def _mark(ok):
    return "–" if ok is None else ("met" if ok else "**not met**")


def targets(result) -> list[tuple[str, str, bool | None]]:
    summary, settings = result["summary"], result["settings"]
    rows = []
    for threads in settings["threads"]:
        for model in settings["models"]:
            r = ratios(summary, threads, model)
            t = f"{model}, {threads} thr"
            _, base = _best_torch_named(summary, threads, model, "train_sps", True)
            against = f" (vs {SHORT[base]})" if base else ""
            rows.append((f"train ≥ 1.0× idiomatic PyTorch loop ({t})",
                         _x(r.get("train_sps")) + against, _ge(r.get("train_sps"), 1.0)))
            rows.append((f"train ≥ 2× Keras 3 torch ({t})", _x(r.get("train_vs_keras")),
                         _ge(r.get("train_vs_keras"), 2.0)))
            rows.append((f"predict ≥ 1.0× inference_mode loop ({t})", _x(r.get("predict_sps")),
                         _ge(r.get("predict_sps"), 1.0)))
            cl = _median(summary, "torch_channels_last", threads, model, "latency_us") \
                or _median(summary, "torch_nchw", threads, model, "latency_us")
            mine = _median(summary, "lamina_eager", threads, model, "latency_us")
            vs_cl = mine / cl if mine and cl else None
            rows.append((f"batch-1 call ≤ 1.15× torch module ({t})",
                         f"{_x(vs_cl)} the channels_last module (NCHW for text), "
                         f"{_x(r.get('latency_us'))} the fastest",
                         _le(vs_cl, 1.15)))
            rows.append((f"training memory ≤ 1.1× PyTorch ({t})", _x(r.get("train_extra_mb")),
                         _le(r.get("train_extra_mb"), 1.1)))
            if model == "deeper":
                share = r.get("flop_share")
                rows.append((f"train FLOP/s ≥ 60 % of matmul peak ({t})",
                             "–" if share is None else f"{share:.0%} (best PyTorch {r['flop_share_torch']:.0%})",
                             _ge(share, 0.6)))
    imports = summary.get("import_lamina", {}).get("module_s")
    if imports:
        first = summary["import_lamina"].get("first_model_s")
        also = f" (+{first['median']:.3f} s to build a first model)" if first else ""
        rows.append(("`import lamina` adds ≤ 0.15 s over torch", f"{imports['median']:.3f} s{also}",
                     imports["median"] <= 0.15))
    return rows


def _x(value):
    return "–" if value is None else f"{value:.2f}×"


def _ge(value, bound):
    return None if value is None else value >= bound


def _le(value, bound):
    return None if value is None else value <= bound


def load(path) -> dict:
    """A `latest.json` with its thread-count keys turned back into ints (JSON made them strings)."""
    import json

    def ints(value):
        if isinstance(value, dict):
            return {int(k) if isinstance(k, str) and k.isdigit() else k: ints(v) for k, v in value.items()}
        return value

    result = json.loads(open(path).read())
    result["summary"] = ints(result["summary"])
    return result


def markdown(result) -> str:
    summary, settings, meta = result["summary"], result["settings"], result["meta"]
    loads = [r[k] for r in result.get("records", []) for k in ("load_before", "load_after") if k in r]
    lines = [
        "# Lamina benchmarks",
        "",
        f"{meta['date']}; {meta['cpu']}, {meta['cores']} cores; Python {meta['python']}; "
        f"{settings['samples']} samples, {settings['epochs']} timed epoch(s) after a warm-up "
        f"epoch, batch 64 (train) / 256 (predict); median (min–max) of {settings['repeats']} "
        f"runs, each contender in a fresh process; malloc: {settings['malloc']}; "
        f"run took {meta['duration_s']:.0f} s"
        + (f"; 1-min load average {min(loads):.1f}–{max(loads):.1f} (2 = both cores busy)." if loads else "."),
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {value} | {_mark(ok)} |" for name, value, ok in targets(result)]
    for threads in settings["threads"]:
        peak = summary.get("peak", {}).get(threads)
        peak_text = f"; float32 matmul peak {peak['median'] / 1e9:,.0f} GFLOP/s" if peak else ""
        lines += ["", f"## {threads} thread(s){peak_text}", ""]
        lines.append("| model | contender | " + " | ".join(c[1] for c in COLUMNS) + " | train GFLOP/s |")
        lines.append("|---" * (len(COLUMNS) + 3) + "|")
        for model in settings["models"]:
            for contender in LABELS:
                figures = summary.get(contender, {}).get(threads, {}).get(model)
                if not figures:
                    continue
                cells = [_cell(figures.get(c[0]), c[3]) for c in COLUMNS]
                flops = figures.get("train_flops")
                gflops = "–" if flops is None else f"{flops['median'] / 1e9:.1f}"
                lines.append(f"| {model} | {LABELS[contender]} | " + " | ".join(cells) + f" | {gflops} |")
        lines += ["", "Lamina ÷ the faster idiomatic PyTorch loop of the same run (logits + "
                  "`F.cross_entropy`/BCE-with-logits, fused Adam, `inference_mode` predict), per "
                  "figure; \"train vs\" names the memory format that won training. "
                  "\"÷ Keras-loss torch\" divides by the extra row, not a baseline:", ""]
        ratio_columns = [c for c in COLUMNS if c[0] != "train_faults_per_step"]
        lines.append("| model | train vs | " + " | ".join(c[1] for c in ratio_columns)
                     + " | train ÷ Keras | train ÷ Keras-loss torch | FLOP share |")
        lines.append("|---" * (len(ratio_columns) + 5) + "|")
        for model in settings["models"]:
            r = ratios(summary, threads, model)
            _, base = _best_torch_named(summary, threads, model, "train_sps", True)
            cells = [_x(r.get(c[0])) for c in ratio_columns]
            share = r.get("flop_share")
            lines.append(f"| {model} | {SHORT.get(base, '–')} | " + " | ".join(cells)
                         + f" | {_x(r.get('train_vs_keras'))} | {_x(r.get('train_vs_keras_loss'))} | "
                         + ("–" if share is None else f"{share:.0%}") + " |")
    lines += _compile_section(result)
    lines += _import_section(result)
    if summary.get("skipped") or summary.get("errors"):
        lines += ["", "## Skipped and failed", ""]
        lines += [f"- skipped: {s}" for s in summary.get("skipped", [])]
        lines += [f"- error: {e}" for e in summary.get("errors", [])]
    return "\n".join(lines) + "\n"


def _compile_section(result) -> list[str]:
    summary, settings = result["summary"], result["settings"]
    threads = settings["compile_threads"]
    if "lamina_compile" not in summary and "torch_compile" not in summary:
        return []
    lines = ["", f"## torch.compile ({threads} threads)", "",
             "First epoch / first predict / first call include compilation; compiled contenders "
             f"ran {settings.get('compile_repeats', settings['repeats'])} time(s), eager ones "
             f"{settings['repeats']}.", "",
             "| model | contender | train samples/s | first epoch s | predict samples/s "
             "| first predict s | batch-1 µs | first call ms |",
             "|---|---|---|---|---|---|---|---|"]
    for model in settings["models"]:
        for contender in ("lamina_eager", "lamina_compile", "torch_channels_last", "torch_compile"):
            f = summary.get(contender, {}).get(threads, {}).get(model)
            if not f:
                continue
            lines.append(
                f"| {model} | {LABELS[contender]} | {_cell(f['train_sps'], '{:,.0f}')} | "
                f"{_cell(f['train_first_epoch_s'], '{:.1f}')} | {_cell(f['predict_sps'], '{:,.0f}')} | "
                f"{_cell(f['predict_first_s'], '{:.2f}')} | {_cell(f['latency_us'], '{:,.0f}')} | "
                f"{_cell(f['latency_first_ms'], '{:,.0f}')} |"
            )
    return lines


def _import_section(result) -> list[str]:
    summary = result["summary"]
    lines = ["", "## Import time", ""]
    for module in ("lamina", "keras"):
        stats = summary.get(f"import_{module}")
        if stats:
            first = stats.get("first_model_s")
            lines.append(f"- `import {module}` after `import torch`: {_cell(stats['module_s'], '{:.3f}')} s "
                         f"(`import torch`: {_cell(stats['torch_s'], '{:.2f}')} s)"
                         + (f"; then a first `Sequential([Input, Dense])`: {_cell(first, '{:.3f}')} s"
                            if first else ""))
    offenders = result.get("import_offenders") or []
    if offenders:
        lines += ["", "Slowest modules that `import lamina` adds (`python -X importtime`, self time):", ""]
        lines += [
            f"- `{row['module']}`: {row.get('self_s', 0) * 1e3:.1f} ms self, "
            f"{row.get('cumulative_s', 0) * 1e3:.1f} ms cumulative"
            for row in offenders
        ]
    return lines

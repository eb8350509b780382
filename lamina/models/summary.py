"""`model.summary()`: Keras's table of layers, output shapes and parameter counts.

Beyond Keras, and on by default (`extra=False` gives the plain table), the table shows
where the size goes: each layer's share of the parameters, its multiply-accumulates
(MACs) per sample and its activation memory per sample, with totals under the table,
then a note when a Dense fed by Flatten holds more than half of the parameters. The
figures come from `lamina.analysis.profile`, whose docstrings state the conventions.
"""

import io
import re
import shutil

from ..layers.input_layer import InputLayer
from ..layers.layer_weights import count_params


def format_bytes(size: float) -> str:
    """Keras's size notation: base-1024 units with two decimals (`1.10 MB`, `0.00 B`)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def weights_size(weights) -> tuple[int, int]:
    """(element count, bytes) of a list of tensors, each distinct tensor once."""
    distinct = list({id(w): w for w in weights}.values())
    return count_params(distinct), sum(w.numel() * w.element_size() for w in distinct)


def shape_text(shape) -> str:
    if shape is None:
        return "?"
    shapes = shape if isinstance(shape, list) else [shape]
    return ", ".join(str(tuple(s)) for s in shapes)


def param_text(layer) -> str:
    if not layer.built:
        return "0 (unbuilt)"
    return f"{layer.count_params():,}"


def share_text(row) -> str:
    if not row.params:
        return "-"
    return "<0.1%" if row.param_share < 0.0005 else f"{row.param_share:.1%}"


def summary_rows(model, show_trainable=False, extra=True, layer_range=None, expand_nested=False):
    """The table's headers and one row of cells per layer (with `expand_nested`, a nested
    model's layers follow its row, indented)."""
    from ..analysis import profile

    report = profile(model)
    functional = hasattr(model, "_nodes")
    branching = functional and any(len(node.input_tensors) > 1 for node in model._nodes)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if extra:
        headers += ["% Params", "MACs", "Act. memory"]
    if branching:
        headers.append("Connected to")
    if show_trainable:
        headers.append("Trainable")
    start, stop = layer_index_range(model.layers, layer_range)
    rows = []
    for layer, numbers in list(zip(model.layers, report.layers))[start:stop]:
        row = [f"{layer.name} ({type(layer).__name__})", shape_text(numbers.output_shape), param_text(layer)]
        if extra:
            row += [
                share_text(numbers),
                "?" if numbers.macs is None else f"{numbers.macs:,}",
                "?" if numbers.activation_bytes is None else format_bytes(numbers.activation_bytes),
            ]
        if branching:
            row.append(_connections(layer))
        if show_trainable:
            row.append("-" if not layer.weights and layer.built else ("Y" if layer.trainable else "N"))
        rows.append(row)
        if expand_nested and hasattr(layer, "layers"):
            rows += _nested_rows(layer, len(headers), show_trainable, depth=1)
    return headers, rows, report


def _nested_rows(model, columns, show_trainable, depth):
    """Rows for the layers inside a nested model: name, output shape, parameters."""
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        try:
            shape = shape_text(tuple(layer.output.shape))
        except AttributeError:
            shape = "?"
        row = [f"{'  ' * depth}└ {layer.name} ({type(layer).__name__})", shape, param_text(layer)]
        row += [""] * (columns - len(row))
        if show_trainable:
            row[-1] = "-" if not layer.weights and layer.built else ("Y" if layer.trainable else "N")
        rows.append(row)
        if hasattr(layer, "layers"):
            rows += _nested_rows(layer, columns, show_trainable, depth + 1)
    return rows


def layer_index_range(layers, layer_range=None) -> tuple[int, int]:
    """Keras's `layer_range`: first and last layer names (regexes), both included."""
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2 or not all(isinstance(name, str) for name in layer_range):
        raise ValueError(
            f"layer_range must be a list or tuple of 2 layer names (strings). Received: {layer_range!r}"
        )
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            f"Passed layer_names do not match the layer names in the model. Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def _connections(layer) -> str:
    if isinstance(layer, InputLayer) or not layer._inbound_nodes:
        return "-"
    parents = layer._inbound_nodes[0].input_tensors
    return ", ".join(f"{t.node.layer.name}[0][{t.index}]" for t in parents)


def footer_lines(model) -> list[str]:
    trainable = weights_size(model.trainable_weights) if model.built else (0, 0)
    frozen = weights_size(model.non_trainable_weights) if model.built else (0, 0)
    optimizer = getattr(model, "optimizer", None)
    opt = weights_size(optimizer.variables) if optimizer is not None and optimizer.built else None
    total = (
        trainable[0] + frozen[0] + (opt[0] if opt else 0),
        trainable[1] + frozen[1] + (opt[1] if opt else 0),
    )
    lines = [
        f" Total params: {total[0]:,} ({format_bytes(total[1])})",
        f" Trainable params: {trainable[0]:,} ({format_bytes(trainable[1])})",
        f" Non-trainable params: {frozen[0]:,} ({format_bytes(frozen[1])})",
    ]
    if opt:
        lines.append(f" Optimizer params: {opt[0]:,} ({format_bytes(opt[1])})")
    return lines


def extra_footer_lines(report) -> list[str]:
    macs = "?" if report.macs is None else f"{report.macs:,}"
    memory = "?" if report.activation_bytes is None else format_bytes(report.activation_bytes)
    return [f" MACs per sample: {macs}", f" Activation memory per sample: {memory}"]


def render_summary(model, line_length=None, show_trainable=False, extra=True, layer_range=None,
                   positions=None, expand_nested=False) -> str:
    """The summary as text: title, table, Keras's footer, then (with `extra`) the analysis.

    `positions` are Keras's right edges of the columns, as fractions of `line_length`
    (all <= 1) or as absolute character positions."""
    from rich.console import Console
    from rich.table import Table

    width = line_length or min(88, shutil.get_terminal_size((92, 24)).columns - 4)
    headers, rows, report = summary_rows(model, show_trainable, extra, layer_range, expand_nested)
    numeric = {"Param #", "% Params", "MACs", "Act. memory"}
    widths = _column_widths(positions, width)
    if widths:
        table = Table(show_lines=False, expand=False)
        for header, column_width in zip(headers, widths + [None] * len(headers)):
            table.add_column(header, justify="right" if header in numeric else "left", width=column_width)
        console_width = max(width, sum(widths) + 3 * len(headers) + 1)
    elif extra and line_length is None:
        # Six or more columns don't fit Keras's 88 characters without cutting shapes in
        # two: the table takes its natural width (up to the terminal's, when there is one),
        # wrapping long layer names and connections first.
        capped = {"Layer (type)": 32, "Connected to": 28}
        table = Table(show_lines=False, expand=False)
        for header in headers:
            table.add_column(header, justify="right" if header in numeric else "left",
                             max_width=capped.get(header))
        console_width = shutil.get_terminal_size((1000, 24)).columns - 4
    else:
        table = Table(show_lines=False, width=width, expand=False)
        for header in headers:
            table.add_column(header, justify="right" if header in numeric else "left")
        console_width = width
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(file=buffer, width=console_width, highlight=False, force_terminal=False,
                      color_system=None)
    console.print(f'Model: "{model.name}"', soft_wrap=True)
    console.print(table)
    lines = footer_lines(model)
    if extra:
        lines += extra_footer_lines(report)
        if report.hot_spot is not None:
            lines.append(report.hot_spot.note(width=max(width, 60)))
    for line in lines:
        console.print(line, soft_wrap=True)
    return buffer.getvalue()


def _column_widths(positions, width) -> list[int] | None:
    """Column widths from Keras's `positions` (right edges), less each column's padding."""
    if not positions:
        return None
    edges = [float(p) for p in positions]
    if any(b <= a for a, b in zip([0.0, *edges], edges)):
        raise ValueError(f"`positions` must be increasing right edges of the columns. Received: {positions!r}")
    if all(e <= 1 for e in edges):
        edges = [e * width for e in edges]
    return [max(int(b) - int(a) - 3, 1) for a, b in zip([0, *edges], edges)]


def print_summary(model, line_length=None, print_fn=None, show_trainable=False, extra=True,
                  layer_range=None, positions=None, expand_nested=False) -> None:
    text = render_summary(model, line_length=line_length, show_trainable=show_trainable, extra=extra,
                          layer_range=layer_range, positions=positions, expand_nested=expand_nested)
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)

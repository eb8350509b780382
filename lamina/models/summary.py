"""`model.summary()`: Keras's table of layers, output shapes and parameter counts."""

import io
import shutil

from ..layers.input_layer import InputLayer


def format_bytes(size: float) -> str:
    """Keras's size notation: base-1024 units with two decimals (`1.10 MB`, `0.00 B`)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def weights_size(weights) -> tuple[int, int]:
    """(element count, bytes) of a list of tensors."""
    count = sum(w.numel() for w in weights)
    return count, sum(w.numel() * w.element_size() for w in weights)


def output_shape_text(layer) -> str:
    try:
        output = layer.output
    except AttributeError:
        return "?"
    shapes = [t.shape for t in output] if isinstance(output, list) else [output.shape]
    return ", ".join(str(tuple(s)) for s in shapes)


def param_text(layer) -> str:
    if not layer.built:
        return "0 (unbuilt)"
    return f"{layer.count_params():,}"


def summary_rows(model, show_trainable=False):
    """One `[name (type), output shape, params, (connected to), (trainable)]` row per layer."""
    layers = model.layers
    functional = hasattr(model, "_nodes")
    branching = functional and any(
        len(node.input_tensors) > 1 for node in model._nodes
    )
    rows = []
    for layer in layers:
        row = [f"{layer.name} ({type(layer).__name__})", output_shape_text(layer), param_text(layer)]
        if branching:
            row.append(_connections(layer))
        if show_trainable:
            row.append("-" if not layer.weights and layer.built else ("Y" if layer.trainable else "N"))
        rows.append(row)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if branching:
        headers.append("Connected to")
    if show_trainable:
        headers.append("Trainable")
    return headers, rows


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


def render_summary(model, line_length=None, show_trainable=False) -> str:
    from rich.console import Console
    from rich.table import Table

    width = line_length or min(88, shutil.get_terminal_size((92, 24)).columns - 4)
    headers, rows = summary_rows(model, show_trainable)
    table = Table(*headers, show_lines=False, width=width, expand=False)
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, force_terminal=False, color_system=None)
    console.print(f'Model: "{model.name}"')
    console.print(table)
    for line in footer_lines(model):
        console.print(line)
    return buffer.getvalue()


def print_summary(model, line_length=None, print_fn=None, show_trainable=False) -> None:
    text = render_summary(model, line_length=line_length, show_trainable=show_trainable)
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)

"""Pictures of a model and of its training: `plot_model` and `plot_history`.

Drawn with matplotlib (pip wheels, no graphviz binary), imported only when a plot is
made so that `import lamina` stays fast. Figures are built with `matplotlib.figure.Figure`
directly, never through pyplot: no global state, no GUI backend, safe in threads.
"""

import textwrap
from pathlib import Path

from ..analysis.graph import model_nodes
from ..analysis.profile import profile

FORMATS = ("png", "svg", "pdf")

# Box geometry for plot_model, in inches (the axes map one data unit to one inch).
_LINE = 0.2
_PAD = 0.14
_GAP = 0.5
_TITLE_SIZE = 9
_TEXT_SIZE = 8

_HOT = {"facecolor": "#fbd5d5", "edgecolor": "#c0392b", "linewidth": 2.0}
_FEEDS_HOT = {"facecolor": "#fde8c8", "edgecolor": "#d68910", "linewidth": 1.5}
_PLAIN = {"facecolor": "#eef3fb", "edgecolor": "#2c3e50", "linewidth": 1.0}


def plot_model(
    model,
    to_file="model.png",
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = False,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    **kwargs,
):
    """Draws the model's layers and connections to a PNG, SVG or PDF file.

    Keras's arguments and defaults. Beyond Keras, every layer with weights shows its
    parameter count and share, and a Flatten -> Dense hot spot (see `model.summary()`)
    is drawn in red, with the GlobalAveragePooling2D alternative in a caption. Models
    without a layer graph (subclassed ones) are drawn in the order of `model.layers`.

    Args:
        model: a built model.
        to_file: output path; its extension (`.png`, `.svg`, `.pdf`) picks the format,
            PNG when there is none.
        show_shapes, show_dtype, show_layer_names, show_layer_activations,
        show_trainable: which facts each box shows, besides the class name.
        rankdir: `"TB"` (top to bottom) or `"LR"` (left to right).
        expand_nested: accepted for Keras compatibility; nested models are drawn as
            one box.
        dpi: resolution of PNG output.

    Returns:
        The `matplotlib.figure.Figure` that was saved.
    """
    kwargs.pop("splines", None)  # graphviz edge routing; our edges are straight lines
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"`rankdir` must be 'TB' or 'LR'. Received: rankdir={rankdir!r}")
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' has not yet been built. Build it first by starting it with "
            "`Input(shape)`, calling `build()`, or calling it on a batch of data."
        )
    path, fmt = _output(to_file)
    report = profile(model)
    rows = {row.name: row for row in report.layers}
    layers, edges, shapes = _graph(model, rows)
    ranks = _ranks(layers, edges)
    spot = report.hot_spot
    labels = {
        id(layer): _label(layer, rows.get(layer.name), shapes.get(id(layer)), show_shapes, show_dtype,
                          show_layer_names, show_layer_activations, show_trainable, spot)
        for layer in layers
    }
    figure = _draw(layers, edges, ranks, labels, spot, rankdir)
    _save(figure, path, fmt, dpi)
    return figure


def plot_history(history, to_file=None, metrics=None, dpi: int = 100):
    """Loss and each metric per epoch, training against validation, best epoch marked.

    One panel per metric. The best epoch (by the validation value when there is one,
    maximized for accuracy-like names, as `History.best_epoch` decides) gets a star
    and a dashed line; the area between training and validation shows the gap.

    Args:
        history: the `History` that `fit` returned.
        to_file: where to save it (`.png`, `.svg` or `.pdf`); `None` saves nothing.
        metrics: names to plot (without `val_`); default: every recorded metric except
            the learning rate.
        dpi: resolution of PNG output.

    Returns:
        The `matplotlib.figure.Figure`.
    """
    from matplotlib.figure import Figure

    logs = history.history
    names = list(metrics) if metrics is not None else sorted(
        (key for key in logs if not key.startswith("val_") and key not in ("learning_rate", "lr")),
        key=lambda key: key != "loss",  # loss first, the rest as recorded
    )
    if not names:
        raise ValueError("The history has no metric to plot: `fit` has not finished an epoch yet.")
    missing = [name for name in names if name not in logs]
    if missing:
        raise ValueError(f"The history has no metric {missing}. Recorded: {sorted(logs)}.")
    columns = min(len(names), 2)
    rows = -(-len(names) // columns)
    figure = Figure(figsize=(5.2 * columns, 3.6 * rows), layout="constrained")
    for index, name in enumerate(names):
        _history_panel(figure.add_subplot(rows, columns, index + 1), history, name)
    if to_file is not None:
        path, fmt = _output(to_file)
        _save(figure, path, fmt, dpi)
    return figure


# ----------------------------------------------------------------------------- history
def _history_panel(ax, history, name):
    train = history.history[name]
    x_train = _epochs(history, len(train))
    ax.plot(x_train, train, "o-", color="#1f77b4", markersize=3, label=f"training {name}")
    monitor = name
    val = history.history.get(f"val_{name}")
    if val:
        monitor = f"val_{name}"
        # With validation_freq > 1 there are fewer validation values, evenly spaced.
        every = max(len(train) // len(val), 1)
        x_val = x_train if len(val) == len(train) else x_train[every - 1::every][:len(val)]
        ax.plot(x_val, val, "o-", color="#ff7f0e", markersize=3, label=f"validation {name}")
        if len(val) == len(train):
            ax.fill_between(x_train, train, val, color="#d62728", alpha=0.12, label="gap")
    else:
        x_val = x_train
    best = history.best(monitor)
    values = history.history[monitor]
    at = x_val[next(i for i, v in enumerate(values) if v == best)]
    ax.axvline(at, color="grey", linestyle="--", linewidth=1)
    ax.plot([at], [best], marker="*", markersize=14, color="#c0392b", linestyle="none",
            label=f"best {monitor}: {best:.4g} (epoch {at})")
    ax.set_title(name)
    ax.set_xlabel("epoch")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def _epochs(history, count):
    """1-based epoch numbers, as the progress bar shows them."""
    if len(history.epoch) == count:
        return [epoch + 1 for epoch in history.epoch]
    return list(range(1, count + 1))


# ----------------------------------------------------------------------------- model
def _graph(model, rows):
    """The layers to draw (inputs first), the edges between them as layer pairs, and
    each layer's output shape (a Sequential's Input is not among `model.layers`)."""
    nodes = model_nodes(model)
    if nodes is None:
        layers = list(model.layers)
        shapes = {id(layer): rows[layer.name].output_shape for layer in layers}
        return layers, list(zip(layers, layers[1:])), shapes
    layers, shapes, edges = [], {}, []
    for node in nodes:
        if id(node.layer) not in shapes:
            outputs = [tuple(t.shape) for t in node.outputs]
            shapes[id(node.layer)] = outputs[0] if len(outputs) == 1 else outputs
            layers.append(node.layer)
        edges += [(t.node.layer, node.layer) for t in node.input_tensors]
    return layers, edges, shapes


def _ranks(layers, edges):
    """Longest path from an input, per layer: the row (TB) or column (LR) it sits in."""
    rank = {id(layer): 0 for layer in layers}
    for _ in layers:  # relax until stable; graphs are small
        changed = False
        for parent, child in edges:
            if rank[id(child)] < rank[id(parent)] + 1:
                rank[id(child)] = rank[id(parent)] + 1
                changed = True
        if not changed:
            break
    return rank


def _label(layer, row, shape, show_shapes, show_dtype, show_names, show_activations, show_trainable,
           spot):
    """Title line and detail lines of one box."""
    kind = type(layer).__name__
    title = f"{layer.name} ({kind})" if show_names else kind
    lines = []
    activation = getattr(layer, "activation", None)
    if show_activations and activation is not None:
        lines.append(f"Activation: {getattr(activation, '__name__', type(activation).__name__)}")
    if show_shapes:
        lines.append(f"Output shape: {'?' if shape is None else shape}")
    if show_dtype:
        lines.append(f"dtype: {layer.dtype}")
    if row is not None and row.params:
        lines.append(f"Params: {row.params:,} ({row.param_share:.1%})")
    if show_trainable and layer.weights:
        lines.append(f"Trainable: {'Y' if layer.trainable else 'N'}")
    if spot is not None and layer.name == spot.dense:
        lines.append("hot spot" if spot.gap_params is None else f"hot spot: {spot.gap_params:,} with GAP")
    elif spot is not None and layer.name == spot.flatten:
        lines.append(f"{spot.features:,} features into '{spot.dense}'")
    return title, lines


def _draw(layers, edges, ranks, labels, spot, rankdir):
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    width = max(
        max([_text_width(title, _TITLE_SIZE, bold=True)] + [_text_width(line, _TEXT_SIZE) for line in lines])
        for title, lines in labels.values()
    ) + 2 * _PAD
    height = max(1 + len(lines) for _, lines in labels.values()) * _LINE + 2 * _PAD
    by_rank = {}
    for layer in layers:
        by_rank.setdefault(ranks[id(layer)], []).append(layer)
    centers = {}
    for rank, group in by_rank.items():
        for i, layer in enumerate(group):
            offset = i - (len(group) - 1) / 2
            if rankdir == "TB":
                centers[id(layer)] = (offset * (width + _GAP), -rank * (height + _GAP))
            else:
                centers[id(layer)] = (rank * (width + _GAP), -offset * (height + _GAP))
    caption = _caption(spot, width)
    xs = [x for x, _ in centers.values()]
    ys = [y for _, y in centers.values()]
    left, right = min(xs) - width / 2 - _GAP / 2, max(xs) + width / 2 + _GAP / 2
    bottom, top = min(ys) - height / 2 - _GAP / 2, max(ys) + height / 2 + _GAP / 2
    if caption:
        bottom -= _LINE * (caption.count("\n") + 2)
        right = max(right, left + _GAP + max(_text_width(line, _TEXT_SIZE) for line in caption.splitlines()))
    figure = Figure(figsize=(right - left, top - bottom))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    for parent, child in edges:
        (x0, y0), (x1, y1) = centers[id(parent)], centers[id(child)]
        if rankdir == "TB":
            start, end = (x0, y0 - height / 2), (x1, y1 + height / 2)
        else:
            start, end = (x0 + width / 2, y0), (x1 - width / 2, y1)
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": "#2c3e50", "shrinkA": 0, "shrinkB": 0})
    for layer in layers:
        x, y = centers[id(layer)]
        style = _PLAIN
        if spot is not None and layer.name == spot.dense:
            style = _HOT
        elif spot is not None and layer.name == spot.flatten:
            style = _FEEDS_HOT
        ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                    boxstyle="round,pad=0,rounding_size=0.08", **style))
        title, lines = labels[id(layer)]
        first = y + (len(lines) * _LINE) / 2
        ax.text(x, first, title, ha="center", va="center", fontsize=_TITLE_SIZE, fontweight="bold")
        for i, line in enumerate(lines):
            ax.text(x, first - (i + 1) * _LINE, line, ha="center", va="center", fontsize=_TEXT_SIZE)
    if caption:
        ax.text(left + _GAP / 2, bottom + _LINE, caption, ha="left", va="bottom", fontsize=_TEXT_SIZE,
                color=_HOT["edgecolor"])
    return figure


def _caption(spot, width) -> str:
    """The hot-spot sentence under the diagram, wrapped to about the boxes' width."""
    if spot is None:
        return ""
    text = (f"Hot spot: '{spot.dense}' holds {spot.params:,} of {spot.model_params:,} "
            f"parameters ({spot.share:.1%}).")
    if spot.gap_params is not None:
        text += (f" With GlobalAveragePooling2D instead of Flatten: {spot.params:,} → "
                 f"{spot.gap_params:,} (model {spot.model_params_with_gap:,}).")
    per_char = _text_width("x" * 40, _TEXT_SIZE) / 40
    return textwrap.fill(text, width=max(int(width / per_char), 40))


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of `text` drawn in matplotlib's default font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    font = FontProperties(size=size, weight="bold" if bold else "normal")
    return TextPath((0, 0), text, prop=font).get_extents().width / 72


# ----------------------------------------------------------------------------- files
def _output(to_file):
    path = Path(to_file)
    fmt = path.suffix.lower().lstrip(".") or "png"
    if fmt not in FORMATS:
        raise ValueError(
            f"Cannot write a plot to '{path}': unsupported format '.{fmt}'. Use one of "
            f"{', '.join('.' + f for f in FORMATS)}."
        )
    return path, fmt


def _save(figure, path, fmt, dpi):
    import matplotlib

    # Agg refuses images over 2**16 pixels a side: very deep models get a lower dpi.
    dpi = min(dpi, 60_000 / max(figure.get_size_inches()))
    # Text stays text in SVG (searchable, smaller) instead of one path per glyph.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(path, format=fmt, dpi=dpi)


def plot_histories(histories: dict, to_file=None, metrics=None, dpi: int = 100):
    """Several runs side by side: one column per `History`, one row per metric, each row on
    one y scale so the training/validation gaps compare at a glance.

    Args:
        histories: `{title: History}`, in column order.
        to_file: where to save it (`.png`, `.svg` or `.pdf`); `None` saves nothing.
        metrics: names to plot (without `val_`); default: those every history recorded,
            loss first, the learning rate left out.
        dpi: resolution of PNG output.

    Returns:
        The `matplotlib.figure.Figure`.
    """
    from matplotlib.figure import Figure

    if not histories:
        raise ValueError("plot_histories needs at least one History, as {title: history}.")
    recorded = [set(h.history) for h in histories.values()]
    names = list(metrics) if metrics is not None else sorted(
        (key for key in set.intersection(*recorded)
         if not key.startswith("val_") and key not in ("learning_rate", "lr")),
        key=lambda key: (key != "loss", key),
    )
    if not names:
        raise ValueError(f"The histories share no metric to plot. Recorded: {[sorted(r) for r in recorded]}.")
    for title, history in histories.items():
        missing = [name for name in names if name not in history.history]
        if missing:
            raise ValueError(f"History {title!r} has no metric {missing}. Recorded: {sorted(history.history)}.")
    figure = Figure(figsize=(5.2 * len(histories), 3.6 * len(names)), layout="constrained")
    axes = figure.subplots(len(names), len(histories), squeeze=False, sharey="row")
    for column, (title, history) in enumerate(histories.items()):
        for row, name in enumerate(names):
            _history_panel(axes[row][column], history, name)
            axes[row][column].set_title(f"{title}: {name}")
    if to_file is not None:
        path, fmt = _output(to_file)
        _save(figure, path, fmt, dpi)
    return figure

"""What a layer accepts, and the one error message for inputs that don't fit."""

from dataclasses import dataclass, field


@dataclass
class InputSpec:
    """Rank and axis constraints on a layer's input (the batch axis included).

    `axes` maps an axis (negative counts from the end) to the size it must have.
    """

    ndim: int | None = None
    min_ndim: int | None = None
    max_ndim: int | None = None
    axes: dict[int, int] = field(default_factory=dict)


def check_input_shape(spec: InputSpec | None, shape, layer, index: int = 0) -> None:
    """Raises a ValueError naming the layer, the rule, the full shape and a next step."""
    if spec is None:
        return
    rank = len(shape)
    problem = None
    if spec.ndim is not None and rank != spec.ndim:
        problem = f"expected ndim={spec.ndim}, found ndim={rank}"
    elif spec.min_ndim is not None and rank < spec.min_ndim:
        problem = f"expected min_ndim={spec.min_ndim}, found ndim={rank}"
    elif spec.max_ndim is not None and rank > spec.max_ndim:
        problem = f"expected max_ndim={spec.max_ndim}, found ndim={rank}"
    else:
        for axis, size in spec.axes.items():
            got = shape[axis] if -rank <= axis < rank else None
            if got is not None and got != size:
                problem = (
                    f"expected axis {axis} of input shape to have value {size}, "
                    f"but received input with shape {_show(shape)}"
                )
                break
    if problem is None:
        return
    hint = layer.input_hint(shape) if hasattr(layer, "input_hint") else ""
    raise ValueError(
        f"Input {index} of layer '{layer.name}' ({type(layer).__name__}) is incompatible with "
        f"the layer: {problem}. Full shape received: {_show(shape)}." + (f" {hint}" if hint else "")
    )


def _show(shape) -> str:
    return str(tuple(shape))

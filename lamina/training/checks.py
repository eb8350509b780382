"""Checks on what `fit`, `evaluate` and `predict` are given, made before the first step.

Every bad argument or batch is a `ValueError`/`TypeError` that names the argument and the
value received, raised before any weight changes: never a torch traceback from inside a
step, and never a silent default (`batch_size=0` quietly meaning 32).
"""

import numbers
import warnings

import torch

from .. import config
from .data import ArrayData, to_device


def positive_int(value, name: str, allow_none: bool = True):
    """`value` if it is a positive int (or None when allowed); an error naming `name` otherwise."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be a positive integer{' or None' if allow_none else ''}. "
                        f"Received: {name}={value!r} (of type {type(value).__name__}).")
    if value <= 0:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}.")
    return int(value)


def epochs(value, initial_epoch) -> tuple[int, int]:
    """`(epochs, initial_epoch)`, both ints >= 0."""
    for name, number in (("epochs", value), ("initial_epoch", initial_epoch)):
        if isinstance(number, bool) or not isinstance(number, numbers.Integral):
            raise TypeError(f"`{name}` must be an integer. Received: {name}={number!r} "
                            f"(of type {type(number).__name__}).")
        if number < 0:
            raise ValueError(f"`{name}` must be >= 0. Received: {name}={number!r}.")
    return int(value), int(initial_epoch)


def class_weight(value):
    """`{class index: weight}` with int keys >= 0 and finite weights >= 0 (or None)."""
    if not value:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"`class_weight` must be a dict {{class index: weight}}. Received: {value!r}.")
    for key, weight in value.items():
        if isinstance(key, bool) or not isinstance(key, numbers.Integral) or key < 0:
            raise ValueError(
                f"`class_weight` keys must be class indices (integers >= 0). Received: key {key!r} in "
                f"class_weight={value!r}. A negative key would silently reweight a class counted from the end."
            )
        if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not weight >= 0 or weight == float("inf"):
            raise ValueError(f"`class_weight` values must be finite numbers >= 0. Received: "
                             f"{key!r}: {weight!r} in class_weight={value!r}.")
    return value


def needs_targets(model, step_name: str) -> bool:
    """Whether the default step would compute the compiled loss, which needs `y`."""
    from .trainer import Trainer

    overridden = type(model).compute_loss is not Trainer.compute_loss or (
        getattr(type(model), step_name) is not getattr(Trainer, step_name)
    )
    return getattr(model, "_compile_loss", None) is not None and not overridden


def targets_present(model, x, y, what: str, step_name: str) -> None:
    if y is None and needs_targets(model, step_name):
        hint = (" A dict batch is read as the inputs `x`, keyed by input name; yield `(x, y)` tuples."
                if isinstance(x, dict) else "")
        raise ValueError(
            f"The {what} has no targets `y`, but the model was compiled with a loss "
            f"({model.loss!r}) that compares predictions with targets. Pass `y` (or batches of "
            f"`(x, y)` / `(x, y, sample_weight)`).{hint}"
        )


def first_batch(model, x, y, step_name: str) -> None:
    """The checks an iterable's batches get (arrays get them before the run)."""
    targets_present(model, x, y, "batch", step_name)
    input_structure(model, x, "batch's `x`")


def not_empty(data, method: str) -> None:
    if isinstance(data, ArrayData) and data.num_samples == 0:
        raise ValueError(f"`{method}` received no data: the input has 0 samples. Pass at least one sample.")


def input_structure(model, x, what: str) -> None:
    """A dict or list of arrays must match the model's inputs (names, count)."""
    names = _input_names(model)
    if names is None:
        return
    if isinstance(x, dict):
        if set(x) != set(names):
            raise ValueError(
                f"The {what} is a dict with keys {sorted(x)}, but model '{model.name}' has inputs "
                f"named {names}. Pass one array per input, keyed by input name."
            )
    elif isinstance(x, (list, tuple)) and len(x) != len(names) and len(names) == 1:
        raise ValueError(
            f"The {what} is a list of {len(x)} arrays, but model '{model.name}' has 1 input "
            f"({names[0]}). Pass a single array."
        )
    elif isinstance(x, (list, tuple)) and len(x) != len(names):
        raise ValueError(
            f"The {what} is a list of {len(x)} arrays, but model '{model.name}' has {len(names)} "
            f"inputs {names}. Pass one array per input."
        )


def _input_names(model):
    # By attribute, not isinstance: `models` is the floor above this one (STYLE §3.7).
    if hasattr(model, "_input_layer"):  # Sequential: one input, named once it has an Input
        layer = model._input_layer
        return [layer.name if layer is not None else "input"]
    inputs = getattr(model, "_inputs", None)
    if not inputs:
        return None
    return [t.node.layer.name for t in inputs]


def validation_batches(validation_data):
    """`(x, y, sample_weight)` from `validation_data`, or None for an iterable of batches."""
    if isinstance(validation_data, (tuple, list)) and len(validation_data) in (2, 3) and not all(
        isinstance(v, numbers.Number) for v in validation_data
    ):
        return (*validation_data, None) if len(validation_data) == 2 else tuple(validation_data)
    from .data import is_array_data

    if is_array_data(validation_data) or isinstance(validation_data, (tuple, list, dict)):
        kind = (f"a tuple of {len(validation_data)}" if isinstance(validation_data, (tuple, list))
                else f"a {type(validation_data).__name__}")
        raise ValueError(
            "`validation_data` must be `(x_val, y_val)`, `(x_val, y_val, val_sample_weight)` or a "
            f"DataLoader yielding such batches. Received: {kind}."
        )
    return None


def probe_validation(model, train_data, val_data, device) -> None:
    """Runs one training and one validation sample through the model, without gradients or
    side effects, so that validation data that does not fit fails before the first step."""
    if not isinstance(val_data, ArrayData) or val_data.num_samples == 0:
        return
    from .step import build_without_side_effects

    sample = lambda data: to_device(next(iter(data.first(1))), device)  # noqa: E731
    if isinstance(train_data, ArrayData) and train_data.num_samples:
        build_without_side_effects(model, sample(train_data)[0])
    if not model.built:
        return
    vx, vy, _ = sample(val_data)
    devices = [torch.cuda.current_device()] if torch.cuda.is_available() else []
    try:
        with torch.no_grad(), torch.random.fork_rng(devices=devices):
            model(vx, training=False)
    except (ValueError, TypeError, RuntimeError, IndexError) as error:
        raise ValueError(f"`validation_data` does not fit model '{model.name}': {error}") from None


def capped_epochs(epochs: int) -> int:
    """`epochs`, lowered to `config.max_epochs()` when that is set (with Keras's warning)."""
    cap = config.max_epochs()
    if cap and cap < epochs:
        warnings.warn(f"Limiting epochs to {cap}", stacklevel=3)
        return cap
    return epochs


def capped_steps(steps: int | None) -> int | None:
    """`steps`, lowered to `config.max_steps_per_epoch()` when that is set and `steps` is
    unset or larger (Keras's EpochIterator, with its warning)."""
    cap = config.max_steps_per_epoch()
    if cap and (not steps or cap < steps):
        warnings.warn(f"Limiting steps_per_epoch to {cap}", stacklevel=3)
        return cap
    return steps

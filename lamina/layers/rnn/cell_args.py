"""The constructor arguments the recurrent cells share, checked once: units, dropout rates,
seeds, and the kernel / recurrent kernel / bias weight arguments."""

import math

from ... import activations
from ..kernel_args import set_weight_args, weight_args_config

WEIGHTS = ("kernel", "recurrent", "bias")


def check_units(cls_name: str, units) -> int:
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            f"{cls_name}: received an invalid value for argument `units`, expected a positive "
            f"integer. Received: units={units!r}"
        )
    return units


def check_rate(cls_name: str, name: str, value) -> float:
    """Keras clips rates into [0, 1]; anything that is not a number is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise TypeError(f"{cls_name}: `{name}` must be a float between 0 and 1. Received: {name}={value!r}")
    return float(min(1.0, max(0.0, value)))


def check_seed(cls_name: str, seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        raise ValueError(f"{cls_name}: `seed` must be an int in [0, 2**63) or None. Received: seed={seed!r}")
    return seed


def check_flag(cls_name: str, name: str, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{cls_name}: `{name}` must be a bool. Received: {name}={value!r}")
    return value


def get_activation(cls_name: str, name: str, value):
    try:
        return activations.get(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{cls_name}: could not interpret `{name}`={value!r}: {error}") from None


def set_cell_args(cell, units, activation, use_bias, initializers, regularizers, constraints,
                  dropout, recurrent_dropout, seed) -> None:
    """Stores the arguments every cell has, under their Keras names."""
    name = type(cell).__name__
    cell.units = check_units(name, units)
    cell.activation = get_activation(name, "activation", activation)
    cell.use_bias = check_flag(name, "use_bias", use_bias)
    for prefix, init, reg, con in zip(WEIGHTS, initializers, regularizers, constraints):
        set_weight_args(cell, prefix, init, reg, con)
    cell.dropout = check_rate(name, "dropout", dropout)
    cell.recurrent_dropout = check_rate(name, "recurrent_dropout", recurrent_dropout)
    cell.seed = check_seed(name, seed)


def weights_config(cell) -> dict:
    """The initializer, regularizer and constraint keys, in Keras's order."""
    config = weight_args_config(cell, *WEIGHTS)
    return {key: config[key] for key in sorted(config, key=_keras_order)}


def _keras_order(key: str) -> tuple:
    kind = ("initializer", "regularizer", "constraint").index(key.rsplit("_", 1)[1])
    return kind, WEIGHTS.index(key.split("_", 1)[0])


def check_input_dim(cell, input_shape) -> int:
    input_dim = input_shape[-1] if len(input_shape) else None
    if isinstance(input_dim, bool) or not isinstance(input_dim, int) or input_dim <= 0:
        raise ValueError(
            f"{type(cell).__name__} '{cell.name}' needs a known, positive feature axis to create its "
            f"kernel. Received input shape {tuple(input_shape)}."
        )
    return input_dim


def cell_properties(cls, *names):
    """Exposes the cell's arguments on the layer (`LSTM(4).units`), read-only, as Keras does."""
    for attr in names:
        setattr(cls, attr, property(lambda self, attr=attr: getattr(self.cell, attr)))
    return cls


def layer_config(layer, super_config: dict, cell_keys) -> dict:
    """An RNN layer's config: the RNN options, then the cell's arguments (no nested cell)."""
    config = {key: value for key, value in super_config.items() if key != "cell"}
    cell = layer.cell.get_config()
    config.update({key: cell[key] for key in cell_keys})
    return config


def cell_kwargs(kwargs: dict, name: str) -> dict:
    """What the layer hands to its cell besides the cell's own arguments (as Keras does)."""
    return {"dtype": kwargs.get("dtype"), "trainable": kwargs.get("trainable", True), "name": name}

"""Checks of the arguments every optimizer takes, with Keras's rules and wording."""

import inspect
import warnings

from .schedules.base import LearningRateSchedule


def check_common_arguments(name, kwargs, clipnorm, clipvalue, global_clipnorm, use_ema,
                           ema_momentum, ema_overwrite_frequency,
                           gradient_accumulation_steps) -> None:
    """Raises the `ValueError` Keras raises for a bad combination of the base arguments."""
    if kwargs.pop("decay", None) is not None:
        warnings.warn("Argument `decay` is no longer supported and will be ignored.", stacklevel=3)
    if kwargs:
        raise ValueError(f"{name} got unexpected argument(s): {sorted(kwargs)}. Received: {kwargs}")
    if sum(arg is not None for arg in (clipnorm, clipvalue, global_clipnorm)) > 1:
        raise ValueError(
            "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
            f"global_clipnorm={global_clipnorm}"
        )
    if gradient_accumulation_steps and not gradient_accumulation_steps >= 2:
        raise ValueError(
            "`gradient_accumulation_steps` must be an integer >= 2. Received: "
            f"gradient_accumulation_steps={gradient_accumulation_steps}"
        )
    if use_ema:
        if not 0 <= ema_momentum <= 1:
            raise ValueError(
                f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}"
            )
        if ema_overwrite_frequency and (
            not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
        ):
            raise ValueError(
                "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                f"ema_overwrite_frequency={ema_overwrite_frequency}"
            )


def check_learning_rate(learning_rate) -> None:
    if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
        return
    if not isinstance(learning_rate, float):
        raise ValueError(
            "Argument `learning_rate` should be a Python float, an instance of "
            "`LearningRateSchedule`, or a callable that takes the current iteration and "
            f"returns the learning rate. Received: learning_rate={learning_rate!r} of type "
            f"{type(learning_rate).__name__}"
        )


BASE_ARGUMENTS = (
    "weight_decay",
    "clipnorm",
    "clipvalue",
    "global_clipnorm",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "loss_scale_factor",
    "gradient_accumulation_steps",
    "name",
)


def base_arguments(values: dict) -> dict:
    """The base `Optimizer` arguments out of a subclass constructor's `locals()`."""
    return {key: values[key] for key in BASE_ARGUMENTS}


class FromConfigTakesObjects:
    """Class attribute `_from_config_takes_objects`: whether this class's `from_config`
    accepts `custom_objects` (the registry passes them on only then), so that a user
    subclass overriding `from_config(cls, config)` keeps working."""

    def __get__(self, obj, cls) -> bool:
        return "custom_objects" in inspect.signature(cls.from_config).parameters

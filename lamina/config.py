"""Process-wide settings with Keras's names and defaults."""

_IMAGE_DATA_FORMAT = "channels_last"
_EPSILON = 1e-7
_FLOATX = "float32"

_DATA_FORMATS = ("channels_first", "channels_last")


def image_data_format() -> str:
    """The default `data_format` for layers that take one (`"channels_last"`)."""
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format: str) -> None:
    global _IMAGE_DATA_FORMAT
    _IMAGE_DATA_FORMAT = standardize_data_format(data_format)


def epsilon() -> float:
    """The fuzz factor Keras uses in losses and metrics (1e-7)."""
    return _EPSILON


def set_epsilon(value: float) -> None:
    global _EPSILON
    _EPSILON = float(value)


def floatx() -> str:
    """The default float dtype of weights, as a string (`"float32"`)."""
    return _FLOATX


def set_floatx(value: str) -> None:
    global _FLOATX
    if value not in ("float16", "bfloat16", "float32", "float64"):
        raise ValueError(
            "Unknown `floatx` value. Expected one of 'float16', 'bfloat16', "
            f"'float32', 'float64'. Received: floatx={value}"
        )
    _FLOATX = value


def standardize_data_format(data_format: str | None) -> str:
    """Resolves `None` to the global default and checks the value, as Keras does."""
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in _DATA_FORMATS:
        raise ValueError(
            "The `data_format` argument must be one of "
            f"{{'channels_first', 'channels_last'}}. Received: data_format={value}"
        )
    return value

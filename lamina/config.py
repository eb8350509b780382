"""Process-wide settings with Keras's names and defaults (`keras.config`)."""

import contextlib
import logging
import os
import sys
import threading

_IMAGE_DATA_FORMAT = "channels_last"
_EPSILON = 1e-7
_FLOATX = "float32"

_DATA_FORMATS = ("channels_first", "channels_last")
_DEVICE = None  # None: CUDA when available, else the CPU
_SCOPES = threading.local()  # .devices: this thread's `device_scope` blocks, innermost last


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


def set_device(device) -> None:
    """Where `fit`, `evaluate` and `predict` run models: `"cpu"`, `"cuda"`, `"cuda:1"`,
    or `None` to choose automatically (CUDA when available)."""
    global _DEVICE
    if device is not None:
        import torch

        torch.device(device)  # validates the string
    _DEVICE = device


def device():
    """The device training runs on: the innermost `keras.device(...)` block's, else the one
    set by `set_device`, else chosen automatically."""
    import torch

    if _scoped_devices():
        return _scoped_devices()[-1]
    if _DEVICE is not None:
        return torch.device(_DEVICE)
    if torch.cuda.is_available():
        from .distribute import local_rank

        return torch.device("cuda", local_rank())
    return torch.device("cpu")


def device_is_set() -> bool:
    return _DEVICE is not None or bool(_scoped_devices())


def _scoped_devices() -> list:
    if not hasattr(_SCOPES, "devices"):
        _SCOPES.devices = []
    return _SCOPES.devices


@contextlib.contextmanager
def device_scope(device_name: str):
    """`keras.device`: inside the block, new weights and tensors are created on
    `device_name` (`"cpu"`, `"gpu:0"` or `"cuda:0"`, `"meta"`), and `fit` runs there.

    It enters torch's default-device context, so every torch factory call in the block
    (weights' initializers, `lamina.ops`, and plain `torch.zeros` too) allocates there.

    Example:

    >>> with device_scope("meta"):
    ...     import torch
    ...     torch.zeros(2).device.type
    'meta'
    """
    import torch

    if not isinstance(device_name, str):
        raise ValueError(
            "Invalid value for argument `device_name`. Expected a string like 'gpu:0' or "
            f"'cpu'. Received: device_name={device_name!r}"
        )
    target = torch.device(device_name.lower().replace("gpu", "cuda"))
    _scoped_devices().append(target)
    try:
        with target:  # torch's default device is per thread too
            yield target
    finally:
        _scoped_devices().pop()


def tune_malloc(mmap_threshold: int = 32 << 20, trim_threshold: int = 1 << 30) -> bool:
    """Keeps freed tensor memory in the process for reuse instead of returning it (glibc).

    By default glibc serves blocks above a moving threshold with fresh `mmap`s and gives
    freed heap tops back to the kernel, so every training step page-faults its activations
    in again: thousands of faults per step, 30-70 % of a small CNN's step on a 2-core VM
    (see benchmarks/README.md). This is process-wide and opt-in: memory freed after the
    peak stays mapped. Returns False where it does not apply (no glibc `mallopt`).
    """
    import ctypes
    import ctypes.util

    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # from glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, int(mmap_threshold))) and bool(
        mallopt(m_trim_threshold, int(trim_threshold))
    )


# ----------------------------------------------------------------- backend
def backend() -> str:
    """The name of the backend: always `"torch"`."""
    return "torch"


def set_backend(backend: str) -> None:
    """Keras switches backends here; Lamina *is* the torch backend, so only `"torch"` is
    accepted (and changes nothing). Anything else is a ValueError."""
    if backend != "torch":
        raise ValueError(
            f"Lamina runs on PyTorch only, so `set_backend` accepts only 'torch'. Received: "
            f"backend={backend!r}. To run on {backend!r}, use Keras itself "
            "(`pip install keras` with that framework)."
        )


# ----------------------------------------------------------------- debugging caps
def _int_from_env(variable: str) -> int | None:
    value = os.environ.get(variable)
    return None if value is None else int(value)


_MAX_EPOCHS = _int_from_env("KERAS_MAX_EPOCHS")
_MAX_STEPS_PER_EPOCH = _int_from_env("KERAS_MAX_STEPS_PER_EPOCH")


def set_max_epochs(max_epochs: int | None) -> None:
    """Caps `epochs` in every `fit` call (for quick debugging runs); `None` removes the cap.
    The environment variable `KERAS_MAX_EPOCHS` sets it at import."""
    global _MAX_EPOCHS
    _MAX_EPOCHS = max_epochs


def max_epochs() -> int | None:
    return _MAX_EPOCHS


def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Caps the steps of each epoch of `fit`, `evaluate` and `predict`; `None` removes the
    cap. The environment variable `KERAS_MAX_STEPS_PER_EPOCH` sets it at import."""
    global _MAX_STEPS_PER_EPOCH
    _MAX_STEPS_PER_EPOCH = max_steps_per_epoch


def max_steps_per_epoch() -> int | None:
    return _MAX_STEPS_PER_EPOCH


# ----------------------------------------------------------------- switches
_FLASH_ATTENTION = None  # None: use flash attention where the inputs allow it
_INTERACTIVE_LOGGING = True
_SAFE_MODE = None  # False after enable_unsafe_deserialization()


def enable_flash_attention() -> None:
    """Lets attention layers use flash attention where possible (the default)."""
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = None


def disable_flash_attention() -> None:
    """Stops attention layers that were not given `flash_attention=` from using it."""
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = False


def is_flash_attention_enabled():
    """`False` when disabled; otherwise `None` (enabled, used where the inputs allow)."""
    return _FLASH_ATTENTION


def is_nnx_enabled() -> bool:
    """Always False: NNX is a feature of Keras's JAX backend (Flax), not of torch."""
    return False


def enable_interactive_logging() -> None:
    """Progress bars and logs go to stdout (the default)."""
    global _INTERACTIVE_LOGGING
    _INTERACTIVE_LOGGING = True


def disable_interactive_logging() -> None:
    """Progress bars and logs go to Python's `logging` (logger `"lamina"`, level INFO)."""
    global _INTERACTIVE_LOGGING
    _INTERACTIVE_LOGGING = False


def is_interactive_logging_enabled() -> bool:
    return _INTERACTIVE_LOGGING


def print_msg(message, line_break: bool = True) -> None:
    """Writes `message` to stdout, or logs it (logger `"lamina"`, level INFO) when
    interactive logging is disabled, as Keras sends it to absl logging."""
    message = str(message)
    if _INTERACTIVE_LOGGING:
        sys.stdout.write(f"{message}\n" if line_break else message)
        sys.stdout.flush()
    else:
        logging.getLogger("lamina").info(message)


def enable_unsafe_deserialization() -> None:
    """Allows loading objects that carry code (a `Lambda` layer's bytecode) everywhere,
    as if every load passed `safe_mode=False`. Only for files you trust."""
    global _SAFE_MODE
    _SAFE_MODE = False


def in_safe_mode():
    """`False` after `enable_unsafe_deserialization()`, else `None` (each load decides)."""
    return _SAFE_MODE


from .dtype_policies.dtype_policy import dtype_policy as dtype_policy  # noqa: E402
from .dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy  # noqa: E402

"""Process-wide settings with Keras's names and defaults."""

_IMAGE_DATA_FORMAT = "channels_last"
_EPSILON = 1e-7
_FLOATX = "float32"

_DATA_FORMATS = ("channels_first", "channels_last")
_DEVICE = None  # None: CUDA when available, else the CPU


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
    """The device training runs on, as set by `set_device` or chosen automatically."""
    import torch

    if _DEVICE is not None:
        return torch.device(_DEVICE)
    if torch.cuda.is_available():
        from .distribute import local_rank

        return torch.device("cuda", local_rank())
    return torch.device("cpu")


def device_is_set() -> bool:
    return _DEVICE is not None


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

"""Learning a hostile config's shapes before allocating them: a build on the meta device.

A 2 KB config can declare `Dense(units=3 * 10**8)`; building it allocates and fills
gigabytes before anything can disagree. So `load_model` first builds the model under
`torch.device("meta")`, where tensors have shapes and dtypes but no memory, matches every
variable against the file's datasets (`weights_h5.check_state`, after the file's own
inspection), and only builds for real once the file has vouched for every shape, which
its bounded declared size (`h5_inspection.py`) makes affordable.
"""

import itertools

import torch

from .. import naming
from .hostile import RATIO_FREE_BYTES
from .weights_h5 import check_state

# Parameters and buffers a model's build creates beyond the weights the file must hold
# (none for Lamina's layers); more than this from a config is refused.
_MAX_UNSAVED_BYTES = 16 * RATIO_FREE_BYTES


def check_before_building(build, handle, filepath: str) -> None:
    """Builds with `build()` on the meta device and checks the result against `handle`.

    Raises `ValueError` naming `filepath` when the config fails to build or does not fit
    the file. A layer whose build needs real values (which meta tensors lack) skips the
    check: the real build then runs under the file's own size limits.
    """
    names = naming.snapshot()
    try:
        with torch.device("meta"):
            model = build()
    except Exception as error:  # noqa: BLE001 - sorted by is_meta_limitation below
        if is_meta_limitation(error):
            return
        raise
    finally:
        # Automatic names (`dense_3`) must come out as if this build had not happened.
        naming.restore(names)
    check_state(model, handle, filepath)
    saved = {id(w) for w in model.weights}
    unsaved = sum(
        t.numel() * t.element_size()
        for t in itertools.chain(model.parameters(), model.buffers())
        if id(t) not in saved
    )
    if unsaved > _MAX_UNSAVED_BYTES:
        raise ValueError(
            f"'{filepath}': building this config would allocate {unsaved} bytes of tensors that "
            "the file does not hold; refusing it."
        )


def is_meta_limitation(error: BaseException) -> bool:
    """Whether `error` only says that a meta tensor has no values (not a fault of the config)."""
    message = str(error).lower()
    return isinstance(error, NotImplementedError) or ("meta" in message and ("tensor" in message or "device" in message))

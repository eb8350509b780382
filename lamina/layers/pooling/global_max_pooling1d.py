"""GlobalMaxPooling1D: the maximum of each channel over all steps."""

from .base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Maximum over the steps: `(batch, steps, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the steps axis with size 1.

    Example:

    >>> GlobalMaxPooling1D()(torch.zeros(2, 10, 16)).shape
    torch.Size([2, 16])
    """

    mode = "max"
    rank = 1


GlobalMaxPool1D = GlobalMaxPooling1D

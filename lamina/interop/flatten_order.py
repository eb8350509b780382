"""The one re-ordering that porting needs: a Dense kernel's rows after a Flatten.

PyTorch flattens an NCHW map as `(c, h, w)`; Keras flattens an NHWC map as `(h, w, c)`.
The first Dense after the Flatten sees the same features in a different order, so its
kernel rows must be permuted when a model moves between the two layouts.
"""

import numpy as np


def reorder_rows(kernel, feature_map_shape, source_format: str, target_format: str):
    """Permutes the rows of a Keras-layout kernel `(features, units)` between flatten orders.

    `feature_map_shape` is the map before the Flatten, written in `source_format`:
    `(h, w, c)` for channels_last, `(c, h, w)` for channels_first.
    """
    kernel = np.asarray(kernel)
    units = kernel.shape[1]
    if source_format == target_format:
        return kernel
    if int(np.prod(feature_map_shape)) != kernel.shape[0]:
        raise ValueError(
            f"The Dense kernel has {kernel.shape[0]} input rows, but the feature map "
            f"{tuple(feature_map_shape)} flattens to {int(np.prod(feature_map_shape))} features."
        )
    blocks = kernel.reshape(*feature_map_shape, units)
    if source_format == "channels_last":  # (h, w, c) -> (c, h, w)
        blocks = blocks.transpose(2, 0, 1, 3)
    else:  # (c, h, w) -> (h, w, c)
        blocks = blocks.transpose(1, 2, 0, 3)
    return np.ascontiguousarray(blocks.reshape(-1, units))

"""The one re-ordering that porting needs: a Dense kernel's rows after a Flatten.

PyTorch flattens a channels_first map as `(c, *spatial)`; Keras flattens a channels_last map
as `(*spatial, c)`. The first Dense after the Flatten sees the same features in a different
order, so its kernel rows must be permuted when a model moves between the two layouts. This
holds for maps of any rank: `(steps, c)`, `(h, w, c)`, `(d, h, w, c)`.
"""

import numpy as np


def reorder_rows(kernel, feature_map_shape, source_format: str, target_format: str):
    """Permutes the rows of a Keras-layout kernel `(features, units)` between flatten orders.

    `feature_map_shape` is the map before the Flatten, written in `source_format`:
    `(*spatial, c)` for channels_last (e.g. `(h, w, c)`), `(c, *spatial)` for channels_first.
    """
    kernel = np.asarray(kernel)
    units = kernel.shape[1]
    if source_format == target_format:
        return kernel
    feature_map_shape = tuple(int(n) for n in feature_map_shape)
    if len(feature_map_shape) < 2:
        raise ValueError(
            f"reorder_rows needs a feature map with a channel axis and at least one spatial axis. "
            f"Received: feature_map_shape={feature_map_shape}."
        )
    if int(np.prod(feature_map_shape)) != kernel.shape[0]:
        raise ValueError(
            f"The Dense kernel has {kernel.shape[0]} input rows, but the feature map "
            f"{feature_map_shape} flattens to {int(np.prod(feature_map_shape))} features."
        )
    rank = len(feature_map_shape)
    blocks = kernel.reshape(*feature_map_shape, units)
    if source_format == "channels_last":  # (*spatial, c) -> (c, *spatial)
        blocks = blocks.transpose(rank - 1, *range(rank - 1), rank)
    else:  # (c, *spatial) -> (*spatial, c)
        blocks = blocks.transpose(*range(1, rank), 0, rank)
    return np.ascontiguousarray(blocks.reshape(-1, units))

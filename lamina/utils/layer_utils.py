"""Weight surgery for models whose layout changes."""

from ..config import standardize_data_format
from ..interop.flatten_order import reorder_rows


def convert_dense_weights_data_format(dense, previous_feature_map_shape, target_data_format="channels_first"):
    """Re-orders, in place, the kernel of a Dense layer that follows a Flatten when the conv
    layers before it switch data format.

    Args:
        dense: the built Dense layer right after the Flatten.
        previous_feature_map_shape: the 3-D feature map before the Flatten, in the SOURCE
            format: `(h, w, c)` when converting to channels_first, `(c, h, w)` when
            converting to channels_last.
        target_data_format: `"channels_first"` or `"channels_last"`.

    Note: Keras's `Flatten(data_format=...)` makes this unnecessary inside Lamina; it is
    for weights that come from elsewhere (Keras 2 models, hand-built NCHW stacks).
    """
    target = standardize_data_format(target_data_format)
    source = "channels_last" if target == "channels_first" else "channels_first"
    if len(tuple(previous_feature_map_shape)) != 3:
        raise ValueError(
            "`previous_feature_map_shape` must be the 3 dims of the map before Flatten, e.g. "
            f"(7, 7, 512). Received: {previous_feature_map_shape!r}"
        )
    weights = dense.get_weights()
    weights[0] = reorder_rows(weights[0], tuple(previous_feature_map_shape), source, target)
    dense.set_weights(weights)

"""ZeroPadding2D against the Keras oracle."""

import numpy as np
import pytest

from lamina import layers


@pytest.mark.parametrize("padding", [1, (1, 2), ((0, 1), (2, 3))])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_zero_padding2d_matches_keras(keras, padding, data_format):
    x = np.random.rand(2, 4, 5, 3).astype("float32")
    reference = keras.layers.ZeroPadding2D(padding, data_format=data_format)
    ours = layers.ZeroPadding2D(padding, data_format=data_format)
    np.testing.assert_array_equal(ours(x).numpy(), keras.ops.convert_to_numpy(reference(x)))
    assert ours.compute_output_shape((None, 4, 5, 3)) == reference.compute_output_shape((None, 4, 5, 3))
    config, expected = ours.get_config(), reference.get_config()
    # Automatic names depend on how many layers each library made before; compare the rest.
    config.pop("name"), expected.pop("name")
    assert {k: str(v) for k, v in config.items()} == {k: str(v) for k, v in expected.items()}


def test_bad_padding_is_refused():
    with pytest.raises(ValueError, match="padding=-1"):
        layers.ZeroPadding2D(-1)

"""pad_sequences: parity with Keras (keras.utils.pad_sequences runs without TensorFlow)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamina.utils.sequence_utils import pad_sequences

SEQS = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 2, 4, 7])
def test_parity(keras, padding, truncating, maxlen):
    kwargs = {"maxlen": maxlen, "padding": padding, "truncating": truncating, "value": -1}
    ours, theirs = pad_sequences(SEQS, **kwargs), keras.utils.pad_sequences(SEQS, **kwargs)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("kwargs", [{"dtype": "float32", "value": 0.5},
                                    {"dtype": object, "value": "<pad>"}, {"dtype": "<U5", "value": "x"}])
def test_dtypes_and_multidim_steps(keras, kwargs):
    seqs = [np.ones((2, 3)), np.zeros((1, 3))] if kwargs["dtype"] == "float32" else [["a", "b"], ["c"]]
    ours, theirs = pad_sequences(seqs, maxlen=3, **kwargs), keras.utils.pad_sequences(seqs, maxlen=3, **kwargs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@given(st.lists(st.lists(st.integers(0, 50), max_size=6), min_size=1, max_size=5),
       st.sampled_from(["pre", "post"]), st.integers(1, 8))
def test_property_parity(seqs, padding, maxlen):
    import keras

    np.testing.assert_array_equal(pad_sequences(seqs, maxlen=maxlen, padding=padding),
                                  keras.utils.pad_sequences(seqs, maxlen=maxlen, padding=padding))


def test_errors():
    with pytest.raises(ValueError, match="padding"):
        pad_sequences(SEQS, padding="middle")
    with pytest.raises(ValueError, match="truncating"):
        pad_sequences(SEQS, truncating="middle")
    with pytest.raises(ValueError, match="non-iterable"):
        pad_sequences([1, 2])
    with pytest.raises(ValueError, match="dtype"):
        pad_sequences(SEQS, value="x")
    with pytest.raises(ValueError, match="Shape of sample"):
        pad_sequences([np.ones((2, 3)), np.ones((2, 4))])

"""timeseries_dataset_from_array and split_dataset.

Keras's timeseries_dataset_from_array needs TensorFlow; the expected windows are derived
here from keras/src/utils/timeseries_dataset_utils.py (`_timeseries_dataset_tf`): window
`i` is `data[start_index + p + k * sampling_rate]` for `k < sequence_length` with
`p = i * sequence_stride < num_seqs`, and its target is `targets[start_index + p]`.
Keras's split_dataset runs on torch (`random_split`), so it is the oracle for splits.
"""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.utils.dataset_utils import split_dataset
from lamina.utils.timeseries_dataset_utils import timeseries_dataset_from_array


def _reference(data, targets, length, stride, rate, start, end):
    start, end = start or 0, end or len(data)
    num = end - start - (length - 1) * rate
    if targets is not None:
        num = min(num, len(targets))
    positions = range(0, num, stride)
    windows = [data[start + p + np.arange(length) * rate] for p in positions]
    return windows, [None if targets is None else targets[start + p] for p in positions]


@given(length=st.integers(1, 5), stride=st.integers(1, 3), rate=st.integers(1, 3),
       start=st.sampled_from([None, 0, 2]), end=st.sampled_from([None, 15, 18]),
       batch=st.integers(1, 6), with_targets=st.booleans())
def test_windows_match_keras_definition(length, stride, rate, start, end, batch, with_targets):
    data = np.arange(20 * 2, dtype="float32").reshape(20, 2)
    targets = np.arange(100, 120) if with_targets else None
    ds = timeseries_dataset_from_array(data, targets, length, stride, rate, batch_size=batch,
                                       start_index=start, end_index=end)
    windows, expected_targets = _reference(data, targets, length, stride, rate, start, end)
    batches = list(ds)
    got = torch.cat([b[0] if with_targets else b for b in batches]) if batches else torch.zeros(0, length, 2)
    np.testing.assert_array_equal(got.numpy(), np.array(windows).reshape(-1, length, 2))
    if with_targets and batches:
        np.testing.assert_array_equal(torch.cat([b[1] for b in batches]).numpy(), expected_targets)
    assert len(ds) == len(batches) and all(len(b[0] if with_targets else b) <= batch for b in batches)


def test_shuffle_is_seeded_and_complete():
    data = np.arange(30)
    def run(seed):
        ds = timeseries_dataset_from_array(data, data * 10, 3, shuffle=True, seed=seed, batch_size=4)
        return [torch.cat([y for _, y in ds]).tolist() for _ in range(2)]
    first = run(1)
    assert first == run(1) and first[0] != first[1]
    assert sorted(first[0]) == [10 * p for p in range(28)]


def test_errors():
    data = np.zeros(10)
    for kwargs, match in [({"start_index": 10}, "start_index"), ({"end_index": 10}, "end_index"),
                          ({"sampling_rate": 0}, "sampling_rate"), ({"sequence_stride": 10}, "sequence_stride"),
                          ({"start_index": 5, "end_index": 3}, "higher than `start_index`")]:
        with pytest.raises(ValueError, match=match):
            timeseries_dataset_from_array(data, None, 2, **kwargs)


@pytest.mark.parametrize("sizes", [(0.8, None), (None, 3), (0.3, 0.7), (6, 4)])
def test_split_parity(keras, sizes):
    x = np.arange(40, dtype="float32").reshape(10, 4)
    y = np.arange(10)
    for data in (x, (x, y)):
        ours = split_dataset(data, *sizes, shuffle=True, seed=11)
        theirs = keras.utils.split_dataset(data, *sizes, shuffle=True, seed=11)
        for a, b in zip(ours, theirs):
            assert list(a.indices) == list(b.indices)
            assert all(torch.equal(p, q) for p, q in zip(a[0], b[0]))


@pytest.mark.parametrize("sizes", [(0.8, None), (3, 5), (0.3, 0.5)])
def test_split_without_shuffle_keeps_order(sizes):
    # keras/src/utils/dataset_utils.py `_split_dataset_tf`: left = the first `left_size`
    # samples, right = the last `right_size`. (Keras's torch path cannot be the oracle here:
    # it passes generator=None to random_split, which shuffles from the global RNG.)
    x = np.arange(10)
    left, right = split_dataset(x, *sizes)
    n_left = sizes[0] if isinstance(sizes[0], int) else round(sizes[0] * 10)
    n_right = 10 - n_left if sizes[1] is None else (sizes[1] if isinstance(sizes[1], int) else round(sizes[1] * 10))
    assert [int(left[i][0]) for i in range(len(left))] == list(range(n_left))
    assert [int(right[i][0]) for i in range(len(right))] == list(range(10 - n_right, 10))


@pytest.mark.parametrize("sizes,error", [((None, None), ValueError), ((0, 0), ValueError),
                                         ((1.5, None), ValueError), ((20, None), ValueError),
                                         (("a", None), TypeError), ((0.7, 0.6), ValueError)])
def test_split_errors_match_keras(keras, sizes, error):
    x = np.zeros((10, 2))
    with pytest.raises(error):
        keras.utils.split_dataset(x, *sizes)
    with pytest.raises(error):
        split_dataset(x, *sizes)

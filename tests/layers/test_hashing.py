"""Hashing and HashedCrossing, and the FarmHash / SipHash code under them.

Keras 3 runs both layers through TensorFlow ops (`tf.strings.to_hash_bucket_fast` and
`_strong`, `tf.sparse.cross_hashed`), which are not installed here, so the oracles are:
- the expected outputs that Keras's own tests and docstrings state
  (keras/src/layers/preprocessing/hashing.py, hashing_test.py, hashed_crossing.py,
  hashed_crossing_test.py), cited at each use;
- published test vectors of the hash functions: farmhash's self-test table for
  `farmhashna::Hash64` (= `Fingerprint64`; google/farmhash src/farmhash.cc,
  `farmhashnaTest`) and SipHash-2-4's reference vectors (veorq/SipHash vectors.h, and
  the paper's appendix value for the 15-byte message);
- Keras itself for everything that needs no TensorFlow: constructor validation,
  `get_config` and `compute_output_shape`, with its TensorFlow import check stubbed out.
"""

import json
import types

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina as lm
from lamina.layers.preprocessing.hashing.farmhash import fingerprint64, fingerprint64_rows
from lamina.layers.preprocessing.hashing.hashed_crossing import HashedCrossing
from lamina.layers.preprocessing.hashing.hashing import Hashing
from lamina.layers.preprocessing.hashing.siphash import siphash24
from lamina.layers.preprocessing.hashing.values import digests

M64 = (1 << 64) - 1
WIRE = ["omar", "stringer", "marlo", "wire", "skywalker"]  # hashing_test.py's strings


@pytest.fixture
def keras_layers(keras, monkeypatch):
    """Keras's Hashing and HashedCrossing with their `tf.available` check stubbed: their
    constructors, `get_config` and `compute_output_shape` use no TensorFlow."""
    from keras.src.layers.preprocessing import hashed_crossing, hashing

    stub = types.SimpleNamespace(available=True)
    monkeypatch.setattr(hashing, "tf", stub)
    monkeypatch.setattr(hashed_crossing, "tf", stub)
    return keras.layers


# ------------------------------------------------------------------ FarmHash Fingerprint64
def farmhash_self_test_data(size: int) -> bytes:
    """farmhash.cc `Setup()`: the pseudo-random bytes its self-test hashes."""
    k0 = 0xC3A5C85C97CB3127
    out = bytearray()
    a, b = 9, 777
    for i in range(size):
        a = (a + b) & M64
        b = (b + a) & M64
        a = ((a ^ (a >> 41)) * k0) & M64
        b = (((b ^ (b >> 41)) * k0) + i) & M64
        out.append((b >> 37) & 0xFF)
    return bytes(out)


# farmhash.cc `farmhashnaTest`: `Test(i * i, i)` checks `farmhashna::Hash64(data + i*i, i)`
# as two 32-bit halves, entries 6i+4 and 6i+5 of its `expected` table. These lengths cover
# every branch: 0, 1-3, 4-7, 8-16, 17-32, 33-64 and the 64-byte-block loop.
FARMHASH_VECTORS = [
    (0, 2598464059, 797982799), (1, 1410420968, 2134990486), (3, 4019337850, 452431531),
    (4, 299850021, 2532580744), (7, 458884671, 3033004529), (8, 2700149065, 2699376854),
    (9, 4220361840, 1712034059), (16, 65721842, 489963606), (17, 1790705123, 2128624475),
    (31, 1438494951, 507436733), (32, 126024219, 146044391), (33, 165589978, 1578546616),
    (64, 3740748788, 3388062747), (65, 1020177209, 734239551), (127, 2567532373, 4075249328),
    (128, 4104757832, 3026358429), (129, 3573008472, 3615577014), (200, 1089679033, 240953857),
    (298, 540133451, 3313113759),
]


def test_fingerprint64_matches_farmhash_self_test_vectors():
    data = farmhash_self_test_data(298 * 298 + 298)
    for length, high, low in FARMHASH_VECTORS:
        got = fingerprint64(data[length * length:length * length + length])
        assert got == (high << 32) | low, f"length {length}"


def test_fingerprint64_batches_of_mixed_lengths_equal_one_by_one():
    data = farmhash_self_test_data(4000)
    items = [data[i:i + n] for i, n in enumerate([0, 5, 5, 12, 70, 300, 17, 40, 64, 65, 3])]
    batch = digests(items, fingerprint64_rows)
    assert [int(h) for h in batch] == [fingerprint64(item) for item in items]


# ------------------------------------------------------------------ SipHash-2-4
SIP_KEY = (int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little"))
# veorq/SipHash vectors.h `vectors_sip64[n]`: SipHash-2-4 under the key 00..0f of the
# message 00 01 .. (n-1), as the little-endian bytes of the output (here as uint64).
SIP_VECTORS = {
    0: 0x726FDB47DD0E0E31, 1: 0x74F839C593DC67FD, 7: 0xAB0200F58B01D137, 8: 0x93F5F5799A932462,
    15: 0xA129CA6149BE45E5,  # also the SipHash paper's appendix example
    16: 0x3F2ACC7F57C29BDB, 63: 0x958A324CEB064572,
}


@pytest.mark.parametrize("length", sorted(SIP_VECTORS))
def test_siphash24_matches_reference_vectors(length):
    assert siphash24(*SIP_KEY, bytes(range(length))) == SIP_VECTORS[length]


# ------------------------------------------------------------------ Hashing values
# Each row: constructor kwargs, input, Keras's stated output (file and test cited).
KERAS_HASHING_EXAMPLES = [
    # hashing.py docstring / hashing_test.py test_correctness
    (dict(num_bins=3), [["A"], ["B"], ["C"], ["D"], ["E"]], [[1], [0], [1], [1], [2]]),
    (dict(num_bins=3, mask_value=""), [["A"], ["B"], [""], ["C"], ["D"]], [[1], [1], [0], [2], [2]]),
    (dict(num_bins=3, salt=[133, 137]), [["A"], ["B"], ["C"], ["D"], ["E"]], [[1], [2], [1], [0], [2]]),
    (dict(num_bins=3, salt=133), [["A"], ["B"], ["C"], ["D"], ["E"]], [[0], [0], [2], [1], [0]]),
    # hashing_test.py test_hash_single_bin, test_hash_dense_input_farmhash, ..._mask_value_...
    (dict(num_bins=1), np.asarray([["A"], ["B"], ["C"], ["D"], ["E"]]), [[0]] * 5),
    (dict(num_bins=2), np.asarray([[w] for w in WIRE]), [[0], [0], [1], [0], [0]]),
    (dict(num_bins=2), WIRE, [0, 0, 1, 0, 0]),
    (dict(num_bins=3, mask_value=""), np.asarray([[w] for w in WIRE]), [[1], [1], [2], [1], [1]]),
    (dict(num_bins=3, mask_value="omar"), np.asarray([[w] for w in WIRE]), [[0], [1], [2], [1], [1]]),
    # test_hash_dense_int_input_farmhash, test_tensor_like_inputs, test_hash_list_input
    (dict(num_bins=3), np.asarray([[0], [1], [2], [3], [4]]), [[1], [0], [1], [0], [2]]),
    (dict(num_bins=3), (0, 1, 2, 3, 4), [1, 0, 1, 0, 2]),
    (dict(num_bins=2), [[1, 2], [2, 3], [3, 4]], [[1, 1], [1, 1], [1, 1]]),
    (dict(num_bins=2), [[[1], [2]], [[2], [3]], [[3], [4]]], [[[1], [1]], [[1], [1]], [[1], [1]]]),
    # test_hash_dense_input_siphash, test_hash_dense_int_input_siphash
    (dict(num_bins=2, salt=[133, 137]), np.asarray([[w] for w in WIRE]), [[0], [1], [0], [1], [0]]),
    (dict(num_bins=2, salt=[211, 137]), np.asarray([[w] for w in WIRE]), [[1], [0], [1], [0], [1]]),
    (dict(num_bins=3, salt=[133, 137]), np.asarray([[0], [1], [2], [3], [4]]), [[1], [1], [2], [0], [1]]),
]


@pytest.mark.parametrize("kwargs, inputs, expected", KERAS_HASHING_EXAMPLES, ids=range(len(KERAS_HASHING_EXAMPLES)))
def test_hashing_matches_keras_documented_outputs(kwargs, inputs, expected):
    out = Hashing(**kwargs)(inputs)
    assert out.dtype == torch.int64
    assert out.tolist() == expected


def test_hashing_accepts_tensors_bytes_objects_and_scalars():
    # test_tensor_like_inputs: lists, tuples, arrays and tensors of ints hash alike.
    want = [1, 0, 1, 0, 2]
    for inputs in (torch.arange(5), torch.arange(5, dtype=torch.int32), np.arange(5, dtype="uint8"), [0, 1, 2, 3, 4]):
        assert Hashing(num_bins=3)(inputs).tolist() == want
    text = Hashing(num_bins=2)(WIRE).tolist()
    assert Hashing(num_bins=2)([w.encode() for w in WIRE]).tolist() == text
    assert Hashing(num_bins=2)(np.array(WIRE, dtype=object)).tolist() == text
    assert Hashing(num_bins=2)(np.array([WIRE[0].encode(), WIRE[1]], dtype=object)).tolist() == text[:2]
    assert Hashing(num_bins=3)("A").shape == () and int(Hashing(num_bins=3)("A")) == 1


def test_hashing_floats_are_truncated_to_ints_like_tf_cast():
    # Keras casts float inputs to int64 before `tf.as_string` (hashing.py `_hash_values_to_bins`).
    layer = Hashing(num_bins=7)
    floats = layer(np.array([1.9, -1.9, 0.2, 12345.5]))
    assert floats.tolist() == layer(np.array([1, -1, 0, 12345])).tolist()
    assert layer(torch.tensor([1.9, -2.5])).tolist() == layer([1, -2]).tolist()


# Printable text plus a few multi-byte code points: UTF-8 lengths then cross the
# 4/8/16/32/64-byte branch points of Fingerprint64.
TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=80)


@given(words=st.lists(TEXT, min_size=1, max_size=12), num_bins=st.integers(1, 50))
def test_hashing_is_fingerprint64_modulo_num_bins(words, num_bins):
    out = Hashing(num_bins=num_bins)(np.array(words, dtype=object))
    assert out.tolist() == [fingerprint64(w.encode("utf-8")) % num_bins for w in words]


@given(words=st.lists(TEXT, min_size=1, max_size=12), num_bins=st.integers(1, 50),
       salt=st.tuples(st.integers(-(2**63), 2**63 - 1), st.integers(-(2**63), 2**63 - 1)))
def test_salted_hashing_is_siphash_modulo_num_bins(words, num_bins, salt):
    out = Hashing(num_bins=num_bins, salt=list(salt))(np.array(words, dtype=object))
    # TensorFlow's key attr holds int64s, read as the uint64 key words.
    assert out.tolist() == [siphash24(salt[0] & M64, salt[1] & M64, w.encode()) % num_bins for w in words]


@given(values=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=10), num_bins=st.integers(1, 20))
def test_integers_hash_as_their_decimal_strings(values, num_bins):
    layer = Hashing(num_bins=num_bins)
    assert layer(torch.tensor(values)).tolist() == layer([str(v) for v in values]).tolist()


@given(words=st.lists(st.sampled_from(["", "a", "b", "mask", "zz"]), min_size=1, max_size=10),
       num_bins=st.integers(2, 9), salt=st.none() | st.integers(0, 2**63 - 1))
def test_mask_value_takes_bin_zero_and_shifts_the_others(words, num_bins, salt):
    masked = Hashing(num_bins=num_bins, mask_value="mask", salt=salt)(words).tolist()
    plain = Hashing(num_bins=num_bins - 1, salt=salt)(words).tolist()
    assert masked == [0 if w == "mask" else p + 1 for w, p in zip(words, plain)]


def test_int_salt_is_the_pair_of_itself():
    assert Hashing(num_bins=5, salt=133).salt == [133, 133]
    words = ["A", "B", "C", "D", "E", "F", "G"]
    assert Hashing(num_bins=5, salt=133)(words).tolist() == Hashing(num_bins=5, salt=(133, 133))(words).tolist()


def test_integer_mask_value_on_integer_and_float_inputs():
    layer = Hashing(num_bins=4, mask_value=3)
    out = layer(np.array([0, 3, 5, 3])).tolist()
    assert out[1] == out[3] == 0 and 0 not in (out[0], out[2])
    # Keras compares floats with the mask before truncating them: 3.5 is not masked.
    assert layer(np.array([3.0, 3.5])).tolist() == [0, Hashing(num_bins=3)([3]).item() + 1]


# ------------------------------------------------------------------ output modes and shapes
def test_one_hot_multi_hot_and_count_outputs_from_keras_tests():
    # hashing_test.py test_one_hot_output, test_multi_hot_output, test_count_output
    one_hot = Hashing(num_bins=3, output_mode="one_hot")(np.array([[0], [1], [2], [3], [4]]))
    assert one_hot.dtype == torch.float32
    assert one_hot.tolist() == [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert Hashing(num_bins=3, output_mode="multi_hot")(np.array([[0, 1, 2, 3, 4]])).tolist() == [[1, 1, 1]]
    assert Hashing(num_bins=3, output_mode="count")(np.array([0, 1, 2, 3, 4])).tolist() == [2, 2, 1]
    assert Hashing(num_bins=3, output_mode="count")(np.array([[0, 1, 2, 3, 4]])).tolist() == [[2, 2, 1]]


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_encoded_modes_equal_encoding_the_int_bins(mode):
    words = np.array([["a", "b", "a"], ["c", "c", "d"]])
    ids = Hashing(num_bins=6)(words)
    hot = torch.nn.functional.one_hot(ids, 6).float()
    want = {"one_hot": hot, "multi_hot": hot.amax(1), "count": hot.sum(1)}[mode]
    assert torch.equal(Hashing(num_bins=6, output_mode=mode)(words), want)


SHAPES = [(4,), (4, 1), (3, 4), (2, 3, 1), (2, 1, 1), (1,), ()]


@pytest.mark.parametrize("mode, shape", [(m, s) for m in ("int", "one_hot", "multi_hot", "count") for s in SHAPES
                                         if m in ("int", "one_hot") or len(s) <= 2], ids=str)
def test_compute_output_shape_equals_the_eager_shape(mode, shape):
    # (rank > 2 multi_hot/count is refused: test_multi_hot_rank_3_is_refused)
    layer = Hashing(num_bins=5, output_mode=mode)
    out = layer(np.full(shape, "x"))
    assert tuple(out.shape) == layer.compute_output_shape(shape)


@pytest.mark.parametrize("mode", ["int", "multi_hot", "count"])
@pytest.mark.parametrize("shape", [(None, 4), (None, 1), (None,)], ids=str)
def test_compute_output_shape_matches_keras(mode, shape, keras_layers):
    # For "one_hot" Keras's compute_output_shape drops the last axis even when its call
    # keeps it (e.g. (None, 4) -> (None, 5) symbolically, (n, 4, 5) eagerly); we follow
    # the eager output, tested above.
    ours = Hashing(num_bins=5, output_mode=mode).compute_output_shape(shape)
    assert ours == tuple(keras_layers.Hashing(num_bins=5, output_mode=mode).compute_output_shape(shape))


def test_symbolic_calls_and_models():
    inputs = lm.Input(shape=(1,), dtype="int32")
    outputs = Hashing(num_bins=3, output_mode="one_hot")(inputs)
    assert outputs.shape == (None, 3) and outputs.dtype == "float32"
    model = lm.Model(inputs, outputs)
    # hashing_test.py test_one_hot_output, through a functional model
    got = model(np.array([[0], [1], [2], [3], [4]], dtype="int32"))
    assert got.tolist() == [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert Hashing(num_bins=3)(lm.Input(shape=(4,), dtype="int32")).dtype == "int64"
    assert Hashing(num_bins=3, dtype="int32")(lm.Input(shape=(4,), dtype="int64")).dtype == "int32"


@pytest.mark.parametrize("mode, dtype, want", [("int", "int32", torch.int32), ("int", "int64", torch.int64),
                                              ("one_hot", "float64", torch.float64),
                                              ("count", "int32", torch.int32)])
def test_output_dtype(mode, dtype, want):
    layer = Hashing(num_bins=3, output_mode=mode, dtype=dtype)
    assert layer.dtype == dtype
    assert layer(np.array([["a"], ["b"]])).dtype == want


def test_multi_hot_rank_3_is_refused():
    with pytest.raises(ValueError, match="rank 1 or 2"):
        Hashing(num_bins=3, output_mode="multi_hot")(np.full((2, 2, 2), "a"))


# ------------------------------------------------------------------ Hashing config and errors
@pytest.mark.parametrize("kwargs", [dict(num_bins=8), dict(num_bins=3, salt=133, mask_value="", name="h"),
                                    dict(num_bins=4, salt=(1, 2), output_mode="count"),
                                    dict(num_bins=2, output_mode="one_hot", dtype="float64"),
                                    dict(num_bins=2, dtype="int32", mask_value=0)], ids=str)
def test_hashing_config_matches_keras_and_round_trips(kwargs, keras_layers):
    ours = Hashing(**kwargs)
    theirs = keras_layers.Hashing(**kwargs)
    want = theirs.get_config()
    if "name" not in kwargs:
        want["name"] = ours.name  # auto-generated names differ between libraries
    assert ours.get_config() == want
    rebuilt = Hashing.from_config(want)
    assert rebuilt.get_config() == want
    sample = [0, 7] if isinstance(kwargs.get("mask_value"), int) else ["x", "y"]
    assert rebuilt(sample).tolist() == ours(sample).tolist()


@pytest.mark.parametrize("kwargs, match", [
    (dict(num_bins=None), "cannot be `None`"), (dict(num_bins=-1), "cannot be `None`"),
    (dict(num_bins=0), "non-positive"), (dict(num_bins=2, salt="string"), "can only be a tuple of size 2"),
    (dict(num_bins=2, salt=[1]), "can only be a tuple of size 2"),
    (dict(num_bins=1, salt=[133, 137, 177]), "can only be a tuple of size 2"),
    (dict(num_bins=3, output_mode="unsupported_mode"), "Invalid value for argument `output_mode`"),
    (dict(num_bins=3, dtype="float32"), "should be an integer type"),
    (dict(num_bins=3, output_mode="int", sparse=True), "`sparse` may only be true"),
], ids=str)
def test_hashing_bad_arguments_fail_like_keras(kwargs, match, keras_layers):
    # hashing_test.py test_invalid_inputs and the test_hashing_invalid_* tests
    with pytest.raises(ValueError, match=match):
        keras_layers.Hashing(**kwargs)
    with pytest.raises(ValueError, match=match):
        Hashing(**kwargs)


def test_hashing_refuses_sparse_outputs():
    with pytest.raises(ValueError, match="sparse=True is not supported with PyTorch"):
        Hashing(num_bins=3, output_mode="one_hot", sparse=True)


def test_hashing_bad_inputs():
    with pytest.raises(ValueError, match="finite"):
        Hashing(num_bins=3)(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="mask_value=''.*numeric"):
        Hashing(num_bins=3, mask_value="")(np.array([1, 2]))
    with pytest.raises(TypeError, match="mask_value=0.*string"):
        Hashing(num_bins=3, mask_value=0)(["a"])
    with pytest.raises(TypeError, match="only str or bytes.*float"):
        Hashing(num_bins=3)(np.array(["a", 1.5], dtype=object))
    with pytest.raises(ValueError, match="ragged"):
        Hashing(num_bins=3)([["a"], ["b", "c"]])
    with pytest.raises(TypeError, match="strings or integers"):
        Hashing(num_bins=3)(torch.ones(2, dtype=torch.complex64))


# ------------------------------------------------------------------ HashedCrossing
def test_hashed_crossing_matches_keras_documented_outputs():
    # hashed_crossing.py docstring / hashed_crossing_test.py test_correctness, test_tf_string
    feat1 = np.array(["A", "B", "A", "B", "A"])
    feat2 = np.array([101, 101, 101, 102, 102])
    out = HashedCrossing(num_bins=5)((feat1, feat2))
    assert out.dtype == torch.int64 and out.tolist() == [1, 4, 1, 1, 3]
    one_hot = HashedCrossing(num_bins=5, output_mode="one_hot")((feat1, feat2))
    assert one_hot.dtype == torch.float32
    assert one_hot.tolist() == [[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]
    scalar = HashedCrossing(num_bins=10)(("A", 101))
    assert scalar.shape == () and scalar.item() == 1
    column = HashedCrossing(num_bins=5)((feat1[:, None], torch.tensor(feat2)[:, None]))
    assert column.tolist() == [[1], [4], [1], [1], [3]]


@pytest.mark.parametrize("shape, mode, want", [((2,), "int", (2,)), ((2, 1), "int", (2, 1)), ((), "int", ()),
                                               ((2,), "one_hot", (2, 4)), ((2, 1), "one_hot", (2, 4))], ids=str)
def test_hashed_crossing_shapes(shape, mode, want, keras_layers):
    # hashed_crossing_test.py test_basics: (2,) inputs give (2,) ints and (2, 4) one-hots.
    layer = HashedCrossing(num_bins=4, output_mode=mode)
    out = layer((np.ones(shape, dtype="int64"), np.full(shape, "a")))
    assert tuple(out.shape) == want == layer.compute_output_shape([shape, shape])
    if shape:  # Keras's compute_output_shape agrees (it reads `shape[-1]`, so not for ())
        theirs = keras_layers.HashedCrossing(num_bins=4, output_mode=mode).compute_output_shape((shape, shape))
        assert tuple(theirs) == want


def test_hashed_crossing_symbolic():
    a, b = lm.Input(shape=(1,), dtype="int32"), lm.Input(shape=(1,), dtype="int32")
    out = HashedCrossing(num_bins=4)([a, b])
    assert out.shape == (None, 1) and out.dtype == "int64"
    model = lm.Model([a, b], HashedCrossing(num_bins=4, output_mode="one_hot")([a, b]))
    got = model([np.array([[1], [2]], dtype="int32"), np.array([[3], [4]], dtype="int32")])
    assert got.shape == (2, 4) and got.sum(-1).tolist() == [1, 1]


def fingerprint_cat64(first: int, second: int) -> int:
    """tensorflow/core/platform/fingerprint.h `FingerprintCat64`, on Python ints."""
    mul = 0xC6A4A7935BD1E995
    result = first ^ mul
    mixed = (second * mul) & M64
    result ^= ((mixed ^ (mixed >> 47)) * mul) & M64
    result = (result * mul) & M64
    result = ((result ^ (result >> 47)) * mul) & M64
    return result ^ (result >> 47)


@given(ints=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=6), word=TEXT)
def test_hashed_crossing_is_tf_cross_hashed(ints, word):
    # tf.sparse.cross_hashed (sparse_cross_op.cc `HashCrosser`): start from the default key
    # 0xDECAFCAFFE, fold in each feature in order with FingerprintCat64: a string as its
    # Fingerprint64, an int64 as its own bits.
    words = [word] * len(ints)
    layer = HashedCrossing(num_bins=1000)
    for features, parts in (((ints, words), lambda i: (ints[i] & M64, fingerprint64(word.encode()))),
                            ((words, ints), lambda i: (fingerprint64(word.encode()), ints[i] & M64))):
        want = []
        for i in range(len(ints)):
            crossed = 0xDECAFCAFFE
            for part in parts(i):
                crossed = fingerprint_cat64(crossed, part)
            want.append(crossed % 1000)
        got = layer((np.array(features[0], dtype=object if features[0] is words else "int64"),
                     np.array(features[1], dtype=object if features[1] is words else "int64")))
        assert got.tolist() == want
    # Narrower ints are cast to int64 first, so they cross alike.
    small = np.array(ints, dtype="int64").astype("int32")
    assert layer((small, words)).tolist() == layer((small.astype("int64"), words)).tolist()


def test_hashed_crossing_config_matches_keras(keras_layers):
    for kwargs in (dict(num_bins=3), dict(num_bins=5, output_mode="one_hot", name="hc"),
                   dict(num_bins=2, dtype="int32")):
        ours = HashedCrossing(**kwargs).get_config()
        want = keras_layers.HashedCrossing(**kwargs).get_config()
        want["name"] = ours["name"] if "name" not in kwargs else want["name"]
        assert ours == want
        assert HashedCrossing.from_config(want).get_config() == want


@pytest.mark.parametrize("inputs, match", [
    ((np.array([[[1]]]), np.array([[[1]]])), "inputs should have shape"),  # test_unsupported_shape_input_fails
    (np.array(1), "should be called on a list"),  # test_non_list_input_fails
    ([np.array(1)], "at least two inputs"),  # test_single_input_fails
    ((np.array([1.0]), np.array([1.0])), "should have an integer or string"),  # test_float_input_fails
    ((np.array([1, 2]), np.array([1])), "should have equal shape"),
    ((np.array([True]), np.array([1])), "should have an integer or string"),
], ids=["rank3", "not_a_list", "one_input", "floats", "unequal", "bools"])
def test_hashed_crossing_bad_inputs(inputs, match):
    with pytest.raises(ValueError, match=match):
        HashedCrossing(num_bins=10)(inputs)


def test_hashed_crossing_bad_arguments(keras_layers):
    with pytest.raises(ValueError, match="only be used with the TensorFlow backend"):
        keras_layers.HashedCrossing(num_bins=3, sparse=True)  # Keras on torch refuses it too
    with pytest.raises(ValueError, match="only be used with the TensorFlow backend"):
        HashedCrossing(num_bins=3, sparse=True)
    with pytest.raises(ValueError, match="output_mode"):
        HashedCrossing(num_bins=3, output_mode="multi_hot")
    with pytest.raises(ValueError, match="num_bins"):
        HashedCrossing(num_bins=0)


# ------------------------------------------------------------------ layer contract
# Keras can't build these layers without TensorFlow, so they have no rows in the generic
# case tables (whose parity tests call the Keras layer); the contract is checked here.
@pytest.mark.parametrize("layer, inputs", [
    (Hashing(num_bins=4, salt=3, output_mode="count", name="h"), np.array([["a", "b"], ["c", "a"]])),
    (HashedCrossing(num_bins=4, output_mode="one_hot", name="hc"), (np.array(["a", "b"]), np.array([1, 2]))),
], ids=["Hashing", "HashedCrossing"])
def test_contract(layer, inputs):
    assert layer.built and isinstance(layer, torch.nn.Module) and not layer.training
    assert layer.count_params() == 0 and layer.state_dict() == {} and layer.get_weights() == []
    config = json.loads(json.dumps(layer.get_config()))
    twin = type(layer).from_config(config)
    assert twin.get_config() == config
    out = layer(inputs)
    assert isinstance(out, torch.Tensor) and torch.equal(twin(inputs), out)
    meta = [torch.zeros(x.shape, dtype=torch.int64, device="meta") for x in inputs] if isinstance(inputs, tuple) \
        else torch.zeros(inputs.shape, dtype=torch.int64, device="meta")
    assert layer(meta).shape == out.shape  # shape-only calls on meta tensors


def test_model_with_hashing_saves_and_loads(tmp_path):
    inputs = lm.Input(shape=(1,), dtype="int64")
    model = lm.Model(inputs, Hashing(num_bins=7, salt=5, mask_value=0, output_mode="one_hot")(inputs))
    path = str(tmp_path / "hashing.keras")
    model.save(path)
    loaded = lm.saving.load_model(path, custom_objects={"Hashing": Hashing})
    x = np.array([[0], [1], [2], [3]])
    assert torch.equal(loaded(x), model(x)) and model(x)[0].tolist() == [1, 0, 0, 0, 0, 0, 0]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_tensor_inputs_keep_their_device():
    x = torch.arange(5, device="cuda")
    assert torch.equal(Hashing(num_bins=3)(x).cpu(), Hashing(num_bins=3)(x.cpu()))
    assert Hashing(num_bins=3, output_mode="one_hot")(x).device == x.device
    assert HashedCrossing(num_bins=3)((x, x)).device == x.device

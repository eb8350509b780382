"""IntegerLookup and StringLookup (issue 14).

Keras 3.15.1 needs TensorFlow for these layers (not installed), so the oracle is Keras's
own source and docstrings: the docstring examples of
keras/src/layers/preprocessing/integer_lookup.py and string_lookup.py, the rules of
keras/src/layers/preprocessing/index_lookup.py (adapt ranks tokens with
`np.lexsort((tokens, counts))[::-1]`; tf-idf weights are `log(1 + N / (1 + df))` with
the mean weight in the OOV slots; `get_config` keys), and published FarmHash / SipHash
reference values for the OOV hashing TF uses.
"""

import ast
import inspect
import math
import os
import pathlib

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.layers.preprocessing.lookup.hashing import fingerprint64, hash_bucket, siphash24
from lamina.layers.preprocessing.lookup.integer_lookup import IntegerLookup
from lamina.layers.preprocessing.lookup.string_lookup import StringLookup

VOCAB_INT = [12, 36, 1138, 42]
VOCAB_STR = ["a", "b", "c", "d"]


def keras_config_keys(keras, module: str, cls: str) -> list:
    """The keys of the dict literal in `cls.get_config` of a Keras source file."""
    path = pathlib.Path(inspect.getfile(keras)).parent / "src/layers/preprocessing" / module
    tree = ast.parse(path.read_text())
    klass = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    method = next(n for n in klass.body if isinstance(n, ast.FunctionDef) and n.name == "get_config")
    literal = next(n for n in ast.walk(method) if isinstance(n, ast.Dict))
    return [k.value for k in literal.keys]


# ------------------------------------------------------------------ docstring examples
# keras/src/layers/preprocessing/integer_lookup.py, "Examples:"
INT_CASES = [
    (dict(vocabulary=VOCAB_INT), [[12, 1138, 42], [42, 1000, 36]], [[1, 3, 4], [4, 0, 2]]),
    (dict(vocabulary=VOCAB_INT, num_oov_indices=2), [[12, 1138, 42], [37, 1000, 36]], [[2, 4, 5], [1, 0, 3]]),
    (dict(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="floormod"), [100, 300, 700, 1100, 1700, 2000],
     [0, 0, 0, 0, 0, 0]),
    (dict(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="farmhash"), [100, 300, 700, 1100, 1700, 2000],
     [3, 3, 2, 2, 0, 1]),
    (dict(vocabulary=VOCAB_INT, output_mode="one_hot"), [12, 36, 1138, 42, 7], np.eye(5)[[1, 2, 3, 4, 0]].tolist()),
    (dict(vocabulary=VOCAB_INT, output_mode="multi_hot"), [[12, 1138, 42, 42], [42, 7, 36, 7]],
     [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
    (dict(vocabulary=VOCAB_INT, output_mode="count"), [[12, 1138, 42, 42], [42, 7, 36, 7]],
     [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]),
    (dict(vocabulary=VOCAB_INT, invert=True), [[1, 3, 4], [4, 0, 2]], [[12, 1138, 42], [42, -1, 36]]),
]
# keras/src/layers/preprocessing/string_lookup.py, "Examples:"
STR_CASES = [
    (dict(vocabulary=VOCAB_STR), [["a", "c", "d"], ["d", "z", "b"]], [[1, 3, 4], [4, 0, 2]]),
    (dict(vocabulary=VOCAB_STR, num_oov_indices=2), [["a", "c", "d"], ["m", "z", "b"]], [[2, 4, 5], [0, 1, 3]]),
    (dict(vocabulary=VOCAB_STR, output_mode="one_hot"), ["a", "b", "c", "d", "z"],
     np.eye(5)[[1, 2, 3, 4, 0]].tolist()),
    (dict(vocabulary=VOCAB_STR, output_mode="multi_hot"), [["a", "c", "d", "d"], ["d", "z", "b", "z"]],
     [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
    (dict(vocabulary=VOCAB_STR, output_mode="count"), [["a", "c", "d", "d"], ["d", "z", "b", "z"]],
     [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]),
]


@pytest.mark.parametrize("kwargs,data,want", INT_CASES, ids=lambda v: str(v)[:40])
def test_integer_lookup_docstring_examples(kwargs, data, want):
    out = IntegerLookup(**kwargs)(np.array(data))
    assert out.dtype == torch.int64  # Keras's lookup encodes in its int64 value dtype
    assert out.tolist() == want


@pytest.mark.parametrize("kwargs,data,want", STR_CASES, ids=lambda v: str(v)[:40])
@pytest.mark.parametrize("container", ["list", "unicode", "object", "bytes"])
def test_string_lookup_docstring_examples(kwargs, data, want, container):
    feed = {"list": data, "unicode": np.array(data), "object": np.array(data, dtype=object),
            "bytes": np.char.encode(np.array(data), "utf-8")}[container]
    out = StringLookup(**kwargs)(feed)
    assert out.dtype == torch.int64
    assert out.tolist() == want


@pytest.mark.parametrize("cls,vocab,data", [
    (IntegerLookup, VOCAB_INT, [[12, 1138, 42, 42], [42, 7, 36, 7]]),
    (StringLookup, VOCAB_STR, [["a", "c", "d", "d"], ["d", "z", "b", "z"]]),
])
def test_tf_idf_docstring_examples(cls, vocab, data):
    layer = cls(output_mode="tf_idf", vocabulary=vocab, idf_weights=[0.25, 0.75, 0.6, 0.4])
    out = layer(np.array(data))
    assert out.dtype == torch.float32
    # OOV weight defaults to the mean of the given weights (0.5); counts times weights.
    torch.testing.assert_close(out, torch.tensor([[0, .25, 0, .6, .8], [1.0, 0, .75, 0, .4]]),
                               rtol=1e-5, atol=1e-6)
    full = cls(output_mode="tf_idf")
    full.set_vocabulary([full.oov_token, *vocab], idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4])
    torch.testing.assert_close(full(np.array(data)), torch.tensor([[0, .25, 0, .6, .8], [1.8, 0, .75, 0, .4]]),
                               rtol=1e-5, atol=1e-6)


def test_adapt_docstring_examples():
    data = np.array([[12, 1138, 42], [42, 1000, 36]])
    layer = IntegerLookup()
    layer.adapt(data)
    assert layer.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    assert layer(data).tolist() == [[5, 2, 1], [1, 3, 4]]
    strings = [["a", "c", "d"], ["d", "z", "b"]]
    layer = StringLookup()
    layer.adapt(strings)
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    assert layer(strings).tolist() == [[5, 3, 1], [1, 2, 4]]


def test_invert_returns_numpy_strings_and_round_trips():
    forward = StringLookup(vocabulary=VOCAB_STR)
    inverse = StringLookup(vocabulary=forward.get_vocabulary(), invert=True)
    out = inverse(forward([["a", "c", "d"], ["d", "z", "b"]]))
    assert isinstance(out, np.ndarray) and out.dtype.kind == "U"
    assert out.tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]  # string_lookup.py example
    ints = IntegerLookup(vocabulary=IntegerLookup(vocabulary=VOCAB_INT).get_vocabulary(), invert=True)
    assert ints(torch.tensor([[1, 3, 4], [4, 0, 2], [9, -3, 1]])).tolist() == [
        [12, 1138, 42], [42, -1, 36], [-1, -1, 12]]  # out of range: the OOV token (TF table default)
    masked = StringLookup(vocabulary=VOCAB_STR, mask_token="[M]", invert=True)
    assert masked([0, 1, 2]).tolist() == ["[M]", "[UNK]", "a"]


# ------------------------------------------------------------------ adapt
def keras_ranking(tokens, limit=None):
    """Keras's rule, written with numpy as index_lookup.py's finalize_state does."""
    keys, counts = np.unique(np.asarray(tokens), return_counts=True)
    order = np.lexsort((keys, counts))[::-1]
    ranked = keys[order].tolist()
    return ranked if limit is None else ranked[:limit]


@given(st.lists(st.integers(-5, 30), min_size=1, max_size=40), st.one_of(st.none(), st.integers(2, 8)))
def test_adapt_ranks_integers_like_keras(tokens, max_tokens):
    layer = IntegerLookup(max_tokens=max_tokens, oov_token=-100)
    layer.adapt(np.array(tokens))
    limit = None if max_tokens is None else max_tokens - 1
    assert layer.get_vocabulary(include_special_tokens=False) == keras_ranking(tokens, limit)
    assert layer.vocabulary_size() == 1 + len(layer.get_vocabulary(include_special_tokens=False))


@given(st.lists(st.text(alphabet="abcAB\u00e9\u4e2d", min_size=1, max_size=3), min_size=1, max_size=30))
def test_adapt_ranks_strings_like_keras(tokens):
    layer = StringLookup(mask_token="", oov_token="[UNK]")
    layer.adapt(np.array(tokens, dtype=object))
    # TF sorts UTF-8 bytes; their order is the code point order numpy uses for str.
    want = [t for t in keras_ranking(tokens) if t not in ("", "[UNK]")]
    assert layer.get_vocabulary() == ["", "[UNK]", *want]


def test_adapt_drops_special_tokens_and_respects_max_tokens():
    layer = StringLookup(max_tokens=4, mask_token="[M]", num_oov_indices=2)
    layer.adapt([["[M]", "[M]", "[UNK]", "x", "x", "y", "z"]])
    assert layer.get_vocabulary() == ["[M]", "[UNK]", "[UNK]", "x"]


def batches_of(strings, kind):
    if kind == "generator":
        return (strings[i:i + 2] for i in range(0, len(strings), 2))
    if kind == "loader":
        return torch.utils.data.DataLoader(strings, batch_size=2)  # collates to lists of str
    return iter([np.array(strings[i:i + 2]) for i in range(0, len(strings), 2)])


@pytest.mark.parametrize("kind", ["generator", "loader", "iterator"])
def test_adapt_on_iterables_of_batches(kind):
    strings = ["b", "a", "b", "c", "b", "a"]
    whole = StringLookup()
    whole.adapt(strings)
    layer = StringLookup()
    layer.adapt(batches_of(strings, kind))
    assert layer.get_vocabulary() == whole.get_vocabulary() == ["[UNK]", "b", "a", "c"]
    steps = StringLookup()
    steps.adapt(batches_of(strings, kind), steps=1)
    assert steps.get_vocabulary() == ["[UNK]", "b", "a"]  # first batch only; tie broken high to low


def test_adapt_on_a_dataloader_of_integer_tensors():
    data = torch.tensor([5, 3, 5, 7, 7, 5])
    layer = IntegerLookup()
    layer.adapt(torch.utils.data.DataLoader(data, batch_size=4))
    assert layer.get_vocabulary() == [-1, 5, 7, 3]


def test_tf_idf_adapt_follows_the_documented_formula():
    docs = [["a", "b"], ["a", "a"], ["c", "a"]]
    layer = StringLookup(output_mode="tf_idf", max_tokens=6, pad_to_max_tokens=True)
    layer.adapt(docs)
    assert layer.get_vocabulary() == ["[UNK]", "a", "c", "b"]
    idf = [math.log(1 + 3 / (1 + df)) for df in (3, 1, 1)]  # log(1 + N / (1 + df)), per document
    weights = [sum(idf) / 3, *idf, 0.0, 0.0]  # OOV: the mean; padding: zeros
    out = layer([["a", "a", "z", "b"]])
    want = torch.tensor([[weights[0], 2 * weights[1], 0, weights[3], 0, 0]], dtype=torch.float32)
    torch.testing.assert_close(out, want, rtol=1e-5, atol=1e-6)


def test_an_iterable_rank_1_batch_is_one_document():
    # index_lookup.py update_state: a rank-1 batch is expanded on axis 0 (one document).
    layer = StringLookup(output_mode="tf_idf")
    layer.adapt(iter([["a", "b"], ["a", "c"]]))
    idf = [math.log(1 + 2 / (1 + df)) for df in (2, 1, 1)]
    want = torch.tensor([sum(idf) / 3, *idf], dtype=torch.float32)
    torch.testing.assert_close(layer(["[UNK]", "a", "c", "b"]), want, rtol=1e-5, atol=1e-6)


def test_adapt_refuses_a_layer_with_a_static_vocabulary_and_single_strings():
    with pytest.raises(ValueError, match="Cannot adapt layer"):
        StringLookup(vocabulary=VOCAB_STR).adapt(["a"])
    with pytest.raises(TypeError, match="Wrap it in a list"):
        StringLookup().adapt("abc")


def test_vocabulary_size_cannot_change_once_frozen_in_encoded_modes():
    layer = StringLookup(output_mode="multi_hot")
    layer.adapt(["a", "b"])
    with pytest.raises(RuntimeError, match="cannot be changed"):
        layer.adapt(["a", "b", "c"])
    with pytest.raises(RuntimeError, match="must set the layer's vocabulary"):
        StringLookup(output_mode="count")(["a"])


# ------------------------------------------------------------------ masks and OOV
def test_mask_token_maps_to_zero_in_int_mode_and_is_dropped_otherwise():
    layer = StringLookup(vocabulary=VOCAB_STR, mask_token="")
    assert layer.get_vocabulary() == ["", "[UNK]", *VOCAB_STR]
    assert layer([["a", "", "z"]]).tolist() == [[2, 0, 1]]
    hot = StringLookup(vocabulary=VOCAB_STR, mask_token="", output_mode="multi_hot")
    assert hot.get_vocabulary() == ["[UNK]", *VOCAB_STR]
    assert hot([["a", "", ""]]).tolist() == [[0, 1, 0, 0, 0]]
    ints = IntegerLookup(vocabulary=VOCAB_INT, mask_token=0, output_mode="count")
    assert ints(np.array([[0, 12, 12, 5]])).tolist() == [[1, 2, 0, 0, 0]]


def test_zero_oov_indices_raise_on_oov_inputs():
    layer = IntegerLookup(vocabulary=VOCAB_INT, num_oov_indices=0)
    assert layer(np.array([12, 42])).tolist() == [0, 3]
    with pytest.raises(ValueError, match=r"num_oov_indices=0.*\[7\]"):
        layer(np.array([12, 7]))


@given(st.lists(st.integers(-50, 50), min_size=1, max_size=20), st.integers(2, 5), st.booleans())
def test_integer_floormod_buckets(tokens, buckets, masked):
    layer = IntegerLookup(vocabulary=[1000, 2000], num_oov_indices=buckets, mask_token=-999 if masked else None)
    start = 1 if masked else 0
    # Python's % is floor division's modulo, as tf.math.floormod.
    assert layer(np.array(tokens)).tolist() == [t % buckets + start for t in tokens]


def test_string_oov_buckets_use_farmhash_or_siphash_with_a_salt():
    words = ["m", "z", "hello", "a much longer out of vocabulary token that passes 64 bytes.........."]
    plain = StringLookup(vocabulary=VOCAB_STR, num_oov_indices=3)
    assert plain(words).tolist() == [fingerprint64(w.encode()) % 3 for w in words]
    salted = StringLookup(vocabulary=VOCAB_STR, num_oov_indices=3, salt=7)
    assert salted(words).tolist() == [siphash24((7, 7), w.encode()) % 3 for w in words]
    ints = IntegerLookup(vocabulary=[1], num_oov_indices=3, oov_method="farmhash", salt=[1, 2])
    assert ints(np.array([5, 77])).tolist() == [siphash24((1, 2), s) % 3 for s in (b"5", b"77")]


# Reference values: FarmHash's Fingerprint64 test strings (farmhashna::Hash64) and the
# SipHash-2-4 paper's test vector (key 00..0f, messages 00..(n-1)).
@pytest.mark.parametrize("text,want", [
    ("", 0x9AE16A3B2F90404F), ("a", 0xB3454265B6DF75E3), ("hi", 0x6A5D2FBA44F012F8),
    ("hello world", 0x588FB7478BD6B01B), ("lee@lmmrtech.com", 0x61BEC68DB00FA2FF),
    ("docklandsman@gmail.com", 0xB678CF3842309F40),
])
def test_fingerprint64_reference_values(text, want):
    assert fingerprint64(text.encode()) == want


def test_siphash_reference_values():
    key = (int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little"))
    assert siphash24(key, b"") == 0x726FDB47DD0E0E31
    assert siphash24(key, bytes(range(15))) == 0xA129CA6149BE45E5
    assert hash_bucket(b"m", 2) == 0 and hash_bucket(b"z", 2) == 1  # string_lookup.py example


# ------------------------------------------------------------------ vocabulary
def test_vocabulary_with_leading_special_tokens_and_without_specials():
    layer = IntegerLookup(vocabulary=[0, -1, 5, 6], mask_token=0)
    assert layer.get_vocabulary() == [0, -1, 5, 6]
    assert layer.get_vocabulary(include_special_tokens=False) == [5, 6]
    assert layer.vocabulary_size() == 4
    layer.set_vocabulary(np.array([9, 8]))
    assert layer.get_vocabulary() == [0, -1, 9, 8]
    layer.set_vocabulary(torch.tensor([3]))
    assert layer(torch.tensor([[3, 0, 4]])).tolist() == [[2, 0, 1]]


@pytest.mark.parametrize("kwargs,vocabulary,error,match", [
    (dict(), ["a", "b", "a"], ValueError, "repeated term"),
    (dict(mask_token="[M]"), ["a", "[M]"], ValueError, "reserved mask_token"),
    (dict(invert=True), ["a", "[UNK]"], ValueError, "reserved oov_token"),
    (dict(max_tokens=3), ["a", "b", "c"], ValueError, "larger than the maximum"),
    (dict(), [], ValueError, "empty vocabulary"),
    (dict(), [["a"], ["b"]], ValueError, "must be 1-D"),
    (dict(), ["a", 3], TypeError, "only strings"),
])
def test_bad_vocabularies(kwargs, vocabulary, error, match):
    with pytest.raises(error, match=match):
        StringLookup(vocabulary=vocabulary, **kwargs)


def test_oov_token_in_the_vocabulary_is_fine_without_invert():
    assert StringLookup(vocabulary=["x", "[UNK]"])(["[UNK]"]).tolist() == [2]


def test_idf_weight_errors():
    with pytest.raises(ValueError, match="`idf_weights` argument must also be provided"):
        StringLookup(output_mode="tf_idf", vocabulary=VOCAB_STR)
    with pytest.raises(ValueError, match="same length"):
        StringLookup(output_mode="tf_idf", vocabulary=VOCAB_STR, idf_weights=[1.0])
    with pytest.raises(ValueError, match="only be set if"):
        StringLookup().set_vocabulary(VOCAB_STR, idf_weights=[1.0] * 4)
    with pytest.raises(ValueError, match="must be set"):
        StringLookup(output_mode="tf_idf").set_vocabulary(VOCAB_STR)


def test_vocabulary_files(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_bytes("b\r\n\u00e9t\u00e9\nc\n".encode())
    layer = StringLookup(vocabulary=str(path))
    assert layer.get_vocabulary() == ["[UNK]", "b", "\u00e9t\u00e9", "c"]
    assert layer.get_config()["vocabulary"] is None  # a path travels as an asset, as in Keras
    ints = tmp_path / "ints.txt"
    ints.write_text("7\n-3\n")
    assert IntegerLookup(vocabulary=str(ints)).get_vocabulary() == [-1, 7, -3]
    # A file is numbered from the first token index on, special-looking lines included.
    assert IntegerLookup(vocabulary=str(ints), num_oov_indices=2, oov_token=7).get_vocabulary() == [7, 7, 7, -3]
    path.write_text("x\ny\nx\n")
    with pytest.raises(ValueError, match="repeated term"):
        StringLookup(vocabulary=str(path))
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(ValueError, match="not valid UTF-8"):
        StringLookup(vocabulary=str(tmp_path / "bad.txt"))
    with pytest.raises(ValueError, match="does not exist"):
        StringLookup(vocabulary=str(tmp_path / "missing.txt"))
    with pytest.raises(ValueError, match="one integer a line"):
        IntegerLookup(vocabulary=str(path))
    with pytest.raises(ValueError, match="does not support loading a vocabulary from file"):
        StringLookup(output_mode="tf_idf").set_vocabulary(str(path), idf_weights=[1.0])


def test_vocabulary_file_size_is_checked_before_reading(tmp_path, monkeypatch):
    from lamina.layers.preprocessing.lookup import vocabulary

    path = tmp_path / "vocab.txt"
    path.write_text("a\nb\n")
    monkeypatch.setattr(vocabulary, "MAX_VOCABULARY_FILE_BYTES", 3)
    with pytest.raises(ValueError, match="over the 3-byte limit"):
        StringLookup(vocabulary=str(path))


# ------------------------------------------------------------------ arguments
@pytest.mark.parametrize("cls,kwargs,error,match", [
    (StringLookup, dict(max_tokens=1), ValueError, "greater than 1"),
    (StringLookup, dict(pad_to_max_tokens=True), ValueError, "must set `max_tokens`"),
    (StringLookup, dict(num_oov_indices=-1), ValueError, "greater than or equal to 0"),
    (StringLookup, dict(output_mode="bogus"), ValueError, "unknown `output_mode`"),
    (StringLookup, dict(invert=True, output_mode="count"), ValueError, "must be 'int' when `invert`"),
    (StringLookup, dict(sparse=True), ValueError, "TensorFlow backend"),
    (StringLookup, dict(idf_weights=[1.0]), ValueError, "only be set if"),
    (StringLookup, dict(salt="x"), ValueError, "tuple of 2 integers"),
    (StringLookup, dict(mask_token=0), TypeError, "must be a string"),
    (StringLookup, dict(encoding="no-such-codec"), ValueError, "unknown `encoding`"),
    (IntegerLookup, dict(vocabulary_dtype="int32"), ValueError, "int64"),
    (IntegerLookup, dict(salt=3), ValueError, "oov_method='farmhash'"),
    (IntegerLookup, dict(oov_method="mod"), ValueError, "oov_method"),
    (IntegerLookup, dict(oov_token="x"), TypeError, "integer or None"),
    (IntegerLookup, dict(bogus=1), ValueError, "Unrecognized keyword"),
])
def test_bad_arguments(cls, kwargs, error, match):
    with pytest.raises(error, match=match):
        cls(**kwargs)


def test_bad_inputs():
    with pytest.raises(TypeError, match="torch has no string tensors"):
        StringLookup(vocabulary=VOCAB_STR)(torch.tensor([1, 2]))
    with pytest.raises(TypeError, match="takes strings"):
        StringLookup(vocabulary=VOCAB_STR)([1, 2])
    with pytest.raises(TypeError, match="cast it to an integer dtype"):
        IntegerLookup(vocabulary=VOCAB_INT)(torch.tensor([1.5]))
    with pytest.raises(TypeError, match="integer indices"):
        StringLookup(vocabulary=VOCAB_STR, invert=True)(["a"])


def test_compute_output_shape():
    assert StringLookup(vocabulary=VOCAB_STR).compute_output_shape((None, 3)) == (None, 3)
    assert StringLookup(vocabulary=VOCAB_STR, output_mode="multi_hot").compute_output_shape((None, 3)) == (None, 5)
    padded = StringLookup(max_tokens=9, pad_to_max_tokens=True, output_mode="count", vocabulary=VOCAB_STR)
    assert padded.compute_output_shape((None, 3)) == (None, 9)
    assert tuple(padded([["a", "b", "z"]]).shape) == (1, 9)
    assert StringLookup(vocabulary=VOCAB_STR, output_mode="one_hot").compute_output_shape((None, 3)) == (None, 3, 5)


# ------------------------------------------------------------------ config and saving
@pytest.mark.parametrize("cls,module", [(IntegerLookup, "index_lookup.py"), (StringLookup, "index_lookup.py")])
def test_config_keys_match_keras(cls, module, keras):
    base = list(keras.layers.Identity().get_config())  # name, trainable, dtype
    keys = keras_config_keys(keras, module, "IndexLookup")
    if cls is StringLookup:  # string_lookup.py: drops vocabulary_dtype, adds encoding
        keys = [k for k in keys if k != "vocabulary_dtype"] + ["encoding"]
    assert list(cls().get_config()) == [k for k in base if k in ("name", "trainable", "dtype")] + keys


@pytest.mark.parametrize("make", [
    lambda: IntegerLookup(vocabulary=np.array(VOCAB_INT), mask_token=0, num_oov_indices=2),
    lambda: StringLookup(vocabulary=VOCAB_STR, output_mode="tf_idf", idf_weights=np.array([.1, .2, .3, .4]),
                         max_tokens=7, pad_to_max_tokens=True),
    lambda: StringLookup(vocabulary=VOCAB_STR, invert=True, salt=3),
])
def test_from_config_round_trip(make):
    layer = make()
    config = layer.get_config()
    assert isinstance(config["vocabulary"], list)
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    data = [1, 2, 3] if layer.invert else (np.array([[12, 0, 5]]) if isinstance(layer, IntegerLookup)
                                           else [["a", "d", "q"]])
    got, want = clone(data), layer(data)
    assert (got.tolist() if hasattr(got, "tolist") else got) == (want.tolist() if hasattr(want, "tolist") else want)


def test_assets_and_own_variables_round_trip(tmp_path):
    layer = StringLookup(output_mode="tf_idf")
    layer.adapt([["x", "y"], ["x", "x"]])
    store, assets = {}, tmp_path / "assets"
    assets.mkdir()
    layer.save_own_variables(store)
    layer.save_assets(str(assets))
    assert (assets / "vocabulary.txt").read_text() == "[UNK]\nx\ny"
    clone = StringLookup.from_config(layer.get_config())
    clone.load_own_variables(store)
    clone.load_assets(str(assets))
    assert clone.get_vocabulary() == layer.get_vocabulary()
    torch.testing.assert_close(clone([["x", "y", "q"]]), layer([["x", "y", "q"]]), rtol=0, atol=0)


def test_keras_archive_round_trip_keeps_an_adapted_vocabulary(tmp_path):
    import lamina

    layer = IntegerLookup()
    layer.adapt(np.array([[1, 2, 2, 3]]))
    model = lamina.Sequential([lamina.Input((4,), dtype="int64"), layer])
    path = os.path.join(tmp_path, "m.keras")
    model.save(path)
    loaded = lamina.saving.load_model(path, custom_objects={"IntegerLookup": IntegerLookup})
    assert loaded.layers[0].get_vocabulary() == [-1, 2, 3, 1]


def test_lookup_state_follows_the_module_and_is_not_persistent():
    layer = StringLookup(vocabulary=VOCAB_STR, output_mode="tf_idf", idf_weights=[1.0] * 4)
    assert layer.state_dict() == {} and layer.weights == []  # Keras saves no variables here either
    layer.to("meta")  # stands in for a GPU: the buffers follow `.to()`
    assert layer._idf.is_meta
    assert StringLookup(vocabulary=VOCAB_STR).to("meta")([["a", "z"]]).is_meta  # ids land on its device
    assert IntegerLookup(vocabulary=VOCAB_INT).to("meta")._sorted_keys.is_meta


@given(st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=5, unique=True),
       st.lists(st.sampled_from("abcdefgh#"), max_size=12), st.booleans())
def test_int_mode_indices_follow_the_documented_layout(vocabulary, tokens, masked):
    # integer_lookup.py / string_lookup.py: mask at 0 (if set), then the OOV index, then the terms.
    mask = "#" if masked else None
    layer = StringLookup(vocabulary=vocabulary, mask_token=mask)
    start = 2 if masked else 1
    want = [0 if t == mask else (vocabulary.index(t) + start if t in vocabulary else start - 1) for t in tokens]
    assert layer(np.array(tokens, dtype=object)).tolist() == want


def test_scalars_strided_arrays_and_encodings():
    assert IntegerLookup(vocabulary=VOCAB_INT)(36).tolist() == 2  # a scalar stays a scalar
    assert IntegerLookup(vocabulary=VOCAB_INT)(np.array([12, 0, 36, 0, 42])[::-2]).tolist() == [4, 2, 1]
    assert StringLookup(vocabulary=VOCAB_STR)("c").tolist() == 3
    assert StringLookup(vocabulary=VOCAB_STR, invert=True)(3).tolist() == "c"
    latin = StringLookup(vocabulary=["\u00e9"], encoding="latin-1")
    assert latin(np.array([b"\xe9", b"x"])).tolist() == [1, 0]
    assert StringLookup(vocabulary=VOCAB_STR)([]).tolist() == []


def test_a_config_naming_a_vocabulary_file_is_refused_in_safe_mode(tmp_path):
    from lamina.layers.preprocessing.text.text_vectorization import TextVectorization

    path = tmp_path / "vocab.txt"
    path.write_text("a\nb\n")
    for cls in (StringLookup, TextVectorization):
        config = {**cls().get_config(), "vocabulary": str(path)}
        with pytest.raises(ValueError, match="safe mode"):
            cls.from_config(config)
        assert cls.from_config(config, safe_mode=False).get_vocabulary(include_special_tokens=False) == ["a", "b"]


@pytest.mark.parametrize("mode,dtype", [("int", "int64"), ("multi_hot", "int64"), ("tf_idf", "float32")])
def test_functional_model_with_integer_inputs(mode, dtype):
    import lamina

    kwargs = dict(idf_weights=[1.0, 2.0, 3.0]) if mode == "tf_idf" else {}
    inputs = lamina.Input((3,), dtype="int64")
    outputs = IntegerLookup(vocabulary=[5, 6, 7], output_mode=mode, **kwargs)(inputs)
    assert outputs.dtype == dtype
    result = lamina.Model(inputs, outputs)(np.array([[5, 6, 9]]))
    assert str(result.dtype) == f"torch.{dtype}" and tuple(result.shape[1:]) == tuple(outputs.shape[1:])

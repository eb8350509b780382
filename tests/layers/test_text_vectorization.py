"""TextVectorization (issue 14).

Keras 3.15.1 needs TensorFlow for this layer, so the expected values come from Keras's
own tests and docstring (keras/src/layers/preprocessing/text_vectorization_test.py and
text_vectorization.py) and from the TF ops `_preprocess` calls, re-derived here:
`tf.strings.lower` (ASCII letters only without an encoding), Keras's punctuation regex
(the characters of `string.punctuation`), `tf.strings.split` (runs of ASCII whitespace),
`tf.strings.unicode_split` (code points) and `tf.strings.ngrams` (each width in turn).
"""

import io
import string
import zipfile

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from test_lookup import keras_config_keys

from lamina.layers.preprocessing.text import standardize as text
from lamina.layers.preprocessing.text.text_vectorization import TextVectorization


# ------------------------------------------------------------------ Keras's own test cases
def adapted(**kwargs):
    layer = TextVectorization(**kwargs)
    layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    return layer


def test_adapt_flow_and_docstring_example():
    # text_vectorization_test.py test_adapt_flow; the docstring's first example.
    layer = adapted(max_tokens=5000, output_mode="int", output_sequence_length=4)
    out = layer([["foo qux bar"], ["qux baz"]])
    assert out.dtype == torch.int64
    assert out.tolist() == [[4, 1, 3, 0], [1, 2, 0, 0]]
    # Ranked by count (bar, baz: 2), ties high to low: baz > bar, then foo > boom > bada.
    assert layer.get_vocabulary() == ["", "[UNK]", "baz", "bar", "foo", "boom", "bada"]


@pytest.mark.parametrize("how", ["constructor", "set_vocabulary"])
def test_fixed_vocabulary(how):
    kwargs = dict(max_tokens=5000, output_sequence_length=4)
    layer = TextVectorization(vocabulary=["baz", "bar", "foo"], **kwargs)
    if how == "set_vocabulary":
        layer = TextVectorization(**kwargs)
        layer.set_vocabulary(["baz", "bar", "foo"])
    assert layer([["foo qux bar"], ["qux baz"]]).tolist() == [[4, 1, 3, 0], [1, 2, 0, 0]]
    docstring = TextVectorization(vocabulary=["earth", "wind", "and", "fire"])
    assert docstring.get_vocabulary() == ["", "[UNK]", "earth", "wind", "and", "fire"]


@pytest.mark.parametrize("kwargs,data,want", [
    (dict(output_mode="multi_hot", vocabulary=["foo", "bar", "baz"]), [["foo bar"], ["baz foo foo"]],
     [[0, 1, 1, 0], [0, 1, 0, 1]]),
    (dict(output_mode="count", vocabulary=["foo", "bar", "baz"]), ["foo bar", "baz foo foo"],
     [[0, 1, 1, 0], [0, 2, 0, 1]]),
    (dict(vocabulary=["hello", "world", "this", "is", "nice", "test"]),
     ["Hello, World!. This is just a nice test!"], [[2, 3, 4, 5, 1, 1, 6, 7]]),
    (dict(standardize="lower", vocabulary=["hello,", "hello", "world", "this", "is", "nice", "test"]),
     ["Hello, World!. This is just a nice test!"], [[2, 1, 5, 6, 1, 1, 7, 1]]),
    (dict(split="character", vocabulary=list("abcde")), ["abcf"], [[2, 3, 4, 1]]),
    (dict(standardize="strip_punctuation", vocabulary=["Hello", "World", "Test"]), ["Hello, World! Test."],
     [[2, 3, 4]]),
    (dict(standardize=None, vocabulary=["Hello", "world"]), ["Hello hello"], [[2, 1]]),
    (dict(split=None, vocabulary=["foo", "bar", "baz"]), [["foo"], ["bar"], ["unknown"]], [[2], [3], [1]]),
], ids=lambda v: str(v)[:40])
def test_keras_test_cases(kwargs, data, want):
    assert TextVectorization(**kwargs)(data).tolist() == want


def test_tf_idf_output():
    layer = TextVectorization(output_mode="tf_idf", vocabulary=["foo", "bar", "baz"], idf_weights=[0.3, 0.5, 0.2])
    out = layer(["foo bar", "baz foo foo"])
    assert out.dtype == torch.float32
    torch.testing.assert_close(out, torch.tensor([[0.0, 0.3, 0.5, 0.0], [0.0, 0.6, 0.0, 0.2]]),
                               rtol=1e-5, atol=1e-6)


def test_callables_get_numpy_unicode_arrays():
    # test_python_standardize_callable_non_tf_backend: on torch, a callable standardize gets
    # a NumPy array of unicode strings.
    kinds = []

    def np_standardize(strings):
        kinds.append((type(strings).__name__, strings.dtype.kind))
        return np.char.replace(np.char.lower(strings), ",", "")

    layer = TextVectorization(standardize=np_standardize)
    layer.adapt(["Hello, world."])
    assert set(kinds) == {("ndarray", "U")}
    assert layer.get_vocabulary() == ["", "[UNK]", "world.", "hello"]
    dash = TextVectorization(standardize=lambda s: np.char.replace(s, "-", " "), vocabulary=["foo", "bar"])
    assert dash(["foo-bar"]).tolist() == [[2, 3]]
    pipe_split = lambda strings: [s.split("|") for s in strings]  # noqa: E731
    # test_custom_splitting: the default standardization strips "|" first, leaving "foobar".
    assert TextVectorization(split=pipe_split, vocabulary=["foo", "bar", "foobar"])(["foo|bar"]).tolist() == [[4]]
    raw = TextVectorization(split=pipe_split, standardize=None, vocabulary=["foo", "bar", "foobar"])
    assert raw(["foo|bar|zz", "foobar"]).tolist() == [[2, 3, 1], [4, 0, 0]]


@pytest.mark.parametrize("ngrams,want", [
    (2, ["", "[UNK]", "foo bar", "foo", "baz", "bar baz", "bar"]),
    ((1, 3), ["", "[UNK]", "foo bar baz", "foo", "baz", "bar"]),
    ((3,), ["", "[UNK]", "foo bar baz"]),
])
def test_ngrams(ngrams, want):
    # test_ngrams_integer / test_ngrams_tuple: all counts are 1, so ties rank high to low.
    layer = TextVectorization(ngrams=ngrams)
    layer.adapt(["foo bar baz"])
    assert layer.get_vocabulary() == want


# ------------------------------------------------------------------ the TF string ops
def test_punctuation_regex_is_keras_and_strips_string_punctuation():
    assert text.PUNCTUATION_REGEX == r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'  # text_vectorization.py
    kept = [chr(c) for c in range(0x2000) if text.strip_punctuation(chr(c))]
    assert set(map(chr, range(0x2000))) - set(kept) == set(string.punctuation)


@given(st.text(max_size=20))
def test_standardize_steps(s):
    assert text.strip_punctuation(s) == "".join(c for c in s if c not in string.punctuation)
    lowered = text.ascii_lower(s)
    assert lowered == "".join(c.lower() if "A" <= c <= "Z" else c for c in s)  # tf.strings.lower: ASCII only
    assert text.standardize(np.array([s], dtype=object), "lower_and_strip_punctuation")[0] == \
        text.strip_punctuation(lowered)


@given(st.text(alphabet=" \t\n\r\x0b\x0cab\u00a0\u2003", max_size=20))
def test_whitespace_split_is_ascii_whitespace(s):
    pieces, current = [], ""
    for c in s:
        if c in " \t\n\r\x0b\x0c":
            pieces, current = pieces + [current], ""
        else:
            current += c
    assert text.split_whitespace(s) == [p for p in pieces + [current] if p]


@given(st.lists(st.sampled_from("abc"), max_size=6), st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_ngrams_list_each_width_in_turn(tokens, widths):
    want = []
    for width in widths:
        want += [" ".join(tokens[i:i + width]) for i in range(len(tokens) - width + 1)]
    assert text.ngrams([tokens], tuple(widths)) == [want]


def test_non_ascii_text():
    layer = TextVectorization(split="character", standardize="lower", vocabulary=["é", "x"])
    assert layer(["ÉxÉé"]).tolist() == [[1, 3, 1, 2]]  # É is not ASCII: not lowercased
    assert TextVectorization(vocabulary=["a\u00a0b"])(["a\u00a0b c"]).tolist() == [[2, 1]]


# ------------------------------------------------------------------ shapes and padding
def test_sequence_length_pads_truncates_or_follows_the_longest_row():
    layer = TextVectorization(vocabulary=list("abcd"))
    assert layer(["a b c", "d", ""]).tolist() == [[2, 3, 4], [5, 0, 0], [0, 0, 0]]
    assert TextVectorization(vocabulary=list("abcd"), output_sequence_length=2)(["a b c", "d"]).tolist() == \
        [[2, 3], [5, 0]]
    assert tuple(layer(["", ""]).shape) == (2, 0)
    assert TextVectorization(vocabulary=["a"], split=None, output_sequence_length=3)([["a"]]).tolist() == [[2, 0, 0]]


def test_scalar_input_gives_one_row():
    layer = TextVectorization(vocabulary=list("ab"))
    assert layer("a b z").tolist() == [2, 3, 1]


def test_output_shapes():
    layer = TextVectorization(vocabulary=list("ab"), output_sequence_length=5)
    assert layer.compute_output_shape((None, 1)) == (None, 5)
    hot = TextVectorization(max_tokens=10, pad_to_max_tokens=True, output_mode="multi_hot", vocabulary=list("ab"))
    assert hot.compute_output_shape((None,)) == (None, 10)
    assert tuple(hot(["a b", "z"]).shape) == (2, 10)
    assert hot(["a b", "z"]).tolist() == [[0, 1, 1] + [0] * 7, [1] + [0] * 9]


def test_rank_2_inputs_need_a_last_axis_of_one():
    with pytest.raises(ValueError, match=r"last shape dimension must be 1.*\(2, 2\)"):
        TextVectorization(vocabulary=["a"])([["a", "b"], ["c", "d"]])


# ------------------------------------------------------------------ adapt
@pytest.mark.parametrize("kind", ["generator", "loader", "list_iter"])
def test_adapt_on_iterables(kind):
    texts = ["hello world", "foo bar", "baz qux", "hello foo"]
    whole = TextVectorization()
    whole.adapt(texts)
    feed = {"generator": (texts[i:i + 2] for i in (0, 2)),
            "loader": torch.utils.data.DataLoader(texts, batch_size=2),
            "list_iter": iter([np.array(texts[:2]), np.array(texts[2:])])}[kind]
    layer = TextVectorization()
    layer.adapt(feed)
    assert layer.get_vocabulary() == whole.get_vocabulary()
    assert whole.get_vocabulary()[:4] == ["", "[UNK]", "hello", "foo"]

    def forever():
        while True:
            yield ["hello world", "foo bar"]

    limited = TextVectorization()
    limited.adapt(forever(), steps=3)
    assert limited.get_vocabulary() == ["", "[UNK]", "world", "hello", "foo", "bar"]


def test_tf_idf_adapt_treats_each_string_as_a_document():
    import math

    layer = TextVectorization(output_mode="tf_idf")
    layer.adapt(["a a b", "a c"])
    idf = [math.log(1 + 2 / (1 + df)) for df in (2, 1, 1)]  # a, c, b
    assert layer.get_vocabulary() == ["[UNK]", "a", "c", "b"]
    want = torch.tensor([[sum(idf) / 3, 2 * idf[0], 0, idf[2]]], dtype=torch.float32)
    torch.testing.assert_close(layer(["a b a zz"]), want, rtol=1e-5, atol=1e-6)


def test_max_tokens_caps_the_adapted_vocabulary():
    layer = TextVectorization(max_tokens=4)
    layer.adapt(["x x x y y z"])
    assert layer.get_vocabulary() == ["", "[UNK]", "x", "y"]


# ------------------------------------------------------------------ arguments
@pytest.mark.parametrize("kwargs,match", [
    (dict(ragged=True), "ragged=True` can only be used with the TensorFlow backend"),
    (dict(sparse=True), "sparse=True` can only be used with the TensorFlow backend"),
    (dict(standardize="upper"), "unknown value for `standardize`"),
    (dict(split="comma"), "unknown value for `split`"),
    (dict(output_mode="bag"), "unknown value for `output_mode`"),
    (dict(ngrams="2"), "`ngrams` must be None"),
    (dict(ngrams=(1, 0)), "`ngrams` must be None"),
    (dict(output_sequence_length=2.5), "`output_sequence_length` must be either None"),
    (dict(output_mode="count", output_sequence_length=3), "must not be set"),
    (dict(max_tokens=1), "TextVectorization layer .*greater than 1"),
    (dict(bogus=1), "Unrecognized keyword"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TextVectorization(**kwargs)


def test_bad_inputs():
    with pytest.raises(TypeError, match="torch has no string tensors"):
        TextVectorization(vocabulary=["a"])(torch.tensor([1]))
    with pytest.raises(RuntimeError, match="must set the layer's vocabulary"):
        TextVectorization(output_mode="multi_hot")(["a"])


# ------------------------------------------------------------------ config and saving
def test_config_keys_match_keras(keras):
    base = [k for k in keras.layers.Identity().get_config() if k in ("name", "trainable", "dtype")]
    keys = keras_config_keys(keras, "text_vectorization.py", "TextVectorization")
    layer = TextVectorization(vocabulary=["one", "two"], output_sequence_length=5)
    config = layer.get_config()
    assert list(config) == base + keys
    assert config["vocabulary"] == ["one", "two"] and config["vocabulary_size"] == 4
    clone = TextVectorization.from_config(config)
    assert clone.get_config() == config
    assert clone(["one three two"]).tolist() == layer(["one three two"]).tolist() == [[2, 1, 3, 0, 0]]
    ngram = TextVectorization.from_config({**TextVectorization(ngrams=(1, 2)).get_config(), "ngrams": [1, 2]})
    assert ngram.ngrams == (1, 2)


def test_assets_round_trip(tmp_path):
    layer = TextVectorization(ngrams=(1, 2), output_sequence_length=4)
    layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    layer.save_assets(str(tmp_path))
    clone = TextVectorization.from_config(layer.get_config())
    clone.load_assets(str(tmp_path))
    assert clone.get_vocabulary() == layer.get_vocabulary()
    assert clone(["foo bar baz"]).tolist() == layer(["foo bar baz"]).tolist()


# ------------------------------------------------------------------ in a model
def test_vectorizer_feeds_an_embedding_model_in_fit():
    import lamina

    texts = np.array(["good movie", "bad film", "great movie", "awful bad film", "good good"], dtype=object)
    labels = np.array([1, 0, 1, 0, 1], dtype="float32")
    vectorizer = TextVectorization(output_sequence_length=4)
    vectorizer.adapt(texts)
    model = lamina.Sequential([
        lamina.layers.Embedding(vectorizer.vocabulary_size(), 4),
        lamina.layers.GlobalAveragePooling1D(),
        lamina.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(vectorizer(texts), labels, epochs=2, batch_size=2, verbose=0)
    assert len(history.history["loss"]) == 2 and all(np.isfinite(history.history["loss"]))
    assert model.predict(vectorizer(texts[:2]), verbose=0).shape == (2, 1)


def test_vectorizer_inside_a_sequential_in_fit():
    import lamina

    texts = np.array(["good movie", "bad film", "great movie", "awful bad film"], dtype=object)
    vectorizer = TextVectorization(output_sequence_length=4)
    vectorizer.adapt(texts)
    model = lamina.Sequential([vectorizer, lamina.layers.Embedding(vectorizer.vocabulary_size(), 4),
                               lamina.layers.GlobalAveragePooling1D(), lamina.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(texts, np.array([1, 0, 1, 0], dtype="float32"), epochs=1, batch_size=2, verbose=0)
    assert history.history["loss"][0] > 0


def test_errors_of_the_inner_lookup_name_this_layer():
    with pytest.raises(ValueError, match=r"TextVectorization layer 'tv'.*repeated term"):
        TextVectorization(vocabulary=["a", "a"], name="tv")


def test_adapted_tf_idf_weights_survive_a_keras_archive(tmp_path):
    """Keras stores an adapted tf_idf layer's weights as the dataset `vars/idf_weights` of
    its layer group (index_lookup.py `save_own_variables`); the vocabulary goes to assets."""
    import h5py

    import lamina

    texts = np.array(["the cat sat", "the dog sat", "a cat ran", "the end"], dtype=object)
    layer = TextVectorization(output_mode="tf_idf")
    layer.adapt(texts)
    model = lamina.Sequential([layer])
    expected = model(texts)
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive, archive.open("model.weights.h5") as member:
        with h5py.File(io.BytesIO(member.read())) as weights:
            stored = weights["layers/text_vectorization/vars/idf_weights"][()]
    assert stored.shape == (layer.vocabulary_size(),) and (stored > 0).all()
    loaded = lamina.saving.load_model(path)
    torch.testing.assert_close(loaded(texts), expected, rtol=0, atol=0)
    assert float(expected.abs().sum()) > 0


@pytest.mark.parametrize("bad", [np.ones((2, 2), "float32"), np.array([b"x", b"y"])], ids=["2d", "bytes"])
def test_a_hostile_named_variable_is_refused_before_reading(tmp_path, bad):
    import h5py

    import lamina

    texts = np.array(["the cat", "a dog"], dtype=object)
    layer = TextVectorization(output_mode="tf_idf")
    layer.adapt(texts)
    model = lamina.Sequential([layer])
    model(texts)
    path = str(tmp_path / "w.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r+") as handle:
        del handle["layers/text_vectorization/vars/idf_weights"]
        handle["layers/text_vectorization/vars/idf_weights"] = bad
    with pytest.raises(ValueError, match="idf_weights"):
        model.load_weights(path)

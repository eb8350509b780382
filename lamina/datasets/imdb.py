"""IMDB movie reviews: 25,000 train and 25,000 test reviews as word-index sequences."""

import json

import numpy as np

from ..utils.file_utils import get_file
from ._safe_load import load_npz
from ._sequences import limit_words, offset, remove_long_seq

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the IMDB reviews (ragged arrays read without unsafe unpickling).

    Args:
        path: file name in the cache.
        num_words: keep the `num_words` most frequent words; rarer ones become `oov_char`.
        skip_top: treat the `skip_top` most frequent words as out of vocabulary.
        maxlen: drop sequences of `maxlen` words or more.
        seed: seed of the shuffle (train and test are shuffled one after the other).
        start_char: index that marks the start of every sequence (`None`: no marker).
        oov_char: index for dropped words (`None`: remove them).
        index_from: shift every word index by this much.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints and int labels.
    """
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}.")
    arrays = load_npz(get_file(fname=path, origin=BASE + "imdb.npz", file_hash=FILE_HASH))
    rng = np.random.RandomState(seed)
    shuffled = []
    for x, y in ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])):
        indices = np.arange(len(x))
        rng.shuffle(indices)
        shuffled.append((offset(x[indices], start_char, index_from), y[indices]))
    (x_train, labels_train), (x_test, labels_test) = shuffled
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no "
                             "sequence was kept. Increase maxlen.")
    xs = limit_words(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    cut = len(x_train)
    return ((np.array(xs[:cut], dtype="object"), labels[:cut]),
            (np.array(xs[cut:], dtype="object"), labels[cut:]))


def get_word_index(path="imdb_word_index.json"):
    """The dict from word to index (before `index_from` is added)."""
    path = get_file(fname=path, origin=BASE + "imdb_word_index.json", file_hash=WORD_INDEX_HASH)
    with open(path) as f:
        return json.load(f)

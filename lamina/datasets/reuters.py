"""Reuters newswires: 11,228 newswires in 46 topics, as word-index sequences."""

import json

import numpy as np

from ..utils.file_utils import get_file
from ._safe_load import load_npz
from ._sequences import limit_words, offset, remove_long_seq

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    """Loads the Reuters newswires, shuffled with `seed` and split `test_split` for test.

    The word arguments work as in `imdb.load_data`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints and int labels.
    """
    arrays = load_npz(get_file(fname=path, origin=BASE + "reuters.npz", file_hash=FILE_HASH))
    xs, labels = arrays["x"], arrays["y"]
    indices = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = offset(xs[indices], start_char, index_from), labels[indices]
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit_words(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:cut], dtype="object"), np.array(labels[:cut])),
            (np.array(xs[cut:], dtype="object"), np.array(labels[cut:])))


def get_word_index(path="reuters_word_index.json"):
    """The dict from word to index (before `index_from` is added)."""
    path = get_file(path, origin=BASE + "reuters_word_index.json", file_hash=WORD_INDEX_HASH)
    with open(path) as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, in label order."""
    return LABEL_NAMES

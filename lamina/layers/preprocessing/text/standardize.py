"""TextVectorization's text steps on numpy string arrays: standardize, split, n-grams.

Each step reproduces the TF op Keras calls (`keras/src/layers/preprocessing/
text_vectorization.py`, `_preprocess`):
- `tf.strings.lower` without an encoding lowercases ASCII letters only (É stays É);
- the punctuation regex is Keras's, character for character (it is exactly
  `string.punctuation`);
- `tf.strings.split` splits on runs of ASCII whitespace (space, \\t, \\n, \\v, \\f, \\r)
  and drops empty pieces, so leading/trailing whitespace makes no token;
- `tf.strings.unicode_split(..., "UTF-8")` gives one token per code point;
- `tf.strings.ngrams(tokens, widths, separator=" ")` lists every n-gram of each width in
  turn, and none of a width longer than the sequence.
"""

import re
import string

import numpy as np

STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT = ("whitespace", "character")

PUNCTUATION_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
_PUNCTUATION = re.compile(PUNCTUATION_REGEX)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ASCII_WHITESPACE = re.compile(r"[ \t\n\x0b\x0c\r]+")


def _each(fn, strings: np.ndarray) -> np.ndarray:
    out = np.empty(strings.shape, dtype=object)
    out.reshape(-1)[:] = [fn(s) for s in strings.reshape(-1)]
    return out


def ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def standardize(strings: np.ndarray, mode) -> np.ndarray:
    """`strings` (an object array of str) after the named standardization (None: as is)."""
    if mode in ("lower", "lower_and_strip_punctuation"):
        strings = _each(ascii_lower, strings)
    if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
        strings = _each(strip_punctuation, strings)
    return strings


def split_whitespace(text: str) -> list[str]:
    return [piece for piece in _ASCII_WHITESPACE.split(text) if piece]


def split(strings: np.ndarray, mode) -> list[list[str]]:
    """A token list per string of the rank-1 array `strings`."""
    if mode == "whitespace":
        return [split_whitespace(s) for s in strings]
    return [list(s) for s in strings]


def ngrams(rows: list[list[str]], widths: tuple) -> list[list[str]]:
    """Every n-gram of each width in `widths` (in that order), tokens joined by spaces."""
    return [[" ".join(row[i:i + width]) for width in widths for i in range(len(row) - width + 1)]
            for row in rows]

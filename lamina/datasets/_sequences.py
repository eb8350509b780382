"""Word-index sequences as the IMDB and Reuters loaders shape them."""

from ._safe_load import remove_long_seq


def offset(xs, start_char, index_from):
    """Prepends `start_char` and shifts every index by `index_from`."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def limit_words(xs, num_words, skip_top, oov_char):
    """Replaces (or, with `oov_char=None`, drops) indices outside `[skip_top, num_words)`."""
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


__all__ = ["limit_words", "offset", "remove_long_seq"]

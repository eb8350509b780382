"""StringLookup: string tokens to contiguous indices (or back, with `invert=True`)."""

import codecs

from ..checks import where
from .index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps string tokens to indices in a vocabulary, given or learned with `adapt`.

    Strings come in Python lists or numpy str/bytes/object arrays (torch has no string
    tensors); indices come out as int64 tensors, and `invert=True` turns indices back
    into a numpy str array. With `output_mode="int"` the indices run: the mask token at
    0 (if set), then `num_oov_indices` OOV indices (OOV strings are spread over them by
    FarmHash, as TF does), then the vocabulary. Other modes encode the indices as
    `"one_hot"`, `"multi_hot"`, `"count"` (int64) or `"tf_idf"` (float32) vectors.

    Args:
        max_tokens: the largest vocabulary, special tokens included (None: no limit).
        num_oov_indices: OOV indices (0: an OOV input raises). Defaults to 1.
        mask_token: the string that marks padding, or None.
        oov_token: what `invert=True` returns for OOV indices. Defaults to `"[UNK]"`.
        vocabulary: a list/array of strings, or a UTF-8 file with one string a line.
        idf_weights: with `output_mode="tf_idf"` and a `vocabulary`, one weight a term.
        invert: map indices back to strings (int output only).
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        pad_to_max_tokens: encoded outputs have `max_tokens` columns.
        sparse: must stay False (Keras on torch refuses it too).
        encoding: the text encoding of bytes inputs. Defaults to `"utf-8"`.
        salt: an int or two ints keying SipHash for the OOV buckets instead of FarmHash.

    Input shape:
        any shape of strings; encoded modes take rank 1 or 2.

    Output shape:
        `"int"`: the input shape; otherwise `(batch, vocabulary_size)`.

    Example:

    >>> StringLookup(vocabulary=["a", "b", "c", "d"])([["a", "c", "d"], ["d", "z", "b"]]).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                 idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False, sparse=False,
                 encoding="utf-8", name=None, salt=None, **kwargs):
        self.name = name if isinstance(name, str) else "string_lookup"  # for errors before the base runs
        for key, value in (("mask_token", mask_token), ("oov_token", oov_token)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{where(self)}: `{key}` must be a string or None. Received: {key}={value!r}")
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise ValueError(f"{where(self)}: unknown `encoding` {encoding!r}; use a Python codec name such as "
                             "'utf-8'.") from None
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)  # always "string"; Keras leaves it out of the config
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, vocabulary_dtype="string",
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name, salt=salt, **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}

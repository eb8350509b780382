"""IntegerLookup: integer tokens to contiguous indices (or back, with `invert=True`)."""

from ..checks import where
from .index_lookup import IndexLookup


def _int_or_none(layer, name: str, value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{where(layer)}: `{name}` must be an integer or None. Received: {name}={value!r}")
    return value


class IntegerLookup(IndexLookup):
    """Maps integer tokens to indices in a vocabulary, given or learned with `adapt`.

    With `output_mode="int"` the indices run: the mask token at 0 (if set), then
    `num_oov_indices` OOV indices, then the vocabulary. Other modes drop the mask slot
    and encode the indices as `"one_hot"`, `"multi_hot"` or `"count"` vectors (int64,
    as Keras's lookup computes them) or `"tf_idf"` (float32). OOV tokens share one index,
    or with several OOV indices go to `token % num_oov_indices` (`oov_method="floormod"`)
    or a FarmHash bucket (`"farmhash"`, or SipHash keyed by `salt`).

    Args:
        max_tokens: the largest vocabulary, special tokens included (None: no limit).
        num_oov_indices: OOV indices (0: an OOV input raises). Defaults to 1.
        mask_token: the integer that marks padding, or None.
        oov_token: what `invert=True` returns for OOV indices. Defaults to -1.
        vocabulary: a list/array/tensor of integers, or a file with one integer a line.
        vocabulary_dtype: only `"int64"`.
        idf_weights: with `output_mode="tf_idf"` and a `vocabulary`, one weight a term.
        invert: map indices back to tokens (int output only).
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        sparse: must stay False (Keras on torch refuses it too).
        pad_to_max_tokens: encoded outputs have `max_tokens` columns.
        oov_method: `"floormod"` (default) or `"farmhash"`.
        salt: with `"farmhash"`, an int or two ints keying SipHash.

    Input shape:
        any shape of integers (numpy, list or tensor); encoded modes take rank 1 or 2.

    Output shape:
        int64 tensor; `"int"`: the input shape; otherwise `(batch, vocabulary_size)`.

    Example:

    >>> IntegerLookup(vocabulary=[12, 36, 1138, 42])([[12, 1138, 42], [42, 1000, 36]]).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    vocabulary_dtype_is_int = True

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None, **kwargs):
        self.name = name if isinstance(name, str) else "integer_lookup"  # for errors before the base runs
        if vocabulary_dtype != "int64":
            raise ValueError(f"{where(self)}: only `vocabulary_dtype='int64'` is supported at this time. "
                             f"Received: vocabulary_dtype={vocabulary_dtype!r}")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=_int_or_none(self, "mask_token", mask_token),
                         oov_token=_int_or_none(self, "oov_token", oov_token), vocabulary=vocabulary,
                         vocabulary_dtype=vocabulary_dtype, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens,
                         oov_method=oov_method, salt=salt, name=name, **kwargs)

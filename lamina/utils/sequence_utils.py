"""`pad_sequences`: a list of variable-length sequences -> one padded numpy array."""

import numpy as np


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0) -> np.ndarray:
    """Pads (or truncates) every sequence to `maxlen` steps.

    Args:
        sequences: a list of sequences (lists or arrays; steps may themselves be arrays).
        maxlen: length of the output; defaults to the longest sequence.
        dtype: dtype of the output (`object` or a string dtype for strings).
        padding: `"pre"` or `"post"`: where the padding goes.
        truncating: `"pre"` or `"post"`: which end of a long sequence is cut.
        value: the padding value.

    Returns:
        An array of shape `(len(sequences), maxlen, *step_shape)`.

    Example:

    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2).tolist()
    [[2, 3], [0, 4]]
    """
    if padding not in ("pre", "post"):
        raise ValueError(f'pad_sequences: padding must be "pre" or "post". Received: padding={padding!r}')
    if truncating not in ("pre", "post"):
        raise ValueError(
            f'pad_sequences: truncating must be "pre" or "post". Received: truncating={truncating!r}'
        )
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, step_shape = [], None
    for s in sequences:
        try:
            lengths.append(len(s))
        except TypeError as error:
            raise ValueError(f"`sequences` must be a list of iterables. Found non-iterable: {s}") from error
        if step_shape is None and len(s):
            step_shape = np.asarray(s).shape[1:]
    step_shape = step_shape or ()
    if maxlen is None:
        maxlen = int(np.max(lengths))
    is_str = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_str:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type {type(value)}; "
                         "set `dtype=object` for variable length strings.")
    out = np.full((len(lengths), maxlen, *step_shape), value, dtype=dtype)
    for i, s in enumerate(sequences):
        if not len(s) or not maxlen:
            continue
        kept = np.asarray(s[-maxlen:] if truncating == "pre" else s[:maxlen], dtype=dtype)
        if kept.shape[1:] != step_shape:
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {i} is "
                             f"different from expected shape {step_shape}.")
        if padding == "post":
            out[i, : len(kept)] = kept
        else:
            out[i, maxlen - len(kept):] = kept
    return out

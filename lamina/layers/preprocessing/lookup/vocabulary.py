"""Vocabulary handling for the lookup layers: reading, checking and ranking tokens.

The rules are Keras's (`keras/src/layers/preprocessing/index_lookup.py`): a passed
vocabulary may start with the special tokens (mask, then the OOV tokens) and they are
then dropped; repeated terms, a misplaced mask token (or OOV token when inverting) and a
vocabulary over `max_tokens` are errors; adapted tokens are ranked by count, ties broken
by the token itself, high to low (numpy `lexsort` reversed).
"""

import collections
import math
import os

import numpy as np
import torch

from ..checks import where

# A vocabulary file larger than this is refused before it is read (a token a line).
MAX_VOCABULARY_FILE_BYTES = 1 << 30


def read_vocabulary_file(layer, path: str, is_string: bool) -> list:
    """The tokens of a text file, one per line (UTF-8; a trailing `\\r` is dropped, as
    TF's line reader does; integers parsed for IntegerLookup)."""
    if not os.path.isfile(path):
        raise ValueError(f"{where(layer)}: vocabulary file {path} does not exist (or is not a regular file).")
    size = os.path.getsize(path)
    if size > MAX_VOCABULARY_FILE_BYTES:
        raise ValueError(f"{where(layer)}: vocabulary file {path} is {size} bytes, over the "
                         f"{MAX_VOCABULARY_FILE_BYTES}-byte limit; pass the vocabulary as a list instead.")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_VOCABULARY_FILE_BYTES + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{where(layer)}: vocabulary file {path} is not valid UTF-8 ({error}).") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line starts no new token
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if is_string:
        return lines
    try:
        return [int(line) for line in lines]
    except ValueError:
        bad = next(line for line in lines if not _is_int(line))
        raise ValueError(f"{where(layer)}: vocabulary file {path} must hold one integer a line; "
                         f"found {bad[:50]!r}.") from None


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def as_token_list(layer, vocabulary, is_string: bool) -> list:
    """A list, tuple, 1-D array or tensor of terms as a list of `str` or `int`."""
    if isinstance(vocabulary, torch.Tensor):
        vocabulary = vocabulary.detach().cpu().numpy()
    array = np.asarray(vocabulary, dtype=object if is_string else None)
    if array.ndim != 1:
        raise ValueError(f"{where(layer)}: `vocabulary` must be 1-D (a list of terms). Received an array of "
                         f"shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{where(layer)}: cannot set an empty vocabulary. Received: vocabulary={vocabulary!r}")
    if is_string:
        tokens = [t.decode(getattr(layer, "encoding", "utf-8")) if isinstance(t, bytes) else t for t in array]
        if not all(isinstance(t, str) for t in tokens):
            bad = next(t for t in tokens if not isinstance(t, str))
            raise TypeError(f"{where(layer)}: a string vocabulary holds only strings. Received the term "
                            f"{bad!r} of type {type(bad).__name__}.")
        return tokens
    if array.dtype.kind not in "iu":
        raise TypeError(f"{where(layer)}: the vocabulary must hold integers. Received dtype {array.dtype}.")
    return [int(t) for t in array]


def special_tokens(layer) -> list:
    return [layer.mask_token] * layer._oov_start_index() + [layer.oov_token] * layer.num_oov_indices


def learned_tokens(layer, vocabulary: list, strip_specials: bool = True) -> tuple[list, bool]:
    """`(tokens, had_specials)`: the vocabulary without its leading special tokens (when
    `strip_specials`; a vocabulary file is taken as is, as TF's file table does), checked."""
    specials = special_tokens(layer)
    start = len(specials)
    had_specials = strip_specials and vocabulary[:start] == specials
    tokens = vocabulary[start:] if had_specials else vocabulary
    repeated = [token for token, count in collections.Counter(tokens).items() if count > 1]
    if repeated:
        raise ValueError(f"{where(layer)}: the passed vocabulary has at least one repeated term. Please uniquify "
                         f"your dataset. The repeated terms are: {repeated}")
    for token, name, applies in ((layer.mask_token, "mask_token", True),
                                 (layer.oov_token, "oov_token", layer.invert)):
        if applies and token is not None and token in tokens:
            index = len(vocabulary) - 1 - vocabulary[::-1].index(token)
            raise ValueError(
                f"{where(layer)}: found reserved {name} {token!r} at unexpected location in `vocabulary` "
                f"(index {index}). The passed vocabulary does not need to include the OOV and mask tokens. "
                f"Either remove all mask and OOV tokens, or include them only at the start of the vocabulary "
                f"in precisely this order: {specials}."
            )
    size = start + len(tokens)
    if layer.max_tokens is not None and size > layer.max_tokens:
        raise ValueError(f"{where(layer)}: attempted to set a vocabulary larger than the maximum vocab size. "
                         f"Received vocabulary size is {size}; `max_tokens` is {layer.max_tokens}.")
    return tokens, had_specials


def padded_idf(layer, idf_weights, vocabulary_length: int, had_specials: bool) -> torch.Tensor:
    """The idf weights over the output axis: OOV slots get the mean weight when the
    vocabulary came without them, and `pad_to_max_tokens` pads the back with zeros."""
    if isinstance(idf_weights, torch.Tensor):
        idf_weights = idf_weights.detach().cpu().numpy()
    weights = np.asarray(idf_weights, dtype=np.float64)
    if weights.ndim != 1:
        raise ValueError(f"{where(layer)}: TF-IDF data must be a 1-D array. Received `idf_weights` of shape "
                         f"{weights.shape}.")
    if len(weights) != vocabulary_length:
        raise ValueError(f"{where(layer)}: `idf_weights` must be the same length as the vocabulary. "
                         f"len(idf_weights) is {len(weights)}; len(vocabulary) is {vocabulary_length}.")
    front = 0 if had_specials else layer._token_start_index()
    fill = 0.0 if had_specials else float(np.average(weights))
    back = 0
    if layer.pad_to_max_tokens and layer.max_tokens is not None:
        back = max(layer.max_tokens - front - len(weights), 0)
    weights = np.pad(weights, (front, back), constant_values=(fill, 0.0))
    return torch.tensor(weights, dtype=torch.float32)


def ranked(counts: dict, limit: int | None) -> list:
    """Tokens by count, high to low, ties broken by the token, high to low (Keras's
    `np.lexsort((tokens, counts))[::-1]`), at most `limit` of them."""
    tokens = sorted(counts, key=lambda token: (counts[token], token), reverse=True)
    return tokens if limit is None else tokens[:max(limit, 0)]


def inverse_document_frequency(document_counts: list, num_documents: int) -> torch.Tensor:
    """`log(1 + num_documents / (1 + document_count))`, in float64 then cast to float32 (TF
    divides the int64 counts in float64)."""
    return torch.tensor([math.log(1 + num_documents / (1 + c)) for c in document_counts],
                        dtype=torch.float64).to(torch.float32)


def listify(value):
    """Arrays and tensors as lists, for configs."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return value.tolist() if isinstance(value, np.ndarray) else value


def check_vocabulary_path(cls, config: dict, safe_mode: bool) -> None:
    """Keras never writes a file path into a config (a file vocabulary travels as an asset);
    in safe mode a config naming one is refused rather than read from the local disk."""
    path = config.get("vocabulary")
    if safe_mode and isinstance(path, str):
        raise ValueError(
            f"{cls.__name__}: the config asks to load the vocabulary file {path!r} from outside the model "
            "archive, which could read arbitrary local files; this is disallowed in safe mode. If you trust "
            "the source, pass `safe_mode=False` to the loading function."
        )

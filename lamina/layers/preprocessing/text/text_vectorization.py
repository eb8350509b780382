"""TextVectorization: strings to token indices or bag-of-words vectors, on numpy and torch."""

import numpy as np
import torch

from .... import registry
from ...layer import Layer
from ..checks import base_config, where
from ..lookup import adapt as adapt_module
from ..lookup.index_lookup import OUTPUT_MODES
from ..lookup.string_lookup import StringLookup
from ..lookup.tokens import as_strings
from ..lookup.vocabulary import check_vocabulary_path, listify
from . import standardize as text


class TextVectorization(Layer):
    """Turns a batch of strings into token indices, or multi-hot/count/tf-idf vectors.

    Each string is standardized (by default ASCII-lowercased and stripped of ASCII
    punctuation, as Keras does), split into tokens (ASCII whitespace by default),
    optionally turned into n-grams, and looked up in a vocabulary given or learned with
    `adapt` (index 0 is padding `""`, 1 is OOV `"[UNK]"`). Strings come in Python lists
    or numpy str/object arrays; outputs are torch tensors.

    Args:
        max_tokens: the largest vocabulary, padding and OOV included (None: no limit).
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`,
            `"strip_punctuation"`, None, or a callable taking and returning a numpy str array.
        split: `"whitespace"` (default), `"character"`, None, or a callable mapping a
            rank-1 numpy str array to one token list per string.
        ngrams: None, an int n (all 1..n-grams) or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"`, `"tf_idf"` (or
            `"one_hot"`, as Keras accepts it).
        output_sequence_length: with `"int"`, pad or truncate every row to this length;
            otherwise rows are padded to the longest in the batch.
        pad_to_max_tokens: encoded outputs have `max_tokens` columns.
        vocabulary: a list of strings or a UTF-8 file with one string a line.
        idf_weights: with `"tf_idf"` and a `vocabulary`, one weight a term.
        sparse, ragged: must stay False (Keras refuses both off TensorFlow).
        encoding: the text encoding of bytes inputs. Defaults to `"utf-8"`.

    Input shape:
        `(batch,)` or `(batch, 1)` strings.

    Output shape:
        `"int"`: `(batch, output_sequence_length)` int64; otherwise `(batch, vocabulary_size)`.

    Example:

    >>> layer = TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    >>> layer([["foo qux bar"], ["qux baz"]]).tolist()
    [[4, 1, 3, 0], [1, 2, 0, 0]]
    """

    _accepts_text = True  # a model passes string inputs through to this layer (see the issue 14 report)
    _named_own_variables = True  # its lookup's `idf_weights` under its own `vars`, as Keras writes them
    _from_config_takes_objects = True  # the loader passes `custom_objects` and `safe_mode`

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode="int", output_sequence_length=None, pad_to_max_tokens=False,
                 vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs):
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        for flag, value in (("sparse", sparse), ("ragged", ragged)):
            if value:
                raise ValueError(f"{where(self)}: `{flag}=True` can only be used with the TensorFlow backend "
                                 f"(Keras on torch refuses it too); torch has no {flag} tensors here. Use "
                                 f"{flag}=False.")
        for arg, value, allowed in (("standardize", standardize, text.STANDARDIZE), ("split", split, text.SPLIT)):
            if not (value is None or callable(value) or (isinstance(value, str) and value in allowed)):
                raise ValueError(f"{where(self)}: unknown value for `{arg}`. Allowed values are: {allowed}, None "
                                 f"or a callable. Received: {arg}={value!r}")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{where(self)}: unknown value for `output_mode`. Allowed values are: "
                             f"{OUTPUT_MODES}. Received: output_mode={output_mode!r}")
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        if not (ngrams is None or _positive_int(ngrams)
                or (isinstance(ngrams, tuple) and ngrams and all(_positive_int(n) for n in ngrams))):
            raise ValueError(f"{where(self)}: `ngrams` must be None, a positive integer, or a tuple of positive "
                             f"integers. Received: ngrams={ngrams!r}")
        if output_mode == "int" and not (output_sequence_length is None or _positive_int(output_sequence_length)):
            raise ValueError(f"{where(self)}: `output_sequence_length` must be either None or a positive integer "
                             f"when `output_mode` is 'int'. Received: output_sequence_length="
                             f"{output_sequence_length!r}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"{where(self)}: `output_sequence_length` must not be set if `output_mode` is not "
                             f"'int'. Received: output_sequence_length={output_sequence_length!r}.")
        self.max_tokens = max_tokens
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.output_mode = output_mode
        self._float_outputs = output_mode == "tf_idf"
        self.output_sequence_length = output_sequence_length
        self.encoding = encoding
        self.sparse = False
        self.ragged = False
        self._ngram_widths = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        try:
            self._lookup_layer = StringLookup(
                max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
                pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
                has_input_vocabulary=has_input_vocabulary, encoding=encoding, vocabulary_size=vocabulary_size,
            )
        except (ValueError, TypeError) as error:  # name this layer, not only its inner lookup
            raise type(error)(f"{where(self)}: {error}") from None

    # ----------------------------------------------------------------- vocabulary
    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary; with the special tokens (`""`, `"[UNK]"`), a term's position is its index."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Replaces the vocabulary (and, for `"tf_idf"`, the idf weights)."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learns the vocabulary from a list/array of strings, or an iterable of batches
        (a generator, a torch DataLoader), at most `steps` batches of it."""
        self.reset_state()
        for batch, whole in adapt_module.batches(self, data, steps):
            if whole:
                batch = as_strings(self, batch)
                batch = batch.reshape(-1, 1) if batch.ndim == 1 else batch
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        tokens = self._preprocess(data)
        if isinstance(tokens, np.ndarray):
            self._lookup_layer.update_state(tokens)
        else:
            self._lookup_layer._update_from_rows(tokens)

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    # ----------------------------------------------------------------- calling
    def _standardize(self, inputs):
        # Strings can't become tensors (and `tensors.to_tensor` turns 0-d arrays 1-d): `call`
        # converts its own inputs.
        return inputs

    def _preprocess(self, inputs):
        """Token rows (a list of lists) when splitting, else the standardized string array."""
        strings = as_strings(self, inputs)
        if callable(self.standardize):
            strings = as_strings(self, self.standardize(strings.astype(str)))
        else:
            strings = text.standardize(strings, self.standardize)
        if self.split is None:
            if self._ngram_widths is not None:
                rows = text.ngrams([list(row) for row in strings.reshape(len(strings), -1)], self._ngram_widths)
                return rows
            return strings
        if strings.ndim > 1:
            if strings.shape[-1] != 1:
                raise ValueError(f"{where(self)}: when using `TextVectorization` to tokenize strings, the input "
                                 "rank must be 1 or the last shape dimension must be 1. Received: "
                                 f"inputs.shape={strings.shape} with rank={strings.ndim}")
            strings = strings.reshape(strings.shape[:-1])
        if strings.ndim != 1:
            raise ValueError(f"{where(self)} takes a batch of strings, shape (batch,) or (batch, 1). Received "
                             f"shape {strings.shape}.")
        if callable(self.split):
            rows = [[str(t) for t in row] for row in self.split(strings.astype(str))]
        else:
            rows = text.split(strings, self.split)
        return rows if self._ngram_widths is None else text.ngrams(rows, self._ngram_widths)

    def call(self, inputs):
        scalar = isinstance(inputs, (str, bytes)) or (isinstance(inputs, np.ndarray) and inputs.ndim == 0)
        if scalar:
            inputs = [inputs]
        tokens = self._preprocess(inputs)
        lookup = self._lookup_layer
        if isinstance(tokens, np.ndarray):
            outputs = lookup(tokens.reshape(-1, 1) if tokens.ndim == 1 else tokens)
            if self.output_mode == "int" and self.output_sequence_length is not None:
                outputs = _fit_length(outputs, self.output_sequence_length)
        else:
            outputs = self._encode_rows(tokens)
        return outputs[0] if scalar else outputs

    def _encode_rows(self, rows):
        lengths = [len(row) for row in rows]
        flat = np.empty(sum(lengths), dtype=object)
        flat[:] = [token for row in rows for token in row]
        device = self._lookup_layer._anchor.device
        ids = self._lookup_layer._lookup(flat) if len(flat) else torch.empty(0, dtype=torch.int64, device=device)
        width = max(lengths, default=0)
        if self.output_mode == "int" and self.output_sequence_length is not None:
            width = self.output_sequence_length
        pad = 0 if self.output_mode == "int" else -1  # -1 encodes as nothing
        padded = torch.full((len(rows), width), pad, dtype=torch.int64, device=ids.device)
        row = np.repeat(np.arange(len(rows)), lengths)
        column = np.concatenate([np.arange(n) for n in lengths]) if rows else np.zeros(0, dtype=np.int64)
        keep = column < width  # truncation: positions past `width` are dropped
        where_to = [torch.from_numpy(index[keep]).to(ids.device) for index in (row, column)]
        padded[where_to[0], where_to[1]] = ids[torch.from_numpy(keep).to(ids.device)]
        if self.output_mode == "int":
            return padded
        return self._lookup_layer.encode_ids(padded)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        if self.split is None:
            shape = input_shape + (1,) if len(input_shape) <= 1 else input_shape
        else:
            shape = input_shape + (None,)
        return self._lookup_layer.compute_output_shape(shape)

    def get_config(self) -> dict:
        lookup = self._lookup_layer
        return {
            **base_config(self),
            "max_tokens": lookup.max_tokens,
            "standardize": self.standardize,
            "split": self.split,
            "ngrams": self.ngrams,
            "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "vocabulary": listify(lookup.input_vocabulary),
            "idf_weights": listify(lookup.input_idf_weights),
            "encoding": self.encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None, safe_mode: bool = True):
        config = dict(config)
        check_vocabulary_path(cls, config, safe_mode)
        for key in ("standardize", "split"):
            value = config.get(key)
            if value is not None and not isinstance(value, str) and not callable(value):
                config[key] = registry.deserialize_keras_object(value, custom_objects, safe_mode)
        return cls(**config)

    # ----------------------------------------------------------------- saving (Keras's hooks)
    def save_own_variables(self, store) -> None:
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store) -> None:
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path: str) -> None:
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path: str) -> None:
        self._lookup_layer.load_assets(dir_path)


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _fit_length(ids: torch.Tensor, length: int) -> torch.Tensor:
    """Truncates or zero-pads the last axis to `length`."""
    ids = ids[..., :length]
    missing = length - ids.shape[-1]
    return torch.nn.functional.pad(ids, (0, missing)) if missing > 0 else ids

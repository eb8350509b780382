"""IndexLookup: the shared base of IntegerLookup and StringLookup (not exported, as in Keras).

The vocabulary lives in Python (a list of tokens and a dict for strings, sorted int64
tensors for integers); the layer holds no weights. The idf weights and the integer
tables are non-persistent buffers, so `.to(device)` moves them with the model.
Semantics follow `keras/src/layers/preprocessing/index_lookup.py`.
"""

import numpy as np
import torch

from ...layer import Layer
from ..checks import base_config, where
from ..encoding import encode, encoded_shape
from . import adapt as adapt_module
from . import vocabulary as vocab
from .hashing import hash_buckets
from .tokens import as_ints, as_strings

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(Layer):
    """Maps tokens to integer indices (or back, with `invert=True`); see IntegerLookup and
    StringLookup for the arguments."""

    vocabulary_dtype_is_int = False  # IntegerLookup: int64 tokens in torch tables
    _accepts_text = True  # a model passes string inputs through to this layer (see the issue 14 report)
    _named_own_variables = True  # tf_idf's `idf_weights` go to the h5 file under that name, as in Keras
    _from_config_takes_objects = True  # the loader passes `safe_mode` (vocabulary paths)

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", name=None, salt=None, **kwargs):
        frozen_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)  # Keras drops both: a lookup has no weights and no float dtype
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        self._check_arguments(max_tokens, num_oov_indices, pad_to_max_tokens, oov_method, salt, sparse)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{where(self)}: unknown `output_mode` {output_mode!r}; expected one of {OUTPUT_MODES}.")
        if invert and output_mode != "int":
            raise ValueError(f"{where(self)}: `output_mode` must be 'int' when `invert` is true. Received: "
                             f"output_mode={output_mode!r}")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"{where(self)}: `idf_weights` should only be set if `output_mode` is 'tf_idf'. "
                             f"Received: output_mode={output_mode!r}")
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None:
            raise ValueError(f"{where(self)}: when specifying the `vocabulary` argument in TF-IDF output mode, "
                             "the `idf_weights` argument must also be provided.")
        self.invert = bool(invert)
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self._float_outputs = output_mode == "tf_idf"  # symbolic outputs: float32 tf-idf, else int64
        self.sparse = False
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = None if salt is None else ([salt, salt] if isinstance(salt, int) else list(salt))
        self.input_vocabulary = None if isinstance(vocabulary, str) else vocabulary
        self.input_idf_weights = idf_weights
        self._frozen_vocab_size = frozen_size
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens = []  # the learned tokens, without the special ones
        self._index = {}
        self._counts = adapt_module.TokenCounts()
        self.register_buffer("_anchor", torch.empty(0), persistent=False)  # follows `.to(device)`
        self.register_buffer("_idf", None, persistent=False)
        self.register_buffer("_sorted_keys", torch.empty(0, dtype=torch.int64), persistent=False)
        self.register_buffer("_sorted_ids", torch.empty(0, dtype=torch.int64), persistent=False)
        if output_mode == "tf_idf" and idf_weights is not None and vocabulary is None:
            self._idf = torch.as_tensor(np.asarray(vocab.listify(idf_weights), dtype=np.float32))
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    def _check_arguments(self, max_tokens, num_oov_indices, pad_to_max_tokens, oov_method, salt, sparse):
        if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int)
                                       or max_tokens <= 1):
            raise ValueError(f"{where(self)}: if set, `max_tokens` must be an integer greater than 1. "
                             f"Received: max_tokens={max_tokens!r}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{where(self)}: if pad_to_max_tokens is True, must set `max_tokens`. "
                             f"Received: max_tokens={max_tokens}")
        if isinstance(num_oov_indices, bool) or not isinstance(num_oov_indices, int) or num_oov_indices < 0:
            raise ValueError(f"{where(self)}: `num_oov_indices` must be an integer greater than or equal to 0. "
                             f"Received: num_oov_indices={num_oov_indices!r}")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"{where(self)}: unknown `oov_method` {oov_method!r}; expected 'floormod' or "
                             "'farmhash'.")
        if salt is not None:
            if self.vocabulary_dtype_is_int and oov_method != "farmhash":
                raise ValueError(f"{where(self)}: `salt` can only be used when `oov_method='farmhash'`. "
                                 f"Received: oov_method={oov_method!r}")
            pair = isinstance(salt, (tuple, list)) and len(salt) == 2 and all(
                isinstance(s, int) and not isinstance(s, bool) for s in salt)
            if not pair and (isinstance(salt, bool) or not isinstance(salt, int)):
                raise ValueError(f"{where(self)}: `salt` can only be a tuple of 2 integers, or a single integer. "
                                 f"Received: salt={salt!r}.")
        if sparse:
            raise ValueError(f"{where(self)}: `sparse=True` can only be used with the TensorFlow backend "
                             "(Keras on torch refuses it too); Lamina returns dense tensors. Use sparse=False.")

    # ----------------------------------------------------------------- vocabulary
    def _oov_start_index(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """The size of the vocabulary, mask and OOV indices included."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary; with the special tokens, a term's position is its index."""
        specials = [self.oov_token] * self._token_start_index()
        if self._oov_start_index():
            specials[0] = self.mask_token
        return (specials if include_special_tokens else []) + list(self._tokens)

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Replaces the vocabulary (a list/array/tensor of terms, or a file with one term a
        line) and, for `output_mode="tf_idf"`, the idf weights (one per term)."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(f"{where(self)}: `idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError(f"{where(self)}: `idf_weights` should only be set if output_mode is 'tf_idf'. "
                             f"Received: output_mode={self.output_mode!r}")
        is_string = not self.vocabulary_dtype_is_int
        if isinstance(vocabulary, str):
            if self.output_mode == "tf_idf":
                raise ValueError(f"{where(self)}: output_mode 'tf_idf' does not support loading a vocabulary "
                                 "from file.")
            # Keras's text-file table numbers every line from the first token index on.
            tokens = vocab.read_vocabulary_file(self, vocabulary, is_string)
            self._set_tokens(vocab.learned_tokens(self, tokens, strip_specials=False)[0])
            return
        full = vocab.as_token_list(self, vocabulary, is_string)
        tokens, had_specials = vocab.learned_tokens(self, full)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._idf = vocab.padded_idf(self, idf_weights, len(full), had_specials).to(self._anchor.device)

    def _set_tokens(self, tokens: list) -> None:
        new_size = len(tokens) + self._token_start_index()
        if (self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is not None
                and new_size != self._frozen_vocab_size):
            raise RuntimeError(
                f"{where(self)}: when using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "the vocabulary size cannot be changed after the layer is called. Old vocab size is "
                f"{self._frozen_vocab_size}, new vocab size is {new_size}"
            )
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index = {token: start + i for i, token in enumerate(self._tokens)}
        if self.vocabulary_dtype_is_int:
            keys = torch.tensor(self._tokens, dtype=torch.int64)
            keys, order = torch.sort(keys)
            self._sorted_keys = keys.to(self._anchor.device)
            self._sorted_ids = (order + start).to(self._anchor.device)
        self._frozen_vocab_size = new_size

    # ----------------------------------------------------------------- adapt
    def adapt(self, data, steps=None) -> None:
        """Learns the vocabulary from `data`: the most frequent tokens first, ties broken
        by the token (high to low), at most `max_tokens` with the special tokens."""
        self.reset_state()
        for batch, whole in adapt_module.batches(self, data, steps):
            if whole:
                batch = self._as_keys(batch)
                rows = batch.reshape(-1, 1) if batch.ndim == 1 else batch
                self.update_state(rows)
            else:
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        """Counts the tokens of one batch (a rank-1 batch is a single document)."""
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via the "
                             "`vocabulary` argument or the `set_vocabulary()` method.")
        keys = self._as_keys(data)
        if keys.ndim < 2:
            keys = keys.reshape(1, -1)
        rows = keys.reshape(keys.shape[0], -1).tolist()
        self._counts.update(rows, documents=self.output_mode == "tf_idf")

    def _update_from_rows(self, rows: list) -> None:
        """Counts ragged rows of tokens (TextVectorization's split text)."""
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via the "
                             "`vocabulary` argument or the `set_vocabulary()` method.")
        self._counts.update(rows, documents=self.output_mode == "tf_idf")

    def finalize_state(self) -> None:
        counts = self._counts
        if self._has_input_vocabulary or not counts.counts:
            self._set_tokens(self._tokens)
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.counts.pop(special, None)
        start = self._token_start_index()
        limit = None if not self.max_tokens else self.max_tokens - start
        tokens = vocab.ranked(counts.counts, limit)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            idf = vocab.inverse_document_frequency([counts.document_counts[t] for t in tokens],
                                                   counts.num_documents)
            # OOV slots get the mean weight (their document counts are unknown after one pass).
            idf = torch.cat([idf.mean().expand(start), idf])
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = torch.cat([idf, idf.new_zeros(max(self.max_tokens - len(idf), 0))])
            self._idf = idf.to(self._anchor.device)
        self.reset_state()

    def reset_state(self) -> None:
        self._counts.reset()

    # ----------------------------------------------------------------- calling
    def _standardize(self, inputs):
        # Strings can't become tensors (and `tensors.to_tensor` turns 0-d arrays 1-d): `call`
        # converts its own inputs.
        return inputs

    def call(self, inputs):
        if self.invert:
            return self._invert(as_ints(self, inputs, "integer indices"))
        if self.output_mode != "int":
            self._check_known_size()
        ids = self._lookup(self._as_keys(inputs))
        return ids if self.output_mode == "int" else self.encode_ids(ids)

    def _check_known_size(self) -> None:
        if not self.pad_to_max_tokens and self._frozen_vocab_size is None:
            raise RuntimeError(f"{where(self)}: when using `output_mode={self.output_mode}` and "
                               "`pad_to_max_tokens=False`, you must set the layer's vocabulary before calling "
                               "it. Either pass a `vocabulary` argument to the layer, or call `adapt` with "
                               "some sample data.")

    def encode_ids(self, ids: torch.Tensor) -> torch.Tensor:
        """Looked-up indices (-1: nothing) as `output_mode` vectors over the vocabulary."""
        self._check_known_size()
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        if self.output_mode != "tf_idf":
            return encode(self, ids, self.output_mode, depth, torch.int64)
        if self._idf is None:
            raise ValueError(f"{where(self)}: when `output_mode` is 'tf_idf', `idf_weights` must be provided.")
        return encode(self, ids, "count", depth, torch.float32) * self._idf.to(ids.device)

    def _as_keys(self, data):
        if self.vocabulary_dtype_is_int:
            return as_ints(self, data)
        return as_strings(self, data)

    def _lookup(self, keys) -> torch.Tensor:
        """Indices of `keys` (mask -> 0 in int mode, -1 (dropped) otherwise); OOV keys go to
        the OOV bucket(s) or raise when there are none. String ids are made on the CPU and
        land on the layer's device (that of its buffers, which follow `.to()`)."""
        if self.vocabulary_dtype_is_int:
            ids, mask = self._lookup_ints(keys)
        else:
            flat = keys.reshape(-1)
            ids = torch.tensor([self._index.get(t, -1) for t in flat], dtype=torch.int64).reshape(keys.shape)
            mask = torch.tensor([t == self.mask_token for t in flat], dtype=torch.bool).reshape(keys.shape)
        oov = (ids < 0) & ~mask
        if oov.any():
            ids = ids.masked_scatter(oov, self._oov_ids(keys, oov))
        if self.mask_token is not None:
            ids = ids.masked_fill(mask, 0 if self.output_mode == "int" else -1)
        return ids if self.vocabulary_dtype_is_int else ids.to(self._anchor.device)

    def _lookup_ints(self, keys):
        device = keys.device
        ids = torch.full(keys.shape, -1, dtype=torch.int64, device=device)
        if len(self._sorted_keys):
            table, values = self._sorted_keys.to(device), self._sorted_ids.to(device)
            position = torch.searchsorted(table, keys.contiguous()).clamp(max=len(table) - 1)
            found = table[position] == keys
            ids = torch.where(found, values[position], ids)
        mask = keys == self.mask_token if self.mask_token is not None else torch.zeros_like(keys, dtype=torch.bool)
        return ids, mask

    def _oov_ids(self, keys, oov) -> torch.Tensor:
        """The OOV index of every key where `oov` is set, in row-major order."""
        start = self._oov_start_index()
        if self.num_oov_indices == 0:
            found = keys[oov.cpu().numpy()] if isinstance(keys, np.ndarray) else keys[oov]
            raise ValueError(f"{where(self)}: when `num_oov_indices=0` all inputs should be in vocabulary, found "
                             f"OOV values {list(found.tolist())[:20]}, consider setting `num_oov_indices=1`.")
        if self.num_oov_indices == 1:
            return torch.full((int(oov.sum()),), start, dtype=torch.int64, device=oov.device)
        if self.vocabulary_dtype_is_int and self.oov_method != "farmhash":
            return torch.remainder(keys[oov], self.num_oov_indices) + start
        found = keys[oov.cpu().numpy()] if isinstance(keys, np.ndarray) else keys[oov].tolist()
        salt = None if self.salt is None else tuple(self.salt)
        # String (and farmhash integer) tokens hash their UTF-8 text, as TF does.
        buckets = hash_buckets([str(t).encode("utf-8") for t in found], self.num_oov_indices, salt)
        return torch.from_numpy(buckets.astype(np.int64) + start).to(oov.device)

    def _invert(self, ids: torch.Tensor):
        table = self.get_vocabulary()
        valid = (ids >= 0) & (ids < len(table))
        if self.vocabulary_dtype_is_int:
            values = torch.tensor(table, dtype=torch.int64, device=ids.device)
            oov = self.oov_token if self.oov_token is not None else -1
            return torch.where(valid, values[ids.clamp(0, len(table) - 1)], torch.full_like(ids, oov))
        flat = ids.reshape(-1).tolist()
        tokens = [table[i] if 0 <= i < len(table) else self.oov_token for i in flat]
        return np.array(tokens, dtype=str).reshape(tuple(ids.shape))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        return encoded_shape(input_shape, self.output_mode, depth)

    def get_config(self) -> dict:
        return {
            **base_config(self),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": vocab.listify(self.input_idf_weights),
            "vocabulary": vocab.listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None, safe_mode: bool = True):
        vocab.check_vocabulary_path(cls, config, safe_mode)
        return cls(**config)

    # ----------------------------------------------------------------- saving (Keras's hooks)
    def save_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and self._idf is not None:
            store["idf_weights"] = self._idf.detach().cpu().numpy()

    def load_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self._idf = torch.as_tensor(np.asarray(store["idf_weights"], dtype=np.float32)).to(self._anchor.device)

    def save_assets(self, dir_path: str) -> None:
        """Writes the adapted (or file) vocabulary to `dir_path/vocabulary.txt`, as Keras does;
        a vocabulary passed as a list travels in the config instead."""
        if self.input_vocabulary is not None:
            return
        import os

        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(str(token) for token in self.get_vocabulary()))

    def load_assets(self, dir_path: str) -> None:
        if self.input_vocabulary is not None:
            return
        import os

        lines = vocab.read_vocabulary_file(self, os.path.join(dir_path, "vocabulary.txt"),
                                           not self.vocabulary_dtype_is_int)
        while lines and lines[-1] == "":
            lines.pop()
        tokens, _ = vocab.learned_tokens(self, lines)
        self._set_tokens(tokens)

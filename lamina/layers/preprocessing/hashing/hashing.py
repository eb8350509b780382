"""Hashing: strings or integers to bin ids with a stable hash (FarmHash, or salted SipHash)."""

import numpy as np
import torch

from .... import config, mixed_precision
from ...layer import Layer
from ..checks import where
from ..encoding import encode, encoded_shape
from .farmhash import fingerprint64_rows
from .siphash import siphash24_rows
from .values import (
    INT_DTYPES,
    TEXT_KINDS,
    check_finite,
    digests,
    number_bytes,
    text_bytes,
    to_values,
    unique_values,
)


class IntegerDtype:
    """Lets a layer's dtype be an integer type, as Keras's `DTypePolicy("int64")` does;
    Lamina's `mixed_precision` policies are float-only, so the name is kept here."""

    def _init_dtype(self, dtype, default: str) -> str:
        """Records an integer `dtype`; returns the policy to give `Layer.__init__`."""
        name = mixed_precision.resolve(default if dtype is None else dtype)
        self._integer_dtype = name if name in INT_DTYPES else None
        return "float32" if self._integer_dtype else name

    def _finish_dtype(self) -> None:
        if self._integer_dtype is not None:
            self.dtype_policy = self._integer_dtype

    @property
    def dtype(self) -> str:
        return self._integer_dtype or Layer.dtype.fget(self)

    @property
    def compute_dtype(self) -> str:
        return self._integer_dtype or Layer.compute_dtype.fget(self)


class Hashing(IntegerDtype, Layer):
    """Maps strings or integers to `num_bins` bins with a hash that is the same on every
    platform and run: TensorFlow's `to_hash_bucket_fast` (FarmHash `Fingerprint64`), or with
    a `salt`, `to_hash_bucket_strong` (SipHash-2-4 keyed by the salt). Integers (and floats,
    truncated) are hashed as their decimal strings, so `7` and `"7"` share a bin.

    Args:
        num_bins: the number of bins, including the mask bin when `mask_value` is set.
        mask_value: a value that maps to bin 0; the others hash into `1..num_bins - 1`.
        salt: an int (used for both key words) or a pair of ints: selects SipHash.
        output_mode: `"int"` (default; int64 ids), `"one_hot"`, `"multi_hot"` or `"count"`.
        sparse: must stay False (no sparse outputs with PyTorch).

    Input shape:
        Any: a string, a (nested) list or numpy array of strings or ints, or an int tensor.

    Output shape:
        Same as the input for `"int"`; see CategoryEncoding for the others.

    Example:

    >>> Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).tolist()
    [[1], [0], [1], [1], [2]]
    """

    _float_outputs = True  # symbolic outputs take the layer's dtype (int64, float32, ...)

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        dtype = self._init_dtype(kwargs.pop("dtype", None), "int64" if output_mode == "int" else config.floatx())
        super().__init__(dtype=dtype, **kwargs)
        self._finish_dtype()
        if isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins <= 0:
            raise ValueError(f"{where(self)}: The `num_bins` for `Hashing` cannot be `None` or non-positive "
                             f"values. Received: num_bins={num_bins!r}.")
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError(f"{where(self)}: When `output_mode=\"int\"`, `dtype` should be an integer type, "
                             f"'int32' or 'int64'. Received: dtype={self.dtype!r}")
        modes = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in modes:
            raise ValueError(f"{where(self)}: Invalid value for argument `output_mode`. Expected one of {modes}. "
                             f"Received: output_mode={output_mode!r}")
        if sparse and output_mode == "int":
            raise ValueError(f"{where(self)}: `sparse` may only be true if `output_mode` is `\"one_hot\"`, "
                             f"`\"multi_hot\"`, or `\"count\"`. Received: sparse={sparse!r} and output_mode='int'")
        if sparse:
            raise ValueError(f"{where(self)}: sparse=True is not supported with PyTorch (Keras returns sparse "
                             f"outputs only on TensorFlow). Received: sparse={sparse!r}")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = _salt_pair(self, salt)
        self.strong_hash = self.salt is not None
        self.output_mode = output_mode
        self.sparse = False

    def call(self, inputs):
        if isinstance(inputs, torch.Tensor) and inputs.is_meta:  # shapes only
            return torch.empty(self.compute_output_shape(tuple(inputs.shape)), dtype=self._torch_dtype, device="meta")
        device = inputs.device if isinstance(inputs, torch.Tensor) else torch.device("cpu")
        values = inputs if isinstance(inputs, np.ndarray) else to_values(self, inputs)
        ids = torch.from_numpy(self._bins(values)).to(device)
        if self.output_mode == "int":
            return ids.to(self._torch_dtype)
        if self.output_mode == "one_hot" and ids.ndim and ids.shape[-1] == 1:
            ids = ids.squeeze(-1)  # Keras squeezes here and again in its encoder: so does `encode`
        return encode(self, ids, self.output_mode, self.num_bins, self._torch_dtype)

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        if self.output_mode == "one_hot":
            if shape and shape[-1] == 1:
                shape = shape[:-1]
            return encoded_shape(shape, "one_hot", self.num_bins) if shape else (1, self.num_bins)
        return encoded_shape(shape, self.output_mode, self.num_bins)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt, "mask_value": self.mask_value,
                "output_mode": self.output_mode, "sparse": self.sparse}

    # ----------------------------------------------------------------- hashing
    def _standardize(self, inputs):
        # Strings have no torch dtype: non-tensor inputs stay numpy arrays until `call`.
        return inputs if isinstance(inputs, torch.Tensor) else to_values(self, inputs)

    def _bins(self, values: np.ndarray) -> np.ndarray:
        text = values.dtype.kind in TEXT_KINDS
        check_finite(self, values)
        masked = self.mask_value is not None and self.num_bins > 1  # Keras: one bin leaves no room
        if masked and isinstance(self.mask_value, (str, bytes)) != text:
            raise TypeError(f"{where(self)}: mask_value={self.mask_value!r} can't be compared with "
                            f"{'string' if text else 'numeric'} inputs (dtype {values.dtype}).")
        unique, inverse = unique_values(values)
        data = [text_bytes(v) if text else number_bytes(v) for v in unique]
        if self.salt:
            digest = digests(data, lambda rows: siphash24_rows(self.salt[0], self.salt[1], rows))
        else:
            digest = digests(data, fingerprint64_rows)
        bins = (digest % np.uint64(self.num_bins - masked)).astype(np.int64) + masked
        if masked:  # Keras compares the raw values (floats before truncation) with mask_value
            mask = text_bytes(self.mask_value) if text else self.mask_value
            bins[[(item if text else value) == mask for item, value in zip(data, unique)]] = 0
        return bins[inverse].reshape(values.shape)


def _salt_pair(layer, salt):
    """Keras's rule: an int salt `s` is the key `[s, s]`; a pair is used as given."""
    if salt is None:
        return None
    if isinstance(salt, (tuple, list)) and len(salt) == 2 and all(_is_int(s) for s in salt):
        return [int(s) for s in salt]
    if _is_int(salt):
        return [int(salt), int(salt)]
    raise ValueError(f"{where(layer)}: The `salt` argument for `Hashing` can only be a tuple of size 2 integers, "
                     f"or a single integer. Received: salt={salt!r}.")


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))

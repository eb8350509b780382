"""HashedCrossing: crosses scalar categorical features into one hashed bin id."""

import numpy as np
import torch

from .... import config
from ...layer import Layer
from ..checks import where
from ..encoding import encode, encoded_shape
from .farmhash import fingerprint64_rows, fingerprint_cat64
from .hashing import IntegerDtype
from .values import TEXT_KINDS, digests, text_bytes, to_values, unique_values

# TensorFlow's default `hash_key` for `tf.sparse.cross_hashed` (sparse_ops.py).
_HASH_KEY = 0xDECAFCAFFE


class HashedCrossing(IntegerDtype, Layer):
    """Crosses features with the "hashing trick", as TensorFlow's `tf.sparse.cross_hashed`:
    starting from a fixed key, each feature is folded in with `FingerprintCat64`, a string
    as its FarmHash `Fingerprint64` and an integer as its int64 value; the result modulo
    `num_bins` is the bin. Feature order matters.

    Args:
        num_bins: the number of bins.
        output_mode: `"int"` (default; int64 ids) or `"one_hot"`.
        sparse: must stay False (Keras allows it only with TensorFlow).

    Input shape:
        A list or tuple of 2 or more features of equal shape, `()`, `(batch,)` or
        `(batch, 1)`; each strings or integers.

    Output shape:
        The features' shape for `"int"`; `(batch, num_bins)` for `"one_hot"`.

    Example:

    >>> HashedCrossing(num_bins=5)((["A", "B", "A", "B", "A"], [101, 101, 101, 102, 102])).tolist()
    [1, 4, 1, 1, 3]
    """

    _float_outputs = True  # symbolic outputs take the layer's dtype (int64, float32, ...)
    _list_inputs = True

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None, **kwargs):
        dtype = self._init_dtype(dtype, "int64" if output_mode == "int" else config.floatx())
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._finish_dtype()
        if sparse:
            raise ValueError(f"{where(self)}: `sparse=True` can only be used with the TensorFlow backend; Lamina "
                             f"has no sparse outputs. Received: sparse={sparse!r}")
        if output_mode not in ("int", "one_hot"):
            raise ValueError(f"{where(self)}: Unknown value for `output_mode` argument of HashedCrossing. Allowed "
                             f"values are: ('int', 'one_hot'). Received: output_mode={output_mode!r}")
        if isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins <= 0:
            raise ValueError(f"{where(self)}: `num_bins` must be a positive integer. Received: num_bins={num_bins!r}")
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = False

    def call(self, inputs):
        first = inputs[0]
        if isinstance(first, torch.Tensor) and first.is_meta:  # shapes only
            shape = self.compute_output_shape([tuple(x.shape) for x in inputs])
            return torch.empty(shape, dtype=self._torch_dtype, device="meta")
        device = first.device if isinstance(first, torch.Tensor) else torch.device("cpu")
        features = [x if isinstance(x, np.ndarray) else to_values(self, x) for x in inputs]
        self._check_features(features)
        shape = features[0].shape
        crossed = np.full(features[0].size, _HASH_KEY, dtype=np.uint64)  # 1-D: 0-d would turn scalar
        for feature in features:
            crossed = fingerprint_cat64(crossed, _feature_values(feature.reshape(-1)))
        ids = (crossed % np.uint64(self.num_bins)).astype(np.int64).reshape(shape)
        ids = torch.from_numpy(ids).to(device)
        if self.output_mode == "int":
            return ids.to(self._torch_dtype)
        return encode(self, ids, "one_hot", self.num_bins, self._torch_dtype)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 2 or \
                not all(isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(f"{where(self)}: Expected as input a list/tuple of 2 or more tensors. Received "
                             f"input_shape={input_shape}")
        shape = tuple(input_shape[0])
        if any(len(s) != len(shape) or (s and s[-1] != shape[-1]) for s in input_shape[1:]):
            raise ValueError(f"{where(self)}: Expected the input tensors to have identical shapes. Received "
                             f"input_shape={input_shape}")
        if self.output_mode == "int":
            return shape
        return encoded_shape(shape, "one_hot", self.num_bins) if shape else (1, self.num_bins)

    def get_config(self):
        return {"num_bins": self.num_bins, "output_mode": self.output_mode, "sparse": self.sparse,
                "name": self.name, "dtype": self.dtype}

    # ----------------------------------------------------------------- checks
    def _standardize(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{where(self)}: `HashedCrossing` should be called on a list or tuple of inputs. "
                             f"Received: inputs of type {type(inputs).__name__}")
        if len(inputs) < 2:
            raise ValueError(f"{where(self)}: `HashedCrossing` should be called on at least two inputs. "
                             f"Received: {len(inputs)} input(s)")
        return [x if isinstance(x, torch.Tensor) else to_values(self, x) for x in inputs]

    def _check_features(self, features) -> None:
        shapes = [tuple(f.shape) for f in features]
        first = shapes[0]
        if len(first) > 2 or (len(first) == 2 and first[-1] != 1):
            raise ValueError(f"{where(self)}: All `HashedCrossing` inputs should have shape `()`, `(batch_size)` "
                             f"or `(batch_size, 1)`. Received shapes {shapes}")
        if any(shape != first for shape in shapes[1:]):
            raise ValueError(f"{where(self)}: All `HashedCrossing` inputs should have equal shape. Received "
                             f"shapes {shapes}")
        dtypes = [f.dtype for f in features]
        if not all(d.kind in TEXT_KINDS + "iu" for d in dtypes):
            raise ValueError(f"{where(self)}: All `HashedCrossing` inputs should have an integer or string dtype. "
                             f"Received dtypes {[str(d) for d in dtypes]}")


def _feature_values(feature: np.ndarray) -> np.ndarray:
    """What TensorFlow's cross folds in per feature: `Fingerprint64` of a string, or an
    integer's int64 value read as uint64 (sparse_cross_op.cc, `DenseTensorColumn`)."""
    if feature.dtype.kind in TEXT_KINDS:
        unique, inverse = unique_values(feature)
        return digests([text_bytes(v) for v in unique], fingerprint64_rows)[inverse]
    return feature.astype(np.int64).view(np.uint64)

"""SipHash-2-4 with a 128-bit key, vectorized with numpy.

TensorFlow's `tf.strings.to_hash_bucket_strong(s, n, key=[k0, k1])` is
`highwayhash::SipHash({k0, k1}, s) % n` (tensorflow/core/platform/strong_hash.h): the
SipHash-2-4 of Aumasson and Bernstein ("SipHash: a fast short-input PRF", 2012), whose
key is the two 64-bit words `k0`, `k1` (the key's bytes read little-endian).
`siphash24_rows` hashes many strings of one length at once (uint64 arrays wrap modulo
2**64, as the C does).
"""

import numpy as np

from .farmhash import load

_U = np.uint64
_M64 = (1 << 64) - 1


def _rotl(value, shift: int):
    return (value << _U(shift)) | (value >> _U(64 - shift))


def _rounds(v0, v1, v2, v3, count: int):
    for _ in range(count):
        v0 = v0 + v1
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = v2 + v3
        v3 = _rotl(v3, 16) ^ v2
        v0 = v0 + v3
        v3 = _rotl(v3, 21) ^ v0
        v2 = v2 + v1
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24_rows(key0: int, key1: int, rows: np.ndarray) -> np.ndarray:
    """SipHash-2-4 of each row of a `(count, length)` uint8 array, as uint64. The key words
    are taken modulo 2**64, so negative int64 salts act as their two's complement, as in
    TensorFlow."""
    count, n = rows.shape
    k0 = np.full(count, key0 & _M64, dtype=np.uint64)
    k1 = np.full(count, key1 & _M64, dtype=np.uint64)
    v0 = k0 ^ _U(0x736F6D6570736575)
    v1 = k1 ^ _U(0x646F72616E646F6D)
    v2 = k0 ^ _U(0x6C7967656E657261)
    v3 = k1 ^ _U(0x7465646279746573)
    full = n - n % 8
    # The last word holds the 0-7 trailing bytes and, in its top byte, the length mod 256.
    tail = np.zeros((count, 8), dtype=np.uint8)
    tail[:, :n - full] = rows[:, full:]
    tail[:, 7] = n & 0xFF
    words = [load(rows, at) for at in range(0, full, 8)] + [load(tail, 0)]
    with np.errstate(over="ignore"):
        for word in words:
            v3 = v3 ^ word
            v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 2)
            v0 = v0 ^ word
        v2 = v2 ^ _U(0xFF)
        v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def siphash24(key0: int, key1: int, data: bytes) -> int:
    """SipHash-2-4 of `data` under the key words `key0`, `key1`, as an int in [0, 2**64)."""
    rows = np.frombuffer(data, dtype=np.uint8).reshape(1, len(data))
    return int(siphash24_rows(key0, key1, rows)[0])

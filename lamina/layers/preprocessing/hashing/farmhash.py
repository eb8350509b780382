"""FarmHash's `Fingerprint64` and TensorFlow's `FingerprintCat64`, vectorized with numpy.

`Fingerprint64` is `farmhashna::Hash64` (google/farmhash src/farmhash.cc, "FINGERPRINTING"
section): a fixed, portable 64-bit hash of a byte string. TensorFlow's
`tf.strings.to_hash_bucket_fast` is `Fingerprint64(s) % num_buckets`, and
`tf.sparse.cross_hashed` chains per-feature values with `FingerprintCat64`
(tensorflow/core/platform/fingerprint.h).

The hash's control flow depends only on the length, so `fingerprint64_rows` hashes many
strings of one length at once: uint64 arrays wrap modulo 2**64 exactly as the C++ does,
and words are loaded little-endian, as on the platforms TensorFlow ships for.
"""

import numpy as np

_U = np.uint64
# Primes between 2**63 and 2**64 (farmhash's k0, k1, k2).
_K0 = _U(0xC3A5C85C97CB3127)
_K1 = _U(0xB492B66FBE98F273)
_K2 = _U(0x9AE16A3B2F90404F)
_CAT_MUL = _U(0xC6A4A7935BD1E995)  # FingerprintCat64's multiplier


def _rot(value, shift: int):
    return (value >> _U(shift)) | (value << _U(64 - shift))


def _mix(value):
    return value ^ (value >> _U(47))


def _hash16(u, v, mul):
    a = _mix((u ^ v) * mul)
    b = _mix((v ^ a) * mul)
    return b * mul


def load(rows: np.ndarray, at: int, width: int = 8) -> np.ndarray:
    """The little-endian `width`-byte word at byte `at` of every row, as uint64."""
    word = np.ascontiguousarray(rows[:, at:at + width]).view("<u8" if width == 8 else "<u4")
    return word[:, 0].astype(np.uint64)


def _len0to16(rows, n: int):
    if n >= 8:
        mul = _K2 + _U(n * 2)
        a = load(rows, 0) + _K2
        b = load(rows, n - 8)
        c = _rot(b, 37) * mul + a
        d = (_rot(a, 25) + b) * mul
        return _hash16(c, d, mul)
    if n >= 4:
        mul = _K2 + _U(n * 2)
        return _hash16(_U(n) + (load(rows, 0, 4) << _U(3)), load(rows, n - 4, 4), mul)
    if n > 0:
        y = rows[:, 0].astype(np.uint64) + (rows[:, n >> 1].astype(np.uint64) << _U(8))
        z = _U(n) + (rows[:, n - 1].astype(np.uint64) << _U(2))
        return _mix((y * _K2) ^ (z * _K0)) * _K2
    return np.full(len(rows), _K2, dtype=np.uint64)


def _len17to32(rows, n: int):
    mul = _K2 + _U(n * 2)
    a = load(rows, 0) * _K1
    b = load(rows, 8)
    c = load(rows, n - 8) * mul
    d = load(rows, n - 16) * _K2
    return _hash16(_rot(a + b, 43) + _rot(c, 30) + d, a + _rot(b + _K2, 18) + c, mul)


def _len33to64(rows, n: int):
    mul = _K2 + _U(n * 2)
    a = load(rows, 0) * _K2
    b = load(rows, 8)
    c = load(rows, n - 8) * mul
    d = load(rows, n - 16) * _K2
    y = _rot(a + b, 43) + _rot(c, 30) + d
    z = _hash16(y, a + _rot(b + _K2, 18) + c, mul)
    e = load(rows, 16) * mul
    f = load(rows, 24)
    g = (y + load(rows, n - 32)) * mul
    h = (z + load(rows, n - 24)) * mul
    return _hash16(_rot(e + f, 43) + _rot(g, 30) + h, e + _rot(f + a, 18) + g, mul)


def _weak32(rows, at: int, a, b):
    """farmhash's WeakHashLen32WithSeeds over bytes `at .. at + 31` of every row."""
    w, x, y, z = (load(rows, at + 8 * i) for i in range(4))
    a = a + w
    b = _rot(b + a + z, 21)
    c = a
    a = a + x + y
    b = b + _rot(a, 44)
    return a + z, b + c


def _long(rows, n: int):
    """Over 64 bytes: 64-byte blocks into a 56-byte state (v, w, x, y, z), then the last 64."""
    m = len(rows)
    seed = _U(81)
    x = np.full(m, seed, dtype=np.uint64)
    y = np.full(m, seed * _K1 + _U(113), dtype=np.uint64)
    z = _mix(y * _K2 + _U(113)) * _K2
    v0, v1, w0, w1 = (np.zeros(m, dtype=np.uint64) for _ in range(4))
    x = x * _K2 + load(rows, 0)
    for at in range(0, ((n - 1) // 64) * 64, 64):
        x = _rot(x + y + v0 + load(rows, at + 8), 37) * _K1
        y = _rot(y + v1 + load(rows, at + 48), 42) * _K1
        x = x ^ w1
        y = y + v0 + load(rows, at + 40)
        z = _rot(z + w0, 33) * _K1
        v0, v1 = _weak32(rows, at, v1 * _K1, x + w0)
        w0, w1 = _weak32(rows, at + 32, z + w1, y + load(rows, at + 16))
        z, x = x, z
    mul = _K1 + ((z & _U(0xFF)) << _U(1))
    at = n - 64
    w0 = w0 + _U((n - 1) & 63)
    v0 = v0 + w0
    w0 = w0 + v0
    x = _rot(x + y + v0 + load(rows, at + 8), 37) * mul
    y = _rot(y + v1 + load(rows, at + 48), 42) * mul
    x = x ^ (w1 * _U(9))
    y = y + v0 * _U(9) + load(rows, at + 40)
    z = _rot(z + w0, 33) * mul
    v0, v1 = _weak32(rows, at, v1 * mul, x + w0)
    w0, w1 = _weak32(rows, at + 32, z + w1, y + load(rows, at + 16))
    z, x = x, z
    return _hash16(_hash16(v0, w0, mul) + _mix(y) * _K0 + z, _hash16(v1, w1, mul) + x, mul)


def fingerprint64_rows(rows: np.ndarray) -> np.ndarray:
    """`Fingerprint64` of each row of a `(count, length)` uint8 array, as uint64."""
    n = rows.shape[1]
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps modulo 2**64, as in C++
        if n <= 16:
            return _len0to16(rows, n)
        if n <= 32:
            return _len17to32(rows, n)
        if n <= 64:
            return _len33to64(rows, n)
        return _long(rows, n)


def fingerprint64(data: bytes) -> int:
    """FarmHash `Fingerprint64` (`farmhashna::Hash64`) of `data`, as an int in [0, 2**64)."""
    rows = np.frombuffer(data, dtype=np.uint8).reshape(1, len(data))
    return int(fingerprint64_rows(rows)[0])


def fingerprint_cat64(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """TensorFlow's `FingerprintCat64` on uint64 arrays (not commutative): combines an
    accumulated fingerprint `first` with the next feature's value `second`."""
    shift = _U(47)
    with np.errstate(over="ignore"):
        result = first ^ _CAT_MUL
        mixed = second * _CAT_MUL
        result = result ^ ((mixed ^ (mixed >> shift)) * _CAT_MUL)
        result = result * _CAT_MUL
        result = (result ^ (result >> shift)) * _CAT_MUL
    return result ^ (result >> shift)

"""The out-of-vocabulary buckets TF's lookup tables use: FarmHash Fingerprint64 of the
token's bytes, or SipHash-2-4 keyed by `salt`, modulo the number of buckets. The hashes
themselves live in `..hashing` (shared with the Hashing layer), vectorized per length."""

import numpy as np

from ..hashing.farmhash import fingerprint64 as fingerprint64
from ..hashing.farmhash import fingerprint64_rows
from ..hashing.siphash import siphash24 as _siphash24
from ..hashing.siphash import siphash24_rows
from ..hashing.values import digests


def siphash24(key: tuple[int, int], data: bytes) -> int:
    """SipHash-2-4 of `data` keyed by the pair `key`."""
    return _siphash24(key[0], key[1], data)


def hash_buckets(tokens: list[bytes], buckets: int, salt=None) -> np.ndarray:
    """TF's buckets of `tokens` (uint64): FarmHash64 without a salt, SipHash-2-4 keyed by `salt`."""
    if salt is None:
        hashes = digests(tokens, fingerprint64_rows)
    else:
        hashes = digests(tokens, lambda rows: siphash24_rows(salt[0], salt[1], rows))
    return hashes % np.uint64(buckets)


def hash_bucket(token: bytes, buckets: int, salt=None) -> int:
    """The bucket of one token; see `hash_buckets`."""
    return int(hash_buckets([token], buckets, salt)[0])

"""The out-of-vocabulary buckets TF's lookup tables use: FarmHash Fingerprint64 of the
token's bytes, or SipHash-2-4 keyed by `salt`, modulo the number of buckets. The hashes
themselves live in `..hashing` (shared with the Hashing layer)."""

from ..hashing.farmhash import fingerprint64 as fingerprint64
from ..hashing.siphash import siphash24 as _siphash24


def siphash24(key: tuple[int, int], data: bytes) -> int:
    """SipHash-2-4 of `data` keyed by the pair `key`."""
    return _siphash24(key[0], key[1], data)


def hash_bucket(token: bytes, buckets: int, salt=None) -> int:
    """TF's bucket of `token`: FarmHash64 without a salt, SipHash-2-4 keyed by `salt`."""
    value = fingerprint64(token) if salt is None else siphash24(salt, token)
    return value % buckets

"""Reading dataset files without letting a pickle run code: only numpy arrays are rebuilt."""

import io
import pickle
import zipfile

import numpy as np

# Rebuilding a numpy array (the CIFAR "data" entry, the ragged IMDB/Reuters object arrays)
# needs exactly these globals; dicts, lists, bytes, str and ints need none. Anything else
# (`os.system`, `builtins.eval`, ...) is refused, so a tampered file cannot execute code.
_ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
})


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that admits plain Python values and numpy arrays, nothing else."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to load `{module}.{name}` from a dataset file: only plain values and "
            "numpy arrays are allowed. The file may be corrupted or malicious; delete it from "
            "the cache and download it again."
        )


def load_pickle(fpath, encoding="bytes"):
    """Unpickles `fpath` with `RestrictedUnpickler`."""
    with open(fpath, "rb") as f:
        return RestrictedUnpickler(f, encoding=encoding).load()


def _read_npy(buffer):
    try:
        return np.lib.format.read_array(buffer, allow_pickle=False)
    except ValueError:
        # An object array: skip the header, then unpickle with the restricted unpickler.
        buffer.seek(0)
        version = np.lib.format.read_magic(buffer)
        if version[0] == 1:
            np.lib.format.read_array_header_1_0(buffer)
        elif version[0] in (2, 3):
            np.lib.format.read_array_header_2_0(buffer)
        else:
            raise ValueError(f"Unsupported .npy format version {version}.") from None
        return RestrictedUnpickler(buffer).load()


def load_npz(path) -> dict:
    """The arrays of an `.npz` file by name; object arrays go through `RestrictedUnpickler`."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[: -len(".npy")]] = _read_npy(io.BytesIO(raw.read()))
    return arrays


def remove_long_seq(maxlen, seq, label):
    """Keeps the sequences shorter than `maxlen`, with their labels."""
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]

"""Keras 3 on the torch backend (`KERAS_BACKEND=torch`), skipped where Keras is missing.

TensorFlow and JAX are not contenders here: they are detected and reported as skipped.
"""

import importlib.util
import os

from .common import main
from .lamina_eager import KerasAPI


class KerasTorch(KerasAPI):
    name = "keras_torch"

    def unavailable(self):
        if importlib.util.find_spec("keras") is None:
            return "keras is not installed"
        return None

    def framework(self):
        os.environ["KERAS_BACKEND"] = "torch"
        import keras

        if keras.backend.backend() != "torch":
            raise RuntimeError(f"Keras picked the {keras.backend.backend()} backend, not torch.")
        return keras

    def versions(self):
        return {"keras": self.framework().__version__}


if __name__ == "__main__":
    main(KerasTorch)

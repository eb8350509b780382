"""Shared test set-up: Keras (the oracle) on the torch backend, fixed seeds, hypothesis profile."""

import os
import random

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import pytest
import torch
from hypothesis import settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Two pytest-xdist workers share two cores: one thread each avoids oversubscription.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seed():
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    yield


@pytest.fixture(scope="session")
def keras():
    """The Keras 3 oracle (test dependency only; Lamina never imports it)."""
    import keras as keras_module

    assert keras_module.backend.backend() == "torch"
    return keras_module

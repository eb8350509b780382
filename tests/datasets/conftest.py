"""Dataset fixtures in the real file formats, put straight into a temporary Keras cache."""

import pytest


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The `datasets` folder of a fresh `KERAS_HOME`: files written here are "already cached"."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    folder = tmp_path / "home" / "datasets"
    folder.mkdir(parents=True)
    return folder

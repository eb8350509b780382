"""The data-in names exist under `lamina.utils` / `lamina.datasets` with Keras's signatures."""

import inspect

import pytest

import lamina


def _params(fn):
    """Names, kinds and defaults (annotations aside: Lamina annotates, Keras does not)."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]

UTILS = ["get_file", "pad_sequences", "image_dataset_from_directory", "text_dataset_from_directory",
         "audio_dataset_from_directory", "timeseries_dataset_from_array", "split_dataset", "load_img",
         "img_to_array", "array_to_img", "save_img", "PyDataset", "Sequence", "Progbar", "normalize",
         "pack_x_y_sample_weight", "unpack_x_y_sample_weight"]
DATASETS = [("mnist", "load_data"), ("fashion_mnist", "load_data"), ("cifar10", "load_data"),
            ("cifar100", "load_data"), ("imdb", "load_data"), ("imdb", "get_word_index"),
            ("reuters", "load_data"), ("reuters", "get_word_index"), ("reuters", "get_label_names"),
            ("boston_housing", "load_data"), ("california_housing", "load_data")]


@pytest.mark.parametrize("name", UTILS)
def test_utils_signatures(keras, name):
    ours, theirs = getattr(lamina.utils, name), getattr(keras.utils, name)
    assert _params(ours) == _params(theirs)


@pytest.mark.parametrize("module,name", DATASETS)
def test_dataset_signatures(keras, module, name):
    ours = getattr(getattr(lamina.datasets, module), name)
    theirs = getattr(getattr(keras.datasets, module), name)
    assert _params(ours) == _params(theirs)

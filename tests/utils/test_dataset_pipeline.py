"""`ds.map`, `ds.prefetch`, `ds.take` on the datasets the directory utilities return, as
Keras programs call them on `tf.data` datasets (e.g. keras-io's text classification:
`text_ds = raw_train_ds.map(lambda x, y: x)`, then `vectorize_layer.adapt(text_ds)`)."""

import numpy as np
import pytest
import torch

import lamina
from lamina.utils import text_dataset_from_directory, timeseries_dataset_from_array


@pytest.fixture
def text_folder(tmp_path):
    for label, texts in {"neg": ["bad film", "awful plot", "dull"], "pos": ["great film", "fine cast"]}.items():
        (tmp_path / label).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text)
    return tmp_path


def test_map_passes_tuple_elements_as_arguments_and_keeps_metadata(text_folder):
    raw = text_dataset_from_directory(text_folder, batch_size=2, shuffle=False, verbose=False)
    texts = raw.map(lambda x, y: x)
    assert texts.class_names == ["neg", "pos"] and len(texts) == len(raw) == 3
    assert [list(batch) for batch in texts] == [list(x) for x, _ in raw]
    vectorizer = lamina.layers.TextVectorization(output_mode="int", output_sequence_length=3)
    vectorizer.adapt(texts)
    assert set(vectorizer.get_vocabulary()) >= {"film", "bad", "great", "", "[UNK]"}
    mapped = raw.map(lambda x, y: (vectorizer(x), y)).prefetch(2)
    x, y = next(iter(mapped))
    assert tuple(x.shape) == (2, 3) and y.tolist() == [0, 0]


def test_take_limits_every_pass_and_map_checks_its_argument():
    data = timeseries_dataset_from_array(np.arange(20, dtype="float32"), None, sequence_length=4,
                                         batch_size=3)
    first = data.take(2)
    assert len(first) == 2 and len(list(first)) == 2 and len(list(first)) == 2
    assert data.take(-1) is data and data.prefetch(1) is data
    doubled = data.map(lambda x: x * 2).take(1)
    torch.testing.assert_close(next(iter(doubled)), next(iter(data)) * 2)
    with pytest.raises(TypeError, match="callable"):
        data.map("not a function")
    with pytest.raises(ValueError, match="take"):
        data.take(-2)


def test_an_augmented_pipeline_trains_in_fit():
    x = np.random.default_rng(0).random((8, 8, 8, 3)).astype("float32")
    y = np.arange(8) % 2
    data = lamina.utils.dataset_utils.BatchDataset(torch.utils.data.TensorDataset(torch.from_numpy(x),
                                                                                   torch.from_numpy(y)), 4)
    flip = lamina.layers.RandomFlip(seed=1)
    model = lamina.Sequential([lamina.Input((8, 8, 3)), lamina.layers.Flatten(), lamina.layers.Dense(2)])
    model.compile("sgd", lamina.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(data.map(lambda a, b: (flip(a, training=True), b)).prefetch(1), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2

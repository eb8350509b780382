"""image/text_dataset_from_directory: torch-native batches with Keras's file order and labels.

Keras builds these on tf.data (it needs TensorFlow), but its file indexing
(`keras.src.utils.dataset_utils.index_directory` and `get_training_or_validation_split`)
and `keras.ops.image.resize` run here: they are the oracles for file order, splits and
pixel values. Label encodings follow keras/src/utils/dataset_utils.py
(`labels_to_dataset_tf`: int32, one-hot float32, float32 `(n, 1)` for binary).
"""

import numpy as np
import pytest
import torch
from PIL import Image

from lamina.utils.image_dataset_utils import image_dataset_from_directory
from lamina.utils.text_dataset_utils import text_dataset_from_directory

RNG = np.random.default_rng(0)
CLASSES = ("cats", "dogs", "owls")


@pytest.fixture(scope="module")
def image_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    for c, name in enumerate(CLASSES):
        (root / name).mkdir()
        for i in range(4 + c):
            size = (9 + i, 7 + 2 * c)
            pixels = RNG.integers(0, 256, (*size, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{i}.{'png' if i % 2 else 'jpg'}")
    (root / "dogs" / "notes.txt").write_text("not an image")
    return root


@pytest.fixture(scope="module")
def text_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("texts")
    for name in ("neg", "pos"):
        (root / name).mkdir()
        for i in range(5):
            (root / name / f"{i}.txt").write_text(f"{name} review number {i} é")
    return root


def _keras_index(directory, formats, seed, shuffle=True):
    from keras.src.utils import dataset_utils

    return dataset_utils.index_directory(str(directory), "inferred", formats=formats,
                                         shuffle=shuffle, seed=seed, verbose=False)


@pytest.mark.parametrize("seed", [0, 7])
def test_file_order_and_labels_match_keras(keras, image_dir, seed):
    ds = image_dataset_from_directory(image_dir, image_size=(8, 8), seed=seed, batch_size=None,
                                      shuffle=True, verbose=False)
    paths, labels, names = _keras_index(image_dir, (".bmp", ".gif", ".jpeg", ".jpg", ".png"), seed)
    assert ds.file_paths == paths and ds.class_names == names == list(CLASSES)
    np.testing.assert_array_equal(ds.dataset.labels.numpy(), labels)
    assert len(ds) == 15  # the .txt file is not an image


@pytest.mark.parametrize("subset", ["training", "validation", "both"])
def test_validation_split_matches_keras(keras, image_dir, subset):
    from keras.src.utils.dataset_utils import get_training_or_validation_split

    result = image_dataset_from_directory(image_dir, image_size=(8, 8), seed=3, validation_split=0.25,
                                          subset=subset, verbose=False)
    paths, labels, _ = _keras_index(image_dir, (".bmp", ".gif", ".jpeg", ".jpg", ".png"), 3)
    parts = result if subset == "both" else [result]
    names = ["training", "validation"] if subset == "both" else [subset]
    for part, name in zip(parts, names):
        assert part.file_paths == get_training_or_validation_split(paths, labels, 0.25, name)[0]
    if subset == "both":
        assert not set(parts[0].file_paths) & set(parts[1].file_paths)


@pytest.mark.parametrize("options", [
    {}, {"crop_to_aspect_ratio": True}, {"pad_to_aspect_ratio": True},
    {"interpolation": "nearest"}, {"color_mode": "grayscale"}, {"data_format": "channels_first"},
])
def test_pixels_match_keras_resize(keras, image_dir, options):
    ds = image_dataset_from_directory(image_dir, image_size=(6, 5), shuffle=False, batch_size=4,
                                      verbose=False, **options)
    images, labels = next(iter(ds))
    channels = 1 if options.get("color_mode") == "grayscale" else 3
    channels_first = options.get("data_format") == "channels_first"
    assert images.dtype == torch.float32 and labels.dtype == torch.int32
    assert tuple(images.shape) == ((4, channels, 6, 5) if channels_first else (4, 6, 5, channels))
    for image, path in zip(images, ds.file_paths[:4]):
        with Image.open(path) as img:
            raw = np.asarray(img.convert("L" if channels == 1 else "RGB"), dtype="float32")
        raw = raw.reshape(*raw.shape[:2], channels)
        expected = keras.ops.convert_to_numpy(keras.ops.image.resize(
            raw, (6, 5), interpolation=options.get("interpolation", "bilinear"),
            crop_to_aspect_ratio=options.get("crop_to_aspect_ratio", False),
            pad_to_aspect_ratio=options.get("pad_to_aspect_ratio", False), data_format="channels_last"))
        got = image.permute(1, 2, 0) if channels_first else image
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("label_mode", ["int", "categorical", None])
def test_label_modes(image_dir, label_mode):
    ds = image_dataset_from_directory(image_dir, image_size=(4, 4), label_mode=label_mode, seed=1,
                                      batch_size=5, verbose=False)
    batch = next(iter(ds))
    if label_mode is None:
        assert isinstance(batch, torch.Tensor) and batch.shape == (5, 4, 4, 3)
        return
    images, labels = batch
    if label_mode == "categorical":
        assert labels.dtype == torch.float32 and labels.shape == (5, 3)
        assert torch.equal(labels.sum(1), torch.ones(5))
    assert len(ds) == 3 and sum(len(b[0]) for b in ds) == 15


def test_seeded_epochs_repeat_and_reshuffle(image_dir):
    def epochs(seed):
        ds = image_dataset_from_directory(image_dir, image_size=(4, 4), seed=seed, batch_size=15, verbose=False)
        return [next(iter(ds))[1].tolist() for _ in range(3)]

    first = epochs(5)
    assert first == epochs(5)
    assert len({tuple(e) for e in first}) > 1  # a new order each epoch
    assert sorted(first[0]) == sorted(first[1])


def test_errors(image_dir):
    with pytest.raises(ValueError, match="seed"):
        image_dataset_from_directory(image_dir, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="exactly 2"):
        image_dataset_from_directory(image_dir, label_mode="binary", verbose=False)
    with pytest.raises(ValueError, match="color_mode"):
        image_dataset_from_directory(image_dir, color_mode="cmyk")
    with pytest.raises(ValueError, match="class_names"):
        image_dataset_from_directory(image_dir, class_names=["cats", "zebras"], verbose=False)
    with pytest.raises(ValueError, match="without TensorFlow"):
        image_dataset_from_directory(image_dir, interpolation="gaussian")


def test_image_dataset_trains_a_convnet(image_dir):
    import lamina as keras_like

    train, val = image_dataset_from_directory(image_dir, image_size=(8, 8), seed=2, batch_size=4,
                                              validation_split=0.2, subset="both", verbose=False)
    model = keras_like.Sequential([
        keras_like.Input((8, 8, 3)),
        keras_like.layers.Conv2D(4, 3, activation="relu"),
        keras_like.layers.GlobalAveragePooling2D(),
        keras_like.layers.Dense(len(train.class_names), activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(train, validation_data=val, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and "val_accuracy" in history.history
    assert np.isfinite(history.history["loss"]).all()
    assert model.predict(val, verbose=0).shape == (len(val.file_paths), 3)


def test_text_dataset(keras, text_dir):
    ds = text_dataset_from_directory(text_dir, seed=4, batch_size=3, max_length=8, verbose=False)
    paths, labels, names = _keras_index(text_dir, (".txt",), 4)
    assert ds.file_paths == paths and ds.class_names == names == ["neg", "pos"]
    texts, batch_labels = next(iter(ds))
    assert isinstance(texts, list) and all(isinstance(t, str) and len(t.encode()) <= 8 for t in texts)
    assert batch_labels.dtype == torch.int32 and len(ds) == 4
    full = text_dataset_from_directory(text_dir, shuffle=False, batch_size=None, label_mode="binary",
                                       verbose=False)
    text, label = next(iter(full))
    assert text == "neg review number 0 é" and label.tolist() == [0.0]


def test_explicit_labels_follow_sorted_file_order(keras, image_dir):
    from keras.src.utils import dataset_utils

    explicit = [i % 2 for i in range(15)]
    ds = image_dataset_from_directory(image_dir, labels=explicit, image_size=(4, 4), shuffle=False,
                                      batch_size=None, verbose=False)
    paths, labels, names = dataset_utils.index_directory(
        str(image_dir), explicit, (".bmp", ".gif", ".jpeg", ".jpg", ".png"), shuffle=False, verbose=False)
    assert ds.file_paths == paths and ds.class_names == names == ["0", "1"]
    assert ds.dataset.labels.tolist() == list(labels)
    with pytest.raises(ValueError, match="lengths of `labels`"):
        image_dataset_from_directory(image_dir, labels=[0, 1], verbose=False)

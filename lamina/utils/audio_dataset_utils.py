"""`audio_dataset_from_directory`: class folders of `.wav` files -> batches of float32 audio."""

import wave

import numpy as np
import torch
from torch.utils.data import Dataset

from . import dataset_utils

ALLOWED_FORMATS = (".wav",)


def read_wav(path, sampling_rate=None, output_sequence_length=None) -> torch.Tensor:
    """A 16-bit PCM WAV file as float32 `(samples, channels)` in [-1, 1), like tf.audio.decode_wav:
    cut or zero-padded to `output_sequence_length` samples when given."""
    with wave.open(str(path), "rb") as f:
        width, channels, rate = f.getsampwidth(), f.getnchannels(), f.getframerate()
        frames = f.readframes(f.getnframes())
    if width != 2:
        raise ValueError(f"{path}: only 16-bit PCM WAV files can be decoded (as in Keras); this "
                         f"file has {8 * width}-bit samples.")
    if sampling_rate is not None and rate != sampling_rate:
        raise ValueError(f"{path} is sampled at {rate} Hz, not sampling_rate={sampling_rate}. "
                         "Resampling (tensorflow-io in Keras) is not available; resample the files.")
    audio = np.frombuffer(frames, dtype="<i2").reshape(-1, channels).astype("float32") / 32768.0
    if output_sequence_length is not None:
        audio = audio[:output_sequence_length]
        audio = np.pad(audio, ((0, output_sequence_length - len(audio)), (0, 0)))
    return torch.from_numpy(np.ascontiguousarray(audio))


class _AudioFiles(Dataset):
    def __init__(self, paths, labels, sampling_rate, output_sequence_length):
        self.paths, self.labels = paths, labels
        self.sampling_rate, self.length = sampling_rate, output_sequence_length

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        audio = read_wav(self.paths[index], self.sampling_rate, self.length)
        return audio if self.labels is None else (audio, self.labels[index])


def _collate(ragged):
    def collate(samples):
        labelled = isinstance(samples[0], tuple)
        audio = [s[0] for s in samples] if labelled else list(samples)
        if not ragged:  # Keras's padded_batch: zeros up to the longest clip of the batch
            audio = torch.nn.utils.rnn.pad_sequence(audio, batch_first=True)
        return (audio, torch.stack([s[1] for s in samples])) if labelled else audio
    return collate


def audio_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 batch_size=32, sampling_rate=None, output_sequence_length=None,
                                 ragged=False, shuffle=True, seed=None, validation_split=None,
                                 subset=None, follow_links=False, verbose=True):
    """Batches of `(audio, labels)` from a folder with one subfolder of `.wav` files per class.

    Audio is float32 `(batch, samples, channels)`, zero-padded to the longest clip of
    the batch (or cut/padded to `output_sequence_length`); with `ragged=True` a batch's
    audio is a list of tensors. Labels and file order are as in
    `image_dataset_from_directory`. `sampling_rate` is only checked, not resampled to.

    Returns:
        A `BatchDataset` with `class_names` and `file_paths`; with `subset="both"`, a
        `(train, validation)` pair.
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` should be 'inferred', None, or a list/tuple of integer labels, "
                             f"one per audio file. Received: labels={labels}")
        if class_names:
            raise ValueError('You can only pass `class_names` if `labels="inferred"`. '
                             f"Received: labels={labels}, and class_names={class_names}")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or '
                         f"None. Received: label_mode={label_mode}")
    if ragged and output_sequence_length is not None:
        raise ValueError("Cannot set both `ragged` and `output_sequence_length`")
    if sampling_rate is not None and (not isinstance(sampling_rate, int) or sampling_rate <= 0):
        raise ValueError(f"`sampling_rate` should be a positive int. Received: sampling_rate={sampling_rate}")
    if labels is None or label_mode is None:
        labels = label_mode = None
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, formats=ALLOWED_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")

    def build(subset_name, shuffled):
        chosen, chosen_labels = dataset_utils.get_training_or_validation_split(
            paths, labels, validation_split, subset_name)
        if not chosen:
            raise ValueError(f"No audio files found in directory {directory} for subset={subset_name!r}. "
                             f"Allowed format(s): {ALLOWED_FORMATS}")
        encoded = None if chosen_labels is None else dataset_utils.encode_labels(
            chosen_labels, label_mode, len(class_names))
        files = _AudioFiles(chosen, encoded, sampling_rate, output_sequence_length)
        return dataset_utils.BatchDataset(files, batch_size, shuffle=shuffled, seed=seed,
                                          class_names=class_names, file_paths=list(chosen),
                                          collate_fn=_collate(ragged))

    if subset == "both":
        return build("training", shuffle), build("validation", False)
    return build(subset, shuffle)

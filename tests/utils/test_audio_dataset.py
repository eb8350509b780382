"""audio_dataset_from_directory. Keras decodes with tf.audio.decode_wav (TensorFlow), so the
expected values follow keras/src/utils/audio_dataset_utils.py: 16-bit PCM / 32768 as float32
`(samples, channels)`, `desired_samples` cuts or zero-pads, `padded_batch` pads to the
longest clip; Keras's own `index_directory` (runs without TF) is the oracle for file order."""

import wave

import numpy as np
import pytest
import torch

from lamina.utils.audio_dataset_utils import audio_dataset_from_directory

RNG = np.random.default_rng(0)


@pytest.fixture(scope="module")
def wav_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio")
    clips = {}
    for name in ("no", "yes"):
        (root / name).mkdir()
        for i in range(3):
            samples = RNG.integers(-32768, 32767, (20 + 5 * i, 2), dtype=np.int16)
            path = root / name / f"{i}.wav"
            with wave.open(str(path), "wb") as f:
                f.setnchannels(2)
                f.setsampwidth(2)
                f.setframerate(8000)
                f.writeframes(samples.tobytes())
            clips[str(path)] = samples.astype("float32") / 32768.0
    return root, clips


def test_order_values_and_padding(keras, wav_dir):
    from keras.src.utils.dataset_utils import index_directory

    root, clips = wav_dir
    ds = audio_dataset_from_directory(root, batch_size=6, seed=3, verbose=False)
    paths, labels, names = index_directory(str(root), "inferred", (".wav",), seed=3, verbose=False)
    assert ds.file_paths == paths and ds.class_names == names == ["no", "yes"]
    ordered = audio_dataset_from_directory(root, batch_size=6, shuffle=False, verbose=False)
    audio, batch_labels = next(iter(ordered))
    assert audio.shape == (6, 30, 2) and audio.dtype == torch.float32
    for row, path in zip(audio, ordered.file_paths):
        clip = clips[path]
        np.testing.assert_array_equal(row[: len(clip)].numpy(), clip)
        assert not row[len(clip):].any()
    assert batch_labels.tolist() == [0, 0, 0, 1, 1, 1]


def test_fixed_length_ragged_and_errors(wav_dir):
    root, clips = wav_dir
    fixed = audio_dataset_from_directory(root, output_sequence_length=22, shuffle=False, verbose=False)
    audio, _ = next(iter(fixed))
    assert audio.shape == (6, 22, 2)
    np.testing.assert_array_equal(audio[0, :20].numpy(), clips[fixed.file_paths[0]])
    ragged = audio_dataset_from_directory(root, ragged=True, label_mode=None, shuffle=False, verbose=False)
    assert [len(a) for a in next(iter(ragged))] == [20, 25, 30] * 2
    with pytest.raises(ValueError, match="8000 Hz"):
        next(iter(audio_dataset_from_directory(root, sampling_rate=16000, verbose=False)))
    with pytest.raises(ValueError, match="both"):
        audio_dataset_from_directory(root, ragged=True, output_sequence_length=3)

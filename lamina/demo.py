"""The main job: the reference Flatten model trained on scikit-learn's digits.

The digits (8x8 grey images that ship inside scikit-learn, so nothing is downloaded)
are upsampled to 32x32 and repeated to 3 channels, giving exactly the input of the
tutorial's model: `Input((32, 32, 3)) -> Conv2D(32, 3, relu) -> Flatten -> Dense(10)`.
"""

import time

import numpy as np

from . import layers
from .layers import Input
from .models import Sequential
from .utils import set_random_seed


def digits_dataset(test_fraction: float = 0.2, seed: int = 0):
    """`(x_train, y_train, x_test, y_test)`: images `(n, 32, 32, 3)` in [0, 1], int labels."""
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise SystemExit(
            "The demo needs scikit-learn for its data set: pip install 'lamina[demo]'"
        ) from error
    digits = load_digits()
    images = digits.images.astype("float32") / 16.0
    # 8x8 -> 32x32 by repeating each pixel 4x4, then grey -> 3 identical channels.
    images = images.repeat(4, axis=1).repeat(4, axis=2)
    images = np.repeat(images[..., None], 3, axis=-1)
    labels = digits.target.astype("int64")
    order = np.random.default_rng(seed).permutation(len(labels))
    images, labels = images[order], labels[order]
    split = int(len(labels) * (1 - test_fraction))
    return images[:split], labels[:split], images[split:], labels[split:]


def reference_model():
    """The seed tutorial's model: a (30, 30, 32) feature map flattened to 28,800 features."""
    return Sequential(
        [
            Input((32, 32, 3)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )


def run_demo(epochs: int = 5, batch_size: int = 32, verbose: int = 1, seed: int = 0,
             plot_path: str | None = None) -> dict:
    """Builds, summarizes, trains and evaluates the reference model; returns the figures.

    The summary ends with the Flatten -> Dense hot-spot note; after training, the best
    validation epoch and the train/validation gap are printed, and with `plot_path`
    the history plot (loss and accuracy, best epoch marked) is saved there.
    """
    set_random_seed(seed)
    x_train, y_train, x_test, y_test = digits_dataset(seed=seed)
    model = reference_model()
    if verbose:
        model.summary()
        print(f"\nTraining on {len(x_train)} digits, holding out {len(x_test)}.")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(
        x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1, verbose=verbose
    )
    seconds = time.perf_counter() - start
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    if verbose:
        print(f"\nHeld-out accuracy: {test_accuracy:.4f} (loss {test_loss:.4f}), trained in {seconds:.1f} s.")
        best = history.best_epoch("val_loss")
        print(
            f"Best val_loss {history.best('val_loss'):.4f} at epoch {best + 1} of {len(history.epoch)}; "
            f"final train/validation loss gap {history.gap('loss')[-1]:+.4f}."
        )
    if plot_path is not None:
        _save_plot(lambda: history.plot(plot_path), f"History plot saved to {plot_path}.", verbose)
    return {
        "model": model,
        "history": history,
        "test_loss": test_loss,
        "test_accuracy": test_accuracy,
        "train_seconds": seconds,
    }


def _save_plot(draw, done_message, verbose):
    """Runs `draw` (which saves a plot); without matplotlib, says how to get it instead."""
    try:
        draw()
    except ImportError:
        print("History plot skipped: it needs matplotlib (pip install 'lamina[demo]').")
        return
    if verbose:
        print(done_message)


# --------------------------------------------------------------------- the overfitting story
def write_digit_folders(directory, per_class: int, seed: int = 0, offset: int = 0) -> None:
    """Writes `per_class` digits of each class as PNG files in `directory/<digit>/`, the
    layout `image_dataset_from_directory` reads (`offset` skips that many per class)."""
    from pathlib import Path

    from PIL import Image

    images, labels, _, _ = digits_dataset(test_fraction=0.0, seed=seed)
    for digit in range(10):
        folder = Path(directory) / str(digit)
        folder.mkdir(parents=True, exist_ok=True)
        chosen = np.flatnonzero(labels == digit)[offset:offset + per_class]
        for i in chosen:
            Image.fromarray((images[i] * 255).astype("uint8")).save(folder / f"{i}.png")


def augmented_model():
    """The reference model behind an augmentation block, with Dropout before the big Dense."""
    return Sequential(
        [
            Input((32, 32, 3)),
            layers.RandomRotation(0.05, fill_mode="constant"),
            layers.RandomZoom(0.1, fill_mode="constant"),
            layers.RandomTranslation(0.08, 0.08, fill_mode="constant"),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )


def run_overfitting_demo(epochs: int = 60, per_class: int = 20, seed: int = 0, verbose: int = 1,
                         plot_path: str | None = None) -> dict:
    """The Flatten -> Dense overfitting story on a small image set, read from PNG folders.

    Trains the reference model and the same model behind augmentation and Dropout on
    `per_class` images per digit (`image_dataset_from_directory`, Rescaling inside the
    models), validates on 30 other images per digit, prints each run's final
    training/validation gap, and with `plot_path` saves both histories side by side.
    """
    import tempfile

    from .utils import image_dataset_from_directory
    from .utils.plotting import plot_histories

    results = {}
    with tempfile.TemporaryDirectory() as root:
        write_digit_folders(f"{root}/train", per_class, seed)
        write_digit_folders(f"{root}/val", 30, seed, offset=per_class)
        read = dict(image_size=(32, 32), batch_size=32, seed=seed, verbose=bool(verbose))
        train = image_dataset_from_directory(f"{root}/train", **read)
        val = image_dataset_from_directory(f"{root}/val", shuffle=False, **read)
        for title, build in (("Flatten -> Dense", reference_model), ("+ augmentation, Dropout", augmented_model)):
            set_random_seed(seed)
            model = Sequential([Input((32, 32, 3)), layers.Rescaling(1 / 255), build()])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            history = model.fit(train, validation_data=val, epochs=epochs, verbose=0)
            results[title] = history
            if verbose:
                print(
                    f"{title:>24}: train accuracy {history.history['accuracy'][-1]:.3f}, validation "
                    f"{history.history['val_accuracy'][-1]:.3f}; best val_loss "
                    f"{history.best('val_loss'):.4f} at epoch {history.best_epoch('val_loss') + 1}, "
                    f"final loss gap {history.gap('loss')[-1]:+.4f}"
                )
    if plot_path is not None:
        _save_plot(lambda: plot_histories(results, to_file=plot_path, metrics=["loss", "accuracy"]),
                   f"Side-by-side history plot saved to {plot_path}.", verbose)
    return results

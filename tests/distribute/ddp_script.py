"""Trains a small Flatten model; run under torchrun (argv[2] == "1") or alone (argv[2] == "0").

Writes rank<N>.npz with the final weights, predictions and the figures fit/evaluate report.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch

import lamina
from lamina import layers


def main(out_dir: Path, distributed: bool) -> None:
    if distributed:
        assert lamina.distribute.init(), "expected a torchrun environment"
    torch.set_num_threads(1)
    lamina.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((64, 6, 6, 2), dtype=np.float32)
    y = rng.integers(0, 3, size=64)
    model = lamina.Sequential([
        lamina.Input((6, 6, 2)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(3, activation="softmax"),
    ])
    model.compile(lamina.optimizers.SGD(0.1, momentum=0.9), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    checkpoint = lamina.callbacks.ModelCheckpoint(out_dir / "ckpt.keras", monitor="val_loss")
    csv_log = lamina.callbacks.CSVLogger(out_dir / f"log-rank{lamina.distribute.rank()}.csv")
    # Global batch 16: each of 2 ranks takes 8 samples of every global batch.
    history = model.fit(x, y, batch_size=16, epochs=3, validation_split=0.25, verbose=0,
                        callbacks=[checkpoint, csv_log])
    loss, accuracy = model.evaluate(x, y, batch_size=16, verbose=0)
    predictions = model.predict(x, batch_size=16, verbose=0)
    rank = lamina.distribute.rank()
    figures = {"history": history.history, "evaluate": [loss, accuracy], "world": lamina.distribute.world_size()}
    weights = {f"arr_{i}": w for i, w in enumerate(model.get_weights())}
    np.savez(out_dir / f"rank{rank}.npz", predictions=predictions, **weights)
    (out_dir / f"rank{rank}.json").write_text(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] == "1")

"""Lamina in eager mode: `Sequential`, `compile`, `fit`, `predict` and `model(x)`."""

import numpy as np

from .common import (
    ARCHITECTURES,
    IMAGE_SHAPE,
    LEARNING_RATE,
    PREDICT_BATCH,
    TRAIN_BATCH,
    Contender,
    main,
)


def keras_layers(keras, arch: str) -> list:
    """The architecture as Keras layers; `keras` is `lamina` or `keras` itself."""
    layers = keras.layers
    built = [keras.Input(IMAGE_SHAPE)]
    for kind, *spec in ARCHITECTURES[arch]:
        if kind == "conv":
            built.append(layers.Conv2D(spec[0], 3, activation="relu"))
        elif kind == "pool":
            built.append(layers.MaxPooling2D(2))
        elif kind == "flatten":
            built.append(layers.Flatten())
        else:
            built.append(layers.Dense(spec[0], activation=spec[1]))
    return built


class KerasAPI(Contender):
    """Shared by Lamina and Keras 3: the same calls, a different `import`."""

    def framework(self):
        raise NotImplementedError

    def load(self, x, y):
        import torch

        self.x, self.y = x, y
        self.x_tensor = torch.from_numpy(x)

    def build(self, arch):
        keras = self.framework()
        self.model = keras.Sequential(keras_layers(keras, arch))
        self.model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
            loss="sparse_categorical_crossentropy",
        )

    def train(self, epochs):
        history = self.model.fit(self.x, self.y, batch_size=TRAIN_BATCH, epochs=epochs, verbose=0)
        return history.history["loss"][-1]

    def predict(self):
        return self.model.predict(self.x, batch_size=PREDICT_BATCH, verbose=0)

    def call_batches(self):
        import torch

        with torch.no_grad():
            chunks = [
                self.model(self.x_tensor[start:start + PREDICT_BATCH]).detach().cpu().numpy()
                for start in range(0, len(self.x), PREDICT_BATCH)
            ]
        return np.concatenate(chunks)

    def single(self):
        one = self.x_tensor[:1]
        return lambda: self.model(one)


class LaminaEager(KerasAPI):
    name = "lamina_eager"

    def framework(self):
        import lamina

        return lamina

    def versions(self):
        import lamina

        return {"lamina": lamina.__version__}


if __name__ == "__main__":
    main(LaminaEager)

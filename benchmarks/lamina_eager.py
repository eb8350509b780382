"""Lamina in eager mode: the family's Keras model, `compile`, `fit`, `predict` and `model(x)`."""

import numpy as np

from .common import LEARNING_RATE, PREDICT_BATCH, TRAIN_BATCH, Contender, main
from .families import FAMILIES, keras_model


class KerasAPI(Contender):
    """Shared by Lamina and Keras 3: the same calls, a different `import`."""

    def framework(self):
        raise NotImplementedError

    def load(self, x, y, family):
        import torch

        self.x, self.y = x, y
        self.x_tensor = torch.from_numpy(x)

    def build(self, arch):
        keras = self.framework()
        self.model = keras_model(keras, arch)
        self.model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
            loss=FAMILIES[arch].loss,
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

"""Hand-written PyTorch: `nn.Sequential`, `torch.optim.Adam` and the usual loop, in NCHW.

The model ends in softmax like the Keras models, so the loss is the crossentropy of
clipped probabilities that Keras computes (`nll_loss(log(clamp(p, eps, 1 - eps)))`).
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .common import (
    ARCHITECTURES,
    EPSILON,
    IMAGE_SHAPE,
    LEARNING_RATE,
    PREDICT_BATCH,
    TRAIN_BATCH,
    Contender,
    main,
)


def torch_model(arch: str) -> nn.Sequential:
    channels, features, modules = IMAGE_SHAPE[-1], None, []
    rows = IMAGE_SHAPE[0]
    for kind, *spec in ARCHITECTURES[arch]:
        if kind == "conv":
            modules += [nn.Conv2d(channels, spec[0], 3), nn.ReLU()]
            channels, rows = spec[0], rows - 2
        elif kind == "pool":
            modules.append(nn.MaxPool2d(2))
            rows //= 2
        elif kind == "flatten":
            modules.append(nn.Flatten())
            features = rows * rows * channels
        else:
            modules.append(nn.Linear(features, spec[0]))
            modules.append(nn.ReLU() if spec[1] == "relu" else nn.Softmax(dim=-1))
            features = spec[0]
    return nn.Sequential(*modules)


class TorchLoop(Contender):
    name = "torch_nchw"
    memory_format = torch.contiguous_format

    def load(self, x, y):
        # The whole set is converted once, outside the timed loop, as a script would.
        images = torch.from_numpy(x).permute(0, 3, 1, 2)
        self.x = images.contiguous(memory_format=self.memory_format)
        self.y = torch.from_numpy(y)

    def build(self, arch):
        self.model = torch_model(arch).to(memory_format=self.memory_format)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LEARNING_RATE)

    def train(self, epochs):
        self.model.train()
        for _ in range(epochs):
            order, total, steps = torch.randperm(len(self.x)), 0.0, 0
            for start in range(0, len(self.x), TRAIN_BATCH):
                index = order[start:start + TRAIN_BATCH]
                xb, yb = self.x[index], self.y[index]  # indexing keeps the memory format
                probabilities = self.model(xb)
                loss = F.nll_loss(torch.log(probabilities.clamp(EPSILON, 1 - EPSILON)), yb)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                total, steps = total + loss.item(), steps + 1
        return total / steps

    def predict(self):
        self.model.eval()
        with torch.no_grad():
            chunks = [
                self.model(self.x[start:start + PREDICT_BATCH]).numpy()
                for start in range(0, len(self.x), PREDICT_BATCH)
            ]
        return np.concatenate(chunks)

    def single(self):
        self.model.eval()
        one = self.x[:1]
        return lambda: self.model(one)


if __name__ == "__main__":
    main(TorchLoop)

"""Idiomatic PyTorch, as its experts write it, in NCHW (the module's default layout).

The model returns logits and the loss is `F.cross_entropy` (or
`F.binary_cross_entropy_with_logits` for the U-Net's mask); the optimizer is
`torch.optim.Adam` with the fused CPU kernel (foreach where fused is not available);
prediction runs under `torch.inference_mode()` and applies the softmax/sigmoid the Keras
models end in, so every contender returns the same probabilities.
"""

import numpy as np
import torch
import torch.nn.functional as F

from .common import LEARNING_RATE, PREDICT_BATCH, TRAIN_BATCH, Contender, main
from .families import FAMILIES, torch_model


def adam(parameters):
    """`torch.optim.Adam(lr=1e-3)` with the fused kernel, or foreach where fused is missing."""
    parameters = list(parameters)
    try:
        return torch.optim.Adam(parameters, lr=LEARNING_RATE, fused=True)
    except (RuntimeError, TypeError):
        return torch.optim.Adam(parameters, lr=LEARNING_RATE, foreach=True)


class TorchLoop(Contender):
    name = "torch_nchw"
    memory_format = torch.contiguous_format

    def load(self, x, y, family):
        # The whole set is converted once, outside the timed loop, as a script would.
        self.family = FAMILIES[family]
        if self.family.image:
            self.x = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous(memory_format=self.memory_format)
        else:
            self.x = torch.from_numpy(x)
        target = torch.from_numpy(y)
        self.y = target.permute(0, 3, 1, 2).contiguous(memory_format=self.memory_format) \
            if target.ndim == 4 else target

    def build(self, arch):
        self.model = torch_model(arch).to(memory_format=self.memory_format)
        self.optimizer = adam(self.model.parameters())

    def loss(self, outputs, targets):
        if self.family.final == "sigmoid":
            return F.binary_cross_entropy_with_logits(outputs, targets)
        return F.cross_entropy(outputs, targets)

    def train(self, epochs):
        self.model.train()
        for _ in range(epochs):
            order, total, steps = torch.randperm(len(self.x)), 0.0, 0
            for start in range(0, len(self.x), TRAIN_BATCH):
                index = order[start:start + TRAIN_BATCH]
                xb, yb = self.x[index], self.y[index]  # indexing keeps the memory format
                loss = self.loss(self.model(xb), yb)
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                self.optimizer.step()
                total, steps = total + loss.item(), steps + 1
        return total / steps

    def probabilities(self, outputs):
        """What the Keras models return: softmax over classes, or the sigmoid mask in NHWC."""
        if self.family.final == "sigmoid":
            return torch.sigmoid(outputs).permute(0, 2, 3, 1)
        return torch.softmax(outputs, dim=-1)

    def predict(self):
        self.model.eval()
        with torch.inference_mode():
            chunks = [
                self.probabilities(self.model(self.x[start:start + PREDICT_BATCH])).numpy()
                for start in range(0, len(self.x), PREDICT_BATCH)
            ]
        return np.concatenate(chunks)

    def single(self):
        self.model.eval()
        one = self.x[:1]
        return lambda: self.model(one)


if __name__ == "__main__":
    main(TorchLoop)

"""An extra row, not a baseline: the torch loop with Keras's clipped-probability crossentropy.

The model ends in softmax (sigmoid for the U-Net) like the Keras models, and the loss is
what Keras computes on probabilities: `nll_loss(log(clamp(p, eps, 1 - eps)))`, or the
clipped binary crossentropy. No PyTorch user writes this; it shows how much of a gap is
the loss formulation rather than the framework. Faster memory format of the two is not
chosen here: it runs in channels_last for images, like the old benchmark.
"""

import torch
import torch.nn.functional as F

from .common import EPSILON, main
from .torch_channels_last import TorchChannelsLast


class TorchKerasLoss(TorchChannelsLast):
    name = "torch_keras_loss"

    def loss(self, outputs, targets):
        if self.family.final == "sigmoid":
            p = torch.sigmoid(outputs).clamp(EPSILON, 1 - EPSILON)
            return -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p)).mean()
        p = torch.softmax(outputs, dim=-1).clamp(EPSILON, 1 - EPSILON)
        return F.nll_loss(torch.log(p), targets)


if __name__ == "__main__":
    main(TorchKerasLoss)

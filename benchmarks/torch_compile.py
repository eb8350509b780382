"""Hand-written PyTorch in channels_last with `torch.compile(model)`: the compiled
baseline for Lamina's `jit_compile`. First epoch, predict and call include compile time."""

import torch

from .common import main
from .torch_channels_last import TorchChannelsLast


class TorchCompile(TorchChannelsLast):
    name = "torch_compile"

    def build(self, arch):
        super().build(arch)
        self.model = torch.compile(self.model)


if __name__ == "__main__":
    main(TorchCompile)

"""Lamina with `torch.compile`: `nn.Module.compile(model)` (in place, since Keras's
`compile` shadows torch's method of the same name), then the same `fit`/`predict`/call
as `lamina_eager`. The first epoch, first predict and first call include compile time."""

import torch

from .common import main
from .lamina_eager import LaminaEager


class LaminaCompile(LaminaEager):
    name = "lamina_compile"

    def build(self, arch):
        super().build(arch)
        torch.nn.Module.compile(self.model)


if __name__ == "__main__":
    main(LaminaCompile)

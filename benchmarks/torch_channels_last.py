"""Hand-written PyTorch in channels_last memory format: the NCHW loop with the model and
the data converted once with `.to(memory_format=torch.channels_last)`."""

import torch

from .common import main
from .torch_nchw import TorchLoop


class TorchChannelsLast(TorchLoop):
    name = "torch_channels_last"
    memory_format = torch.channels_last


if __name__ == "__main__":
    main(TorchChannelsLast)

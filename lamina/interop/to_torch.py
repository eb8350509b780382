"""`to_torch`: a Lamina Sequential -> an `nn.Sequential` of plain torch modules, channels_first."""

import torch
from torch import nn

from ..layers import BatchNormalization, Dense, Dropout, Flatten, Identity
from ..layers.regularization.spatial_dropout import BaseSpatialDropout
from ..models.sequential import Sequential
from . import to_torch_conv, to_torch_layers
from .flatten_order import reorder_rows
from .torch_modules import copy, refuse


def to_torch(model: Sequential) -> nn.Sequential:
    """Converts a built channels_last Lamina `Sequential` into plain torch modules.

    The result takes channels_first inputs: `torch_model(x.movedim(-1, 1))` equals `model(x)`
    for rank-2 outputs (map outputs come out channels_first). A model that starts with an
    `Embedding`, a recurrent layer or a Dense takes the Lamina input unchanged, as torch's
    modules keep `(batch, steps, features)`. The first Dense after a Flatten of a map gets its
    kernel rows re-ordered from `(*spatial, c)` to torch's `(c, *spatial)` flatten order.
    Recurrent layers become `RecurrentOutput` wrappers around batch_first
    `nn.LSTM`/`nn.GRU`/`nn.RNN`, and 1-D global pooling over a sequence in that layout a
    `SequencePooling`.
    """
    if not isinstance(model, Sequential) or not model.built:
        raise ValueError(
            "to_torch converts built Sequential models (start them with `Input(shape)`)."
        )
    exporter = Exporter(model)
    for layer in model.layers:
        if getattr(layer, "data_format", "channels_last") != "channels_last":
            refuse(layer, "it uses channels_first; convert channels_last models")
        exporter.add(layer)
    return nn.Sequential(*exporter.modules).eval()


class Exporter:
    """Collects the torch modules, tracking how the Lamina tensor maps to torch's.

    `permuted(shape)` is True while torch holds the channels_first version of a Lamina map;
    after an Embedding or a recurrent layer torch keeps the Lamina layout.
    """

    def __init__(self, model):
        first = model.layers[0] if model.layers else None
        self.same_layout = to_torch_layers.keeps_layout(first)
        self.modules, self.flattened_map = [], None

    def permuted(self, shape) -> bool:
        return len(shape) > 2 and not self.same_layout

    def torch_dim(self, layer, axis, rank):
        """torch's dim for the Lamina `axis` of a rank-`rank` tensor."""
        if not isinstance(axis, int) or not -rank <= axis < rank:
            refuse(layer, f"axis={axis!r} on a rank-{rank} tensor")
        axis %= rank
        if rank <= 2 or self.same_layout or axis == 0:
            return axis
        return 1 if axis == rank - 1 else axis + 1

    def map_rank(self, layer, shape, rank):
        if len(shape) != rank + 2 or not self.permuted(shape):
            where = (
                " in torch's (batch, steps, features) layout"
                if len(shape) > 2 and self.same_layout
                else ""
            )
            refuse(
                layer,
                f"it needs a {rank}-D map that torch holds channels_first, but meets shape "
                f"{tuple(shape)}{where}",
            )

    def add(self, layer):
        shape = layer.input.shape
        if isinstance(layer, Dense):
            self._dense(layer, shape)
        elif isinstance(layer, Flatten):
            permuted = self.permuted(shape) and any(n != 1 for n in shape[1:-1])
            self.flattened_map = tuple(shape[1:]) if permuted else None
            self.modules.append(nn.Flatten())
        elif isinstance(layer, BatchNormalization):
            self.modules.append(self._batch_norm(layer, shape))
        elif isinstance(layer, BaseSpatialDropout):  # whole channels, as torch's DropoutNd
            self.map_rank(layer, shape, len(shape) - 2)
            self.modules.append(getattr(nn, f"Dropout{len(shape) - 2}d")(layer.rate))
        elif isinstance(layer, Dropout):
            self.modules.append(nn.Dropout(layer.rate))
        elif isinstance(layer, Identity):
            self.modules.append(nn.Identity())
        elif not (
            to_torch_conv.convert(self, layer, shape) or to_torch_layers.convert(self, layer, shape)
        ):
            refuse(layer, "it has no torch equivalent yet")

    def _dense(self, layer, shape):
        if len(shape) != 2 and self.permuted(shape):
            refuse(
                layer,
                f"a Dense on a rank-{len(shape)} map has no Linear equivalent in channels_first",
            )
        kernel, bias = layer.kernel.detach(), layer.bias.detach() if layer.use_bias else None
        if self.flattened_map is not None:
            kernel = torch.from_numpy(
                reorder_rows(kernel.numpy(), self.flattened_map, "channels_last", "channels_first")
            )
            self.flattened_map = None
        linear = nn.Linear(kernel.shape[0], kernel.shape[1], bias=bias is not None)
        copy(linear, kernel.t(), bias)
        self.modules += [linear, *to_torch_layers.activation(self, layer, rank=len(shape))]

    def _batch_norm(self, layer, shape):
        rank = len(shape)
        if layer.axis not in (-1, rank - 1) or (rank > 2 and not self.permuted(shape)):
            refuse(
                layer,
                "only BatchNormalization over the channels of a map (or the features) converts",
            )
        cls = {2: nn.BatchNorm1d, 3: nn.BatchNorm1d, 4: nn.BatchNorm2d, 5: nn.BatchNorm3d}[rank]
        if layer.scale != layer.center:
            refuse(layer, "torch's BatchNorm has both gamma and beta or neither")
        bn = cls(shape[-1], eps=layer.epsilon, momentum=1.0 - layer.momentum, affine=layer.scale)
        with torch.no_grad():
            if bn.affine:
                bn.weight.copy_(layer.gamma)
                bn.bias.copy_(layer.beta)
            bn.running_mean.copy_(layer.moving_mean)
            bn.running_var.copy_(layer.moving_variance)
        return bn

"""`from_torch`: an `nn.Sequential` of common modules -> a Lamina model on channels_last data."""

from torch import nn

from .. import layers
from ..layers.input_layer import Input
from ..models.sequential import Sequential
from . import from_torch_conv as conv
from . import from_torch_layers as other
from .flatten_order import reorder_rows
from .torch_modules import RecurrentOutput, SequencePooling, numpy, unsupported

# A model starting with one of these holds torch's (batch, steps, features) layout as it is.
_SEQUENCE_FIRST = (nn.LSTM, nn.GRU, nn.RNN, RecurrentOutput, SequencePooling, nn.Linear)


def from_torch(module: nn.Module, input_shape) -> Sequential:
    """Converts a PyTorch `nn.Sequential` into a Lamina `Sequential` with the same function.

    The Lamina model takes channels_last inputs of `input_shape` (`(steps, C)`, `(H, W, C)`,
    `(D, H, W, C)` or `(features,)`), so `lamina_model(x.movedim(1, -1))` equals `module(x)` for
    channels_first `x`. A model that starts with an `nn.Embedding`, a batch_first recurrent
    module or a Linear takes torch's input unchanged (integer ids, or `(batch, steps,
    features)`), and keeps torch's layout for as long as torch does. Conv kernels are
    transposed to Keras's layout, BatchNorm momentum is converted (`keras = 1 - torch`), and
    the first Linear after a Flatten of a channels_first map gets its rows re-ordered from
    `(c, *spatial)` to `(*spatial, c)`.

    Supported: Linear; Conv1d/2d/3d (groups == in_channels becomes DepthwiseConv1D/2D);
    ConvTranspose1d/2d/3d (padding becomes a Cropping layer); Max/AvgPool1d/2d/3d;
    AdaptiveAvg/MaxPool1d/2d/3d (size 1 becomes global pooling); ZeroPad1d/2d/3d; Upsample (nearest, bilinear with
    align_corners=False); BatchNorm1d/2d/3d, LayerNorm (trailing axes, or a whole map),
    GroupNorm; Embedding; Dropout1d/2d/3d (SpatialDropout); LSTM/GRU/RNN (one layer,
    unidirectional, batch_first; their sequence output, or the last step through
    `RecurrentOutput`); `SequencePooling` (global pooling over steps); ReLU/ReLU6/Sigmoid/
    Tanh/ELU/SELU/GELU/SiLU/Softplus/Mish/Softsign/LeakyReLU/PReLU/Hardtanh(-1, 1)/Hardswish/
    Hardsigmoid/Softmax/LogSoftmax; Dropout, Flatten, Identity and nested nn.Sequential.
    Anything else is a `ValueError` that names the module.
    """
    leaves = list(_leaves(module, prefix=""))
    first = leaves[0][1] if leaves else None
    converter = _Converter(tuple(input_shape), first)
    for name, child in leaves:
        converter.add(name, child)
    return converter.model


def _leaves(module, prefix):
    if isinstance(module, nn.Sequential):
        for name, child in module.named_children():
            yield from _leaves(child, f"{prefix}{name}.")
    else:
        yield prefix.rstrip(".") or type(module).__name__, module


class _Converter:
    """Builds the model layer by layer, tracking how the torch tensor maps to Lamina's.

    `layout` is "channels_first" while the torch tensor is the channels_first version of
    the Lamina one, and "same" after an Embedding or a recurrent module (both keep
    `(batch, steps, features)` in torch too).
    """

    def __init__(self, input_shape, first):
        is_ids = isinstance(first, nn.Embedding)
        self.model = Sequential([Input(input_shape, dtype="int32" if is_ids else None)])
        self.layout = "same" if is_ids or isinstance(first, _SEQUENCE_FIRST) else "channels_first"
        self.flattened_map = None  # (c, *spatial) of the last Flatten, until a Linear consumes it

    @property
    def shape(self):
        return self.model.output_shape if self.model.layers else self.model._input_layer.batch_shape

    @property
    def permuted(self) -> bool:
        """Whether the Lamina tensor is the channels_last version of a channels_first torch one."""
        return self.layout == "channels_first" and len(self.shape) > 2

    def push(self, layer, weights=None):
        self.model.add(layer)
        if weights is not None:
            layer.set_weights(weights)

    def spatial_rank(self, name, m, rank):
        """Checks that `m` (a `rank`-D module) meets a channels_first map of that rank."""
        if len(self.shape) != rank + 2 or not self.permuted:
            where = (
                " in torch's (batch, steps, features) layout"
                if len(self.shape) > 2 and not self.permuted
                else ""
            )
            unsupported(
                name,
                m,
                f"it needs a channels_first {rank}-D map (a rank-{rank + 2} tensor), "
                f"but meets a tensor of shape {tuple(self.shape)}{where}",
            )

    def torch_axis(self, name, m, dim):
        """The Lamina axis of torch's axis `dim`."""
        rank = len(self.shape)
        if not -rank <= dim < rank:
            unsupported(name, m, f"dim={dim} on a rank-{rank} tensor")
        dim %= rank
        if not self.permuted or dim == 0:
            return dim
        return rank - 1 if dim == 1 else dim - 1

    def add(self, name, m):
        if isinstance(m, nn.Identity):
            return None
        if isinstance(m, nn.Dropout):
            return self.push(layers.Dropout(m.p))
        if isinstance(
            m, (nn.Dropout1d, nn.Dropout2d, nn.Dropout3d)
        ):  # whole channels, as SpatialDropout
            rank = int(type(m).__name__[-2])
            self.spatial_rank(name, m, rank)
            return self.push(getattr(layers, f"SpatialDropout{rank}D")(m.p))
        if isinstance(m, nn.Linear):
            return self._linear(name, m)
        if isinstance(m, nn.Flatten):
            return self._flatten(name, m)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
            return self._batch_norm(name, m)
        for handler in (conv.convert, other.convert):
            if handler(self, name, m):
                return None
        unsupported(name, m, "this module type has no Lamina equivalent yet")

    def _flatten(self, name, m):
        if m.start_dim != 1 or m.end_dim != -1:
            unsupported(name, m, "only Flatten(start_dim=1, end_dim=-1) has a Keras equivalent")
        if self.permuted:
            *spatial, c = self.shape[1:]
            self.flattened_map = (c, *spatial) if any(n != 1 for n in spatial) else None
        return self.push(layers.Flatten())

    def _linear(self, name, m):
        if len(self.shape) != 2 and self.permuted:
            unsupported(
                name, m, f"Linear on a rank-{len(self.shape)} channels_first map; flatten it first"
            )
        kernel = numpy(m.weight).T
        if self.flattened_map is not None:
            kernel = reorder_rows(kernel, self.flattened_map, "channels_first", "channels_last")
            self.flattened_map = None
        dense = layers.Dense(m.out_features, use_bias=m.bias is not None)
        self.push(dense, [kernel] + ([numpy(m.bias)] if m.bias is not None else []))

    def _batch_norm(self, name, m):
        if not m.track_running_stats:
            unsupported(name, m, "track_running_stats=False")
        if len(self.shape) > 2 and not self.permuted:
            unsupported(
                name,
                m,
                "it normalizes torch's axis 1, the steps of a (batch, steps, features) tensor",
            )
        momentum = 0.99 if m.momentum is None else 1.0 - m.momentum
        bn = layers.BatchNormalization(
            momentum=momentum, epsilon=m.eps, center=m.affine, scale=m.affine
        )
        weights = [numpy(m.weight), numpy(m.bias)] if m.affine else []
        self.push(bn, weights + [numpy(m.running_mean), numpy(m.running_var)])

"""to_torch for activations, activation layers, normalization, Embedding and recurrent layers."""

import torch
from torch import nn

from .. import activations
from ..layers import (
    ELU,
    GRU,
    LSTM,
    Activation,
    Dense,
    Embedding,
    GroupNormalization,
    LayerNormalization,
    LeakyReLU,
    PReLU,
    ReLU,
    SimpleRNN,
    Softmax,
)
from .torch_modules import RecurrentOutput, copy, refuse

_ACTIVATIONS = {
    "relu": nn.ReLU,
    "relu6": nn.ReLU6,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "elu": nn.ELU,
    "selu": nn.SELU,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "softplus": nn.Softplus,
    "mish": nn.Mish,
    "softsign": nn.Softsign,
    "hard_silu": nn.Hardswish,
    "hard_sigmoid": nn.Hardsigmoid,
    "hard_tanh": nn.Hardtanh,
}
_RECURRENT = (LSTM, GRU, SimpleRNN)


def keeps_layout(layer) -> bool:
    """Whether a model starting with `layer` feeds torch the Lamina layout unchanged."""
    return isinstance(layer, (Embedding, Dense, *_RECURRENT))


def activation(exporter, layer, rank):
    """The torch modules for `layer.activation` on a rank-`rank` tensor."""
    name = activations.serialize(layer.activation)
    if name == "linear":
        return []
    if name in ("softmax", "log_softmax"):
        dim = exporter.torch_dim(layer, -1, rank)
        return [nn.Softmax(dim=dim) if name == "softmax" else nn.LogSoftmax(dim=dim)]
    if not isinstance(name, str) or name not in _ACTIVATIONS:
        refuse(layer, f"activation {name!r} has no torch module here")
    return [_ACTIVATIONS[name]()]


def convert(exporter, layer, shape) -> bool:
    """Appends the torch modules for `layer` to `exporter`; False if it is not one of these."""
    rank, modules = len(shape), exporter.modules
    if isinstance(layer, Activation):
        modules += activation(exporter, layer, rank)
    elif isinstance(layer, LeakyReLU):
        modules.append(nn.LeakyReLU(layer.negative_slope))
    elif isinstance(layer, ELU):
        modules.append(nn.ELU(layer.alpha))
    elif isinstance(layer, ReLU):
        modules.append(_relu(layer))
    elif isinstance(layer, PReLU):
        modules.append(_prelu(exporter, layer, shape))
    elif isinstance(layer, Softmax):
        if isinstance(layer.axis, (list, tuple)):
            refuse(layer, f"axis={layer.axis}; torch's Softmax takes one dim")
        modules.append(nn.Softmax(dim=exporter.torch_dim(layer, layer.axis, rank)))
    elif isinstance(layer, LayerNormalization):
        modules.append(_layer_norm(exporter, layer, shape))
    elif isinstance(layer, GroupNormalization):
        if layer.axis not in (-1, rank - 1) or (rank > 2 and not exporter.permuted(shape)):
            refuse(
                layer,
                "only GroupNormalization over the channels of a map (or the features) converts",
            )
        if layer.center != layer.scale:
            refuse(layer, "torch's GroupNorm has both gamma and beta or neither")
        norm = nn.GroupNorm(layer.groups, shape[-1], eps=layer.epsilon, affine=layer.scale)
        if layer.scale:
            copy(norm, layer.gamma.detach(), layer.beta.detach())
        modules.append(norm)
    elif isinstance(layer, Embedding):
        modules.append(_embedding(exporter, layer))
    elif isinstance(layer, _RECURRENT):
        modules.append(_recurrent(exporter, layer, shape))
    else:
        return False
    return True


def _relu(layer):
    if layer.threshold != 0:
        refuse(layer, "threshold other than 0")
    if layer.max_value is None:
        return nn.LeakyReLU(layer.negative_slope) if layer.negative_slope else nn.ReLU()
    if layer.negative_slope:
        refuse(layer, "max_value with negative_slope")
    return nn.ReLU6() if layer.max_value == 6 else nn.Hardtanh(0.0, float(layer.max_value))


def _prelu(exporter, layer, shape):
    alpha = layer.alpha.detach()
    channels_only = all(n == 1 for n in alpha.shape[:-1]) and (
        len(shape) == 2 or exporter.permuted(shape)
    )
    if alpha.numel() == 1:
        module = nn.PReLU(1)
    elif channels_only:  # one slope per channel: torch's axis 1
        module = nn.PReLU(alpha.shape[-1])
    else:
        refuse(
            layer,
            f"alpha of shape {tuple(alpha.shape)}; torch's PReLU has one slope or one per channel",
        )
    copy(module, alpha.reshape(-1))
    return module


def _layer_norm(exporter, layer, shape):
    rank = len(shape)
    axes = sorted(a % rank for a in ([layer.axis] if isinstance(layer.axis, int) else layer.axis))
    trailing = axes == list(range(rank - len(axes), rank)) and 0 not in axes
    whole_map = exporter.permuted(shape) and axes == list(range(1, rank))
    if not whole_map and (exporter.permuted(shape) or not trailing):
        refuse(
            layer,
            f"axis={layer.axis} on shape {tuple(shape)}; only the last axes of "
            "(batch, ..., features), or a whole map, convert to nn.LayerNorm",
        )
    if getattr(layer, "rms_scaling", False) or (layer.center and not layer.scale):
        refuse(layer, "rms_scaling, or center without scale, has no nn.LayerNorm equivalent")
    sizes = [shape[a] for a in axes]
    if whole_map:  # torch normalizes (c, *spatial)
        sizes = [sizes[-1], *sizes[:-1]]
    norm = nn.LayerNorm(sizes, eps=layer.epsilon, elementwise_affine=layer.scale, bias=layer.center)
    if layer.scale:
        gamma, beta = layer.gamma.detach(), layer.beta.detach() if layer.center else None
        if whole_map:
            gamma, beta = gamma.movedim(-1, 0), beta.movedim(-1, 0) if beta is not None else None
        copy(norm, gamma, beta)
    return norm


def _embedding(exporter, layer):
    if not exporter.same_layout or exporter.modules:
        refuse(layer, "an Embedding converts as the first layer only")
    if layer.mask_zero:
        refuse(
            layer,
            "mask_zero=True: torch modules carry no mask, so the layers after it would differ",
        )
    module = nn.Embedding(layer.input_dim, layer.output_dim)
    copy(module, layer.embeddings.detach().float())
    return module


def _recurrent(exporter, layer, shape):
    config = layer.get_config()
    if len(shape) != 3 or exporter.permuted(shape):
        refuse(
            layer,
            f"it needs (batch, steps, features) in torch's layout, but meets shape {tuple(shape)}",
        )
    if config["return_state"] or config["go_backwards"] or config["stateful"]:
        refuse(layer, "return_state, go_backwards and stateful have no nn.Sequential equivalent")
    if config.get("recurrent_activation", "sigmoid") != "sigmoid" or (
        config["activation"] != "tanh"
        and not (isinstance(layer, SimpleRNN) and config["activation"] == "relu")
    ):
        refuse(layer, "torch's recurrent modules use tanh (relu for RNN) and sigmoid gates only")
    units, use_bias = config["units"], config["use_bias"]
    kernel, recurrent, *bias = (torch.as_tensor(w) for w in layer.get_weights())
    order = torch.arange(kernel.shape[1])
    if isinstance(layer, GRU):
        if not config["reset_after"]:
            refuse(layer, "reset_after=False; torch's GRU applies the reset gate after the matmul")
        order = torch.cat(
            [
                torch.arange(units, 2 * units),
                torch.arange(units),
                torch.arange(2 * units, 3 * units),
            ]
        )
        b_ih, b_hh = (bias[0][0], bias[0][1]) if use_bias else (None, None)
        rnn = nn.GRU(kernel.shape[0], units, bias=use_bias, batch_first=True)
    else:
        b_ih, b_hh = (bias[0], torch.zeros_like(bias[0])) if use_bias else (None, None)
        if isinstance(layer, LSTM):
            rnn = nn.LSTM(kernel.shape[0], units, bias=use_bias, batch_first=True)
        else:
            rnn = nn.RNN(
                kernel.shape[0],
                units,
                nonlinearity=config["activation"],
                bias=use_bias,
                batch_first=True,
            )
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(kernel.t()[order])
        rnn.weight_hh_l0.copy_(recurrent.t()[order])
        if use_bias:
            rnn.bias_ih_l0.copy_(b_ih[order])
            rnn.bias_hh_l0.copy_(b_hh[order])
    return RecurrentOutput(rnn, return_sequences=config["return_sequences"])

"""from_torch for activation modules, normalization, Embedding and the recurrent modules."""

import numpy as np
from torch import nn

from .. import layers
from .torch_modules import RecurrentOutput, SequencePooling, numpy, unsupported

# Element-wise modules that become `Activation` layers; torch's definitions equal Keras's.
ACTIVATIONS = {
    nn.ReLU: "relu",
    nn.ReLU6: "relu6",
    nn.Sigmoid: "sigmoid",
    nn.Tanh: "tanh",
    nn.SELU: "selu",
    nn.GELU: "gelu",
    nn.SiLU: "silu",
    nn.Softplus: "softplus",
    nn.Mish: "mish",
    nn.Softsign: "softsign",
    nn.Hardswish: "hard_silu",
    nn.Hardsigmoid: "hard_sigmoid",
}


def convert(conv, name, m) -> bool:
    """Adds the Lamina layers for `m` to the converter `conv`; False if `m` is not one of these."""
    kind = type(m)
    if kind in ACTIVATIONS:
        if kind is nn.GELU and m.approximate != "none":
            unsupported(name, m, "approximate='tanh'; Keras's 'gelu' activation is the exact one")
        if kind is nn.Softplus and (m.beta != 1 or m.threshold != 20):
            unsupported(name, m, "Softplus with beta or threshold other than the defaults")
        conv.push(layers.Activation(ACTIVATIONS[kind]))
    elif kind is nn.Hardtanh:
        if (m.min_val, m.max_val) != (-1.0, 1.0):
            unsupported(name, m, "only Hardtanh(-1, 1) matches Keras's 'hard_tanh'")
        conv.push(layers.Activation("hard_tanh"))
    elif kind is nn.ELU:
        conv.push(layers.Activation("elu") if m.alpha == 1.0 else layers.ELU(alpha=m.alpha))
    elif kind is nn.LeakyReLU:
        conv.push(layers.LeakyReLU(negative_slope=m.negative_slope))
    elif kind is nn.PReLU:
        _prelu(conv, name, m)
    elif kind in (nn.Softmax, nn.LogSoftmax):
        _softmax(conv, name, m)
    elif kind is nn.LayerNorm:
        _layer_norm(conv, name, m)
    elif kind is nn.GroupNorm:
        if len(conv.shape) > 2 and not conv.permuted:
            unsupported(
                name, m, "it groups torch's axis 1, the steps of a (batch, steps, features) tensor"
            )
        affine = m.affine
        norm = layers.GroupNormalization(
            m.num_groups, axis=-1, epsilon=m.eps, center=affine, scale=affine
        )
        conv.push(norm, [numpy(m.weight), numpy(m.bias)] if affine else [])
    elif kind is nn.Embedding:
        _embedding(conv, name, m)
    elif kind in (nn.LSTM, nn.GRU, nn.RNN, RecurrentOutput):
        _recurrent(conv, name, m)
    elif kind is SequencePooling:
        if len(conv.shape) != 3 or conv.permuted:
            unsupported(
                name, m, "it pools the steps of a (batch, steps, features) tensor in torch's layout"
            )
        cls = layers.GlobalAveragePooling1D if m.mode == "avg" else layers.GlobalMaxPooling1D
        conv.push(cls(keepdims=m.keepdims))
    else:
        return False
    return True


def _prelu(conv, name, m):
    rank = len(conv.shape)
    alpha = numpy(m.weight)
    if m.num_parameters == 1:
        shared, alpha = list(range(1, rank)) or None, alpha.reshape((1,) * (rank - 1))
    elif rank == 2:
        shared = None
    elif conv.permuted:  # one slope per channel, shared over the spatial axes
        shared, alpha = list(range(1, rank - 1)), alpha.reshape(*(1,) * (rank - 2), -1)
    else:
        unsupported(
            name,
            m,
            "per-channel slopes on torch's axis 1, the steps of a (batch, steps, features) tensor",
        )
    conv.push(layers.PReLU(shared_axes=shared), [alpha])


def _softmax(conv, name, m):
    if m.dim is None:
        unsupported(name, m, "dim=None; give the axis explicitly")
    axis = conv.torch_axis(name, m, m.dim)
    last = axis == len(conv.shape) - 1
    if isinstance(m, nn.LogSoftmax):
        if not last:
            unsupported(name, m, "log-softmax converts over the channel/feature axis only")
        return conv.push(layers.Activation("log_softmax"))
    conv.push(layers.Activation("softmax") if last else layers.Softmax(axis=axis))


def _layer_norm(conv, name, m):
    rank, count = len(conv.shape), len(m.normalized_shape)
    scale = m.elementwise_affine
    center = scale and m.bias is not None
    weights = ([numpy(m.weight)] if scale else []) + ([numpy(m.bias)] if center else [])
    if not conv.permuted and count < rank:  # torch's trailing axes are Lamina's
        axis = -1 if count == 1 else list(range(rank - count, rank))
    elif conv.permuted and count == rank - 1:  # the whole (c, *spatial) map: move c last
        axis, weights = list(range(1, rank)), [np.moveaxis(w, 0, -1) for w in weights]
    else:
        unsupported(
            name,
            m,
            f"normalized_shape={tuple(m.normalized_shape)} on a channels_first map of shape "
            f"{tuple(conv.shape)}; only the last axes of (batch, ..., features), or a whole map, "
            "convert",
        )
    conv.push(
        layers.LayerNormalization(axis=axis, epsilon=m.eps, center=center, scale=scale), weights
    )


def _embedding(conv, name, m):
    if conv.model.layers or len(conv.shape) != 2:
        unsupported(
            name, m, "Embedding converts as the first module, on (batch, steps) integer ids"
        )
    if m.max_norm is not None:
        unsupported(
            name, m, "max_norm re-normalizes rows on lookup, which Keras's Embedding does not"
        )
    conv.push(layers.Embedding(m.num_embeddings, m.embedding_dim), [numpy(m.weight)])
    conv.layout = "same"


def _recurrent(conv, name, m):
    return_sequences = m.return_sequences if isinstance(m, RecurrentOutput) else True
    rnn = m.rnn if isinstance(m, RecurrentOutput) else m
    if (
        rnn.num_layers != 1
        or rnn.bidirectional
        or not rnn.batch_first
        or getattr(rnn, "proj_size", 0)
    ):
        unsupported(
            name,
            m,
            "only one-layer, unidirectional, batch_first recurrent modules without "
            "proj_size convert",
        )
    if len(conv.shape) != 3 or conv.permuted:
        unsupported(
            name,
            m,
            f"it needs (batch, steps, features) inputs in torch's layout, but meets "
            f"shape {tuple(conv.shape)}{' from a channels_first map' if conv.permuted else ''}",
        )
    units, use_bias = rnn.hidden_size, rnn.bias
    kernel, recurrent = numpy(rnn.weight_ih_l0), numpy(rnn.weight_hh_l0)
    b_ih, b_hh = (numpy(rnn.bias_ih_l0), numpy(rnn.bias_hh_l0)) if use_bias else (None, None)
    if isinstance(rnn, nn.GRU):  # torch's gates r, z, n -> Keras's z, r, h
        order = np.concatenate(
            [np.arange(units, 2 * units), np.arange(units), np.arange(2 * units, 3 * units)]
        )
        kernel, recurrent = kernel[order], recurrent[order]
        bias = [np.stack([b_ih[order], b_hh[order]])] if use_bias else []
        layer = layers.GRU(
            units, use_bias=use_bias, reset_after=True, return_sequences=return_sequences
        )
    else:  # LSTM gates i, f, g, o are Keras's i, f, c, o already; RNN has one
        bias = [b_ih + b_hh] if use_bias else []
        if isinstance(rnn, nn.LSTM):
            layer = layers.LSTM(units, use_bias=use_bias, return_sequences=return_sequences)
        else:
            layer = layers.SimpleRNN(
                units,
                activation=rnn.nonlinearity,
                use_bias=use_bias,
                return_sequences=return_sequences,
            )
    conv.push(layer, [np.ascontiguousarray(kernel.T), np.ascontiguousarray(recurrent.T), *bias])
    conv.layout = "same"

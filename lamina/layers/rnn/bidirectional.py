"""Bidirectional: one recurrent layer reads the sequence forwards, a copy reads it backwards."""

import copy

import torch

from ..core.wrapper import deserialize_nested, serialize_nested
from ..layer import Layer

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _copy_layer(layer, name: str, go_backwards=None):
    """A fresh layer from `layer`'s config (Keras copies through the config too)."""
    config = copy.deepcopy(layer.get_config())
    config["name"] = name
    if go_backwards is not None:
        config["go_backwards"] = go_backwards
    return type(layer).from_config(config)


def _strip(name: str, prefix: str) -> str:
    return name[len(prefix):] if name.startswith(prefix) else name


class Bidirectional(Layer):
    """Runs an RNN forwards and a fresh copy of it backwards, and merges both outputs.

    The backward outputs are flipped back to time order before merging, so position `t`
    of the result sees the whole sequence. With `return_sequences` the inner layers zero
    their outputs at masked steps (Keras forces `zero_output_for_mask`).

    Args:
        layer: a recurrent layer (`LSTM`, `GRU`, `SimpleRNN`, `RNN`); it is copied from its
            config, so its weights are not shared.
        merge_mode: `"concat"` (default), `"sum"`, `"mul"`, `"ave"`, or `None` for a list
            `[forward, backward]`.
        backward_layer: optional layer for the backward direction (with `go_backwards=True`).

    Input shape:
        `(batch, timesteps, features)`.

    Output shape:
        the layer's output, with the last axis doubled for `"concat"`; with `return_state`
        the forward states then the backward states follow.

    Example:

    >>> from lamina.layers.rnn.lstm import LSTM
    >>> Bidirectional(LSTM(4))(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 8])
    """

    _computes_mask = True
    _from_config_takes_objects = True

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Bidirectional needs a Lamina (Keras) layer instance. Received: layer={layer!r}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(f"Bidirectional: `backward_layer` must be a layer instance. Received: {backward_layer!r}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Bidirectional: invalid merge mode. Received: merge_mode={merge_mode!r}. Expected one of "
                '"sum", "mul", "ave", "concat", None.'
            )
        super().__init__(**kwargs)
        self.forward_layer = _copy_layer(layer, f"forward_{_strip(layer.name, 'forward_')}")
        if backward_layer is None:
            backward_layer = _copy_layer(layer, f"backward_{_strip(layer.name, 'backward_')}", go_backwards=True)
        self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify()
        for inner in (self.forward_layer, self.backward_layer):
            if getattr(inner, "zero_output_for_mask", None) is not None:
                inner.zero_output_for_mask = inner.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = weights
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "Bidirectional: the forward and backward layers must have different `go_backwards`. "
                f"Received forward={forward.go_backwards}, backward={backward.go_backwards}."
            )
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(forward, attr) != getattr(backward, attr):
                raise ValueError(
                    f"Bidirectional: the forward and backward layers must have the same `{attr}`; got "
                    f"{getattr(forward, attr)} (forward) and {getattr(backward, attr)} (backward)."
                )

    def build(self, sequences_shape, initial_state_shape=None):
        for inner in (self.forward_layer, self.backward_layer):
            if not inner.built:
                inner.build_from_shape(sequences_shape)
        if self._initial_weights:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def call(self, sequences, initial_state=None, mask=None, training=False):
        kwargs = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = list(initial_state[:half]), list(initial_state[half:])
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = []
        if self.return_state:
            states = [*y[1:], *y_rev[1:]]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = torch.flip(y_rev, (1,))
        if self.merge_mode == "concat":
            output = [torch.cat([y, y_rev], -1)]
        elif self.merge_mode == "sum":
            output = [y + y_rev]
        elif self.merge_mode == "ave":
            output = [(y + y_rev) / 2]
        elif self.merge_mode == "mul":
            output = [y * y_rev]
        else:
            output = [y, y_rev]
        result = output + states
        return result[0] if len(result) == 1 else result

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        states = []
        if self.return_state:
            shape, states = shape[0], list(shape[1:])
        if self.merge_mode == "concat":
            output = [(*shape[:-1], None if shape[-1] is None else 2 * shape[-1])]
        elif self.merge_mode is None:
            output = [tuple(shape), tuple(shape)]
        else:
            output = [tuple(shape)]
        result = output + states + states
        return result[0] if len(result) == 1 else result

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask] * (2 if self.merge_mode is None else 1)
        if self.return_state:
            masks += [None] * (len(self.forward_layer.state_size) * 2)
        return masks[0] if len(masks) == 1 else masks

    def get_config(self):
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialize_nested(self.forward_layer),
            "backward_layer": serialize_nested(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = copy.deepcopy(config)
        layer = deserialize_nested(config.pop("layer"), custom_objects, safe_mode)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            backward = deserialize_nested(backward, custom_objects, safe_mode)
        return cls(layer, backward_layer=backward, **config)

    @property
    def states(self):
        if self.forward_layer.states is None:
            return None
        return [*self.forward_layer.states, *self.backward_layer.states]

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

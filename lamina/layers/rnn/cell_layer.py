"""What SimpleRNN, LSTM and GRU share on top of `RNN`: a layer built around one cell of its
own kind, whose config flattens the cell's arguments in (as Keras's do), and the fused-kernel
switch `use_cudnn`."""

from ... import regularizers
from .cell_args import layer_config
from .rnn import RNN


class CellLayer(RNN):
    """An `RNN` over one built-in cell; subclasses set `_cell_keys` (the cell arguments that
    appear in the layer's config) and create their cell in `__init__`."""

    _cell_keys: tuple[str, ...] = ()

    def _set_use_cudnn(self, use_cudnn) -> None:
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"{type(self).__name__}: `use_cudnn` must be one of 'auto', True, False. "
                f"Received: use_cudnn={use_cudnn!r}"
            )
        self.use_cudnn = use_cudnn

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_config(self):
        config = layer_config(self, super().get_config(), self._cell_keys)
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        return cls(**config)

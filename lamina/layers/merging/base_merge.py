"""Shared checks for layers that combine a list of inputs."""

from ..layer import Layer


class BaseMerge(Layer):
    """Takes a list of at least two tensors; subclasses define how they combine."""

    _list_inputs = True

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a list of "
                f"at least 2 inputs. Received: input_shape={input_shape}"
            )
        self._check_shapes(input_shape)

    def _check_shapes(self, shapes):
        raise NotImplementedError

    def forward(self, inputs, *args, **kwargs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a list of "
                f"inputs. Received: a single input of type {type(inputs).__name__}."
            )
        return super().forward(list(inputs), *args, **kwargs)

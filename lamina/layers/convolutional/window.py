"""What every convolution kind shares: the sliding-window arguments, the input channel
count, and the output-size rule with its one error message."""

from ...shapes import channel_axis, conv_output_length


def check_positive_int(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a strictly positive value. Received {name}={value!r}."
        )
    return value


def check_strides_and_dilation(strides, dilation_rate) -> None:
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
            f"Received: strides={strides} and dilation_rate={dilation_rate}"
        )


def input_channels(layer, input_shape) -> int:
    """The channel count a layer is built for; known and at least 1."""
    channels = input_shape[channel_axis(layer.data_format)]
    if channels is None or channels <= 0:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' needs a known, non-zero number of input channels, "
            f"but received input shape {tuple(input_shape)}. Check `data_format` ({layer.data_format})."
        )
    return channels


def spatial_dims(layer, input_shape) -> tuple:
    first = 1 if layer.data_format == "channels_last" else 2
    return tuple(input_shape[first:first + layer.rank])


def with_channels(layer, input_shape, spatial, channels) -> tuple:
    if layer.data_format == "channels_last":
        return (input_shape[0], *spatial, channels)
    return (input_shape[0], channels, *spatial)


def conv_output_spatial(layer, input_shape, kernel_shape) -> tuple:
    """Output lengths of a (non-transposed) convolution; a ValueError if any axis would be
    empty, so that no zero-size map reaches a torch kernel."""
    sizes = spatial_dims(layer, input_shape)
    out = tuple(
        conv_output_length(n, k, s, layer.padding, d)
        for n, k, s, d in zip(sizes, layer.kernel_size, layer.strides, layer.dilation_rate)
    )
    if any(n is not None and n <= 0 for n in (*sizes, *out)):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': computed output size would be zero or negative. "
            f"Received `inputs shape={tuple(input_shape)}`, `kernel shape={tuple(kernel_shape)}`, "
            f"`dilation_rate={layer.dilation_rate}`, `strides={layer.strides}`, `padding={layer.padding}`. "
            "Use larger inputs, a smaller kernel, or padding='same'."
        )
    return out


def input_hint(layer) -> str:
    layout = "spatial..., channels" if layer.data_format == "channels_last" else "channels, spatial..."
    return (
        f"{type(layer).__name__} expects rank-{layer.rank + 2} inputs in {layer.data_format} "
        f"layout (batch, {layout})."
    )

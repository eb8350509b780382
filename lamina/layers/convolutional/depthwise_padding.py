"""TensorFlow's asymmetric "same" padding for depthwise kernels.

"same" with a stride of 2 on an even length (or an even kernel) pads one cell more at the
end than at the start, which torch's symmetric `padding=` cannot express. A dense
convolution pads its input with F.pad first. For a depthwise kernel there is a cheaper
way when no gradient is wanted: the kernel gains one zero tap at the start of that axis
and torch pads symmetrically by the end amount. Output `i` then reads `x[s*i - start - 1
+ t]` with tap `t` of the longer kernel, that is `x[s*i - start + k]` with tap `k` of the
original and a zero in front, over the same output length; the kernel is tiny, so padding
it costs next to nothing, where copying the input into a padded buffer costs more than
the depthwise convolution itself. In training the padded input stays: the backward pass
of the longer kernel costs more than the copies it saves (measured on CPU, torch 2.13).

The products with the zero tap are exact zeros for finite inputs, so both forms give the
same numbers; an infinite input value adds `0 * inf = nan` to one more output position
than TensorFlow's padding gives, next to an output the infinity already makes non-finite.
"""

from ..layout import padding_plan, same_pads


def depthwise_pads(padding: str, spatial, kernel, strides, dilation):
    """`(input_pad, padding, kernel_pad, kernel_padding)` for "valid" or "same" over
    kernel-layout spatial sizes: the F.pad argument for the input (None when symmetric)
    with the torch padding that goes with it, and the F.pad argument for a torch-layout
    kernel with its torch padding (kernel_pad None: no zero-tap form, pad the input)."""
    if padding == "valid":
        return None, 0, None, 0
    pads = same_pads(tuple(spatial), kernel, strides, dilation)
    input_pad, torch_padding = padding_plan(pads)
    uneven = [(start, end, d) for (start, end), d in zip(pads, dilation) if start != end]
    if not uneven or any(end - start != 1 or d != 1 for start, end, d in uneven):
        # Symmetric (the kernel's own padding=), or a dilated uneven axis, where one zero
        # tap would shift the window by the whole dilation.
        return input_pad, torch_padding, None, torch_padding
    kernel_pad = [p for start, end in reversed(pads) for p in (end - start, 0)]  # last axis first
    return input_pad, torch_padding, kernel_pad, tuple(end for _, end in pads)

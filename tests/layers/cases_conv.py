"""Rows for the convolution family, joined into `cases.CASES`.

Parameter counts from the Keras sources (keras/src/layers/convolutional/base_*.py):
- conv: `prod(kernel_size) * in_channels / groups * filters + filters`;
- transposed: `prod(kernel_size) * filters * in_channels + filters`;
- depthwise: `prod(kernel_size) * in_channels * depth_multiplier + in_channels * depth_multiplier`;
- separable: depthwise kernel + `in_channels * depth_multiplier * filters` + `filters`.
Output lengths: `valid` `floor((n - k_eff) / s) + 1`, `same`/`causal` `ceil(n / s)`;
transposed as in `lamina.shapes.conv_transpose_output_length` (TensorFlow's rule).
Convolutions compare with Keras's conv-test tolerance (rtol=5e-4, atol=1e-5): the kernels
sum in different orders.
"""

from functools import partial

from cases import LayerCase

from lamina.layers.convolutional.conv1d import Conv1D
from lamina.layers.convolutional.conv1d_transpose import Conv1DTranspose
from lamina.layers.convolutional.conv2d_transpose import Conv2DTranspose
from lamina.layers.convolutional.conv3d import Conv3D
from lamina.layers.convolutional.conv3d_transpose import Conv3DTranspose
from lamina.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from lamina.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from lamina.layers.convolutional.separable_conv1d import SeparableConv1D
from lamina.layers.convolutional.separable_conv2d import SeparableConv2D

Case = partial(LayerCase, rtol=5e-4, atol=1e-5)
CF = "channels_first"

CASES = [
    # Conv1D on (2, 10, 3): k*3*4 + 4.
    Case(Conv1D, dict(filters=4, kernel_size=3), (2, 10, 3), (2, 8, 4), 3 * 3 * 4 + 4, 2),
    Case(Conv1D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 10, 3), (2, 5, 4), 40, 2),
    Case(Conv1D, dict(filters=4, kernel_size=3, padding="causal", dilation_rate=2), (2, 10, 3), (2, 10, 4), 40, 2),
    Case(Conv1D, dict(filters=4, kernel_size=3, padding="causal", strides=2), (2, 10, 3), (2, 5, 4), 40, 2),
    Case(Conv1D, dict(filters=6, kernel_size=2, groups=2), (2, 9, 4), (2, 8, 6), 2 * 2 * 6 + 6, 2),
    Case(Conv1D, dict(filters=4, kernel_size=3, data_format=CF), (2, 3, 10), (2, 4, 8), 40, 2),
    Case(Conv1D, dict(filters=4, kernel_size=3, padding="causal", data_format=CF), (2, 3, 7), (2, 4, 7), 40, 2),
    Case(Conv1D, dict(filters=4, kernel_size=5, use_bias=False, activation="relu"), (2, 10, 3), (2, 6, 4), 5 * 3 * 4, 1),
    # Conv3D on (2, 5, 6, 7, 2).
    Case(Conv3D, dict(filters=3, kernel_size=3), (2, 5, 6, 7, 2), (2, 3, 4, 5, 3), 27 * 2 * 3 + 3, 2),
    Case(Conv3D, dict(filters=3, kernel_size=2, strides=2, padding="same"), (2, 5, 6, 7, 2), (2, 3, 3, 4, 3),
         8 * 2 * 3 + 3, 2),
    Case(Conv3D, dict(filters=3, kernel_size=(1, 2, 3), dilation_rate=2, padding="same"), (2, 5, 6, 7, 2),
         (2, 5, 6, 7, 3), 6 * 2 * 3 + 3, 2),
    Case(Conv3D, dict(filters=4, kernel_size=3, groups=2), (2, 5, 6, 7, 2), (2, 3, 4, 5, 4), 27 * 1 * 4 + 4, 2),
    Case(Conv3D, dict(filters=3, kernel_size=3, data_format=CF), (2, 2, 5, 6, 7), (2, 3, 3, 4, 5), 165, 2),
    # Conv1DTranspose on (2, 5, 3): k*4*3 + 4.
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3), (2, 5, 3), (2, 7, 4), 3 * 4 * 3 + 4, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 5, 3), (2, 10, 4), 40, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2), (2, 5, 3), (2, 11, 4), 40, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=2, strides=3), (2, 5, 3), (2, 15, 4), 2 * 4 * 3 + 4, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same", output_padding=1), (2, 5, 3),
         (2, 10, 4), 40, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2, output_padding=1), (2, 5, 3), (2, 12, 4), 40, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, dilation_rate=2, padding="same"), (2, 5, 3), (2, 5, 4),
         40, 2),
    Case(Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same", data_format=CF), (2, 3, 5),
         (2, 4, 10), 40, 2),
    # Conv2DTranspose on (2, 4, 5, 3): kh*kw*4*3 + 4.
    Case(Conv2DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 4, 5, 3), (2, 8, 10, 4),
         9 * 4 * 3 + 4, 2),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=4, strides=2, padding="same"), (2, 4, 5, 3), (2, 8, 10, 4),
         16 * 4 * 3 + 4, 2),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=3, strides=2), (2, 4, 5, 3), (2, 9, 11, 4), 112, 2),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=(2, 3), strides=(2, 1), padding="same",
                               output_padding=(1, 0)), (2, 4, 5, 3), (2, 7, 5, 4), 6 * 4 * 3 + 4, 2),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same", data_format=CF), (2, 3, 4, 5),
         (2, 4, 8, 10), 112, 2),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=2, strides=2, use_bias=False, activation="relu"),
         (2, 4, 5, 3), (2, 8, 10, 4), 4 * 4 * 3, 1),
    Case(Conv2DTranspose, dict(filters=4, kernel_size=3, dilation_rate=2), (2, 4, 5, 3), (2, 8, 9, 4), 112, 2),
    # Conv3DTranspose on (2, 3, 4, 3, 2): k^3*3*2 + 3.
    Case(Conv3DTranspose, dict(filters=3, kernel_size=2, strides=2), (2, 3, 4, 3, 2), (2, 6, 8, 6, 3),
         8 * 3 * 2 + 3, 2),
    Case(Conv3DTranspose, dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 3, 4, 3, 2),
         (2, 6, 8, 6, 3), 27 * 3 * 2 + 3, 2),
    Case(Conv3DTranspose, dict(filters=3, kernel_size=3, strides=(1, 2, 2), padding="same",
                               output_padding=(0, 1, 1)), (2, 3, 4, 3, 2), (2, 3, 8, 6, 3), 165, 2),
    Case(Conv3DTranspose, dict(filters=3, kernel_size=3, data_format=CF), (2, 2, 3, 4, 3), (2, 3, 5, 6, 5), 165, 2),
    # DepthwiseConv1D on (2, 10, 3): k*3*m + 3*m.
    Case(DepthwiseConv1D, dict(kernel_size=3), (2, 10, 3), (2, 8, 3), 3 * 3 + 3, 2),
    Case(DepthwiseConv1D, dict(kernel_size=3, depth_multiplier=2, strides=2, padding="same"), (2, 10, 3),
         (2, 5, 6), 3 * 3 * 2 + 6, 2),
    Case(DepthwiseConv1D, dict(kernel_size=3, dilation_rate=2), (2, 10, 3), (2, 6, 3), 12, 2),
    Case(DepthwiseConv1D, dict(kernel_size=3, depth_multiplier=2, data_format=CF), (2, 3, 10), (2, 6, 8), 24, 2),
    Case(DepthwiseConv1D, dict(kernel_size=2, use_bias=False), (2, 10, 3), (2, 9, 3), 2 * 3, 1),
    # DepthwiseConv2D on (2, 7, 6, 3).
    Case(DepthwiseConv2D, dict(kernel_size=3), (2, 7, 6, 3), (2, 5, 4, 3), 9 * 3 + 3, 2),
    Case(DepthwiseConv2D, dict(kernel_size=3, depth_multiplier=2, strides=2, padding="same"), (2, 7, 6, 3),
         (2, 4, 3, 6), 9 * 3 * 2 + 6, 2),
    Case(DepthwiseConv2D, dict(kernel_size=(2, 3), dilation_rate=2), (2, 7, 6, 3), (2, 5, 2, 3), 6 * 3 + 3, 2),
    Case(DepthwiseConv2D, dict(kernel_size=3, depth_multiplier=2, data_format=CF), (2, 3, 7, 6), (2, 6, 5, 4),
         60, 2),
    Case(DepthwiseConv2D, dict(kernel_size=3, use_bias=False, activation="relu"), (2, 7, 6, 3), (2, 5, 4, 3),
         27, 1),
    # SeparableConv1D on (2, 10, 3): k*3*m + 3*m*4 + 4.
    Case(SeparableConv1D, dict(filters=4, kernel_size=3), (2, 10, 3), (2, 8, 4), 3 * 3 + 3 * 4 + 4, 3),
    Case(SeparableConv1D, dict(filters=4, kernel_size=3, depth_multiplier=2, strides=2, padding="same"),
         (2, 10, 3), (2, 5, 4), 3 * 3 * 2 + 6 * 4 + 4, 3),
    Case(SeparableConv1D, dict(filters=4, kernel_size=3, data_format=CF), (2, 3, 10), (2, 4, 8), 25, 3),
    Case(SeparableConv1D, dict(filters=4, kernel_size=3, dilation_rate=2, use_bias=False), (2, 10, 3), (2, 6, 4),
         3 * 3 + 3 * 4, 2),
    # SeparableConv2D on (2, 7, 6, 3).
    Case(SeparableConv2D, dict(filters=4, kernel_size=3), (2, 7, 6, 3), (2, 5, 4, 4), 9 * 3 + 3 * 4 + 4, 3),
    Case(SeparableConv2D, dict(filters=4, kernel_size=3, depth_multiplier=2, strides=2, padding="same"),
         (2, 7, 6, 3), (2, 4, 3, 4), 9 * 3 * 2 + 6 * 4 + 4, 3),
    Case(SeparableConv2D, dict(filters=4, kernel_size=3, data_format=CF), (2, 3, 7, 6), (2, 4, 5, 4), 43, 3),
    Case(SeparableConv2D, dict(filters=4, kernel_size=3, dilation_rate=2, use_bias=False, activation="relu"),
         (2, 7, 6, 3), (2, 3, 2, 4), 9 * 3 + 3 * 4, 2),
]

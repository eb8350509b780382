"""The model families every contender trains: one Keras definition, one idiomatic torch twin.

Each family is a `Family`: its data (`make_data`), the Keras model (built from `keras`,
which is `lamina` or `keras` itself), the Keras loss, and the torch twin as a PyTorch
expert writes it: the model returns logits (no final softmax or sigmoid) and the loss is
`F.cross_entropy` or `F.binary_cross_entropy_with_logits`. `final` names the activation
that the Keras model ends in, so the extra "Keras loss" torch row can add it back.

The reference model and the deeper CNN still come from `common.ARCHITECTURES`, so their
analytic FLOP count (`common.train_flops_per_sample`) stays in step with them.
"""

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .common import ARCHITECTURES, IMAGE_SHAPE, NUM_CLASSES, SEED

VOCAB, SEQUENCE, EMBED = 1000, 64, 32


@dataclass(frozen=True)
class Family:
    name: str
    image: bool  # NHWC images: channels_last is a meaningful alternative memory format
    loss: str  # the Keras loss
    final: str  # "softmax" or "sigmoid": the Keras model's last activation
    output_size: int  # outputs per sample
    description: str


FAMILIES = {
    "reference": Family("reference", True, "sparse_categorical_crossentropy", "softmax",
                        NUM_CLASSES, "Conv2D 32 → Flatten → Dense 10"),
    "deeper": Family("deeper", True, "sparse_categorical_crossentropy", "softmax", NUM_CLASSES,
                     "Conv2D 32 → pool → Conv2D 64 → pool → Flatten → Dense 128 → Dense 10"),
    "text": Family("text", False, "sparse_categorical_crossentropy", "softmax", NUM_CLASSES,
                   f"Embedding({VOCAB}, {EMBED}) → Conv1D 64×5 → GlobalMaxPooling1D → Dense 10"),
    "unet": Family("unet", True, "binary_crossentropy", "sigmoid", IMAGE_SHAPE[0] * IMAGE_SHAPE[1],
                   "U-Net 16-32-64, Conv2DTranspose up, Concatenate skips, 1×1 sigmoid mask"),
    "mobilenet": Family("mobilenet", True, "sparse_categorical_crossentropy", "softmax",
                        NUM_CLASSES, "stem → 2 DepthwiseConv2D blocks → SeparableConv2D, "
                        "BatchNorm + ReLU6 → GAP → Dense 10"),
}


def make_data(samples: int, family: str = "reference"):
    """The same inputs and targets in every process: NHWC float32 images or int64 tokens."""
    rng = np.random.default_rng(SEED)
    if family == "text":
        x = rng.integers(0, VOCAB, (samples, SEQUENCE)).astype(np.int64)
    else:
        x = rng.standard_normal((samples, *IMAGE_SHAPE), dtype=np.float32)
    if family == "unet":
        y = (rng.random((samples, *IMAGE_SHAPE[:2], 1)) < 0.5).astype(np.float32)
    else:
        y = rng.integers(0, NUM_CLASSES, samples).astype(np.int64)
    return x, y


# --------------------------------------------------------------------------- Keras side
def keras_model(keras, family: str):
    """The family as a Keras model; `keras` is `lamina` or `keras`."""
    layers = keras.layers
    if family in ARCHITECTURES:
        built = [keras.Input(IMAGE_SHAPE)]
        for kind, *spec in ARCHITECTURES[family]:
            if kind == "conv":
                built.append(layers.Conv2D(spec[0], 3, activation="relu"))
            elif kind == "pool":
                built.append(layers.MaxPooling2D(2))
            elif kind == "flatten":
                built.append(layers.Flatten())
            else:
                built.append(layers.Dense(spec[0], activation=spec[1]))
        return keras.Sequential(built)
    if family == "text":
        return keras.Sequential([
            keras.Input((SEQUENCE,), dtype="int64"),
            layers.Embedding(VOCAB, EMBED),
            layers.Conv1D(64, 5, activation="relu"),
            layers.GlobalMaxPooling1D(),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ])
    if family == "unet":
        return _keras_unet(keras)
    return _keras_mobilenet(keras)


def _keras_unet(keras):
    layers = keras.layers
    inputs = keras.Input(IMAGE_SHAPE)
    c1 = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    c2 = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(c1))
    bottom = layers.Conv2D(64, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(c2))
    up2 = layers.Conv2DTranspose(32, 2, strides=2)(bottom)
    d2 = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.Concatenate()([up2, c2]))
    up1 = layers.Conv2DTranspose(16, 2, strides=2)(d2)
    d1 = layers.Conv2D(16, 3, padding="same", activation="relu")(layers.Concatenate()([up1, c1]))
    outputs = layers.Conv2D(1, 1, activation="sigmoid")(d1)
    return keras.Model(inputs, outputs)


def _keras_mobilenet(keras):
    layers = keras.layers

    def bn_relu6():
        return [layers.BatchNormalization(), layers.ReLU(max_value=6.0)]

    return keras.Sequential([
        keras.Input(IMAGE_SHAPE),
        layers.Conv2D(16, 3, strides=2, padding="same", use_bias=False), *bn_relu6(),
        layers.DepthwiseConv2D(3, padding="same", use_bias=False), *bn_relu6(),
        layers.Conv2D(32, 1, use_bias=False), *bn_relu6(),
        layers.DepthwiseConv2D(3, strides=2, padding="same", use_bias=False), *bn_relu6(),
        layers.Conv2D(64, 1, use_bias=False), *bn_relu6(),
        layers.SeparableConv2D(64, 3, padding="same", use_bias=False), *bn_relu6(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ])


# --------------------------------------------------------------------------- torch side
def torch_model(family: str) -> nn.Module:
    """The idiomatic torch twin: NCHW (or N, C, L) modules that return logits."""
    if family in ARCHITECTURES:
        channels, rows, features, modules = IMAGE_SHAPE[-1], IMAGE_SHAPE[0], None, []
        for kind, *spec in ARCHITECTURES[family]:
            if kind == "conv":
                modules += [nn.Conv2d(channels, spec[0], 3), nn.ReLU()]
                channels, rows = spec[0], rows - 2
            elif kind == "pool":
                modules.append(nn.MaxPool2d(2))
                rows //= 2
            elif kind == "flatten":
                modules.append(nn.Flatten())
                features = rows * rows * channels
            else:
                modules.append(nn.Linear(features, spec[0]))
                if spec[1] == "relu":
                    modules.append(nn.ReLU())
                features = spec[0]
        return nn.Sequential(*modules)
    if family == "text":
        return _TorchText()
    if family == "unet":
        return _TorchUNet()
    return _torch_mobilenet()


class _TorchText(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBED)
        self.conv = nn.Conv1d(EMBED, 64, 5)
        self.dense = nn.Linear(64, NUM_CLASSES)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)  # (N, L, E) -> (N, E, L)
        return self.dense(torch.relu(self.conv(x)).amax(dim=-1))


def _conv_relu(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU())


class _TorchUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.bottom = _conv_relu(3, 16), _conv_relu(16, 32), _conv_relu(32, 64)
        self.up2, self.d2 = nn.ConvTranspose2d(64, 32, 2, stride=2), _conv_relu(64, 32)
        self.up1, self.d1 = nn.ConvTranspose2d(32, 16, 2, stride=2), _conv_relu(32, 16)
        self.head = nn.Conv2d(16, 1, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        c1 = self.c1(x)
        c2 = self.c2(self.pool(c1))
        bottom = self.bottom(self.pool(c2))
        d2 = self.d2(torch.cat([self.up2(bottom), c2], dim=1))
        d1 = self.d1(torch.cat([self.up1(d2), c1], dim=1))
        return self.head(d1)


def _torch_mobilenet():
    def bn_relu6(channels):
        # Keras's BatchNormalization defaults: epsilon 1e-3, moving-average momentum 0.99.
        return [nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01), nn.ReLU6()]

    def depthwise(channels, stride=1):
        return nn.Conv2d(channels, channels, 3, stride, padding=1, groups=channels, bias=False)

    return nn.Sequential(
        nn.Conv2d(3, 16, 3, 2, padding=1, bias=False), *bn_relu6(16),
        depthwise(16), *bn_relu6(16),
        nn.Conv2d(16, 32, 1, bias=False), *bn_relu6(32),
        depthwise(32, 2), *bn_relu6(32),
        nn.Conv2d(32, 64, 1, bias=False), *bn_relu6(64),
        depthwise(64), nn.Conv2d(64, 64, 1, bias=False), *bn_relu6(64),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, NUM_CLASSES),
    )

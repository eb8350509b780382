"""RandomElasticTransform: displaces pixels along smoothed random fields."""

import torch

from ....ops.image import gaussian_blur
from ....ops.image.sampling import interpolate
from ....random.seed_generator import SeedGenerator, draw_seed
from ..checks import choice, number
from .base_image_layer import INTERPOLATIONS, BaseImagePreprocessingLayer

FILL_MODES = ("reflect", "wrap", "constant", "nearest", "mirror")

# The noise stream starts this far along the seed's stream, clear of the parameter draws.
_NOISE_OFFSET = 1 << 20


class RandomElasticTransform(BaseImagePreprocessingLayer):
    """Applies a random elastic distortion during training; the identity at inference.

    Two standard-normal fields (x and y) are smoothed by a Gaussian of width
    `sigma = 0.05 * s * min(height, width)` and scaled by `alpha = 0.1 * s *
    max(height, width)`, with one strength `s` drawn per call in the `scale` range; each
    output pixel samples the input at its own position plus the displacement. Each image
    is distorted with probability `p`, drawn per image in the `factor` range (Keras's rule:
    `factor=1.0` distorts about half of the images). In training the outputs, distorted or
    not, are clipped to `value_range`, except that a zero `factor` or `scale` leaves the
    images untouched (Keras's shortcut).

    The displacement noise is drawn on the images' device from a stream of the layer's
    seed, so a seeded layer repeats on the same device. Keras on torch draws it from
    torch's global generator instead, ignoring `seed`; the other draws match Keras's.

    Args:
        factor: a number in `[0, 1]` (the probability is drawn in `[0, factor]`) or a pair
            `(lower, upper)`. Defaults to `1.0`.
        scale: a number in `[0, 1]` (the strength is drawn in `[0, scale]`) or a pair.
            Defaults to `1.0`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"mirror"`, `"wrap"`, `"constant"` or
            `"nearest"` (as in `ops.image.map_coordinates`).
        fill_value: the value outside the image with `fill_mode="constant"`.
        value_range: `(low, high)` of the images' values. Defaults to `(0, 255)`.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomElasticTransform(seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                 value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        self.scale = self._set_factor(scale, "scale")
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self.fill_mode = choice(self, "fill_mode", fill_mode, FILL_MODES)
        self.fill_value = number(self, "fill_value", fill_value)
        self.value_range = self._set_value_range(value_range)
        self._set_seed(seed)
        noise = SeedGenerator(seed if seed is not None else self.generator.state[0].item(), name="noise")
        with torch.no_grad():
            noise.state[1] = _NOISE_OFFSET
        self.__dict__["noise_generator"] = noise

    def _draw(self, images):
        if self.scale[1] == 0 or self.factor[1] == 0:
            return None  # Keras's shortcut: no draws, no change
        batch = images.shape[0]
        probability = self._uniform((batch,), self.factor[0], self.factor[1], images)
        threshold = self._uniform((batch,), 0.0, 1.0, images)
        strength = self._uniform((), self.scale[0], self.scale[1], images).to(self._torch_dtype)
        rows, cols = self._spatial_axes()
        generator = torch.Generator(device=images.device)
        generator.manual_seed(draw_seed(self.noise_generator))
        noise = torch.normal(0.0, 1.0, size=(2, batch, images.shape[rows], images.shape[cols]),
                             generator=generator, dtype=images.dtype, device=images.device)
        return threshold < probability, strength, noise

    def _augment(self, images, params):
        if params is None:
            return images
        apply, strength, noise = params
        warped = self._warp(images, strength, noise)
        out = torch.where(apply.view(-1, 1, 1, 1), warped, images)
        return out.clamp(self.value_range[0], self.value_range[1])

    def _warp(self, images, strength, noise):
        """`images` displaced by `noise` `(2, batch, height, width)` (x then y fields) smoothed
        and scaled for `strength`, computed as Keras's torch `elastic_transform` does."""
        if images.numel() == 0:
            return images
        x = images if self.data_format == "channels_last" else images.permute(0, 2, 3, 1)
        batch, height, width, channels = x.shape
        alpha = max(height, width) * (0.1 * strength)
        sigma = min(height, width) * (0.05 * strength)
        size = int(6 * sigma) | 1
        fields = gaussian_blur((noise * sigma).reshape(2 * batch, height, width, 1), (size, size),
                               (sigma.item(), sigma.item()), "channels_last")
        fields = fields.reshape(2, batch, height, width)
        ys = torch.arange(height, device=x.device).view(1, -1, 1)
        xs = torch.arange(width, device=x.device).view(1, 1, -1)
        src_x, src_y = xs + alpha * fields[0], ys + alpha * fields[1]
        b = torch.arange(batch, device=x.device).view(-1, 1, 1, 1)
        c = torch.arange(channels, device=x.device).view(1, 1, 1, -1)
        order = 0 if self.interpolation == "nearest" else 1
        out = interpolate(x, [b, src_y.unsqueeze(-1), src_x.unsqueeze(-1), c], [0, order, order, 0],
                          self.fill_mode, self.fill_value)
        return out if self.data_format == "channels_last" else out.permute(0, 3, 1, 2)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        }

"""RandomColorJitter: random brightness, contrast, saturation and hue, in that order."""

from ..checks import where
from .base_image_layer import BaseImagePreprocessingLayer
from .random_brightness import RandomBrightness
from .random_contrast import RandomContrast
from .random_hue import RandomHue
from .random_saturation import RandomSaturation

_STEPS = (
    ("brightness_factor", RandomBrightness),
    ("contrast_factor", RandomContrast),
    ("saturation_factor", RandomSaturation),
    ("hue_factor", RandomHue),
)


class RandomColorJitter(BaseImagePreprocessingLayer):
    """Applies RandomBrightness, RandomContrast, RandomSaturation and RandomHue in turn.

    Each step whose factor is given runs with that factor and `value_range`, exactly as
    the layer of that name would; a step left at `None` is skipped. All the draws come from
    this layer's one seed generator, in the order of the steps (as in Keras). Identity at
    inference.

    Args:
        value_range: `(low, high)` of the pixel values, shared by every step.
        brightness_factor: RandomBrightness's `factor`, or None.
        contrast_factor: RandomContrast's `factor`, or None.
        saturation_factor: RandomSaturation's `factor`, or None.
        hue_factor: RandomHue's `factor`, or None.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, 3)` or one RGB image.

    Output shape:
        Same as the input.

    Example:

    >>> jitter = RandomColorJitter(brightness_factor=0.2, hue_factor=0.1, seed=1)
    >>> jitter(torch.rand(2, 4, 4, 3) * 255, training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None, saturation_factor=None,
                 hue_factor=None, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range)
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._set_seed(seed)
        steps = []
        for argument, cls in _STEPS:
            factor = getattr(self, argument)
            if factor is None:
                continue
            try:
                step = cls(factor, value_range=value_range, seed=seed, data_format=self.data_format,
                           dtype=self.dtype_policy)
            except (ValueError, TypeError) as error:
                raise ValueError(f"{where(self)}: invalid `{argument}`. Received: {argument}={factor!r}. "
                                 f"({error})") from None
            step.__dict__["generator"] = self.generator  # every step draws from this layer's stream
            steps.append(step)
        # A plain list, not registered submodules: the steps hold no state of their own.
        self.__dict__["steps"] = steps

    def _draw(self, images):
        return None

    def _augment(self, images, params):
        for step in self.steps:  # each step draws right before it transforms, as in Keras
            images = step._augment(images, step._draw(images))
        return images

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "brightness_factor": self.brightness_factor,
            "contrast_factor": self.contrast_factor,
            "saturation_factor": self.saturation_factor,
            "hue_factor": self.hue_factor,
            "seed": self.seed,
        }

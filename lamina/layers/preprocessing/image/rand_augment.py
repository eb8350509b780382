"""RandAugment: applies `num_ops` augmentations picked at random from a fixed list.

`add_operations` builds the augmentation layers RandAugment and AugMix pick from, with
Keras's arguments (keras/src/layers/preprocessing/image_preprocessing/rand_augment.py
and aug_mix.py), each drawing from its owner's generator as Keras passes its own seed
generator to them.
"""

from .... import random as lamina_random
from ..checks import choice, where
from .auto_contrast import AutoContrast
from .base_image_layer import INTERPOLATIONS, BaseImagePreprocessingLayer
from .equalization import Equalization
from .random_brightness import RandomBrightness
from .random_color_degeneration import RandomColorDegeneration
from .random_contrast import RandomContrast
from .random_posterization import RandomPosterization
from .random_rotation import RandomRotation
from .random_sharpness import RandomSharpness
from .random_shear import RandomShear
from .random_translation import RandomTranslation
from .solarization import Solarization

OPERATIONS = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
)


def add_operations(owner, names, dtype=None) -> None:
    """Sets `owner.<name>` for each augmentation in `names`, built from the owner's
    `factor`, `value_range`, `interpolation`, `seed` and `data_format` as Keras builds
    them, and drawing from `owner.generator`."""
    factor, value_range, seed = owner.factor, owner.value_range, owner.seed
    common = dict(data_format=owner.data_format, dtype=dtype)
    seeded = dict(common, seed=seed)
    makers = {
        "random_shear": lambda: RandomShear(x_factor=factor, y_factor=factor, interpolation=owner.interpolation,
                                            **seeded),
        "random_translation": lambda: RandomTranslation(height_factor=factor, width_factor=factor,
                                                        interpolation=owner.interpolation, **seeded),
        "random_rotation": lambda: RandomRotation(factor=factor, interpolation=owner.interpolation, **seeded),
        "random_brightness": lambda: RandomBrightness(factor=factor, value_range=value_range, **seeded),
        "random_color_degeneration": lambda: RandomColorDegeneration(factor=factor, value_range=value_range,
                                                                     **seeded),
        "random_contrast": lambda: RandomContrast(factor=factor, value_range=value_range, **seeded),
        "random_sharpness": lambda: RandomSharpness(factor=factor, value_range=value_range, **seeded),
        "random_posterization": lambda: RandomPosterization(factor=max(1, int(8 * factor[1])),
                                                            value_range=value_range, **seeded),
        "solarization": lambda: Solarization(addition_factor=factor, threshold_factor=factor,
                                             value_range=value_range, **seeded),
        "auto_contrast": lambda: AutoContrast(value_range=value_range, **common),
        "equalization": lambda: Equalization(value_range=value_range, **common),
    }
    for name in names:
        layer = makers[name]()
        layer.__dict__["generator"] = owner.generator  # Keras passes its own seed generator
        setattr(owner, name, layer)


def count(layer, name: str, value, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{where(layer)}: `{name}` must be an integer >= {low}. Received: {name}={value!r}")
    return value


class RandAugment(BaseImagePreprocessingLayer):
    """Applies `num_ops` random augmentations during training; the identity at inference.

    Each call draws `num_ops` operations (with repetition) from: shear, translation,
    rotation, brightness, color degeneration, contrast, sharpness, posterization,
    solarization, auto contrast and equalization, all at strength `factor`, and applies
    them in turn to the whole batch (Keras's policy: one choice per call, not per image;
    each operation still draws its own parameters per image).

    Args:
        value_range: `(low, high)` of the images' values. Defaults to `(0, 255)`.
        num_ops: how many operations to apply. Defaults to `2`.
        factor: the strength, a number in `[0, 1]` (range `[0, factor]`) or a pair.
            Defaults to `0.5`.
        interpolation: `"bilinear"` (default) or `"nearest"` for the geometric operations.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandAugment(seed=1)(torch.rand(2, 8, 8, 3) * 255, training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range)
        self.num_ops = count(self, "num_ops", num_ops)
        self.factor = self._set_factor(factor)
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self._set_seed(seed)
        add_operations(self, OPERATIONS, kwargs.get("dtype"))

    def _draw(self, images):
        # Keras's order: the operation indices, then every operation's parameters.
        picks = lamina_random.randint((self.num_ops,), 0, len(OPERATIONS), seed=self.generator)
        return picks.tolist(), [getattr(self, name)._draw(images) for name in OPERATIONS]

    def _augment(self, images, params):
        picks, drawn = params
        for pick in picks:
            images = getattr(self, OPERATIONS[pick])._augment(images, drawn[pick])
        return images

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "num_ops": self.num_ops,
            "factor": self.factor,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }

"""AugMix: mixes an image with several randomly augmented copies of itself."""

import random

import torch

from .... import random as lamina_random
from ..checks import choice, is_number, where
from .base_image_layer import INTERPOLATIONS, BaseImagePreprocessingLayer
from .rand_augment import add_operations, count

OPERATIONS_ALL = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
)
OPERATIONS = OPERATIONS_ALL[:7]  # without the color operations that overlap the test-set corruptions


class AugMix(BaseImagePreprocessingLayer):
    """Applies AugMix during training; the identity at inference.

    Each call builds `num_chains` chains of up to `chain_depth` operations (each step
    picks one of the operations or none) applied to the whole batch, mixes the chains'
    outputs with Dirichlet(`alpha`) weights, then blends the mix with the original images
    by a Beta(`alpha`, `alpha`) weight, clipped to `value_range`.

    The steps are picked with Python's `random`, as Keras does: a seeded layer owns a
    `random.Random(seed)` (Keras uses the global `random` module, so after
    `random.seed(seed)` both pick alike); an unseeded layer uses the global module, which
    `lamina.utils.set_random_seed` seeds.

    Args:
        value_range: `(low, high)` of the images' values. Defaults to `(0, 255)`.
        num_chains: the number of augmented copies. Defaults to `3`.
        chain_depth: the most operations per copy. Defaults to `3`.
        factor: the operations' strength, a number in `[0, 1]` (range `[0, factor]`) or a
            pair. Defaults to `0.3`.
        alpha: the Dirichlet and Beta concentration. Defaults to `1.0`.
        all_ops: also use brightness, color degeneration, contrast and sharpness
            (default `True`).
        interpolation: `"bilinear"` (default) or `"nearest"` for the geometric operations.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> AugMix(seed=1)(torch.rand(2, 8, 8, 3) * 255, training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True,
                 interpolation="bilinear", seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range)
        self.num_chains = count(self, "num_chains", num_chains, low=1)
        self.chain_depth = count(self, "chain_depth", chain_depth)
        self.factor = self._set_factor(factor)
        if not is_number(alpha) or alpha <= 0:
            raise ValueError(f"{where(self)}: `alpha` must be a positive number. Received: alpha={alpha!r}")
        self.alpha = alpha
        if not isinstance(all_ops, bool):
            raise ValueError(f"{where(self)}: `all_ops` must be True or False. Received: all_ops={all_ops!r}")
        self.all_ops = all_ops
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self._set_seed(seed)
        self._picker = None if seed is None else random.Random(seed)  # None: the global module
        self._operations = OPERATIONS_ALL if all_ops else OPERATIONS
        add_operations(self, self._operations, kwargs.get("dtype"))

    def _draw(self, images):
        # Keras's order: the chain weights, the blend weight, then each step's pick and draws.
        gammas = lamina_random.gamma((self.num_chains,), self.alpha, seed=self.generator)
        chain_weights = gammas / gammas.sum(dim=-1, keepdim=True)
        blend = lamina_random.beta((), self.alpha, self.alpha, seed=self.generator)
        picker = self._picker or random
        options = [*self._operations, None]
        chains = []
        for _ in range(self.num_chains):
            steps = []
            for _ in range(self.chain_depth):
                name = picker.choice(options)
                if name is not None:
                    steps.append((name, getattr(self, name)._draw(images)))
            chains.append(steps)
        return chain_weights.to(images.device), blend.to(images.device), chains

    def _augment(self, images, params):
        chain_weights, blend, chains = params
        chain_weights, blend = chain_weights.to(images.dtype), blend.to(images.dtype)
        mixed = torch.zeros_like(images)
        for weight, steps in zip(chain_weights, chains):
            augmented = images
            for name, drawn in steps:
                augmented = getattr(self, name)._augment(augmented, drawn)
            mixed = mixed + augmented * weight
        outputs = blend * images + (1 - blend) * mixed
        return outputs.clamp(self.value_range[0], self.value_range[1])

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "num_chains": self.num_chains,
            "chain_depth": self.chain_depth,
            "factor": self.factor,
            "alpha": self.alpha,
            "all_ops": self.all_ops,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }

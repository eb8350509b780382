"""Images/s of the standard augmentation block in training mode (issue 16):
`RandomFlip("horizontal") -> RandomRotation(0.1) -> RandomZoom(0.1)` on float32 images.

    python -m benchmarks.augmentation [--batch 64] [--size 64] [--steps 20] [--repeats 5]

Contenders, interleaved in one process (the repeats are the outer loop), medians:
- `lamina`: the three Lamina layers called with `training=True` (three resamplings);
- `keras`: the same three Keras 3 layers on the torch backend;
- `pytorch`: what a PyTorch expert writes without torchvision: one random affine matrix
  per image (flip, rotation and zoom composed), one `F.affine_grid` + `F.grid_sample`
  (bilinear, zero fill) for the batch. It resamples once where the layers resample three
  times, so it is the speed bound, not the same computation.
"""

import argparse
import math
import os
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

os.environ.setdefault("KERAS_BACKEND", "torch")


def _layers(lib):
    block = [lib.layers.RandomFlip("horizontal", seed=1), lib.layers.RandomRotation(0.1, seed=2),
             lib.layers.RandomZoom(0.1, seed=3)]

    def run(images):
        for layer in block:
            images = layer(images, training=True)
        return images

    return run


def _pytorch(images):
    """One composed random affine per image, resampled once (NHWC in and out)."""
    n = images.shape[0]
    angle = (torch.rand(n) * 2 - 1) * 0.1 * 2 * math.pi
    scale = 1 + (torch.rand(n) * 2 - 1) * 0.1
    flip = torch.where(torch.rand(n) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) * scale, torch.sin(angle) * scale
    theta = torch.stack([torch.stack([cos * flip, -sin, torch.zeros(n)], 1),
                         torch.stack([sin * flip, cos, torch.zeros(n)], 1)], 1)
    nchw = images.permute(0, 3, 1, 2)
    grid = F.affine_grid(theta, list(nchw.shape), align_corners=False)
    return F.grid_sample(nchw, grid, mode="bilinear", padding_mode="zeros", align_corners=False).permute(0, 2, 3, 1)


def run(batch, size, steps, repeats):
    images = torch.from_numpy(np.random.default_rng(0).random((batch, size, size, 3), dtype="float32") * 255)
    import lamina

    contenders = {"pytorch": _pytorch, "lamina": _layers(lamina)}
    try:
        import keras

        contenders["keras"] = _layers(keras)
    except ImportError:
        pass
    for fn in contenders.values():  # warm-up
        fn(images)
    figures = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(steps):
                fn(images)
            figures[name].append(steps * batch / (time.perf_counter() - start))
    return {name: (statistics.median(v), min(v), max(v)) for name, v in figures.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"threads={torch.get_num_threads()} batch={args.batch} size={args.size}x{args.size}x3 "
          f"steps={args.steps} repeats={args.repeats}")
    figures = run(args.batch, args.size, args.steps, args.repeats)
    for name, (median, low, high) in figures.items():
        print(f"{name:>8}: {median:9.0f} images/s (min {low:.0f}, max {high:.0f})")
    lamina_rate = figures["lamina"][0]
    ratios = f"lamina/pytorch(one resampling)={lamina_rate / figures['pytorch'][0]:.2f}"
    if "keras" in figures:
        ratios += f"  lamina/keras={lamina_rate / figures['keras'][0]:.2f}"
    print(ratios)


if __name__ == "__main__":
    main()

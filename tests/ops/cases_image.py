"""Rows for `lamina.ops.image` (color, resize, transforms, patches, filters); see op_cases.py."""

import numpy as np
import torch
from op_cases import OpCase, S

IMG = dict(module="image")
CF = dict(data_format="channels_first")
_AFFINE = np.array([[1.0, 0.1, 0.5, 0.2, 1.0, -0.3, 0, 0], [0.9, 0, 1.2, 0, 1.1, -0.6, 0, 0]],
                   "float32")
_SHIFT = np.array([1.0, 0, 2.5, 0, 1.0, -1.5, 0, 0], "float32")
_SHIFTS = np.stack([_SHIFT, _SHIFT * [1, 1, -2, 1, 1, 3, 1, 1]]).astype("float32")
_START = np.array([[0, 0], [5, 0], [0, 5], [5, 5]], "float32")
_END = np.array([[0.5, 0.2], [5.2, 0.4], [0.1, 4.6], [4.5, 5.3]], "float32")
_COORDS = np.random.default_rng(3).uniform(-1.5, 5.5, (2, 3, 4)).astype("float32")


def _grad(name, args, kwargs=None, wrt=(0,), module="image"):
    """A row checking float64 gradients of `name` in `args[wrt]` with torch's gradcheck."""

    def check(ours, call_args, call_kwargs):
        import lamina.ops

        fn = getattr(getattr(lamina.ops, module), name)
        diff = [torch.tensor(np.asarray(call_args[i]), dtype=torch.float64, requires_grad=True)
                for i in wrt]

        def f(*xs):
            full = list(call_args)
            for i, x in zip(wrt, xs):
                full[i] = x
            return fn(*full, **call_kwargs)

        assert torch.autograd.gradcheck(f, diff, eps=1e-6, atol=1e-5)

    return OpCase(name, args, kwargs or {}, module=module, oracle=False, check=check,
                  note="gradcheck")


def _elastic_is_seeded_and_keeps_shape(ours, args, kwargs):
    # keras/src/ops/image.py `elastic_transform`: same shape and dtype as `images`; with a
    # seed the displacement is reproducible (Keras on torch ignores `seed`, so no oracle).
    import lamina.ops

    assert ours.shape == tuple(np.shape(args[0])) and ours.dtype == torch.float32
    again = lamina.ops.image.elastic_transform(*args, **kwargs)
    torch.testing.assert_close(ours, again, rtol=0, atol=0)
    moved = lamina.ops.image.elastic_transform(args[0], alpha=0.0, seed=1)
    torch.testing.assert_close(moved, torch.as_tensor(np.asarray(args[0])))  # alpha 0: identity


_PROJ = np.array([1.0, 0.1, 0.3, 0.05, 0.9, 0.2, 0.02, -0.03], "float32")


def _projective_affine(ours, args, kwargs):
    # The transform semantics documented in keras/src/ops/image.py `affine_transform`: output
    # (x, y) samples input ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1.
    # (Keras 3.15.1 on torch applies c0, c1 to the channel index instead, so no oracle.)
    image = np.asarray(args[0], dtype=np.float64)
    a0, a1, a2, b0, b1, b2, c0, c1 = np.asarray(args[1], dtype=np.float64)
    expected = np.zeros_like(image)
    for y in range(image.shape[0]):
        for x in range(image.shape[1]):
            k = c0 * x + c1 * y + 1
            sx, sy = round((a0 * x + a1 * y + a2) / k), round((b0 * x + b1 * y + b2) / k)
            if 0 <= sy < image.shape[0] and 0 <= sx < image.shape[1]:
                expected[y, x] = image[sy, sx]
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-6)


def _default_blur_is_channels_last(ours, args, kwargs):
    # `data_format=None` means `image_data_format()` (keras/src/ops/image.py docstring).
    # Keras 3.15.1's torch backend passes None through and blurs as channels_first, so the
    # oracle is Keras with the default spelled out.
    import keras

    theirs = keras.ops.image.gaussian_blur(args[0], data_format="channels_last")
    np.testing.assert_allclose(ours.numpy(), keras.ops.convert_to_numpy(theirs), rtol=1e-5,
                               atol=1e-6)


CASES = [
    OpCase("rgb_to_grayscale", (S((2, 4, 5, 3)),), **IMG),
    OpCase("rgb_to_grayscale", (S((2, 3, 4, 5)),), CF, **IMG),
    OpCase("rgb_to_grayscale", (S((4, 5, 1)),), **IMG),
    OpCase("rgb_to_grayscale", (S((4, 5, 3), "uint8", 0, 255),), **IMG, note="uint8"),
    OpCase("rgb_to_grayscale", (S((2, 4, 5, 2)),), **IMG, raises=ValueError,
           match="rgb_to_grayscale.*channels"),
    OpCase("rgb_to_hsv", (S((2, 4, 5, 3), low=0, high=1),), **IMG),
    OpCase("rgb_to_hsv", (S((2, 3, 4, 5), low=0, high=1),), CF, **IMG),
    OpCase("rgb_to_hsv", (S((4, 5, 3), "int32"),), **IMG, raises=ValueError,
           match="rgb_to_hsv.*float"),
    OpCase("hsv_to_rgb", (S((2, 4, 5, 3), low=0, high=1),), **IMG),
    OpCase("hsv_to_rgb", (S((3, 4, 5), low=0, high=1),), CF, **IMG),
    OpCase("resize", (S((2, 8, 8, 3)), (4, 6)), **IMG, rtol=1e-5, atol=1e-5),
    OpCase("resize", (S((2, 8, 8, 3)), (5, 13)), dict(interpolation="nearest"), exact=True,
           **IMG),
    OpCase("resize", (S((2, 8, 8, 3)), (12, 6)), dict(interpolation="bicubic"), **IMG,
           rtol=1e-5, atol=1e-5),
    OpCase("resize", (S((2, 9, 8, 3)), (3, 4)), dict(antialias=True), **IMG, rtol=1e-5,
           atol=1e-5),
    OpCase("resize", (S((2, 3, 8, 8)), (4, 6)), CF, **IMG, rtol=1e-5, atol=1e-5),
    OpCase("resize", (S((8, 6, 3)), (5, 3)), dict(crop_to_aspect_ratio=True), **IMG,
           rtol=1e-5, atol=1e-5),
    OpCase("resize", (S((8, 6, 3)), (3, 6)), dict(pad_to_aspect_ratio=True, fill_value=0.5),
           **IMG, rtol=1e-5, atol=1e-5),
    OpCase("resize", (S((1, 6, 6, 3), "uint8", 0, 255), (4, 4)), **IMG, note="uint8"),
    OpCase("resize", (S((1, 6, 6, 3), "uint8", 0, 255), (9, 9)),
           dict(interpolation="bicubic"), **IMG, note="uint8"),
    OpCase("resize", (S((2, 8, 8, 3)), (4, 6)), dict(interpolation="lanczos3"), **IMG,
           raises=ValueError, match="resize.*Lanczos"),
    OpCase("affine_transform", (S((2, 6, 7, 3)), _AFFINE), **IMG),
    OpCase("affine_transform", (S((2, 6, 7, 3)), _AFFINE), dict(interpolation="nearest"),
           **IMG),
    *[OpCase("affine_transform", (S((2, 6, 7, 3)), _SHIFTS), dict(fill_mode=mode, fill_value=0.5),
             **IMG) for mode in ("constant", "nearest", "wrap", "mirror", "reflect")],
    OpCase("affine_transform", (S((2, 3, 6, 7)), _AFFINE), CF, **IMG),
    OpCase("affine_transform", (S((6, 7, 2)), _SHIFT), **IMG, note="single"),
    OpCase("affine_transform", (S((5, 6, 2)), _PROJ), dict(interpolation="nearest"), **IMG,
           oracle=False, check=_projective_affine, note="projective"),
    OpCase("affine_transform", (S((6, 7, 2)), _SHIFT), dict(fill_mode="edge"), **IMG,
           raises=ValueError, match="affine_transform.*fill_mode"),
    OpCase("perspective_transform", (S((2, 6, 6, 3)), _START, _END), **IMG, rtol=1e-4,
           atol=1e-5),
    OpCase("perspective_transform", (S((2, 3, 6, 6)), _START, _END),
           dict(interpolation="nearest", **CF), **IMG, rtol=1e-4, atol=1e-5),
    OpCase("perspective_transform", (S((6, 6, 3)), _START[:3], _END), **IMG,
           raises=ValueError, match="perspective_transform.*start_points"),
    OpCase("map_coordinates", (S((4, 5)), _COORDS, 1), **IMG),
    OpCase("map_coordinates", (S((4, 5)), _COORDS, 0), **IMG),
    *[OpCase("map_coordinates", (S((4, 5)), _COORDS, 1), dict(fill_mode=mode, fill_value=-1.0),
             **IMG) for mode in ("nearest", "wrap", "mirror", "reflect")],
    OpCase("map_coordinates", (S((4, 5), "int32"), _COORDS, 1), **IMG, note="int"),
    OpCase("map_coordinates", (S((4, 5)), _COORDS[:1], 1), **IMG, raises=ValueError,
           match="map_coordinates.*rank"),
    OpCase("elastic_transform", (S((2, 8, 8, 3)),), dict(seed=3), **IMG, oracle=False,
           check=_elastic_is_seeded_and_keeps_shape),
    *[OpCase("scale_and_translate",
             (S((1, 6, 6, 1)), (1, 9, 4, 1), np.array([1.5, 0.7], "float32"),
              np.array([0.5, -0.2], "float32"), (1, 2), method), **IMG, rtol=1e-5, atol=1e-5)
      for method in ("linear", "cubic", "lanczos3")],
    OpCase("scale_and_translate",
           (S((1, 6, 6, 1)), (1, 3, 3, 1), np.array([0.5, 0.5], "float32"),
            np.array([0.0, 0.0], "float32"), (1, 2), "bilinear"), dict(antialias=False), **IMG,
           rtol=1e-5, atol=1e-5),
    OpCase("extract_patches", (S((2, 8, 8, 3)), 4), exact=True, **IMG),
    OpCase("extract_patches", (S((2, 8, 9, 3)), (2, 3)), dict(strides=(1, 2)), exact=True,
           **IMG),
    OpCase("extract_patches", (S((2, 8, 9, 3)), 3), dict(strides=2, padding="same"),
           exact=True, **IMG),
    OpCase("extract_patches", (S((2, 9, 9, 2)), 2), dict(strides=1, dilation_rate=2),
           exact=True, **IMG),
    OpCase("extract_patches", (S((3, 8, 8)), 4), CF, exact=True, **IMG),
    OpCase("extract_patches", (S((1, 4, 4, 4, 2)), (2, 2, 2)), exact=True, **IMG),
    OpCase("extract_patches_3d", (S((1, 4, 5, 4, 2)), 2), exact=True, **IMG),
    OpCase("extract_patches_3d", (S((4, 5, 4, 2)), (2, 3, 2)),
           dict(strides=1, padding="same"), exact=True, **IMG),
    OpCase("extract_patches_3d", (S((1, 2, 4, 5, 4)), 2), CF, exact=True, **IMG),
    OpCase("pad_images", (S((2, 4, 5, 3)), 1, 2, 0, 1), exact=True, **IMG),
    OpCase("pad_images", (S((2, 4, 5, 3)),),
           dict(top_padding=1, left_padding=0, target_height=7, target_width=6), exact=True,
           **IMG),
    OpCase("pad_images", (S((3, 4, 5)),),
           dict(bottom_padding=2, right_padding=1, target_height=8, target_width=9, **CF),
           exact=True, **IMG),
    OpCase("pad_images", (S((2, 4, 5, 3)),), dict(top_padding=1, left_padding=0),
           **IMG, raises=ValueError, match="pad_images.*exactly two"),
    OpCase("crop_images", (S((2, 6, 7, 3)), 1, 2, 1, 0), exact=True, **IMG),
    OpCase("crop_images", (S((2, 6, 7, 3)),),
           dict(top_cropping=2, left_cropping=1, target_height=3, target_width=4), exact=True,
           **IMG),
    OpCase("crop_images", (S((3, 6, 7)),),
           dict(bottom_cropping=1, right_cropping=2, target_height=4, target_width=5, **CF),
           exact=True, **IMG),
    OpCase("gaussian_blur", (S((2, 8, 8, 3)),), dict(data_format="channels_last"), **IMG),
    OpCase("gaussian_blur", (S((2, 8, 8, 3)),), **IMG, oracle=False,
           check=_default_blur_is_channels_last, note="default-format"),
    OpCase("gaussian_blur", (S((2, 8, 8, 3)), (5, 5), (1.5, 1.5)),
           dict(data_format="channels_last"), **IMG),
    OpCase("gaussian_blur", (S((2, 3, 8, 8)), (3, 3), (0.8, 2.0)), CF, **IMG),
    OpCase("gaussian_blur", (S((3, 8, 8)),), CF, **IMG),
    OpCase("sobel_edges", (S((2, 6, 6, 3)),), **IMG),
    OpCase("sobel_edges", (S((2, 3, 6, 6)),), CF, **IMG),
    OpCase("ssim", (S((2, 16, 16, 3), low=0, high=1), S((2, 16, 16, 3), low=0, high=1)),
           **IMG, rtol=1e-4, atol=1e-5),
    OpCase("ssim", (S((3, 12, 12), low=0, high=1), S((3, 12, 12), low=0, high=1)),
           dict(filter_size=7, max_val=2.0, **CF), **IMG, rtol=1e-4, atol=1e-5),
    # Gradients (float64 gradcheck).
    _grad("resize", (S((1, 4, 5, 2)), (7, 3))),
    _grad("affine_transform", (S((2, 4, 5, 1)), _AFFINE)),
    _grad("map_coordinates", (S((4, 5)), _COORDS, 1)),
    _grad("gaussian_blur", (S((1, 6, 6, 2)),)),
    _grad("ssim", (S((1, 7, 7, 1), low=0, high=1), S((1, 7, 7, 1), low=0, high=1)),
          dict(filter_size=3), wrt=(0,)),
]

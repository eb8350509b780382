"""Shared checks and layout moves for the image ops."""

import torch

from ... import config


def data_format_of(data_format, op: str) -> str:
    try:
        return config.standardize_data_format(data_format)
    except ValueError as error:
        raise ValueError(f"`{op}`: {error}") from None


def check_images(images: torch.Tensor, op: str, name: str = "images") -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            f"`{op}`: invalid {name} rank, expected 3 (single image) or 4 (batch of images). "
            f"Received: {name}.shape={tuple(images.shape)}"
        )


def batched_nhwc(images: torch.Tensor, data_format: str):
    """`(batch, height, width, channels)` view of 3D/4D images, and whether a batch was added."""
    single = images.ndim == 3
    if single:
        images = images.unsqueeze(0)
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    return images, single


def restore(images: torch.Tensor, data_format: str, single: bool) -> torch.Tensor:
    """Undoes `batched_nhwc`."""
    if data_format == "channels_first":
        images = images.permute(0, 3, 1, 2)
    return images.squeeze(0) if single else images

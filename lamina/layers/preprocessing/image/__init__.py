"""Image preprocessing and augmentation layers (batched, on the input's device)."""

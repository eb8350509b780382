"""Lamina against hand-written PyTorch and Keras 3, run on demand (`make bench`).

Each contender is a module that runs in its own fresh subprocess and prints one JSON
line of figures (`python -m benchmarks.torch_channels_last --models deeper`); the driver
(`python -m benchmarks`) repeats them, takes medians and writes ratios against the
hand-written PyTorch loop measured in the same run. See `benchmarks/README.md`.
"""

"""`keras.remat`: recompute a function's activations in the backward pass instead of
keeping them, trading compute for memory (torch's non-reentrant checkpointing)."""

import functools

import torch.utils.checkpoint


def remat(f):
    """Wraps `f` (a function or a layer) so its intermediate results are not stored for
    the backward pass but recomputed there. Values and gradients are unchanged.

    Example:

    >>> import torch
    >>> square = remat(lambda x: x * x)
    >>> x = torch.tensor(3.0, requires_grad=True)
    >>> square(x).backward(); x.grad
    tensor(6.)
    """
    if not callable(f):
        raise TypeError(f"`remat` needs a function or a layer. Received: {f!r}")

    @functools.wraps(f)
    def rematerialized(*args, **kwargs):
        return torch.utils.checkpoint.checkpoint(f, *args, use_reentrant=False, **kwargs)

    return rematerialized

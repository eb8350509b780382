"""Gradient clipping as Keras applies it: per-variable norm, global norm, or value."""

import torch


def clip_gradients(grads, clipnorm, global_clipnorm, clipvalue):
    """Keras's three clipping modes, in its order of precedence."""
    # Keras treats 0 (and negative values) the same as None: no clipping.
    if clipnorm and clipnorm > 0:
        norms = torch._foreach_norm(grads)
        return [g * (clipnorm / n.clamp_min(clipnorm)) for g, n in zip(grads, norms)]
    if global_clipnorm and global_clipnorm > 0:
        norm = torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))
        scale = global_clipnorm * (1.0 / norm).clamp_max(1.0 / global_clipnorm)
        # `norm - norm` is NaN for an infinite or NaN norm, so such a step poisons every
        # gradient visibly instead of silently rescaling them to zero (as Keras does).
        return torch._foreach_mul(grads, scale + (norm - norm))
    if clipvalue and clipvalue > 0:
        return [g.clamp(-clipvalue, clipvalue) for g in grads]
    return grads

"""The Circle loss for metric learning on L2-normalized embeddings."""

import torch
import torch.nn.functional as F

from .loss import Loss, LossFunctionWrapper
from .utils import _prepare


def _pos_neg_masks(query_labels, key_labels, remove_diagonal):
    query, key = query_labels.reshape(-1, 1), key_labels.reshape(-1, 1)
    positive = query == key.T
    negative = ~positive
    if remove_diagonal:
        eye = torch.eye(query.shape[0], key.shape[0], dtype=torch.bool, device=positive.device)
        positive = positive & ~eye
    return positive, negative


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80,
           margin=0.4) -> torch.Tensor:
    """The Circle loss of each embedding against the reference embeddings.

    Args:
        y_true: Integer class labels `(batch,)`.
        y_pred: L2-normalized embeddings `(batch, dim)`.
        ref_labels, ref_embeddings: What each embedding is compared with; default to
            `y_true` and `y_pred` (every pair in the batch).
        remove_diagonal: Whether an embedding's pair with itself is left out of the
            positives. Defaults to `True`.
        gamma: The scale factor. Defaults to `80`.
        margin: The relaxation margin. Defaults to `0.4`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(torch.int32)
    ref_embeddings = y_pred if ref_embeddings is None else torch.as_tensor(ref_embeddings)
    ref_labels = y_true if ref_labels is None else torch.as_tensor(ref_labels).to(torch.int32)
    distances = torch.clamp(1 - y_pred @ ref_embeddings.T, min=0.0)
    positive, negative = _pos_neg_masks(y_true, ref_labels, remove_diagonal)
    pos_weights = torch.clamp((margin + distances) * positive, min=0.0)
    neg_weights = torch.clamp((1 + margin - distances) * negative, min=0.0)
    pos = -gamma * pos_weights * (margin - distances)
    neg = gamma * neg_weights * ((1 - margin) - distances)
    minus_inf = torch.tensor(float("-inf"), dtype=distances.dtype, device=distances.device)
    p_loss = torch.logsumexp(torch.where(positive, pos, minus_inf), dim=1)
    n_loss = torch.logsumexp(torch.where(negative, neg, minus_inf), dim=1)
    return F.softplus(p_loss + n_loss)


# Only positive losses count towards the mean, as Keras masks them (see LossFunctionWrapper).
circle._output_mask = lambda values: values > 0


class Circle(LossFunctionWrapper):
    """The Circle loss; see `circle`. As in Keras, the mean runs over the samples whose loss
    is above 0 (those with no positive or no negative pair drop out).

    Args:
        gamma: The scale factor. Defaults to `80.0`.
        margin: The relaxation margin. Defaults to `0.4`.
        remove_diagonal: Whether self-pairs are left out of the positives. Defaults to `True`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True,
                 reduction="sum_over_batch_size", name="circle", dtype=None):
        super().__init__(circle, reduction=reduction, name=name, dtype=dtype, gamma=gamma,
                         margin=margin, remove_diagonal=remove_diagonal)
        self.gamma, self.margin, self.remove_diagonal = gamma, margin, remove_diagonal

    def get_config(self):
        return {**Loss.get_config(self), "gamma": self.gamma, "margin": self.margin,
                "remove_diagonal": self.remove_diagonal}

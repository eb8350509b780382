"""Rows for Embedding, ReversibleEmbedding and Masking, joined into `cases.CASES`.

Parameter counts: Embedding holds one `(input_dim, output_dim)` table; ReversibleEmbedding
adds an `(output_dim, input_dim)` reverse matrix when `tie_weights=False`
(keras/src/layers/core/embedding.py, reversible_embedding.py); that matrix only serves
`reverse=True` calls, so its rows live in test_masking.py. Ids are sampled from
`[0, input_high)`, so rows with `mask_zero=True` see padding ids. Masking only selects
values (`where`), so it is exact.
"""

from cases import LayerCase

from lamina.layers import Embedding, Masking, ReversibleEmbedding

CASES = [
    LayerCase(Embedding, dict(input_dim=10, output_dim=3), (2, 5), (2, 5, 3), 30, 1,
              input_dtype="int64", input_high=10, exact=True),
    LayerCase(Embedding, dict(input_dim=7, output_dim=4, mask_zero=True), (3, 6), (3, 6, 4), 28, 1,
              input_dtype="int32", input_high=7, exact=True),
    LayerCase(Embedding, dict(input_dim=5, output_dim=2, embeddings_initializer="ones",
                              embeddings_regularizer="l2"), (2, 3, 4), (2, 3, 4, 2), 10, 1,
              input_dtype="int64", input_high=5, exact=True),
    LayerCase(ReversibleEmbedding, dict(input_dim=9, output_dim=3), (2, 4), (2, 4, 3), 27, 1,
              input_dtype="int64", input_high=9, exact=True),
    LayerCase(ReversibleEmbedding, dict(input_dim=6, output_dim=2, mask_zero=True), (2, 5), (2, 5, 2), 12, 1,
              input_dtype="int32", input_high=6, exact=True),
    LayerCase(Masking, dict(), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(Masking, dict(mask_value=1.5), (2, 5, 1), (2, 5, 1), exact=True),
]

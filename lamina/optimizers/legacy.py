"""`keras.optimizers.legacy`: tf.keras 2's optimizers, which Keras 3 no longer has.

As in Keras 3, the names exist so that old code fails with a clear message, not an
AttributeError: creating any of them raises ImportError naming the replacement.
"""


class LegacyOptimizer:
    """Stands for `Adagrad`, `Adam`, `Ftrl`, `RMSprop`, `SGD` and `Optimizer`: raises."""

    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3 nor in Lamina. Use the "
            "optimizer of the same name in `keras.optimizers` (e.g. `keras.optimizers.Adam`), "
            "which takes the same main arguments."
        )


Adagrad = Adam = Ftrl = Optimizer = RMSprop = SGD = LegacyOptimizer

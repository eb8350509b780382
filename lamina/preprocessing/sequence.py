"""`keras.preprocessing.sequence`: `pad_sequences` (an alias of `lamina.utils`'s)."""

from ..utils.sequence_utils import pad_sequences as pad_sequences

"""Rows for the merge layers, joined into `cases.MERGE_CASES`. Output shapes follow
Keras's merge rules (keras/src/layers/merging/base_merge.py): per-sample shapes
broadcast from the end, a lower-rank input gets axes inserted after the batch axis;
Dot drops the two contracted axes and the second batch axis
(keras/src/layers/merging/dot.py `batch_dot`)."""

from cases import MergeCase

from lamina.layers.merging.add import Add
from lamina.layers.merging.average import Average
from lamina.layers.merging.concatenate import Concatenate
from lamina.layers.merging.dot import Dot
from lamina.layers.merging.maximum import Maximum
from lamina.layers.merging.minimum import Minimum
from lamina.layers.merging.multiply import Multiply
from lamina.layers.merging.subtract import Subtract

MERGE_CASES = [
    MergeCase(Add, dict(), ((2, 3), (2, 4, 3)), (2, 4, 3)),
    MergeCase(Add, dict(), ((2, 4, 1), (2, 4, 3)), (2, 4, 3)),
    MergeCase(Add, dict(), ((2, 3),), (2, 3)),
    MergeCase(Concatenate, dict(), ((2, 3),), (2, 3)),
    MergeCase(Subtract, dict(), ((2, 3), (2, 3)), (2, 3)),
    MergeCase(Subtract, dict(), ((2, 4, 3), (2, 1, 3)), (2, 4, 3)),
    MergeCase(Multiply, dict(), ((2, 3), (2, 3), (2, 3)), (2, 3)),
    MergeCase(Multiply, dict(), ((2, 3), (2, 4, 3)), (2, 4, 3)),
    MergeCase(Average, dict(), ((2, 3), (2, 3)), (2, 3)),
    MergeCase(Average, dict(), ((2, 2, 3), (2, 2, 3), (2, 2, 1)), (2, 2, 3)),
    MergeCase(Maximum, dict(), ((2, 4), (2, 4)), (2, 4)),
    MergeCase(Maximum, dict(), ((2, 1, 4), (2, 3, 4), (2, 3, 1)), (2, 3, 4)),
    MergeCase(Minimum, dict(), ((2, 4), (2, 4)), (2, 4)),
    MergeCase(Minimum, dict(), ((2, 3, 4), (2, 4)), (2, 3, 4)),
    MergeCase(Dot, dict(axes=1), ((2, 5), (2, 5)), (2, 1)),
    MergeCase(Dot, dict(axes=(1, 2)), ((2, 3, 5), (2, 4, 3)), (2, 5, 4)),
    MergeCase(Dot, dict(axes=-1, normalize=True), ((2, 3, 4), (2, 5, 4)), (2, 3, 5)),
    MergeCase(Dot, dict(axes=(2, 1)), ((2, 3, 4), (2, 4)), (2, 3)),
    MergeCase(Dot, dict(axes=[1, 1]), ((2, 4), (2, 4, 3, 2)), (2, 3, 2)),
]

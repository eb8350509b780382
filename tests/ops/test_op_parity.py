"""Every row of the op table (`op_cases.py`) against `keras.ops` on the torch backend."""

import warnings

import pytest
from op_cases import ROWS, assert_same, to_torch

PARAMS = [(row, kind) for row in ROWS for kind in row.kinds]
IDS = [f"{kind}-{row.id}" for row, kind in PARAMS]


def _inputs(case, kind):
    args, kwargs = case.inputs()
    if kind == "torch":
        args, kwargs = to_torch(args), {k: to_torch(v) for k, v in kwargs.items()}
    return args, kwargs


@pytest.mark.parametrize(("case", "kind"), PARAMS, ids=IDS)
def test_op_matches_keras(case, kind, keras):
    args, kwargs = _inputs(case, kind)
    if case.raises is not None:
        with pytest.raises(case.raises, match=case.match):
            case.ours()(*args, **kwargs)
        return
    ours = case.ours()(*args, **kwargs)
    if not case.oracle:
        case.check(ours, args, kwargs)
        return
    args, kwargs = _inputs(case, kind)  # fresh inputs: an op must not see the other's writes
    with warnings.catch_warnings():  # the oracle's own deprecation warnings are not ours
        warnings.simplefilter("ignore")
        theirs = case.theirs(keras)(*args, **kwargs)
    assert_same(case, ours, theirs)

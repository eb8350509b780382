"""Merge layers beyond the case table: the functional forms, Dot's axes and normalize,
masks, broadcasting and the input-count checks, against Keras and derived references."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina
from lamina.layers.merging.add import Add, add
from lamina.layers.merging.average import Average, average
from lamina.layers.merging.concatenate import Concatenate, concatenate
from lamina.layers.merging.dot import Dot, dot
from lamina.layers.merging.maximum import Maximum, maximum
from lamina.layers.merging.minimum import Minimum, minimum
from lamina.layers.merging.multiply import Multiply, multiply
from lamina.layers.merging.subtract import Subtract, subtract


def arrays(*shapes):
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s).astype("float32") for s in shapes]


FUNCTIONAL = [
    ("add", add, {}, ((2, 3), (2, 3), (2, 3))),
    ("subtract", subtract, {}, ((2, 4, 3), (2, 1, 3))),
    ("multiply", multiply, {}, ((2, 3), (2, 4, 3))),
    ("average", average, {}, ((2, 3), (2, 3))),
    ("maximum", maximum, {}, ((2, 5), (2, 5), (2, 5))),
    ("minimum", minimum, {}, ((2, 5), (2, 5))),
    ("concatenate", concatenate, {"axis": 1}, ((2, 3, 4), (2, 2, 4))),
    ("dot", dot, {"axes": (1, 2)}, ((2, 3, 5), (2, 4, 3))),
    ("dot", dot, {"axes": 1, "normalize": True}, ((2, 6), (2, 6))),
]


@pytest.mark.parametrize("name, fn, kwargs, shapes", FUNCTIONAL, ids=[f"{f[0]}-{f[2]}" for f in FUNCTIONAL])
def test_functional_forms_match_keras(name, fn, kwargs, shapes, keras):
    inputs = arrays(*shapes)
    want = keras.ops.convert_to_numpy(getattr(keras.layers, name)(inputs, **kwargs))
    got = fn([torch.from_numpy(x) for x in inputs], **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)  # same float32 ops


@pytest.mark.parametrize("name, fn, kwargs, shapes", FUNCTIONAL[:8], ids=[f[0] for f in FUNCTIONAL[:8]])
def test_functional_forms_build_models_from_inputs(name, fn, kwargs, shapes, keras):
    ours = [lamina.layers.Input(s[1:]) for s in shapes]
    theirs = [keras.Input(s[1:]) for s in shapes]
    out = fn(ours, name=f"my_{name}", **kwargs)
    model = lamina.Model(ours, out)
    assert model.layers[-1].name == f"my_{name}"
    expected = getattr(keras.layers, name)(theirs, **kwargs).shape
    assert tuple(out.shape) == tuple(expected)
    inputs = [torch.from_numpy(x) for x in arrays(*shapes)]
    assert torch.equal(model(inputs), fn(inputs, **kwargs))


def test_dot_normalize_is_cosine_similarity():
    x, y = arrays((3, 5), (3, 5))
    got = Dot(axes=1, normalize=True)([x, y]).numpy()
    cosine = (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
    np.testing.assert_allclose(got[:, 0], cosine, rtol=1e-5, atol=1e-6)


def test_dot_normalize_keeps_a_zero_vector_zero(keras):
    x = np.zeros((2, 4), "float32")
    y = arrays((2, 4))[0]
    got = Dot(axes=1, normalize=True)([x, y]).numpy()
    want = keras.ops.convert_to_numpy(keras.layers.Dot(axes=1, normalize=True)([x, y]))
    np.testing.assert_array_equal(got, want)
    assert np.all(got == 0)


@pytest.mark.parametrize("axes, shapes", [
    ((1, 1), ((2, 3, 4), (2, 3, 5))),
    ((2, 2), ((2, 3, 4), (2, 5, 4))),
    ((1, 3), ((2, 4, 2), (2, 3, 5, 4))),
    ((-2, -1), ((2, 3, 4), (2, 5, 3))),
])
def test_dot_axes_match_an_einsum_reference_and_keras(axes, shapes, keras):
    x, y = arrays(*shapes)
    got = Dot(axes=axes)([x, y]).numpy()
    a, b = (axis % len(s) for axis, s in zip(axes, shapes))
    # Reference: contract x's axis a with y's axis b, keep the batch of x only.
    xm, ym = np.moveaxis(x, a, -1), np.moveaxis(y, b, 1)
    ref = np.einsum("bik,bkj->bij", xm.reshape(2, -1, xm.shape[-1]), ym.reshape(2, ym.shape[1], -1))
    ref = ref.reshape(got.shape)
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got, keras.ops.convert_to_numpy(keras.layers.Dot(axes=axes)([x, y])), rtol=1e-6)


def with_mask(x, mask):
    x = torch.from_numpy(x)
    x._keras_mask = torch.from_numpy(mask)
    return x


MASKED = [Maximum, Minimum, Multiply, Add, Subtract, Average]


@pytest.mark.parametrize("cls", MASKED, ids=[c.__name__ for c in MASKED])
@pytest.mark.parametrize("masked", ["both", "first"])
def test_masked_merges_match_keras_outputs_and_masks(cls, masked, keras):
    x, y = arrays((2, 4, 3), (2, 4, 3))
    m1 = np.array([[True, False, True, False], [True, True, False, False]])
    m2 = np.array([[False, False, True, True], [True, False, True, False]])
    masks = [m1, m2] if masked == "both" else [m1, None]
    ours = [with_mask(a, m) if m is not None else torch.from_numpy(a) for a, m in zip((x, y), masks)]
    theirs = [with_mask(a, m) if m is not None else torch.from_numpy(a) for a, m in zip((x, y), masks)]
    want = getattr(keras.layers, cls.__name__)()(theirs)
    got = cls()(ours)
    np.testing.assert_allclose(got.numpy(), keras.ops.convert_to_numpy(want), rtol=1e-6)
    want_mask = getattr(want, "_keras_mask", None)
    got_mask = cls().compute_mask(ours, [getattr(t, "_keras_mask", None) for t in ours])
    if want_mask is None:
        assert got_mask is None
    else:
        np.testing.assert_array_equal(got_mask.numpy(), keras.ops.convert_to_numpy(want_mask))


def test_concatenate_mask_matches_keras(keras):
    x, y = arrays((2, 4, 3), (2, 4, 2))
    mask = np.array([[True, False, True, False], [False, True, True, True]])
    layer = keras.layers.Concatenate()
    want = layer.compute_mask([torch.from_numpy(x), torch.from_numpy(y)], [torch.from_numpy(mask), None])
    got = Concatenate().compute_mask([torch.from_numpy(x), torch.from_numpy(y)], [torch.from_numpy(mask), None])
    np.testing.assert_array_equal(got.numpy(), keras.ops.convert_to_numpy(want))
    assert Concatenate().compute_mask([x, y], [None, None]) is None
    assert Dot(axes=1).compute_mask([x, y], [torch.from_numpy(mask), None]) is None


def test_mask_list_must_match_inputs():
    x = torch.zeros(2, 3)
    with pytest.raises(ValueError, match="same length"):
        Add().compute_mask([x, x], [None])
    with pytest.raises(ValueError, match="`mask` should be a list"):
        Add().compute_mask([x, x], torch.ones(2, dtype=torch.bool))


@pytest.mark.parametrize("layer, inputs, pattern", [
    (Subtract(name="s"), [torch.zeros(2, 3)] * 3, r"`Subtract` layer \('s'\) should be called on exactly 2 inputs"),
    (Dot(axes=1, name="d"), [torch.zeros(2, 3)] * 3, r"`Dot` layer \('d'\) should be called on exactly 2 inputs"),
    (Add(name="a"), [torch.zeros(2, 3), torch.zeros(3, 3)], r"Add layer 'a': cannot merge tensors with different batch sizes"),
    (Maximum(name="m"), [torch.zeros(2, 3), torch.zeros(2, 4)], r"Maximum layer 'm'.*same shape.*\(None, 3\), \(None, 4\)"),
    (Dot(axes=1, name="d"), [torch.zeros(2, 3), torch.zeros(2, 4)], r"Dot layer 'd': incompatible input shapes.*3.*4"),
    (Dot(axes=0, name="d"), [torch.zeros(2, 3), torch.zeros(2, 3)], r"Dot layer 'd'.*non-batch axis"),
    (Dot(axes=1, name="d"), [torch.zeros(2), torch.zeros(2)], r"merge layer|non-batch axis"),
    (Concatenate(name="c"), [], r"at least 1 input"),
])
def test_bad_merges_raise_value_errors_naming_the_layer(layer, inputs, pattern):
    with pytest.raises(ValueError, match=pattern):
        layer(inputs)


def test_a_built_merge_layer_checks_later_calls_too():
    layer = Add(name="a")
    layer([torch.zeros(2, 3), torch.zeros(2, 3)])
    with pytest.raises(ValueError, match="Add layer 'a'"):
        layer([torch.zeros(2, 3), torch.zeros(2, 5)])


def test_dot_rejects_bad_axes_arguments():
    with pytest.raises(TypeError, match="axes"):
        Dot(axes="1")
    with pytest.raises(ValueError, match="two integers"):
        Dot(axes=(1, 2, 3))


def test_single_input_merges_are_the_identity_like_keras(keras):
    (x,) = arrays((2, 3))
    for cls in (Add, Multiply, Maximum, Concatenate):
        want = keras.ops.convert_to_numpy(getattr(keras.layers, cls.__name__)()([x]))
        np.testing.assert_array_equal(cls()([x]).numpy(), want)


dims = st.integers(1, 3)


@given(shape=st.lists(dims, min_size=1, max_size=3), ones=st.lists(st.booleans(), min_size=3, max_size=3),
       drop=st.integers(0, 2))
def test_broadcasting_eager_shape_equals_compute_output_shape(shape, ones, drop):
    """A second input with some axes set to 1 and leading axes dropped always broadcasts."""
    other = [1 if flag else d for d, flag in zip(shape, ones)][min(drop, len(shape) - 1):]
    a, b = torch.randn(2, *shape), torch.randn(2, *other)
    for layer in (Add(), Multiply(), Maximum(), Minimum()):
        y = layer([a, b])
        assert tuple(layer.compute_output_shape([(None, *shape), (None, *other)])) == (None, *y.shape[1:])
        assert tuple(y.shape) == tuple(torch.broadcast_shapes(a.shape, b.reshape(2, *([1] * (len(shape) - len(other))), *other).shape))


def test_keras_archive_round_trips_both_ways_with_keras(keras, tmp_path):
    a, b = lamina.layers.Input((3,)), lamina.layers.Input((3,))
    merged = concatenate([add([a, b]), multiply([a, b]), subtract([a, b]), average([a, b]), maximum([a, b]),
                          minimum([a, b]), dot([a, b], axes=1, normalize=True)])
    model = lamina.Model([a, b], merged)
    x = arrays((2, 3), (2, 3))
    model.save(tmp_path / "ours.keras")
    theirs = keras.models.load_model(tmp_path / "ours.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(theirs(x)), model(x).numpy(), rtol=1e-6, atol=1e-6)
    theirs.save(tmp_path / "theirs.keras")
    back = lamina.models.load_model(tmp_path / "theirs.keras")
    np.testing.assert_array_equal(back(x).numpy(), model(x).numpy())

"""`.weights.h5` files in Keras 3's layout (KERAS_SEMANTICS §9 K3), written and read by both
sides, and loads that either fit completely or change nothing."""

import h5py
import numpy as np
import pytest
import torch
from saving_cases import (
    CONV_TOL,
    MODELS,
    assert_same_outputs,
    conv_classifier,
    fresh,
    h5_bytes,
    h5_tree,
    model_inputs,
    random_weights,
    sample,
)

import lamina
from lamina import layers


def fitted(k, seed=0):
    model = fresh(k, conv_classifier)
    model.compile(k.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")
    rng = np.random.default_rng(seed)
    model.fit(rng.standard_normal((16, 6, 6, 2)).astype("float32"), rng.integers(0, 3, 16),
              batch_size=8, shuffle=False, verbose=0)
    return model


def snapshot(model):
    return [w.detach().clone() for w in model.weights]


def assert_unchanged(model, before):
    assert all(torch.equal(a, b) for a, b in zip(model.weights, before))


# ----------------------------------------------------------------- layout


def test_weights_file_layout_matches_keras_group_for_group(tmp_path, keras):
    """Same groups, datasets, shapes, dtypes and `name` attributes, optimizer included."""
    theirs, ours = fitted(keras), fitted(lamina)
    theirs.save_weights(tmp_path / "k.weights.h5")
    ours.save_weights(tmp_path / "l.weights.h5")
    assert h5_tree(tmp_path / "l.weights.h5") == h5_tree(tmp_path / "k.weights.h5")


def test_weights_file_names_groups_by_class_not_by_layer_name(tmp_path):
    model = fitted(lamina)
    model.save_weights(tmp_path / "w.weights.h5")
    tree = h5_tree(tmp_path / "w.weights.h5")
    assert tree["layers/conv2d/vars"] == {"name": "c1"}  # named "c1", stored as conv2d (K3)
    assert tree["layers/conv2d/vars/0"] == ((3, 3, 2, 3), "float32")
    assert tree["layers/conv2d_1/vars/0"] == ((2, 2, 3, 4), "float32")
    assert tree["layers/dense/vars/0"] == ((16, 5), "float32")
    assert tree["layers/dense_1/vars/0"] == ((5, 3), "float32")
    assert tree["layers/dense_1/vars/1"] == ((3,), "float32")
    assert [tree[f"layers/batch_normalization/vars/{i}"][0] for i in range(4)] == [(3,)] * 4
    assert tree["layers/flatten/vars"] == {"name": model.layers[4].name}  # empty but present
    assert tree["vars"] == {"name": "classifier"}
    # After fit with Adam: iterations, learning rate, then (momentum, velocity) per variable.
    assert tree["optimizer/vars"] == {"name": model.optimizer.name}
    assert tree["optimizer/vars/0"] == ((), "int32")
    assert tree["optimizer/vars/1"] == ((), "float32")
    trainable = [tuple(w.shape) for w in model.trainable_weights]
    slots = [tree[f"optimizer/vars/{i}"][0] for i in range(2, 2 + 2 * len(trainable))]
    assert slots == [shape for shape in trainable for _ in range(2)]
    assert f"optimizer/vars/{2 + 2 * len(trainable)}" not in tree


def test_nested_model_weights_live_under_the_nested_group(tmp_path, keras):
    theirs, ours = fresh(keras, MODELS["nested_sequential"]), fresh(lamina, MODELS["nested_sequential"])
    theirs.save_weights(tmp_path / "k.weights.h5")
    ours.save_weights(tmp_path / "l.weights.h5")
    tree = h5_tree(tmp_path / "l.weights.h5")
    assert tree["layers/sequential/vars"] == {"name": "inner"}
    assert tree["layers/sequential/layers/dense/vars/0"] == ((6, 5), "float32")
    assert tree == h5_tree(tmp_path / "k.weights.h5")


# ----------------------------------------------------------------- both directions


@pytest.mark.parametrize("name", list(MODELS))
def test_keras_weights_load_into_lamina(name, tmp_path, keras):
    theirs, ours = MODELS[name](keras), MODELS[name](lamina)
    theirs.set_weights(random_weights(theirs))
    theirs.save_weights(tmp_path / "k.weights.h5")
    ours.load_weights(tmp_path / "k.weights.h5")
    x = model_inputs(theirs)
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), CONV_TOL)


@pytest.mark.parametrize("name", list(MODELS))
def test_lamina_weights_load_into_keras(name, tmp_path, keras):
    theirs, ours = MODELS[name](keras), MODELS[name](lamina)
    ours.set_weights(random_weights(ours))
    ours.save_weights(tmp_path / "l.weights.h5")
    theirs.load_weights(tmp_path / "l.weights.h5")
    x = model_inputs(ours)
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), CONV_TOL)


def test_optimizer_state_moves_through_weights_files_both_ways(tmp_path, keras):
    theirs = fitted(keras)
    theirs.save_weights(tmp_path / "k.weights.h5")
    ours = conv_classifier(lamina)
    ours.compile(lamina.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")
    ours.load_weights(tmp_path / "k.weights.h5")
    assert int(ours.optimizer.iterations) == 2
    keras_vars = [np.asarray(v.value.detach()) for v in theirs.optimizer.variables]
    for a, b in zip(ours.optimizer.variables, keras_vars, strict=True):
        np.testing.assert_array_equal(a.numpy(), b)

    ours.save_weights(tmp_path / "l.weights.h5")
    back = fitted(keras, seed=3)  # a built Keras optimizer with other state
    back.load_weights(tmp_path / "l.weights.h5")
    assert int(back.optimizer.iterations) == 2
    for a, b in zip(back.optimizer.variables, keras_vars, strict=True):
        np.testing.assert_array_equal(np.asarray(a.value.detach()), b)


def test_load_weights_reads_a_keras_archive(tmp_path, keras):
    theirs = conv_classifier(keras)
    theirs.set_weights(random_weights(theirs))
    theirs.save(tmp_path / "k.keras")
    ours = conv_classifier(lamina)
    ours.load_weights(tmp_path / "k.keras")
    x = sample((4, 6, 6, 2))
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), CONV_TOL)


# ----------------------------------------------------------------- mismatches


def test_mismatched_shapes_name_layer_expected_and_found_and_load_nothing(tmp_path):
    small = lamina.Sequential([lamina.Input((4,)), layers.Dense(3, name="a"), layers.Dense(2, name="b")])
    wide = lamina.Sequential([lamina.Input((4,)), layers.Dense(3, name="a"), layers.Dense(5, name="b")])
    wide.save_weights(tmp_path / "wide.weights.h5")
    before = snapshot(small)
    with pytest.raises(ValueError) as error:
        small.load_weights(tmp_path / "wide.weights.h5")
    message = str(error.value)
    assert "wide.weights.h5" in message and "nothing was loaded" in message
    assert "layers/dense_1" in message and "(b, Dense)" in message
    assert "expected shape (3, 2), found (3, 5)" in message
    assert "expected shape (2,), found (5,)" in message
    assert "layers/dense " not in message  # the fitting first layer is not reported...
    assert_unchanged(small, before)  # ...and not loaded either: all or nothing


def test_missing_and_extra_layers_are_errors(tmp_path):
    two = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(2)])
    three = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(2), layers.Dense(2)])
    two.save_weights(tmp_path / "two.weights.h5")
    three.save_weights(tmp_path / "three.weights.h5")
    before = snapshot(three)
    with pytest.raises(ValueError, match=r"layers/dense_2 \(.*Dense\): missing from the file"):
        three.load_weights(tmp_path / "two.weights.h5")
    assert_unchanged(three, before)
    before = snapshot(two)
    with pytest.raises(ValueError, match=r"layers/dense_2: the file has weights for a layer the model does not have"):
        two.load_weights(tmp_path / "three.weights.h5")
    assert_unchanged(two, before)


def test_wrong_number_of_variables_in_a_group_is_an_error(tmp_path):
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3)])
    data = h5_bytes(lambda h: h.create_group("layers/dense/vars").create_dataset("0", data=np.ones((4, 3))))
    (tmp_path / "w.weights.h5").write_bytes(data)
    before = snapshot(model)
    with pytest.raises(ValueError, match=r"expected 2 weights \[\(4, 3\), \(3,\)\], found 1"):
        model.load_weights(tmp_path / "w.weights.h5")
    assert_unchanged(model, before)


def test_non_numeric_weights_of_the_right_shape_load_nothing(tmp_path):
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3)])

    def build(h):
        group = h.create_group("layers/dense/vars")
        group.create_dataset("0", data=np.full((4, 3), 7.0, "float32"))  # fits
        group.create_dataset("1", data=np.array([b"a", b"b", b"c"]))  # right shape, not numbers

    (tmp_path / "w.weights.h5").write_bytes(h5_bytes(build))
    before = snapshot(model)
    try:
        with pytest.raises(ValueError, match="w.weights.h5"):
            model.load_weights(tmp_path / "w.weights.h5")
    finally:
        assert_unchanged(model, before)


def test_skip_mismatch_loads_what_fits(tmp_path):
    small = lamina.Sequential([lamina.Input((4,)), layers.Dense(3, name="a"), layers.Dense(2, name="b")])
    wide = lamina.Sequential([lamina.Input((4,)), layers.Dense(3, name="a"), layers.Dense(5, name="b")])
    wide.set_weights(random_weights(wide))
    wide.save_weights(tmp_path / "wide.weights.h5")
    before = snapshot(small)
    small.load_weights(tmp_path / "wide.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(small.layers[0].get_weights()[0], wide.layers[0].get_weights()[0])
    assert all(torch.equal(a, b) for a, b in zip(small.layers[1].weights, before[2:]))


# ----------------------------------------------------------------- file names


def test_weights_file_name_must_end_in_weights_h5(tmp_path, keras):
    model = conv_classifier(lamina)
    for name in ("w.h5", "w.keras", "weights"):
        with pytest.raises(ValueError, match=r"The filename must end in `\.weights\.h5`"):
            model.save_weights(tmp_path / name)
    with pytest.raises(ValueError, match=r"The filename must end in `\.weights\.h5`"):
        conv_classifier(keras).save_weights(tmp_path / "w.h5")  # Keras's own words
    with pytest.raises(ValueError, match=r"\.weights\.h5.*w\.h5"):
        model.load_weights(tmp_path / "w.h5")
    with pytest.raises(FileNotFoundError, match="none.weights.h5"):
        model.load_weights(tmp_path / "none.weights.h5")
    assert list(tmp_path.iterdir()) == []


def test_garbage_weights_file_is_a_clear_error(tmp_path):
    model = conv_classifier(lamina)
    (tmp_path / "w.weights.h5").write_bytes(b"not an hdf5 file at all" * 10)
    before = snapshot(model)
    with pytest.raises(ValueError, match=r"w\.weights\.h5.*HDF5"):
        model.load_weights(tmp_path / "w.weights.h5")
    assert_unchanged(model, before)


def test_bad_optimizer_state_loads_nothing(tmp_path):
    source = fitted(lamina, seed=1)
    source.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "w.weights.h5", "r+") as handle:
        del handle["optimizer/vars/2"]
        handle["optimizer/vars/2"] = np.zeros((2, 7), "float32")  # a slot of the wrong shape
    target = fitted(lamina, seed=2)
    before = snapshot(target)
    try:
        with pytest.raises(ValueError, match=r"w\.weights\.h5"):
            target.load_weights(tmp_path / "w.weights.h5")
    finally:
        assert_unchanged(target, before)

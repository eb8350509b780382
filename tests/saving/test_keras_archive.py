"""`.keras` archives both ways: Keras 3 writes, Lamina reads; Lamina writes, Keras 3 reads.

Keras (KERAS_BACKEND=torch) is the oracle: every round trip is checked by predictions at
the stated tolerance, by the archive's layout (KERAS_SEMANTICS §9 K1-K3), and for compiled
models by the compile config and the optimizer state on the other side.
"""

import json
import zipfile

import numpy as np
import pytest
import torch
from saving_cases import (
    CONV_TOL,
    DENSE_TOL,
    LAYER_CASES,
    LAYER_IDS,
    MODELS,
    assert_same_outputs,
    config_differences,
    conv_classifier,
    fresh,
    model_inputs,
    normalized,
    random_weights,
    read_members,
    sample,
)

import lamina
from lamina import layers


def keras_state(optimizer):
    return [np.asarray(v.value.detach().cpu()) for v in optimizer.variables]


def lamina_state(optimizer):
    return [v.detach().cpu().numpy() for v in optimizer.variables]


def assert_same_state(ours, theirs):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def classification_data(seed=0, n=16):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 6, 6, 2)).astype("float32"), rng.integers(0, 3, n)


# ----------------------------------------------------------------- layout


def test_archive_is_a_stored_zip_with_keras_members(tmp_path, keras):
    path = tmp_path / "m.keras"
    conv_classifier(lamina).save(path)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["metadata.json", "config.json", "model.weights.h5"]
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    members = read_members(path)
    metadata = json.loads(members["metadata.json"])
    assert metadata["keras_version"] == keras.__version__
    assert len(metadata["date_saved"]) == len("2024-01-31@12:00:00") and metadata["date_saved"][10] == "@"
    config = json.loads(members["config.json"])
    assert config["class_name"] == "Sequential" and config["module"] == "keras"
    assert config["compile_config"] == {}  # not compiled (K2)
    assert config["config"]["layers"][0]["class_name"] == "InputLayer"
    assert config["config"]["build_input_shape"] == [None, 6, 6, 2]


def test_archive_config_matches_the_one_keras_writes(tmp_path, keras):
    """The same Sequential saved by both sides gives the same config.json, key for key."""
    fresh(keras, conv_classifier).save(tmp_path / "k.keras")
    fresh(lamina, conv_classifier).save(tmp_path / "l.keras")
    theirs = normalized(json.loads(read_members(tmp_path / "k.keras")["config.json"]))
    ours = normalized(json.loads(read_members(tmp_path / "l.keras")["config.json"]))
    assert config_differences(theirs, ours) == []


# ----------------------------------------------------------------- every layer, both ways


@pytest.mark.parametrize("case", LAYER_CASES, ids=LAYER_IDS)
def test_keras_archive_of_each_layer_loads_in_lamina(case, tmp_path, keras):
    theirs = case.model(keras)
    theirs.set_weights(random_weights(theirs))
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    assert type(ours.layers[0]).__name__ == case.layer
    assert ours.layers[0].get_config()["name"] == theirs.layers[0].name
    x = sample((4, *case.input_shape))
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), case.tol)


@pytest.mark.parametrize("case", LAYER_CASES, ids=LAYER_IDS)
def test_lamina_archive_of_each_layer_loads_in_keras(case, tmp_path, keras):
    ours = case.model(lamina)
    ours.set_weights(random_weights(ours))
    ours.save(tmp_path / "l.keras")
    theirs = keras.saving.load_model(tmp_path / "l.keras")
    x = sample((4, *case.input_shape))
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), case.tol)


def test_batch_normalization_statistics_after_keras_fit_load_in_lamina(tmp_path, keras):
    """Moving mean/variance come out of a real fit (channels_last and channels_first)."""
    L = keras.layers
    theirs = keras.Sequential([
        keras.Input((6, 6, 2)),
        L.BatchNormalization(momentum=0.5),
        L.Permute((3, 1, 2)),
        L.BatchNormalization(axis=1, momentum=0.5),
        L.Flatten(),
        L.Dense(2),
    ])
    theirs.compile("sgd", "mse")
    x, y = sample((16, 6, 6, 2)) * 3 + 1, sample((16, 2))
    theirs.fit(x, y, epochs=2, batch_size=8, verbose=0)
    moving = [w for w in theirs.get_weights()[2:4]]
    assert not np.allclose(moving[0], 0) and not np.allclose(moving[1], 1)  # non-trivial stats
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), DENSE_TOL)


# ----------------------------------------------------------------- whole models


@pytest.mark.parametrize("name", list(MODELS))
def test_keras_archive_of_model_loads_in_lamina(name, tmp_path, keras):
    theirs = MODELS[name](keras)
    theirs.set_weights(random_weights(theirs))
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.name == theirs.name
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    assert ours.count_params() == theirs.count_params()
    x = model_inputs(theirs)
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), CONV_TOL)


@pytest.mark.parametrize(
    "name",
    [
        "sequential",
        pytest.param(
            "two_in_two_out",
        ),
        pytest.param(
            "nested_sequential",
        ),
        pytest.param(
            "image_functional",
        ),
    ],
)
def test_lamina_archive_of_model_loads_in_keras(name, tmp_path, keras):
    ours = MODELS[name](lamina)
    ours.set_weights(random_weights(ours))
    ours.save(tmp_path / "l.keras")
    theirs = keras.saving.load_model(tmp_path / "l.keras")
    assert theirs.name == ours.name
    assert [layer.name for layer in theirs.layers] == [layer.name for layer in ours.layers]
    x = model_inputs(ours)
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), CONV_TOL)


@pytest.mark.parametrize("name", list(MODELS))
def test_lamina_archive_round_trip(name, tmp_path):
    model = MODELS[name](lamina)
    model.set_weights(random_weights(model))
    model.save(tmp_path / "m.keras")
    for loader in (lamina.models.load_model, lamina.saving.load_model):
        clone = loader(tmp_path / "m.keras")
        assert type(clone) is type(model)
        assert clone.get_config() == model.get_config()
        x = model_inputs(model)
        assert_same_outputs(clone.predict(x, verbose=0), model.predict(x, verbose=0), None)


def test_loaded_model_is_a_plain_torch_module(tmp_path):
    model = conv_classifier(lamina)
    model.save(tmp_path / "m.keras")
    clone = lamina.models.load_model(tmp_path / "m.keras")
    assert isinstance(clone, torch.nn.Module)
    assert clone.state_dict().keys() == model.state_dict().keys()
    assert all(torch.equal(a, b) for a, b in zip(clone.state_dict().values(), model.state_dict().values()))


# ----------------------------------------------------------------- compile config and optimizer state


def compile_both(k, variant):
    opt = k.optimizers
    return {
        "adam": dict(optimizer=opt.Adam(1e-2), loss="sparse_categorical_crossentropy", metrics=["accuracy"]),
        "sgd": dict(
            optimizer=opt.SGD(0.1, momentum=0.9, nesterov=True),
            loss=k.losses.SparseCategoricalCrossentropy(),
            metrics=[k.metrics.SparseCategoricalAccuracy()],
        ),
        "rmsprop": dict(optimizer=opt.RMSprop(1e-3, rho=0.8), loss="sparse_categorical_crossentropy"),
        "adamw": dict(optimizer=opt.AdamW(1e-2, weight_decay=0.05, amsgrad=True),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"]),
    }[variant]


def without_optimizer_module(config):
    config = json.loads(json.dumps(config))
    config["optimizer"].pop("module")  # Keras names its backend module here
    config["optimizer"].pop("registered_name")
    return config


@pytest.mark.parametrize("variant", ["adam", "sgd", "rmsprop", "adamw"])
def test_compiled_lamina_archive_restores_compile_and_optimizer_state_in_keras(variant, tmp_path, keras):
    x, y = classification_data()
    ours = conv_classifier(lamina)
    ours.compile(**compile_both(lamina, variant))
    ours.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    ours.save(tmp_path / "l.keras")

    theirs = keras.saving.load_model(tmp_path / "l.keras")
    assert type(theirs.optimizer).__name__ == type(ours.optimizer).__name__
    assert int(theirs.optimizer.iterations) == int(ours.optimizer.iterations) == 2
    assert_same_state(lamina_state(ours.optimizer), keras_state(theirs.optimizer))
    assert without_optimizer_module(theirs.get_compile_config()) == without_optimizer_module(
        ours.get_compile_config()
    )
    # The Keras model evaluates the same loss on the restored weights.
    np.testing.assert_allclose(
        theirs.evaluate(x, y, verbose=0, return_dict=True)["loss"],
        ours.evaluate(x, y, verbose=0, return_dict=True)["loss"],
        rtol=1e-5,
    )


@pytest.mark.parametrize("variant", ["adam", "sgd", "rmsprop", "adamw"])
def test_compiled_keras_archive_restores_compile_and_optimizer_state_in_lamina(variant, tmp_path, keras):
    x, y = classification_data()
    theirs = conv_classifier(keras)
    theirs.compile(**compile_both(keras, variant))
    theirs.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    theirs.save(tmp_path / "k.keras")

    ours = lamina.models.load_model(tmp_path / "k.keras")
    assert ours.compiled
    assert type(ours.optimizer).__name__ == type(theirs.optimizer).__name__
    assert int(ours.optimizer.iterations) == int(theirs.optimizer.iterations) == 2
    assert_same_state(lamina_state(ours.optimizer), keras_state(theirs.optimizer))
    assert without_optimizer_module(ours.get_compile_config()) == without_optimizer_module(
        theirs.get_compile_config()
    )
    written = json.loads(read_members(tmp_path / "k.keras")["config.json"])["compile_config"]
    assert ours.get_compile_config()["loss"] == written["loss"]
    assert ours.get_compile_config()["metrics"] == written["metrics"]


def test_archive_compile_config_matches_the_one_keras_writes(tmp_path, keras):
    x, y = classification_data()
    for k, name in ((keras, "k"), (lamina, "l")):
        model = fresh(k, conv_classifier)  # optimizer names are numbered too
        model.compile(**compile_both(k, "adam"))
        model.fit(x, y, batch_size=8, epochs=1, verbose=0)
        model.save(tmp_path / f"{name}.keras")
    theirs, ours = (
        json.loads(read_members(tmp_path / f"{n}.keras")["config.json"])["compile_config"] for n in "kl"
    )
    assert without_optimizer_module(ours) == without_optimizer_module(theirs)
    assert set(ours) == set(theirs)


def test_load_model_compile_false_leaves_the_model_uncompiled(tmp_path):
    x, y = classification_data()
    model = conv_classifier(lamina)
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, verbose=0)
    model.save(tmp_path / "m.keras")
    clone = lamina.models.load_model(tmp_path / "m.keras", compile=False)
    assert not clone.compiled and clone.optimizer is None
    assert_same_outputs(clone.predict(x, verbose=0), model.predict(x, verbose=0), None)


def test_multi_output_compile_config_from_keras(tmp_path, keras):
    """Per-output losses by name, loss weights and metrics survive Keras -> Lamina."""
    theirs = MODELS["two_in_two_out"](keras)
    theirs.compile(
        optimizer="adam",
        loss={"o1": "mse", "o2": "mae"},
        loss_weights={"o1": 1.0, "o2": 0.5},
        metrics={"o1": ["mae"], "o2": ["mse"]},
    )
    x = model_inputs(theirs)
    y = [sample((5, 3), 7), sample((5, 2), 8)]
    theirs.fit(x, y, verbose=0)
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    assert int(ours.optimizer.iterations) == 1
    assert_same_state(lamina_state(ours.optimizer), keras_state(theirs.optimizer))
    ours_logs = ours.evaluate(x, y, verbose=0, return_dict=True)
    theirs_logs = theirs.evaluate(x, y, verbose=0, return_dict=True)
    np.testing.assert_allclose(ours_logs["loss"], theirs_logs["loss"], rtol=1e-5)


# ----------------------------------------------------------------- resuming training


def test_save_load_fit_equals_uninterrupted_fit(tmp_path):
    """One epoch, save, load, one epoch == two epochs in one go: bit-identical weights."""
    x, y = classification_data(n=24)
    straight, resumed = conv_classifier(lamina), conv_classifier(lamina)
    resumed.set_weights(straight.get_weights())
    for model in (straight, resumed):
        model.compile(lamina.optimizers.Adam(1e-2), "sparse_categorical_crossentropy", metrics=["accuracy"])

    history = straight.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0).history
    first = resumed.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history
    resumed.save(tmp_path / "m.keras")
    del resumed
    loaded = lamina.models.load_model(tmp_path / "m.keras")
    assert loaded.compiled and int(loaded.optimizer.iterations) == 3
    second = loaded.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history

    assert first["loss"][0] == history["loss"][0]
    assert second["loss"][0] == history["loss"][1]  # the loss continues where it was
    assert second["accuracy"][0] == history["accuracy"][1]
    assert int(loaded.optimizer.iterations) == int(straight.optimizer.iterations) == 6
    for a, b in zip(loaded.weights, straight.weights):
        assert torch.equal(a, b)
    for a, b in zip(loaded.optimizer.variables, straight.optimizer.variables):
        assert torch.equal(a, b)


def test_keras_archive_resumes_training_in_lamina(tmp_path, keras):
    """A model Keras trained for one epoch keeps training in Lamina from its saved state:
    the first resumed loss equals Keras's second-epoch loss."""
    x, y = classification_data(n=24)
    theirs = conv_classifier(keras)
    theirs.compile(keras.optimizers.SGD(0.05, momentum=0.9), "sparse_categorical_crossentropy")
    theirs.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    ours_loss = ours.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history["loss"][0]
    theirs_loss = theirs.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history["loss"][0]
    np.testing.assert_allclose(ours_loss, theirs_loss, rtol=1e-4)
    assert int(ours.optimizer.iterations) == int(theirs.optimizer.iterations) == 6
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-5)  # 3 SGD steps apart from the same state


# ----------------------------------------------------------------- custom objects


class LaminaScale(lamina.Layer):
    """A user layer with one weight and one constructor argument."""

    def __init__(self, init=2.0, **kwargs):
        super().__init__(**kwargs)
        self.init = init

    def build(self, input_shape):
        self.factor = self.add_weight("factor", (input_shape[-1],), initializer="ones")

    def call(self, inputs):
        return inputs * self.factor * self.init

    def get_config(self):
        return {**super().get_config(), "init": self.init}


def test_custom_layer_loads_only_through_custom_objects(tmp_path):
    model = lamina.Sequential([lamina.Input((3,)), LaminaScale(init=3.0, name="scale"), layers.Dense(2)])
    model.set_weights(random_weights(model))
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match="Could not interpret layer class identifier: 'LaminaScale'.*custom_objects"):
        lamina.models.load_model(tmp_path / "m.keras")
    clone = lamina.models.load_model(tmp_path / "m.keras", custom_objects={"LaminaScale": LaminaScale})
    assert isinstance(clone.layers[0], LaminaScale) and clone.layers[0].init == 3.0
    x = sample((4, 3))
    assert_same_outputs(clone.predict(x, verbose=0), model.predict(x, verbose=0), None)


def test_keras_custom_layer_maps_to_a_lamina_class_through_custom_objects(tmp_path, keras):
    # Same class name on both sides: Keras names the weight group after the class (`scale`).
    @keras.saving.register_keras_serializable(package="saving_tests")
    class Scale(keras.layers.Layer):
        def __init__(self, init=2.0, **kwargs):
            super().__init__(**kwargs)
            self.init = init

        def build(self, input_shape):
            self.factor = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="factor")

        def call(self, inputs):
            return inputs * self.factor * self.init

        def get_config(self):
            return {**super().get_config(), "init": self.init}

    theirs = keras.Sequential([keras.Input((3,)), Scale(init=3.0, name="scale"), keras.layers.Dense(2)])
    theirs.set_weights(random_weights(theirs))
    theirs.save(tmp_path / "k.keras")

    class Scale(LaminaScale):  # weight groups are named after the class, here as there
        pass

    ours = lamina.models.load_model(tmp_path / "k.keras", custom_objects={"Scale": Scale})
    assert isinstance(ours.layers[0], Scale) and ours.layers[0].init == 3.0
    x = sample((4, 3))
    assert_same_outputs(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), DENSE_TOL)


def doubled(x):
    return x * 2


@pytest.mark.parametrize("writer", ["lamina", "keras"])
def test_custom_activation_function_loads_through_custom_objects(writer, tmp_path, keras):
    k = lamina if writer == "lamina" else keras
    model = k.Sequential([k.Input((3,)), k.layers.Dense(2, activation=doubled)])
    model.set_weights(random_weights(model))
    model.save(tmp_path / "m.keras")
    ours = lamina.models.load_model(tmp_path / "m.keras", custom_objects={"doubled": doubled})
    x = sample((4, 3))
    assert_same_outputs(ours.predict(x, verbose=0), model.predict(x, verbose=0), DENSE_TOL)


# ----------------------------------------------------------------- file names


def test_save_with_a_wrong_extension_is_a_keras_like_error(tmp_path, keras):
    model = conv_classifier(lamina)
    for name in ("m.h5", "m.txt", "m"):
        with pytest.raises(ValueError, match=r"Invalid filepath extension for saving.*\.keras"):
            model.save(tmp_path / name)
    with pytest.raises(ValueError, match=r"Invalid filepath extension for saving"):
        conv_classifier(keras).save(tmp_path / "m.txt")  # the same words as Keras
    assert list(tmp_path.iterdir()) == []


def test_load_model_names_the_wrong_kind_of_file(tmp_path):
    with pytest.raises(ValueError, match=r"w\.weights\.h5.*load_weights"):
        lamina.models.load_model(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match=r"m\.h5.*legacy"):
        lamina.models.load_model(tmp_path / "m.h5")
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        lamina.models.load_model(tmp_path / "missing.keras")


def test_save_accepts_str_and_pathlike_and_overwrites(tmp_path):
    model = conv_classifier(lamina)
    model.save(str(tmp_path / "m.keras"))
    first = (tmp_path / "m.keras").read_bytes()
    model.set_weights(random_weights(model, seed=5))
    model.save(tmp_path / "m.keras")
    assert (tmp_path / "m.keras").read_bytes() != first
    clone = lamina.models.load_model(str(tmp_path / "m.keras"))
    for a, b in zip(clone.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]

"""Nothing executed: loading resolves classes through Lamina's registry only. Configs that
name code (`os.system`, `subprocess.Popen`, `eval`, `__import__`, a Lambda layer) are a
ValueError naming the class, and a sentinel file shows that nothing ran. Archive members
are read by name, never extracted, so `../` or absolute member paths write nothing."""

import copy
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from saving_cases import read_members, with_config

import lamina
from lamina import layers


@pytest.fixture
def archive(tmp_path):
    """A compiled, fitted two-Dense model saved by Lamina."""
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(2)])
    model.compile("adam", "mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    model.fit(rng.random((8, 4), "float32"), rng.random((8, 2), "float32"), verbose=0)
    path = tmp_path / "good.keras"
    model.save(path)
    return path


def hostile_configs(sentinel):
    """(description, edit(config), class name the error must name)."""
    touch = f"__import__('pathlib').Path({str(sentinel)!r}).touch()"
    shell = {"command": f"touch {sentinel}"}

    def layer(c):
        return c["config"]["layers"][1]

    return [
        ("model is os.system", lambda c: c.update(module="os", class_name="system", config=shell), "system"),
        ("layer is os.system", lambda c: layer(c).update(module="os", class_name="system", config=shell), "system"),
        ("layer is subprocess.Popen",
         lambda c: layer(c).update(module="subprocess", class_name="Popen", config={"args": ["touch", str(sentinel)]}),
         "Popen"),
        ("layer is builtins.eval",
         lambda c: layer(c).update(module="builtins", class_name="eval", config={"source": touch}), "eval"),
        ("dotted class name", lambda c: layer(c).update(class_name="builtins.eval"), "builtins.eval"),
        ("layer is __import__",
         lambda c: layer(c).update(module="builtins", class_name="__import__", config={"name": "os"}), "__import__"),
        ("class name is code", lambda c: layer(c).update(class_name=touch), "__import__"),
        ("Lambda layer",
         lambda c: layer(c).update(
             class_name="Lambda",
             config={"name": "lambda", "function": {"class_name": "__lambda__", "config": {"code": touch}}},
         ),
         "Lambda"),
        ("registered_name points at os",
         lambda c: layer(c).update(module="os", class_name="system", registered_name="os>system"), "system"),
        ("initializer is os.system",
         lambda c: layer(c)["config"]["kernel_initializer"].update(module="os", class_name="system", config=shell),
         "system"),
        ("regularizer is subprocess.Popen",
         lambda c: layer(c)["config"].update(
             kernel_regularizer={"module": "subprocess", "class_name": "Popen", "config": {"args": ["touch"]}}
         ),
         "Popen"),
        ("activation function is os.system",
         lambda c: layer(c)["config"].update(
             activation={"module": "os", "class_name": "function", "config": "system", "registered_name": "system"}
         ),
         "system"),
        ("activation name is dotted", lambda c: layer(c)["config"].update(activation="os.system"), "os.system"),
        ("optimizer is os.system",
         lambda c: c["compile_config"]["optimizer"].update(module="os", class_name="system"), "system"),
        ("loss function is builtins.eval",
         lambda c: c["compile_config"].update(
             loss={"module": "builtins", "class_name": "function", "config": "eval", "registered_name": "eval"}
         ),
         "eval"),
        ("loss name is dotted", lambda c: c["compile_config"].update(loss="builtins.eval"), "builtins.eval"),
        ("metric is subprocess.Popen",
         lambda c: c["compile_config"].update(
             metrics=[{"module": "subprocess", "class_name": "Popen", "config": {"args": ["touch", str(sentinel)]}}]
         ),
         "Popen"),
    ]


HOSTILE_IDS = [description for description, _, _ in hostile_configs("x")]


@pytest.mark.parametrize("index", range(len(HOSTILE_IDS)), ids=HOSTILE_IDS)
@pytest.mark.parametrize("safe_mode", [True, False])
def test_configs_naming_code_are_refused_and_nothing_runs(index, safe_mode, archive, tmp_path):
    sentinel = tmp_path / "SENTINEL"
    _, edit, class_name = hostile_configs(sentinel)[index]
    path = with_config(archive, tmp_path / "hostile.keras", edit)
    with pytest.raises(ValueError) as error:
        lamina.models.load_model(path, safe_mode=safe_mode)
    assert class_name in str(error.value)
    assert not sentinel.exists()


def test_lambda_error_explains_the_way_out(archive, tmp_path):
    """A Lambda naming a function loads only when the caller passes that function."""

    def edit(config):
        config["config"]["layers"][1].update(class_name="Lambda", config={"function": "x"})

    path = with_config(archive, tmp_path / "lambda.keras", edit)
    with pytest.raises(ValueError, match=r"Lambda: unknown function 'x'.*custom_objects"):
        lamina.models.load_model(path)


def test_lambda_bytecode_is_refused_in_safe_mode(archive, tmp_path):
    """Keras writes a Python lambda as marshalled bytecode; loading it would run it."""
    import base64
    import marshal

    code = base64.b64encode(marshal.dumps((lambda x: x).__code__)).decode()

    def edit(config):
        config["config"]["layers"][1].update(
            class_name="Lambda",
            config={"function": {"class_name": "__lambda__", "config": {"code": code, "defaults": None,
                                                                        "closure": None}}},
        )

    path = with_config(archive, tmp_path / "lambda_code.keras", edit)
    with pytest.raises(ValueError, match=r"safe_mode"):
        lamina.models.load_model(path)


def test_nested_hostile_layer_inside_a_functional_model_is_refused(tmp_path):
    a = lamina.Input((4,), name="a")
    inner = lamina.Sequential([lamina.Input((4,)), layers.Dense(2)], name="inner")
    lamina.Model(a, inner(a)).save(tmp_path / "f.keras")
    sentinel = tmp_path / "SENTINEL"

    def edit(config):
        entry = next(e for e in config["config"]["layers"] if e["class_name"] == "Sequential")
        entry["config"]["layers"][1].update(module="os", class_name="system", config={"command": f"touch {sentinel}"})

    path = with_config(tmp_path / "f.keras", tmp_path / "hostile.keras", edit)
    with pytest.raises(ValueError, match="'system'"):
        lamina.models.load_model(path)
    assert not sentinel.exists()


def test_custom_objects_are_the_only_way_in(archive, tmp_path):
    """A caller's own Layer subclass loads when passed; the same name without it does not."""

    class Doubler(lamina.Layer):
        def call(self, inputs):
            return inputs * 2

    def edit(config):
        config["config"]["layers"].insert(
            2, {"module": "my_project.layers", "class_name": "Doubler", "config": {"name": "doubler"},
                "registered_name": "my_project>Doubler"}
        )

    path = with_config(archive, tmp_path / "custom.keras", edit)
    with pytest.raises(ValueError, match="'Doubler'"):
        lamina.models.load_model(path)
    model = lamina.models.load_model(path, custom_objects={"Doubler": Doubler})
    assert isinstance(model.layers[1], Doubler)
    original = lamina.models.load_model(archive)
    x = torch.ones(2, 4)
    first, second = original.layers
    assert torch.equal(model(x), second(2 * first(x)))  # weights went to the right layers


# ----------------------------------------------------------------- path traversal


def test_members_with_absolute_or_parent_paths_are_never_extracted(archive, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    absolute = tmp_path / "abs_evil.txt"  # an absolute path inside tmp_path...
    system_absolute = Path("/tmp/abs_evil.txt")  # ...and the classic one
    system_absolute_existed = system_absolute.exists()
    members = read_members(archive)
    evil = {
        "../evil.txt": b"escaped to the parent",
        "../../evil2.txt": b"escaped two levels",
        str(absolute): b"written by absolute path",
        str(system_absolute): b"written by absolute path",
        "assets/../../evil3.txt": b"escaped through assets",
    }
    with zipfile.ZipFile(work / "evil.keras", "w") as zf:
        for name, data in {**members, **evil}.items():
            info = zipfile.ZipInfo(name)  # ZipInfo keeps the name as given (writestr would strip "/")
            zf.writestr(info, data)
    with zipfile.ZipFile(work / "evil.keras") as zf:
        assert str(absolute) in zf.namelist() and "../evil.txt" in zf.namelist()

    model = lamina.models.load_model(work / "evil.keras")  # the valid members still load
    assert model.count_params() == lamina.models.load_model(archive).count_params()
    lamina.models.load_model("evil.keras")  # relative to the cwd, too
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path.parent / "evil2.txt").exists()
    assert not (tmp_path / "evil3.txt").exists()
    assert not absolute.exists()
    assert system_absolute.exists() == system_absolute_existed
    assert sorted(p.name for p in work.iterdir()) == ["evil.keras"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.keras", "work"]


def test_loading_writes_nothing_anywhere(archive, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = sorted(p.name for p in tmp_path.iterdir())
    lamina.models.load_model(archive)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list(work.iterdir()) == []


def test_json_config_with_unknown_keys_for_a_known_layer_is_a_clear_error(archive, tmp_path):
    def edit(config):
        config["config"]["layers"][1]["config"]["__class__"] = "os.system"

    path = with_config(archive, tmp_path / "extra.keras", edit)
    with pytest.raises(ValueError, match="__class__"):
        lamina.models.load_model(path)


def test_archive_config_is_data_only(archive):
    """What Lamina writes names only classes from its registry (no module paths to import)."""
    config = json.loads(read_members(archive)["config.json"])
    modules = set()

    def walk(value):
        if isinstance(value, dict):
            if "module" in value:
                modules.add(value["module"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(copy.deepcopy(config))
    assert modules <= {"keras", "keras.layers", "keras.initializers", "keras.optimizers",
                       "keras.losses", "keras.metrics", "keras.regularizers"}

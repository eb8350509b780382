"""`lamina.random`: reproducibility, distribution statistics and `SeedGenerator` state.

Value-for-value parity of each seeded op with `keras.random` lives in the op table
(`cases_linalg_math.py`); here are the properties a table row cannot express.
"""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina.random as random
from lamina.random import SeedGenerator

N = 20_000  # samples for the statistics: standard errors ~0.007 for unit variance


def test_int_seed_replays_and_different_seeds_differ():
    a = random.normal((100,), seed=1)
    assert torch.equal(a, random.normal((100,), seed=1))
    assert not torch.equal(a, random.normal((100,), seed=2))


@given(seed=st.integers(0, 2**40), low=st.floats(-5, 5), width=st.floats(0.1, 5),
       shape=st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_any_seed_replays_within_bounds(seed, low, width, shape):
    a = random.uniform(shape, minval=low, maxval=low + width, seed=seed)
    assert torch.equal(a, random.uniform(shape, minval=low, maxval=low + width, seed=seed))
    assert a.shape == tuple(shape) and (a >= low).all() and (a <= low + width).all()
    x = torch.arange(int(np.prod(shape))).reshape(shape)
    shuffled = random.shuffle(x, seed=seed)
    assert torch.equal(shuffled.sort(dim=0).values, x)  # a permutation along axis 0


def test_seed_generator_advances_then_replays_from_the_same_seed():
    gen = SeedGenerator(7)
    first, second = random.uniform((50,), seed=gen), random.uniform((50,), seed=gen)
    assert not torch.equal(first, second)
    assert gen.state.tolist() == [7, 2]  # [seed, counter]: Keras's layout on torch
    replay = SeedGenerator(7)
    assert torch.equal(first, random.uniform((50,), seed=replay))
    assert torch.equal(second, random.uniform((50,), seed=replay))


def test_seed_generator_state_is_an_int32_buffer_that_round_trips(tmp_path):
    class Owner(torch.nn.Module):  # any module holding one, as a layer would
        def __init__(self):
            super().__init__()
            self.seed_generator = SeedGenerator(123)

    owner = Owner()
    assert owner.seed_generator.state.dtype == torch.int32
    assert owner.seed_generator.state.shape == (2,)
    assert list(dict(owner.named_parameters())) == []  # non-trainable
    random.normal((3,), seed=owner.seed_generator)
    random.normal((3,), seed=owner.seed_generator)
    path = tmp_path / "owner.pt"
    torch.save(owner.state_dict(), path)
    restored = Owner()
    restored.load_state_dict(torch.load(path))
    assert restored.seed_generator.state.tolist() == [123, 2]
    torch.testing.assert_close(random.normal((3,), seed=restored.seed_generator),
                               random.normal((3,), seed=owner.seed_generator), rtol=0, atol=0)


def test_seed_generator_matches_keras_draw_for_draw(keras):
    ours, theirs = SeedGenerator(5), keras.random.SeedGenerator(5)
    for _ in range(3):
        with keras.device("cpu"):  # Lamina draws on torch's default device, the CPU
            expected = keras.ops.convert_to_numpy(keras.random.normal((4,), seed=theirs))
        np.testing.assert_array_equal(random.normal((4,), seed=ours).numpy(), expected)
    assert ours.state.tolist() == keras.ops.convert_to_numpy(theirs.state).tolist()
    ours.next(ordered=False)
    theirs.next(ordered=False)
    assert ours.state.tolist() == keras.ops.convert_to_numpy(theirs.state).tolist()


def test_seed_generator_config_and_errors():
    gen = SeedGenerator(3, name="gen")
    assert gen.get_config() == {"seed": 3, "name": "gen"}
    assert SeedGenerator.from_config(gen.get_config()).state.tolist() == [3, 0]
    assert SeedGenerator().get_config()["seed"] is None
    with pytest.raises(ValueError, match="SeedGenerator.*seed"):
        SeedGenerator(1.5)
    with pytest.raises(ValueError, match="seed.*SeedGenerator"):
        random.normal((2,), seed=1.5)


def test_unseeded_draws_follow_set_random_seed():
    from lamina.utils.random import set_random_seed

    set_random_seed(9)
    a = (random.normal((5,)), random.uniform((5,)), random.gamma((5,), 2.0))
    set_random_seed(9)
    b = (random.normal((5,)), random.uniform((5,)), random.gamma((5,), 2.0))
    for x, y in zip(a, b):
        assert torch.equal(x, y)


def test_seeded_distribution_draws_leave_the_global_generator_alone():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    random.gamma((10,), 2.0, seed=1)
    random.binomial((10,), 5, 0.5, seed=1)
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("mean, stddev", [(0.0, 1.0), (3.0, 0.5)])
def test_normal_statistics(mean, stddev):
    x = random.normal((N,), mean=mean, stddev=stddev, seed=0)
    assert abs(x.mean().item() - mean) < 5 * stddev / N**0.5
    assert abs(x.std().item() - stddev) < 0.03 * stddev


def test_uniform_and_randint_bounds():
    x = random.uniform((N,), minval=-2.0, maxval=3.0, seed=0)
    assert x.min() >= -2.0 and x.max() < 3.0
    assert abs(x.mean().item() - 0.5) < 0.05
    k = random.randint((N,), 3, 8, seed=0)
    assert k.dtype == torch.int32 and set(k.unique().tolist()) == {3, 4, 5, 6, 7}


def test_truncated_normal_stays_within_two_stddev():
    x = random.truncated_normal((N,), mean=1.0, stddev=0.5, seed=0)
    assert x.min() > 0.0 and x.max() < 2.0
    # A standard normal truncated to (-2, 2) has std ~0.880.
    assert abs(x.std().item() - 0.5 * 0.880) < 0.01


def test_dropout_rate_and_scale():
    x = torch.ones(N)
    y = random.dropout(x, 0.3, seed=0)
    assert abs((y == 0).float().mean().item() - 0.3) < 0.02
    torch.testing.assert_close(y[y != 0], torch.full_like(y[y != 0], 1 / 0.7))
    shared = random.dropout(torch.ones(50, 4), 0.5, noise_shape=(None, 1), seed=0)
    assert torch.equal(shared, shared[:, :1].expand(50, 4))  # one mask per row
    assert torch.equal(random.dropout(x, 0.0), x)
    assert torch.equal(random.dropout(x, 1.0), torch.zeros_like(x))


def test_shuffle_is_a_permutation_along_the_axis():
    x = torch.arange(24).reshape(4, 6)
    y = random.shuffle(x, axis=1, seed=0)
    assert torch.equal(y.sort(dim=1).values, x)
    assert not torch.equal(y, x)


def test_categorical_frequencies():
    probs = np.array([[0.1, 0.6, 0.3]], "float32")
    samples = random.categorical(np.log(probs), N, seed=0)
    freq = torch.bincount(samples[0].long(), minlength=3).float() / N
    torch.testing.assert_close(freq, torch.tensor(probs[0]), rtol=0, atol=0.02)


def test_gamma_beta_binomial_means():
    assert abs(random.gamma((N,), 3.0, seed=0).mean().item() - 3.0) < 0.08
    assert abs(random.beta((N,), 2.0, 6.0, seed=0).mean().item() - 0.25) < 0.01
    b = random.binomial((N,), 10, 0.3, seed=0)
    assert b.min() >= 0 and b.max() <= 10 and abs(b.mean().item() - 3.0) < 0.05

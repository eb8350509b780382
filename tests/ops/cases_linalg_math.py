"""Rows for `lamina.ops.linalg`, the math family of `lamina.ops`, and `lamina.random`
(seeded draws replay Keras's torch generators exactly); see op_cases.py."""

import numpy as np
import torch
from op_cases import OpCase, S

LA = dict(module="linalg", rtol=1e-4, atol=1e-5)  # factorizations: float32 round-off
MATH = dict(module="math")


def _grad(name, args, kwargs=None, wrt=(0,), module="linalg"):
    """A row checking float64 gradients of `name` in `args[wrt]` with torch's gradcheck."""

    def check(ours, call_args, call_kwargs):
        import lamina.ops

        fn = getattr(getattr(lamina.ops, module), name)
        diff = [torch.tensor(np.asarray(call_args[i]), dtype=torch.float64, requires_grad=True)
                for i in wrt]

        def f(*xs):
            full = list(call_args)
            for i, x in zip(wrt, xs):
                full[i] = x
            return fn(*full, **call_kwargs)

        assert torch.autograd.gradcheck(f, diff, eps=1e-6, atol=1e-5)

    return OpCase(name, args, kwargs or {}, module=module, oracle=False, check=check,
                  note="gradcheck")


def _keras_on_cpu(name):
    """Exact equality with `keras.random.<name>` drawn on the CPU.

    Keras on torch draws on CUDA when it is available, while Lamina draws on torch's
    default device (the CPU unless the user changes it); CPU and CUDA generators differ,
    so the oracle is pinned to the CPU to compare the same generator stream.
    """

    def check(ours, args, kwargs):
        import keras

        with keras.device("cpu"):
            theirs = keras.ops.convert_to_numpy(getattr(keras.random, name)(*args, **kwargs))
        assert str(ours.dtype).removeprefix("torch.") == theirs.dtype.name
        np.testing.assert_array_equal(ours.detach().cpu().numpy(), theirs)

    return check


def _rnd(name, args, kwargs):
    return OpCase(name, args, kwargs, module="random", oracle=False, check=_keras_on_cpu(name))


_rng = np.random.default_rng(11)
_M = _rng.standard_normal((2, 3, 3)).astype("float32")
_SPD = (_M @ _M.transpose(0, 2, 1) + 3 * np.eye(3)).astype("float32")
_CHOL = np.linalg.cholesky(_SPD).astype("float32")
_UPPER = np.triu(_M[0]) + 3 * np.eye(3, dtype="float32")
_RANK2 = (_rng.standard_normal((4, 2)) @ _rng.standard_normal((2, 5))).astype("float32")
_IDS = np.array([0, 0, 1, 3, 3, 1])
_SIGNAL = _rng.standard_normal((2, 64)).astype("float32")


def _t(*shape, seed=5):
    """A fixed torch sample: Keras's torch `jvp` and `dropout` take tensors, not numpy."""
    return torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype("float32"))


def _cube(x):
    return x * x * x


def _with_aux(x):
    return torch.sin(x), x.sum()


CASES = [
    OpCase("cholesky", (_SPD,), **LA),
    OpCase("cholesky", (_SPD[0],), dict(upper=True), **LA),
    OpCase("cholesky", (-_SPD[0],), module="linalg", raises=ValueError, match="cholesky"),
    OpCase("cholesky", (S((3, 4)),), module="linalg", raises=ValueError,
           match="cholesky.*square"),
    OpCase("cholesky_inverse", (_CHOL,), **LA),
    OpCase("cholesky_inverse", (_CHOL[0].T.copy(),), dict(upper=True), **LA),
    OpCase("det", (S((3, 3)),), **LA),
    OpCase("det", (S((2, 4, 4)),), **LA),
    OpCase("det", (S((3,)),), module="linalg", raises=ValueError, match="det.*rank >= 2"),
    OpCase("eig", (_SPD[0] + np.triu(np.ones((3, 3), "float32")),), **LA),
    OpCase("eigh", (_SPD,), **LA),
    OpCase("inv", (_SPD,), **LA),
    OpCase("lu_factor", (S((3, 3)),), **LA),
    OpCase("lu_factor", (S((2, 3, 4)),), **LA),
    OpCase("matrix_rank", (_RANK2,), module="linalg"),
    OpCase("matrix_rank", (_RANK2,), dict(tol=0.5), module="linalg"),
    OpCase("norm", (S((3, 4)),), **LA),
    OpCase("norm", (S((3, 4)),), dict(ord="fro", axis=(0, 1), keepdims=True), **LA),
    OpCase("norm", (S((3, 4)),), dict(ord=1, axis=-1), **LA),
    OpCase("norm", (S((2, 3, 4)),), dict(ord=2, axis=(1, 2)), **LA),
    OpCase("norm", (S((3, 4), "int32"),), dict(axis=0), **LA, note="int"),
    OpCase("norm", (S((3, 4), "float64"),), **LA, note="f64"),
    OpCase("norm", (S((3, 4), "float16"),), dict(axis=1), module="linalg", rtol=1e-3, atol=1e-3,
           note="f16"),
    OpCase("pinv", (S((4, 3)),), **LA),
    OpCase("pinv", (_RANK2,), dict(rcond=1e-3), **LA),
    OpCase("qr", (S((4, 3)),), **LA),
    OpCase("qr", (S((4, 3)),), dict(mode="complete"), **LA),
    OpCase("qr", (S((4, 3)),), dict(mode="full"), module="linalg", raises=ValueError,
           match="qr.*mode"),
    OpCase("solve", (_SPD[0], S((3,))), **LA),
    OpCase("solve", (_SPD, S((2, 3, 2))), **LA),
    OpCase("solve", (_SPD[0], S((4,))), module="linalg", raises=ValueError,
           match="solve.*incompatible"),
    OpCase("solve_triangular", (_UPPER, S((3,))), **LA),
    OpCase("solve_triangular", (_UPPER.T.copy(), S((3, 2))), dict(lower=True), **LA),
    OpCase("svd", (S((4, 3)),), **LA),
    OpCase("svd", (S((2, 4, 3)),), dict(full_matrices=False), **LA),
    OpCase("svd", (S((4, 3)),), dict(compute_uv=False), **LA),
    OpCase("lstsq", (S((5, 3)), S((5, 2))), **LA),
    OpCase("lstsq", (S((5, 3)), S((5, 2))), dict(rcond=1e-3), **LA),
    OpCase("lstsq", (S((5, 3)), S((4,))), module="linalg", raises=ValueError,
           match="lstsq.*M == a.shape"),
    OpCase("jvp", (_cube, (_t(3),), (_t(3, seed=6),)), **LA),
    OpCase("jvp", (_with_aux, (_t(2, 3),), (_t(2, 3, seed=6),)), dict(has_aux=True), **LA),
    # The math family.
    OpCase("segment_sum", (S((6, 3)), _IDS), **MATH),
    OpCase("segment_sum", (S((6, 3), "int32"), _IDS), dict(num_segments=5), **MATH,
           note="int"),
    OpCase("segment_sum", (S((6,)), np.array([0, -1, 1, 1, 7, 2])), dict(num_segments=3),
           **MATH, note="out-of-range"),
    OpCase("segment_max", (S((6, 3)), _IDS), **MATH),
    OpCase("segment_max", (S((6, 2)), _IDS), dict(num_segments=5), **MATH, note="empty"),
    OpCase("segment_min", (S((6, 3)), _IDS), dict(num_segments=4, sorted=False), **MATH),
    OpCase("segment_prod", (S((6, 3)), _IDS), **MATH),
    OpCase("segment_sum", (S((6, 3)), _IDS[:5]), **MATH, raises=ValueError,
           match="segment_sum.*leading"),
    OpCase("top_k", (S((3, 6)), 2), **MATH),
    OpCase("top_k", (S((3, 6)), 4), dict(sorted=False), **MATH),
    OpCase("in_top_k", (np.array([1, 0, 3]), S((3, 5)), 2), **MATH),
    OpCase("logsumexp", (S((2, 3, 4)),), **MATH),
    OpCase("logsumexp", (S((2, 3, 4)),), dict(axis=1, keepdims=True), **MATH),
    OpCase("logsumexp", (S((2, 3, 4)),), dict(axis=(0, 2)), **MATH),
    OpCase("logsumexp", (S((2, 3)),), dict(axis=(0, 2)), **MATH, raises=ValueError,
           match="logsumexp.*axis 2"),
    OpCase("cdist", (S((4, 3)), S((5, 3))), **MATH),
    OpCase("cdist", (S((2, 4, 3)), S((2, 5, 3))), **MATH),
    OpCase("cdist", (S((4, 3)), S((5, 2))), **MATH, raises=ValueError, match="cdist.*last"),
    OpCase("extract_sequences", (S((2, 20)), 5, 3), exact=True, **MATH),
    OpCase("extract_sequences", (S((12,)), 4, 4), exact=True, **MATH),
    OpCase("fft", ((S((2, 8)), S((2, 8))),), module="math", rtol=1e-5, atol=1e-5),
    OpCase("fft", ((S((2, 8)), S((2, 7))),), **MATH, raises=ValueError, match="fft.*shape"),
    OpCase("fft2", ((S((2, 4, 6)), S((2, 4, 6))),), module="math", rtol=1e-5, atol=1e-5),
    OpCase("ifft2", ((S((2, 4, 6)), S((2, 4, 6))),), module="math", rtol=1e-5, atol=1e-5),
    OpCase("rfft", (S((2, 8)),), module="math", rtol=1e-5, atol=1e-5),
    OpCase("rfft", (S((2, 8)),), dict(fft_length=10), module="math", rtol=1e-5, atol=1e-5),
    OpCase("irfft", ((S((2, 5)), S((2, 5))),), module="math", rtol=1e-5, atol=1e-5),
    OpCase("irfft", ((S((2, 5)), S((2, 5))),), dict(fft_length=6), module="math", rtol=1e-5,
           atol=1e-5),
    OpCase("stft", (_SIGNAL, 16, 8, 16), module="math", rtol=1e-5, atol=1e-5),
    OpCase("stft", (_SIGNAL, 12, 5, 32), dict(window="hamming", center=False), module="math",
           rtol=1e-5, atol=1e-5),
    OpCase("stft", (_SIGNAL[None], 16, 8, 16), dict(window=None), module="math", rtol=1e-5,
           atol=1e-5),
    OpCase("stft", (_SIGNAL, 16, 8, 8), **MATH, raises=ValueError, match="stft.*fft_length"),
    OpCase("istft", ((S((2, 9, 9)), S((2, 9, 9))), 16, 8, 16), module="math", rtol=1e-4,
           atol=1e-5),
    OpCase("istft", ((S((2, 7, 17)), S((2, 7, 17))), 12, 6, 32), dict(center=False),
           module="math", rtol=1e-4, atol=1e-5),
    OpCase("istft", ((S((2, 7, 9)), S((2, 7, 9))), 16, 4, 16), dict(length=30, window=None),
           module="math", rtol=1e-4, atol=1e-5),
    OpCase("rsqrt", (S((3, 4), low=0.1, high=4),), **MATH),
    OpCase("erf", (S((3, 4)),), **MATH),
    OpCase("erfc", (S((3, 4)),), **MATH),
    OpCase("erfinv", (S((3, 4), low=-0.99, high=0.99),), **MATH),
    OpCase("logdet", (_SPD,), module="math", rtol=1e-4, atol=1e-5),
    OpCase("view_as_complex", (S((3, 2)),), **MATH),
    OpCase("view_as_complex", (S((3, 3)),), **MATH, raises=ValueError,
           match="view_as_complex.*size 2"),
    OpCase("view_as_real", ((_SIGNAL[0, :4] + 1j * _SIGNAL[1, :4]).astype("complex64"),),
           **MATH),
    # lamina.random: an int seed replays Keras's torch generator, draw for draw.
    _rnd("normal", ((2, 3),), dict(seed=42)),
    _rnd("normal", ((4,),), dict(mean=2.0, stddev=0.5, dtype="float64", seed=1)),
    _rnd("uniform", ((2, 3),), dict(minval=1.0, maxval=3.0, seed=42)),
    _rnd("uniform", ((),), dict(seed=4)),
    OpCase("uniform", ((2,),), dict(dtype="int32", seed=4), module="random",
           raises=ValueError, match="uniform.*floating"),
    _rnd("randint", ((5,), 0, 10), dict(seed=42)),
    OpCase("randint", ((5,), 0, 10), dict(dtype="float32"), module="random",
           raises=ValueError, match="randint.*integer"),
    _rnd("truncated_normal", ((50,),), dict(seed=42)),
    _rnd("dropout", (_t(4, 5), 0.5), dict(seed=3)),
    _rnd("dropout", (_t(4, 5), 0.5), dict(noise_shape=(4, 1), seed=3)),
    _rnd("shuffle", (S((5, 3)),), dict(seed=3)),
    _rnd("shuffle", (S((3, 5)),), dict(axis=1, seed=3)),
    _rnd("categorical", (np.log([[0.2, 0.8], [0.5, 0.5]]).astype("float32"), 6), dict(seed=3)),
    _rnd("gamma", ((4,), 2.0), dict(seed=3)),
    _rnd("beta", ((4,), 2.0, 3.0), dict(seed=3)),
    _rnd("binomial", ((4,), 10, 0.3), dict(seed=3)),
    OpCase("normal", ((2,),), dict(seed="a"), module="random", raises=ValueError,
           match="seed"),
    # Gradients (float64 gradcheck).
    _grad("inv", (_SPD,)),
    _grad("solve", (_SPD[0], S((3, 2))), wrt=(0, 1)),
    _grad("det", (S((3, 3)),)),
    _grad("svd", (S((4, 3)),), dict(compute_uv=False)),
    _grad("cdist", (S((4, 3)), S((5, 3))), wrt=(0, 1), module="math"),
    _grad("logsumexp", (S((2, 3)),), dict(axis=1), module="math"),
    _grad("segment_max", (S((6, 2)), np.array([0, 0, 1, 2, 2, 1])), module="math"),
    _grad("stft", (_SIGNAL[:1, :16], 8, 4, 8), module="math"),
]

EXCLUDED = {
    "random.SeedGenerator": "a class, not an op: tests/ops/test_random.py checks its state, "
    "next() and state_dict round trip, and that it replays Keras's SeedGenerator draws",
}

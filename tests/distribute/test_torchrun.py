"""A real 2-process torchrun (gloo on loopback) against a single-process run."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).with_name("ddp_script.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args, cwd):
    env = {**os.environ, "GLOO_SOCKET_IFNAME": "lo", "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _load(folder, rank):
    arrays = np.load(folder / f"rank{rank}.npz")
    weights = [arrays[f"arr_{i}"] for i in range(len(arrays.files) - 1)]
    return weights, arrays["predictions"], json.loads((folder / f"rank{rank}.json").read_text())


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    ddp = tmp_path_factory.mktemp("ddp")
    single = tmp_path_factory.mktemp("single")
    _run([sys.executable, "-m", "torch.distributed.run", "--nnodes=1", "--nproc_per_node=2",
          "--master_addr=127.0.0.1", f"--master_port={_free_port()}", str(SCRIPT), str(ddp), "1"], ddp)
    _run([sys.executable, str(SCRIPT), str(single), "0"], single)
    return ddp, single


def test_ranks_end_with_identical_weights_and_metrics(runs):
    ddp, _ = runs
    w0, p0, f0 = _load(ddp, 0)
    w1, p1, f1 = _load(ddp, 1)
    assert f0["world"] == f1["world"] == 2
    for a, b in zip(w0, w1):
        np.testing.assert_array_equal(a, b)
    assert f0["history"] == f1["history"]
    assert f0["evaluate"] == f1["evaluate"]
    np.testing.assert_array_equal(p0, p1)


def test_distributed_run_matches_one_process_over_the_same_global_batches(runs):
    ddp, single = runs
    w_ddp, p_ddp, f_ddp = _load(ddp, 0)
    w_one, p_one, f_one = _load(single, 0)
    assert f_one["world"] == 1
    for a, b in zip(w_ddp, w_one):
        # Gradients averaged over ranks vs one mean over the batch: float32 reduction order.
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for key, values in f_one["history"].items():
        np.testing.assert_allclose(f_ddp["history"][key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    np.testing.assert_allclose(f_ddp["evaluate"], f_one["evaluate"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(p_ddp, p_one, rtol=1e-5, atol=1e-6)


def test_only_rank_zero_writes_files(runs):
    ddp, single = runs
    assert (ddp / "ckpt.keras").exists() and (single / "ckpt.keras").exists()
    assert not list(ddp.glob(".ckpt.keras.*.tmp"))
    assert (ddp / "log-rank0.csv").exists() and not (ddp / "log-rank1.csv").exists()

"""Data-parallel training on torch.distributed, started the PyTorch way (`torchrun`).

`fit`, `evaluate` and `predict` notice an initialized process group by themselves: they
wrap the model in DistributedDataParallel, give each rank its share of every global
batch, and all-reduce the metrics so every rank reports the same numbers. Only rank 0
prints progress and writes checkpoints.

    torchrun --nproc_per_node=2 train.py          # one machine, two processes
    torchrun --nnodes=2 --node_rank=0 --nproc_per_node=8 \\
             --rdzv_endpoint=host0:29500 train.py    # two machines (node_rank=1 on the other)

with `lamina.distribute.init()` near the top of `train.py`.
"""

import os

import torch
import torch.distributed as dist


def init(backend: str | None = None) -> bool:
    """Initializes the process group from torchrun's environment; returns whether this
    process is part of a multi-process run. A no-op outside torchrun or when already done."""
    if not dist.is_available():
        return False
    if not dist.is_initialized():
        if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
            return False
        use_cuda = torch.cuda.is_available()
        if use_cuda:
            torch.cuda.set_device(local_rank())
        dist.init_process_group(backend or ("nccl" if use_cuda else "gloo"))
    return is_distributed()


def is_distributed() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def rank() -> int:
    return dist.get_rank() if is_distributed() else 0


def world_size() -> int:
    return dist.get_world_size() if is_distributed() else 1


def local_rank() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


def is_main_process() -> bool:
    return rank() == 0


def shared_seed(device=None) -> int:
    """A random seed drawn from torch's generator on rank 0 and given to every rank, so
    all ranks shuffle identically (and a single process draws the same one)."""
    seed = torch.randint(0, 2**62, (1,), dtype=torch.int64)
    if is_distributed():
        seed = seed.to(device or _collective_device())
        dist.broadcast(seed, src=0)
    return int(seed.item())


def all_reduce_sum(tensors: list[torch.Tensor]) -> list[torch.Tensor]:
    """Sums of each tensor over all ranks (copies; the inputs are untouched)."""
    if not is_distributed():
        return [t.clone() for t in tensors]
    device = _collective_device()
    out = []
    for tensor in tensors:
        reduced = tensor.detach().to(device, copy=True)
        dist.all_reduce(reduced, op=dist.ReduceOp.SUM)
        out.append(reduced.to(tensor.device))
    return out


def all_gather(tensor: torch.Tensor) -> list[torch.Tensor]:
    """Every rank's tensor (all of the same shape), in rank order."""
    if not is_distributed():
        return [tensor]
    device = _collective_device()
    local = tensor.detach().to(device).contiguous()
    parts = [torch.empty_like(local) for _ in range(world_size())]
    dist.all_gather(parts, local)
    return [p.to(tensor.device) for p in parts]


def _collective_device():
    # NCCL only moves CUDA tensors; gloo moves CPU ones.
    if dist.get_backend() == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")

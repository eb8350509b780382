"""Training and predict throughput of an IMDB-style recurrent classifier (issue 13):
Lamina vs idiomatic PyTorch vs Keras 3 on torch, measured in the same process.

    python -m benchmarks.rnn [--steps 20] [--repeats 3] [--threads 0] [--device cpu]

Model: `Embedding(10000, 64) -> LSTM(64) -> Dense(1, sigmoid)` (and its GRU twin) on
length-100 integer sequences at batch 64, Adam, binary cross-entropy. PyTorch is the
idiomatic `nn.Embedding`, `nn.LSTM(batch_first=True)`, `nn.Linear`, `BCEWithLogitsLoss`.
Lamina and Keras run `train_on_batch` / `predict_on_batch`. Each figure is the median over
`--repeats` (the contenders take turns) of samples/s over `--steps` steps after a warm-up.
Targets (issue 13): Lamina >= 0.9x PyTorch and >= 3x Keras.
"""

import argparse
import os
import statistics
import time

import numpy as np
import torch

os.environ.setdefault("KERAS_BACKEND", "torch")

VOCAB, DIM, UNITS, LENGTH, BATCH = 10000, 64, 64, 100, 64


def _sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def _torch_model(kind, device):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(VOCAB, DIM)
            self.rnn = (torch.nn.LSTM if kind == "LSTM" else torch.nn.GRU)(DIM, UNITS, batch_first=True)
            self.head = torch.nn.Linear(UNITS, 1)

        def forward(self, x):
            outputs, _ = self.rnn(self.embedding(x))
            return self.head(outputs[:, -1])

    net = Net().to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def train(x, y):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()

    def predict(x):
        with torch.no_grad():
            return torch.sigmoid(net(x))

    return train, predict


def _keras_like_model(lib, kind, rnn_layer, device):
    model = lib.Sequential([lib.Input((LENGTH,), dtype="int32"), lib.layers.Embedding(VOCAB, DIM),
                            rnn_layer(UNITS), lib.layers.Dense(1, activation="sigmoid")])
    model.compile(lib.optimizers.Adam(1e-3), "binary_crossentropy")
    return (lambda x, y: model.train_on_batch(x, y)), (lambda x: model.predict_on_batch(x))


def _contenders(kind, device):
    import lamina

    found = {"pytorch": _torch_model(kind, device)}
    rnn = getattr(lamina.layers, kind, None)
    if rnn is None:
        from lamina.layers.rnn.gru import GRU
        from lamina.layers.rnn.lstm import LSTM

        rnn = {"LSTM": LSTM, "GRU": GRU}[kind]
    model = _keras_like_model(lamina, kind, rnn, device)
    found["lamina"] = model
    try:
        import keras

        found["keras"] = _keras_like_model(keras, kind, getattr(keras.layers, kind), device)
    except ImportError:
        pass
    return found


def _measure(fn, steps, device):
    _sync(device)
    start = time.perf_counter()
    for _ in range(steps):
        fn()
    _sync(device)
    return steps * BATCH / (time.perf_counter() - start)


def run(kind, steps, repeats, device):
    rng = np.random.default_rng(0)
    x_np = rng.integers(0, VOCAB, (BATCH, LENGTH)).astype("int32")
    y_np = rng.integers(0, 2, (BATCH, 1)).astype("float32")
    x_t, y_t = torch.as_tensor(x_np, dtype=torch.long, device=device), torch.as_tensor(y_np, device=device)
    contenders = _contenders(kind, device)
    inputs = {name: ((x_t, y_t) if name == "pytorch" else (x_np, y_np)) for name in contenders}
    results = {name: {"train": [], "predict": []} for name in contenders}
    for name, (train, predict) in contenders.items():  # warm-up
        x, y = inputs[name]
        for _ in range(3):
            train(x, y)
            predict(x)
    for _ in range(repeats):
        for name, (train, predict) in contenders.items():
            x, y = inputs[name]
            results[name]["train"].append(_measure(lambda t=train, x=x, y=y: t(x, y), steps, device))
            results[name]["predict"].append(_measure(lambda p=predict, x=x: p(x), steps, device))
    return {name: {k: statistics.median(v) for k, v in r.items()} for name, r in results.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--models", default="LSTM,GRU")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device == "cuda":
        torch.set_default_device("cpu")
    print(f"device={args.device} threads={torch.get_num_threads()} batch={BATCH} length={LENGTH} "
          f"steps={args.steps} repeats={args.repeats}")
    for kind in args.models.split(","):
        figures = run(kind, args.steps, args.repeats, args.device)
        base = figures["pytorch"]
        for mode in ("train", "predict"):
            row = "  ".join(f"{name}={f[mode]:9.0f}/s" for name, f in figures.items())
            ratios = f"lamina/pytorch={figures['lamina'][mode] / base[mode]:.2f}"
            if "keras" in figures:
                ratios += f"  lamina/keras={figures['lamina'][mode] / figures['keras'][mode]:.2f}"
            print(f"{kind:4s} {mode:7s} {row}  {ratios}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The NetGen benchmark workloads in PyTorch, single thread, for the ratios in docs/benchmarks.md.

Same shapes, batch sizes, losses and epoch sizes as tests/NetGen.Benchmarks (random data: the arithmetic does not
depend on the values). Prints the median of several runs per workload, in milliseconds.
Install and run: bash scripts/bench-pytorch.sh
"""
import os
import statistics
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.manual_seed(0)

SAMPLES = 60_000


def median_ms(fn, repeats=5, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def epoch(model, loss_fn, x, t, batch, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    order = torch.randperm(x.shape[0])

    def run():
        for first in range(0, x.shape[0], batch):
            idx = order[first:first + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), t[idx])
            loss.backward()
            opt.step()

    return run


def main():
    x = torch.rand(SAMPLES, 784)
    labels = torch.randint(0, 10, (SAMPLES,))
    onehot = nn.functional.one_hot(labels, 10).float()

    results = {}
    mnist = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    results["epoch 784-128-10 CE batch 64"] = median_ms(epoch(mnist, nn.CrossEntropyLoss(), x, labels, 64), repeats=3)
    fashion = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    results["epoch 784-32-10 MSE batch 256"] = median_ms(epoch(fashion, nn.MSELoss(), x, onehot, 256), repeats=3)

    net = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1)).eval()
    batch = x[:1024].contiguous()
    one = x[:1].contiguous()
    with torch.inference_mode():
        results["inference 784-128-10 batch 1024"] = median_ms(lambda: net(batch), repeats=50, warmup=10)
        runs = 2000
        results["predict 784-128-10 one sample"] = median_ms(lambda: [net(one) for _ in range(runs)], repeats=5) / runs

    xor = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())
    opt = torch.optim.SGD(xor.parameters(), lr=0.5)
    bce = nn.BCELoss()
    xs = [torch.tensor([[a, b]], dtype=torch.float32) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1))]
    ts = [torch.tensor([[v]], dtype=torch.float32) for v in (0, 1, 1, 0)]

    def xor_steps():
        for xi, ti in zip(xs, ts):
            opt.zero_grad(set_to_none=True)
            bce(xor(xi), ti).backward()
            opt.step()

    runs = 500
    results["2-2-1 per-sample train step (x4)"] = median_ms(lambda: [xor_steps() for _ in range(runs)], repeats=5) / runs

    tiny_x = torch.rand(4096, 2)
    tiny_t = torch.rand(4096, 1)
    tiny = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())
    results["2-2-1 mini-batch 32 epoch, 4096 samples"] = median_ms(epoch(tiny, bce, tiny_x, tiny_t, 32, lr=0.1), repeats=5)

    # Debian's torch links the generic libblas.so.3; update-alternatives points it at OpenBLAS when that is installed.
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print(f"PyTorch {torch.__version__}, threads {torch.get_num_threads()}, libblas.so.3 -> {blas}")
    for name, ms in results.items():
        print(f"{name:45s} {ms:12.4f} ms")


if __name__ == "__main__":
    main()

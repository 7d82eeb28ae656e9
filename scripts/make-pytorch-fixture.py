#!/usr/bin/env python3
"""Regenerates the PyTorch fixture of the ONNX import tests (tests/NetGen.Onnx.Tests/Fixtures).

Trains two small nn.Sequential networks in PyTorch, exports each with torch.onnx.export, and writes PyTorch's own
outputs on fixed inputs beside it:

- pytorch-classifier.onnx: Flatten, Linear(4, 16), ReLU, Linear(16, 8), Tanh, Linear(8, 3), Softmax(dim=-1), trained
  with cross-entropy on three Gaussian blobs. Exported from a [batch, 4] input: each Linear becomes Gemm(transB=1).
- pytorch-regressor.onnx: Linear(3, 8), LeakyReLU(0.01), Linear(8, 8), Sigmoid, Linear(8, 2), trained with MSE on a
  smooth function. Exported from a [batch, 1, 3] input, for which PyTorch writes each Linear as MatMul + Add.

Each <name>.json holds {"inputs": [[...]], "outputs": [[...]]}: 32 fixed input rows and PyTorch's float32 outputs,
written as the shortest decimal that round-trips the float32 value.

Needs Debian's python3-torch and python3-onnx: bash scripts/install-pytorch.sh, then
    /usr/bin/python3 scripts/make-pytorch-fixture.py
"""
import json
import os

import numpy as np
import onnx
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "NetGen.Onnx.Tests", "Fixtures")
OPSET = 13


def f32(x):
    """The shortest decimal string that round-trips a float32 value, as a JSON number."""
    return float(np.format_float_positional(np.float32(x), unique=True, trim="-")) if np.isfinite(x) else None


def write_outputs(name, inputs, outputs):
    data = {
        "inputs": [[f32(v) for v in row] for row in inputs.reshape(inputs.shape[0], -1).tolist()],
        "outputs": [[f32(v) for v in row] for row in outputs.reshape(outputs.shape[0], -1).tolist()],
    }
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def train(model, x, y, loss_fn, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()


def export(model, example, name, dynamic_axes):
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, example, path, input_names=["input"], output_names=["output"],
                      dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    ops = [node.op_type for node in onnx.load(path).graph.node]
    print(f"{name}.onnx: {', '.join(ops)}")


def classifier():
    generator = torch.Generator().manual_seed(1)
    centers = torch.tensor([[2.0, 0.0, -1.0, 1.0], [-1.0, 2.0, 1.0, -2.0], [0.0, -2.0, 2.0, 0.5]])
    labels = torch.arange(3).repeat_interleave(100)
    x = centers[labels] + 0.7 * torch.randn(300, 4, generator=generator)
    body = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3))
    loss = train(body, x, labels, nn.CrossEntropyLoss(), epochs=300, lr=0.01)
    model = nn.Sequential(nn.Flatten(), *body, nn.Softmax(dim=-1)).eval()
    print(f"classifier: final cross-entropy {loss:.4f}")
    export(model, x[:2], "pytorch-classifier", {"input": {0: "batch"}, "output": {0: "batch"}})
    inputs = 3 * torch.rand(32, 4, generator=generator) - 1.5
    with torch.no_grad():
        write_outputs("pytorch-classifier", inputs.numpy(), model(inputs).numpy())


def regressor():
    generator = torch.Generator().manual_seed(2)
    x = 2 * torch.rand(400, 3, generator=generator) - 1
    y = torch.stack([torch.sin(2 * x[:, 0]) + x[:, 1] * x[:, 2], torch.cos(x[:, 1]) - x[:, 0]], dim=1)
    model = nn.Sequential(nn.Linear(3, 8), nn.LeakyReLU(0.01), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 2))
    loss = train(model, x, y, nn.MSELoss(), epochs=500, lr=0.01)
    model.eval()
    print(f"regressor: final MSE {loss:.5f}")
    # A [batch, 1, features] input: PyTorch writes Linear on a 3-D tensor as MatMul + Add.
    export(model, x[:2].unsqueeze(1), "pytorch-regressor", {"input": {0: "batch"}, "output": {0: "batch"}})
    inputs = 2 * torch.rand(32, 3, generator=generator) - 1
    with torch.no_grad():
        write_outputs("pytorch-regressor", inputs.numpy(), model(inputs).numpy())


if __name__ == "__main__":
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    print(f"PyTorch {torch.__version__}, onnx {onnx.__version__}, opset {OPSET}")
    classifier()
    regressor()

#!/usr/bin/env python3
"""Writes tests/NetGen.Tests/Training/Fixtures/torch-optimizers.json: parameters of a small 3-4-2 sigmoid network
(MSE loss, double precision) after each of several full-batch steps of torch.optim optimizers, so that the NetGen
optimizers can be compared with real PyTorch numbers step by step.

Needs Debian's python3-torch (apt-get install python3-torch); run with the system interpreter:
    /usr/bin/python3 scripts/torch-optimizer-fixture.py
The output is deterministic: the initial parameters and the data are written out, not drawn by torch."""
import json
import math
import os
import sys

import torch

STEPS = 5
# The parameters are recorded after these steps (1-based), to keep the fixture a few kilobytes.
RECORDED = [1, 2, 5]
SIZES = [3, 4, 2]

# Initial parameters and data from closed-form expressions (no RNG), in NetGen's flat order: W1 row-major, b1, W2, b2.
count = sum(SIZES[l + 1] * SIZES[l] + SIZES[l + 1] for l in range(len(SIZES) - 1))
initial = [0.5 * math.sin(1.3 * i + 0.7) for i in range(count)]
inputs = [[math.cos(0.9 * r + 0.4 * c) for c in range(SIZES[0])] for r in range(5)]
targets = [[0.5 + 0.45 * math.sin(1.7 * r + 2.1 * c) for c in range(SIZES[-1])] for r in range(5)]

CONFIGS = [
    ("Sgd", {"lr": 0.5}, {}),
    ("Sgd", {"lr": 0.5, "momentum": 0.9}, {}),
    ("Sgd", {"lr": 0.5, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}, {}),
    ("Sgd", {"lr": 0.5, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05}, {}),
    ("Sgd", {"lr": 0.5}, {"max_norm": 0.05}),
    ("Adam", {"lr": 0.05}, {}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}, {}),
    ("Adam", {"lr": 0.05}, {"clip_value": 0.01}),
    ("AdamW", {"lr": 0.05}, {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.3}, {}),
    ("RmsProp", {"lr": 0.01}, {}),
    ("RmsProp", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01, "momentum": 0.9, "centered": True}, {}),
]
TORCH = {"Sgd": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW, "RmsProp": torch.optim.RMSprop}


def model_from(flat):
    layers = []
    offset = 0
    for l in range(len(SIZES) - 1):
        linear = torch.nn.Linear(SIZES[l], SIZES[l + 1]).double()
        w = SIZES[l + 1] * SIZES[l]
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(flat[offset:offset + w], dtype=torch.float64).reshape(SIZES[l + 1], SIZES[l]))
            linear.bias.copy_(torch.tensor(flat[offset + w:offset + w + SIZES[l + 1]], dtype=torch.float64))
        offset += w + SIZES[l + 1]
        layers += [linear, torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def flat_parameters(model):
    return [v for p in model.parameters() for v in p.detach().reshape(-1).tolist()]


def run(kind, hyper, clip):
    torch.manual_seed(0)
    model = model_from(initial)
    optimizer = TORCH[kind](model.parameters(), **hyper)
    x = torch.tensor(inputs, dtype=torch.float64)
    t = torch.tensor(targets, dtype=torch.float64)
    after = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        # NetGen's MSE: per sample the mean over outputs of (y - t)^2; a batch's loss is the mean over samples.
        loss = torch.nn.functional.mse_loss(model(x), t)
        loss.backward()
        if "max_norm" in clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip["max_norm"])
        if "clip_value" in clip:
            torch.nn.utils.clip_grad_value_(model.parameters(), clip["clip_value"])
        optimizer.step()
        after.append(flat_parameters(model))
    return [after[s - 1] for s in RECORDED]


cases = []
for kind, hyper, clip in CONFIGS:
    options = {k: (list(v) if isinstance(v, tuple) else v) for k, v in hyper.items()}
    cases.append({"optimizer": kind, "options": options, "clip": clip, "after": run(kind, hyper, clip)})

# Learning-rate schedules: the rate of each epoch (read before the epoch, the scheduler stepped after it), base 0.1.
PLATEAU_LOSSES = [1.0, 0.9, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.84999, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


def schedule_rates(make, epochs, losses=None):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=0.1)
    scheduler = make(optimizer)
    rates = []
    for epoch in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if losses is None:
            scheduler.step()
        else:
            scheduler.step(losses[epoch])
    return rates


schedules = {
    "step": schedule_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10),
    "exponential": schedule_rates(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 10),
    "cosine": schedule_rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.001), 8),
    "plateau": schedule_rates(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
        o, mode="min", factor=0.5, patience=2, threshold=1e-4, cooldown=1, min_lr=0.01), len(PLATEAU_LOSSES), PLATEAU_LOSSES),
    "plateauLosses": PLATEAU_LOSSES,
}

fixture = {
    "generator": "scripts/torch-optimizer-fixture.py",
    "torch": torch.__version__,
    "layers": SIZES,
    "activation": "Sigmoid",
    "loss": "MSE",
    "initial": initial,
    "inputs": inputs,
    "targets": targets,
    "steps": RECORDED,
    "cases": cases,
    "schedules": schedules,
}
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "tests", "NetGen.Tests", "Training", "Fixtures", "torch-optimizers.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(fixture, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path)} bytes, torch {torch.__version__})", file=sys.stderr)

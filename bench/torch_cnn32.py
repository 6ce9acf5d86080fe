#!/usr/bin/env python3
"""The webgpu bench case's 32x32x3 CNN trained with PyTorch: the anchor for that model's training speed.

Usage: torch_cnn32.py DATA_DIR [THREADS] [EPOCHS] [DEVICE]
DATA_DIR is written by bench/cases/webgpu.ts: x.f32 (count x 32 x 32 x 3 float32, channels last, as tfjs
gets them), y.i32 (class indices) and meta.json ({count, batch, classes, sha256 of x then y}).
DEVICE is cpu (the default) or auto: CUDA when torch.cuda.is_available().
Prints one JSON line per epoch: {"engine": "pytorch-cpu"|"pytorch-cuda", "samples": N, "seconds": S,
"samples_per_s": R, "acc": A, "sha256": H}.

The same layers as cnn32() in bench/lib/webgpu-bench.ts: three blocks of 3x3 convolution ('same' padding,
ReLU) and 2x2 max pooling with 32, 64 and 128 filters, then Dense(classes) with softmax; Adam 1e-3.
nn.CrossEntropyLoss on logits is softmax + sparse categorical cross-entropy, the tfjs side's loss.
"""
import hashlib, json, os, sys, time
import numpy as np
import torch
import torch.nn as nn

d = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
device = 'cuda' if len(sys.argv) > 4 and sys.argv[4] == 'auto' and torch.cuda.is_available() else 'cpu'
torch.set_num_threads(threads)
torch.manual_seed(0)

with open(os.path.join(d, 'meta.json')) as f:
    meta = json.load(f)
with open(os.path.join(d, 'x.f32'), 'rb') as f:
    xb = f.read()
with open(os.path.join(d, 'y.i32'), 'rb') as f:
    yb = f.read()
digest = hashlib.sha256(xb + yb).hexdigest()
n, batch, classes = meta['count'], meta['batch'], meta['classes']
# Channels last on disk (tfjs' layout); PyTorch's convolutions take channels first.
x = torch.from_numpy(np.frombuffer(xb, dtype='<f4').reshape(n, 32, 32, 3).copy()).permute(0, 3, 1, 2).contiguous()
y = torch.from_numpy(np.frombuffer(yb, dtype='<i4').astype(np.int64))
x, y = x.to(device), y.to(device)


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]


model = nn.Sequential(*block(3, 32), *block(32, 64), *block(64, 128), nn.Flatten(),
                      nn.Linear(128 * 4 * 4, classes)).to(device)
opt = torch.optim.Adam(model.parameters(), 1e-3, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(epochs):
    t0, correct = time.perf_counter(), 0
    perm = torch.randperm(n, device=device)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        xs, ys = x[idx], y[idx]
        opt.zero_grad()
        out = model(xs)
        loss_fn(out, ys).backward()
        opt.step()
        correct += (out.argmax(1) == ys).sum().item()
    if device == 'cuda':
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    print(json.dumps({"engine": "pytorch-" + device, "threads": threads, "epoch": epoch + 1, "samples": n,
                      "seconds": round(dt, 3), "samples_per_s": round(n / dt, 1), "acc": round(correct / n, 4),
                      "sha256": digest}))

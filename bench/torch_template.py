#!/usr/bin/env python3
"""One of the app's chain templates (tabular-mlp, lstm-text) trained with PyTorch on the CPU: the
side-by-side anchor for the TensorFlow.js training speed of the same model on the same bytes.

Usage: torch_template.py DATA_DIR [THREADS] [EPOCHS]
DATA_DIR is written by bench/lib/template-bench.ts: x.f32 (count × inputShape float32, row-major; token
ids for text), y.i32 (class indices) and meta.json (shapes, the template's layers in order with their
params, batch, the app's optimizer config, and the SHA-256 of x then y). Needs PyTorch (Debian: apt-get
install python3-torch).
Prints one JSON line per epoch: {"engine": "pytorch-cpu", "samples": N, "seconds": S, "samples_per_s": R,
"acc": A, "loss": L, "params": P, "sha256": H}.

The layers mirror what the app's compiler (src/main/engine/compile.ts, src/shared/layers) builds in tfjs:
  InputVector(features)        -> the input, float32 [batch, features]
  InputSequence(length)        -> the input, token ids [batch, length] (float32 on disk, as tfjs gets them)
  Dense(units, activation)     -> nn.Linear + the activation
  Embedding(vocabSize, dim)    -> nn.Embedding(vocabSize, dim)
  LSTM(units, returnSequences) -> nn.LSTM(batch_first=True), tanh / sigmoid gates as the app configures
                                  tfjs; returnSequences false = the last step's output. PyTorch keeps two
                                  bias vectors per gate (b_ih, b_hh) where Keras keeps one: 4·units more
                                  weights, no difference in the work per step worth naming.
  Output(classes, softmax, sparseCategoricalCrossentropy)
                               -> nn.Linear giving logits + nn.CrossEntropyLoss, which is log-softmax +
                                  NLL: the same loss as softmax followed by sparse categorical cross-entropy.
Weights start from PyTorch's own initialisers (not Keras' Glorot/orthogonal): same shapes and work, other
numbers, so loss and accuracy are not comparable step for step; the speed is.
Optimizer: Adam with the app's learning rate, betas and epsilon (tfjs default 1e-7, PyTorch's is 1e-8).
"""
import hashlib, json, os, sys, time
import numpy as np
import torch
import torch.nn as nn

d = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)

with open(os.path.join(d, 'meta.json')) as f:
    meta = json.load(f)
with open(os.path.join(d, 'x.f32'), 'rb') as f:
    xb = f.read()
with open(os.path.join(d, 'y.i32'), 'rb') as f:
    yb = f.read()
digest = hashlib.sha256(xb + yb).hexdigest()
n = meta['count']
x = torch.from_numpy(np.frombuffer(xb, dtype='<f4').reshape(n, *meta['inputShape']).copy())
y = torch.from_numpy(np.frombuffer(yb, dtype='<i4').astype(np.int64))

ACTIVATIONS = {'linear': None, 'relu': nn.ReLU, 'tanh': nn.Tanh, 'sigmoid': nn.Sigmoid, 'elu': nn.ELU,
               'selu': nn.SELU, 'gelu': nn.GELU, 'swish': nn.SiLU}


class LastStep(nn.Module):
    """nn.LSTM returning its output sequence, or only the last step (Keras returnSequences=false)."""

    def __init__(self, lstm, sequences):
        super().__init__()
        self.lstm, self.sequences = lstm, sequences

    def forward(self, t):
        out, _ = self.lstm(t)
        return out if self.sequences else out[:, -1]


def build(layers):
    mods, shape = [], None
    for layer in layers:
        kind, p = layer['kind'], layer['params']
        if kind == 'InputVector':
            shape = [p['features']]
        elif kind == 'InputSequence':
            shape = [p['length']]
            mods.append(nn.Identity())
        elif kind == 'Embedding':
            mods.append(nn.Embedding(p['vocabSize'], p['outputDim']))
            shape = shape + [p['outputDim']]
        elif kind == 'LSTM':
            lstm = nn.LSTM(shape[-1], p['units'], batch_first=True)
            mods.append(LastStep(lstm, p['returnSequences']))
            shape = shape[:-1] + [p['units']] if p['returnSequences'] else [p['units']]
        elif kind == 'Dense':
            mods.append(nn.Linear(shape[-1], p['units']))
            act = ACTIVATIONS[p['activation']]
            if act:
                mods.append(act())
            shape = shape[:-1] + [p['units']]
        elif kind == 'Output':
            if p['activation'] != 'softmax' or p['loss'] != 'sparseCategoricalCrossentropy':
                raise SystemExit(f"Output {p['activation']}/{p['loss']} is not mirrored here")
            mods.append(nn.Linear(shape[-1], p['classes']))  # logits; softmax is inside the loss
        else:
            raise SystemExit(f'layer kind {kind} is not mirrored here')
    return nn.Sequential(*mods)


model = build(meta['layers'])
if meta['layers'][0]['kind'] == 'InputSequence':
    x = x.long()  # token ids: tfjs's Embedding casts its float32 input to int32 the same way
params = sum(p.numel() for p in model.parameters())
o = meta['optimizer']
opt = torch.optim.Adam(model.parameters(), lr=o['learningRate'], betas=(o.get('beta1', 0.9), o.get('beta2', 0.999)),
                       eps=o.get('epsilon') or 1e-7)
loss_fn = nn.CrossEntropyLoss()
batch = meta['batch']
for epoch in range(epochs):
    t0, correct, loss_sum = time.perf_counter(), 0, 0.0
    perm = torch.randperm(n)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        xb_, yb_ = x[idx], y[idx]
        opt.zero_grad()
        out = model(xb_)
        loss = loss_fn(out, yb_)
        loss.backward()
        opt.step()
        correct += (out.argmax(1) == yb_).sum().item()
        loss_sum += loss.item() * len(idx)
    dt = time.perf_counter() - t0
    print(json.dumps({"engine": "pytorch-cpu", "threads": threads, "epoch": epoch + 1, "samples": n,
                      "seconds": round(dt, 3), "samples_per_s": round(n / dt, 1), "acc": round(correct / n, 4),
                      "loss": round(loss_sum / n, 4), "params": params, "sha256": digest}), flush=True)

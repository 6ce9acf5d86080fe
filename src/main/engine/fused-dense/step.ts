/**
 * A whole training step of a small Dense stack (forward, cross-entropy, backward, Adam or SGD) as one
 * loop over plain float32 arrays, without tfjs.
 *
 * Why: tfjs pays a fixed cost for every op it dispatches (about 40 ops and 10 fresh tensors per step for
 * three Dense layers with Adam), which for the tables analysts bring (a few dozen columns, a few hundred
 * weights) is nearly all of the step: the Iris MLP trained at 0.2–0.4× PyTorch's speed. Here the step is
 * a few thousand multiply-adds and no allocation.
 *
 * The weights and the optimizer state live in this step's arrays while an epoch runs; `syncToModel`
 * writes both back into the tfjs model and its optimizer (same variables, same names, same iteration
 * count), which runTraining calls before anything reads the model (validation, checkpoints, export).
 * The arithmetic follows tfjs's: softmax with the max subtracted, cross-entropy of probabilities clipped
 * to [1e-7, 1 − 1e-7] (no gradient where clipped), relu'(0) = 0, Adam in tfjs's float32 order
 * (kernels/adam-js.ts). Dropout masks come from Math.random, which runTraining seeds per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { adamJs } from '../kernels/adam-js';
import type { AdamState } from '../kernels/fused-adam';
import type { TrainStep } from '../parallel';
import type { FusedDenseLayer, FusedDensePlan } from './plan';

const EPSILON = 1e-7;

/** Adam's private state, plus the iteration counter every tfjs optimizer keeps. */
type AdamInternals = AdamState & { iterations_: number };

interface Param {
  variable: tf.LayerVariable;
  value: Float32Array;
  grad: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

interface DenseState extends FusedDenseLayer {
  kernel: Param;
  bias: Param | null;
}

export class FusedDenseStep implements TrainStep {
  readonly workers = 1;
  private readonly params: Param[];
  private readonly layers: (DenseState | { kind: 'dropout'; rate: number })[];
  /** Activations per step (index 0 = the input batch), pre-activation gradients, dropout masks. */
  private acts: Float32Array[] = [];
  private grads: Float32Array[] = [];
  private masks: (Float32Array | null)[] = [];
  private capacity = 0;
  private accBeta1: number;
  private accBeta2: number;
  private iterations: number;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly plan: FusedDensePlan,
  ) {
    const adam = model.optimizer as unknown as AdamInternals;
    this.params = model.trainableWeights.map((variable, i) => {
      const size = variable.read().size;
      const moment = (list: AdamInternals['accumulatedFirstMoment'] | undefined) => {
        const held = list?.[i]?.variable;
        return held ? (held.dataSync() as Float32Array).slice() : new Float32Array(size);
      };
      return {
        variable,
        value: (variable.read().dataSync() as Float32Array).slice(),
        grad: new Float32Array(size),
        m: moment(plan.optimizer === 'adam' ? adam.accumulatedFirstMoment : undefined),
        v: moment(plan.optimizer === 'adam' ? adam.accumulatedSecondMoment : undefined),
      };
    });
    this.layers = plan.steps.map((s) =>
      s.kind === 'dense'
        ? { ...s, kernel: this.params[s.kernelIndex]!, bias: s.biasIndex === null ? null : this.params[s.biasIndex]! }
        : s,
    );
    this.iterations = model.optimizer.iterations;
    this.accBeta1 = plan.optimizer === 'adam' ? adam.accBeta1.dataSync()[0]! : 0;
    this.accBeta2 = plan.optimizer === 'adam' ? adam.accBeta2.dataSync()[0]! : 0;
  }

  /** Buffers for batches of up to n rows (grown once; a step allocates nothing). */
  private reserve(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = n;
    let width = this.plan.features;
    this.acts = [new Float32Array(0)];
    this.grads = [new Float32Array(0)];
    this.masks = [null];
    for (const l of this.layers) {
      if (l.kind === 'dense') width = l.units;
      this.acts.push(new Float32Array(n * width));
      this.grads.push(new Float32Array(n * width));
      this.masks.push(l.kind === 'dropout' ? new Float32Array(n * width) : null);
    }
  }

  async run(x: Float32Array, y: Int32Array, n: number): Promise<[number, number]> {
    this.reserve(n);
    const per = this.plan.features;
    this.acts[0] = x.subarray(0, n * per);
    let width = per;
    // Forward.
    this.layers.forEach((l, i) => {
      const input = this.acts[i]!;
      const out = this.acts[i + 1]!;
      if (l.kind === 'dropout') {
        const keep = 1 - l.rate;
        const mask = this.masks[i + 1]!;
        for (let k = 0; k < n * width; k++) {
          mask[k] = Math.random() < keep ? 1 / keep : 0;
          out[k] = input[k]! * mask[k]!;
        }
        return;
      }
      denseForward(input, l, out, n);
      width = l.units;
    });
    // Loss, accuracy and the softmax layer's pre-activation gradient ((p − onehot) / n).
    const classes = this.plan.classes;
    const probs = this.acts[this.layers.length]!;
    const top = this.grads[this.layers.length]!;
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < n; r++) {
      const row = r * classes;
      const label = y[r]!;
      let best = 0;
      for (let c = 1; c < classes; c++) if (probs[row + c]! > probs[row + best]!) best = c;
      if (best === label) correct++;
      const p = probs[row + label]!;
      const clipped = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
      loss -= Math.log(clipped);
      const flows = p >= EPSILON && p <= 1 - EPSILON;
      for (let c = 0; c < classes; c++) top[row + c] = flows ? (probs[row + c]! - (c === label ? 1 : 0)) / n : 0;
    }
    // Backward: each layer turns the gradient of its output into its weights' and its input's.
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i]!;
      const dOut = this.grads[i + 1]!;
      const dIn = i > 0 ? this.grads[i]! : null;
      if (l.kind === 'dropout') {
        const mask = this.masks[i + 1]!;
        if (dIn) for (let k = 0; k < dOut.length && k < mask.length; k++) dIn[k] = dOut[k]! * mask[k]!;
        continue;
      }
      if (l.activation !== 'softmax') activationGrad(l.activation, this.acts[i + 1]!, dOut, n * l.units);
      denseBackward(this.acts[i]!, l, dOut, dIn, n);
    }
    this.applyUpdate();
    return [loss / n, correct / n];
  }

  private applyUpdate(): void {
    const optimizer = this.model.optimizer as unknown as AdamInternals;
    const r = Math.fround;
    if (this.plan.optimizer === 'sgd') {
      const c = r(-optimizer.learningRate);
      for (const p of this.params) for (let k = 0; k < p.value.length; k++) p.value[k] = r(r(c * p.grad[k]!) + p.value[k]!);
    } else {
      const scalars = {
        lr: optimizer.learningRate,
        beta1: optimizer.beta1,
        beta2: optimizer.beta2,
        epsilon: optimizer.epsilon,
        c1: r(1 - this.accBeta1),
        c2: r(1 - this.accBeta2),
      };
      for (const p of this.params) adamJs(p.value, p.m, p.v, p.grad, { W: p.value, M: p.m, V: p.v }, scalars);
      this.accBeta1 = r(this.accBeta1 * r(optimizer.beta1));
      this.accBeta2 = r(this.accBeta2 * r(optimizer.beta2));
    }
    this.iterations++;
  }

  /** AdamW's decoupled decay: kernels (not biases) times 1 − amount, as train.ts's decayWeights does. */
  decayKernels(amount: number): void {
    const f = Math.fround(1 - amount);
    for (const l of this.layers)
      if (l.kind === 'dense') for (let k = 0; k < l.kernel.value.length; k++) l.kernel.value[k] = Math.fround(l.kernel.value[k]! * f);
  }

  syncToModel(): void {
    tf.tidy(() => {
      for (const p of this.params) p.variable.write(tf.tensor(p.value, p.variable.read().shape));
    });
    const optimizer = this.model.optimizer as unknown as AdamInternals;
    optimizer.iterations_ = this.iterations;
    if (this.plan.optimizer !== 'adam' || this.iterations === 0) return;
    tf.tidy(() => {
      optimizer.accBeta1.assign(tf.scalar(this.accBeta1));
      optimizer.accBeta2.assign(tf.scalar(this.accBeta2));
    });
    const store = (list: AdamInternals['accumulatedFirstMoment'], i: number, suffix: string, values: Float32Array) => {
      const p = this.params[i]!;
      const t = tf.tensor(values, p.variable.read().shape);
      const held = list[i];
      if (held) held.variable.assign(t);
      else list[i] = { originalName: `${(p.variable.read() as tf.Variable).name}/${suffix}`, variable: t.variable(false) };
      t.dispose();
    };
    this.params.forEach((p, i) => {
      store(optimizer.accumulatedFirstMoment, i, 'm', p.m);
      store(optimizer.accumulatedSecondMoment, i, 'v', p.v);
    });
  }

  dispose(): void {}
}

/** out[n × units] = act(x[n × inputs] · kernel + bias). */
function denseForward(x: Float32Array, l: DenseState, out: Float32Array, n: number): void {
  const { inputs, units } = l;
  const w = l.kernel.value;
  const b = l.bias?.value;
  for (let r = 0; r < n; r++) {
    const o = r * units;
    for (let u = 0; u < units; u++) out[o + u] = b ? b[u]! : 0;
    const xr = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xr + i]!;
      if (xi === 0) continue;
      const wr = i * units;
      for (let u = 0; u < units; u++) out[o + u] += xi * w[wr + u]!;
    }
    activate(l.activation, out, o, units);
  }
}

function activate(activation: FusedDenseLayer['activation'], a: Float32Array, o: number, units: number): void {
  switch (activation) {
    case 'relu':
      for (let u = o; u < o + units; u++) if (!(a[u]! > 0)) a[u] = 0;
      return;
    case 'sigmoid':
      for (let u = o; u < o + units; u++) a[u] = 1 / (1 + Math.exp(-a[u]!));
      return;
    case 'tanh':
      for (let u = o; u < o + units; u++) a[u] = Math.tanh(a[u]!);
      return;
    case 'softmax': {
      let max = -Infinity;
      for (let u = o; u < o + units; u++) max = Math.max(max, a[u]!);
      let sum = 0;
      for (let u = o; u < o + units; u++) sum += a[u] = Math.exp(a[u]! - max);
      for (let u = o; u < o + units; u++) a[u] = a[u]! / sum;
      return;
    }
    case 'linear':
      return;
  }
}

/** d(pre-activation) from d(activation), in place, using the activation's output. */
function activationGrad(activation: FusedDenseLayer['activation'], a: Float32Array, d: Float32Array, size: number): void {
  switch (activation) {
    case 'relu':
      for (let k = 0; k < size; k++) if (!(a[k]! > 0)) d[k] = 0;
      return;
    case 'sigmoid':
      for (let k = 0; k < size; k++) d[k] = d[k]! * a[k]! * (1 - a[k]!);
      return;
    case 'tanh':
      for (let k = 0; k < size; k++) d[k] = d[k]! * (1 - a[k]! * a[k]!);
      return;
    default:
      return;
  }
}

/** Kernel and bias gradients from the batch, and (when wanted) the gradient of the layer's input. */
function denseBackward(x: Float32Array, l: DenseState, dZ: Float32Array, dX: Float32Array | null, n: number): void {
  const { inputs, units } = l;
  const w = l.kernel.value;
  const gw = l.kernel.grad;
  gw.fill(0);
  const gb = l.bias?.grad;
  gb?.fill(0);
  for (let r = 0; r < n; r++) {
    const o = r * units;
    if (gb) for (let u = 0; u < units; u++) gb[u] += dZ[o + u]!;
    const xr = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xr + i]!;
      const wr = i * units;
      let s = 0;
      for (let u = 0; u < units; u++) {
        const d = dZ[o + u]!;
        gw[wr + u] += xi * d;
        s += w[wr + u]! * d;
      }
      if (dX) dX[xr + i] = s;
    }
  }
}

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GRU_GRAD, GRU_OP, LSTM_GRAD, LSTM_OP } from './fused-rnn';
import { maxRelDiff, onBackend, randomValues } from './test-util';

interface Case {
  kind?: 'LSTM' | 'GRU';
  b: number;
  t: number;
  d: number;
  u: number;
  returnSequences: boolean;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  dropout?: number;
}

/** Output and gradients (input and every weight) of one LSTM layer on a backend, with fixed weights. */
async function run(backend: 'cpu' | 'wasm', c: Case, xv: number[], wv: number[][]) {
  return onBackend(backend, async () => {
    const make = c.kind === 'GRU' ? tf.layers.gru : tf.layers.lstm;
    const layer = make({
      units: c.u,
      returnSequences: c.returnSequences,
      recurrentActivation: c.recurrentActivation,
      dropout: c.dropout ?? 0,
      inputShape: [c.t, c.d],
    });
    const model = tf.sequential({ layers: [layer] });
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(wv[i]!, w.shape)));
    const x = tf.tensor3d(xv, [c.b, c.t, c.d]);
    let result: { y: number[]; grads: number[][] } = { y: [], grads: [] };
    const profile = await tf.profile(() => {
      const weights = layer.trainableWeights.map((w) => w.read());
      const f = (xIn: tf.Tensor, ...ws: tf.Tensor[]) => {
        void ws;
        const y = layer.apply(xIn, { training: true }) as tf.Tensor;
        // A weighted sum, so every output element gets its own gradient.
        return tf.sum(tf.mul(y, tf.linspace(0.5, 1.5, y.size).reshape(y.shape)));
      };
      const { value, grads } = tf.valueAndGrads(f)([x, ...weights]);
      const y = layer.apply(x) as tf.Tensor;
      result = { y: Array.from(y.dataSync()), grads: grads.map((g) => Array.from(g.dataSync())) };
      tf.dispose([value, y, ...grads]);
    });
    tf.dispose(x);
    model.dispose();
    return { ...result, kernels: profile.kernels.map((k) => k.name) };
  });
}

describe('LSTM and GRU layers as one op on wasm', () => {
  it.each<Case>([
    { kind: 'LSTM', b: 5, t: 7, d: 3, u: 6, returnSequences: false, recurrentActivation: 'sigmoid' },
    { kind: 'LSTM', b: 3, t: 9, d: 4, u: 8, returnSequences: true, recurrentActivation: 'sigmoid' },
    { kind: 'LSTM', b: 4, t: 5, d: 2, u: 5, returnSequences: true, recurrentActivation: 'hardSigmoid' },
    { kind: 'LSTM', b: 2, t: 12, d: 6, u: 4, returnSequences: false, recurrentActivation: 'hardSigmoid' },
    { kind: 'GRU', b: 5, t: 7, d: 3, u: 6, returnSequences: false, recurrentActivation: 'sigmoid' },
    { kind: 'GRU', b: 3, t: 9, d: 4, u: 8, returnSequences: true, recurrentActivation: 'sigmoid' },
    { kind: 'GRU', b: 4, t: 6, d: 2, u: 5, returnSequences: true, recurrentActivation: 'hardSigmoid' },
  ])(
    '$kind b$b t$t d$d u$u, returnSequences $returnSequences, $recurrentActivation gates: cpu output and gradients',
    async (c) => {
      const xv = randomValues(c.b * c.t * c.d).map((v) => v * 2);
      const gates = c.kind === 'GRU' ? 3 : 4;
      const wv = [c.d * gates * c.u, c.u * gates * c.u, gates * c.u].map((n) =>
        randomValues(n).map((v) => v * 0.8),
      );
      const cpu = await run('cpu', c, xv, wv);
      const wasm = await run('wasm', c, xv, wv);
      const [op, grad] = c.kind === 'GRU' ? [GRU_OP, GRU_GRAD] : [LSTM_OP, LSTM_GRAD];
      expect(cpu.kernels).not.toContain(op);
      expect(wasm.kernels).toContain(op);
      expect(wasm.kernels).toContain(grad);
      expect(maxRelDiff(wasm.y, cpu.y), 'output').toBeLessThan(1e-5);
      expect(wasm.grads.length).toBe(4);
      for (let i = 0; i < 4; i++) {
        expect(Math.max(...cpu.grads[i]!.map(Math.abs)), `grad ${i} is non-zero`).toBeGreaterThan(0);
        expect(maxRelDiff(wasm.grads[i]!, cpu.grads[i]!), `grad ${i}`).toBeLessThan(1e-4);
      }
    },
  );

  it('leaves an LSTM with dropout on tfjs path', async () => {
    const c: Case = {
      b: 2,
      t: 3,
      d: 2,
      u: 4,
      returnSequences: false,
      recurrentActivation: 'sigmoid',
      dropout: 0.5,
    };
    const wv = [c.d * 4 * c.u, c.u * 4 * c.u, 4 * c.u].map((n) => randomValues(n));
    const wasm = await run('wasm', c, randomValues(c.b * c.t * c.d), wv);
    expect(wasm.kernels).not.toContain(LSTM_OP);
  });
});

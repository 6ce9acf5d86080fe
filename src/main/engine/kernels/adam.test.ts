import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ADAM, FusedAdamOptimizer } from './fused-adam';
import { onBackend, randomValues, resetRandomCache } from './test-util';

/** Five Adam steps on two variables with fixed gradients; the variables' values and optimizer weights. */
function steps(opt: tf.AdamOptimizer) {
  const a = tf.variable(tf.tensor(randomValues(37), [37]), true, 'adam_test_a');
  const b = tf.variable(tf.tensor(randomValues(6 * 5), [6, 5]), true, 'adam_test_b');
  for (let s = 0; s < 5; s++) {
    const ga = tf.tensor(randomValues(37), [37]);
    const gb = tf.tensor(randomValues(30), [6, 5]);
    opt.applyGradients([
      { name: a.name, tensor: ga },
      { name: b.name, tensor: gb },
    ]);
    tf.dispose([ga, gb]);
  }
  const out = { a: Array.from(a.dataSync()), b: Array.from(b.dataSync()), iterations: opt.iterations };
  tf.dispose([a, b]);
  return out;
}

describe('FusedAdamOptimizer', () => {
  it('gives tfjs Adam results on wasm, through one LayerLabAdam kernel per variable', async () => {
    const run = (fused: boolean) =>
      onBackend('wasm', async () => {
        let result: ReturnType<typeof steps> | null = null;
        const opt = fused
          ? new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7)
          : tf.train.adam(0.01, 0.9, 0.999, 1e-7);
        resetRandomCache(); // the same random stream for both runs
        const profile = await tf.profile(() => {
          result = steps(opt);
        });
        const weights = (await opt.getWeights()).map((w) => w.name);
        opt.dispose();
        return { ...result!, kernels: profile.kernels.map((k) => k.name), weights };
      });
    const reference = await run(false);
    const fused = await run(true);
    expect(fused.kernels.filter((k) => k === ADAM)).toHaveLength(10);
    expect(fused.iterations).toBe(5);
    expect(fused.weights).toEqual(reference.weights);
    // Same float32 operations in the same order: equal to the last bit.
    expect(fused.a).toEqual(reference.a);
    expect(fused.b).toEqual(reference.b);
  });

  it('is tfjs Adam unchanged on the cpu backend', async () => {
    await onBackend('cpu', async () => {
      const opt = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
      const profile = await tf.profile(() => void steps(opt));
      expect(profile.kernels.map((k) => k.name)).not.toContain(ADAM);
      opt.dispose();
    });
  });
});

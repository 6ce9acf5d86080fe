/**
 * When training uses the fused Dense trainer (step.ts) instead of tfjs's trainOnBatch: the model is a
 * plain Dense stack it can reproduce (plan.ts) and small enough that tfjs's fixed cost per op, not the
 * arithmetic, is what a step costs. LAYERLAB_FUSED_DENSE=0 turns it off, =1 uses it on any eligible model.
 */
import type * as tf from '@tensorflow/tfjs';
import { planFusedDense } from './plan';
import { FusedDenseStep } from './step';

export { planFusedDense } from './plan';
export { FusedDenseStep } from './step';

/**
 * Multiply-adds of one forward pass over a batch above which tfjs's kernels (wasm SIMD) win over the
 * plain JavaScript loops. Measured on 2 cores at batch 64 (three Dense layers, Adam): 368 per sample
 * (the Iris MLP) 9–10× faster fused; 8,832 per sample (64-64-64-10) 0.45× (8.6k vs 19k samples/s);
 * the two cross near 4,000 per sample, 250,000 per step.
 */
export const FUSED_MAX_MACS_PER_STEP = 250_000;

/** Multiply-adds of one forward pass per sample of the plan's Dense layers. */
function macsPerSample(model: tf.LayersModel, loss: string): number {
  const planned = planFusedDense(model, { loss });
  if (!('plan' in planned)) return Infinity;
  return planned.plan.steps.reduce((n, s) => n + (s.kind === 'dense' ? s.inputs * s.units : 0), 0);
}

export function fusedDenseStep(
  model: tf.LayersModel,
  opts: { loss: string; classWeights?: number[] | null; batchSize: number },
  env: NodeJS.ProcessEnv = process.env,
): FusedDenseStep | null {
  const setting = env.LAYERLAB_FUSED_DENSE;
  if (setting === '0') return null;
  const planned = planFusedDense(model, opts);
  if (!('plan' in planned)) return null;
  if (setting !== '1' && macsPerSample(model, opts.loss) * opts.batchSize > FUSED_MAX_MACS_PER_STEP) return null;
  return new FusedDenseStep(model, planned.plan);
}

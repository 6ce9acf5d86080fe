/**
 * Adam as one kernel per variable on the wasm backend.
 *
 * tfjs's AdamOptimizer spends about a dozen element-wise kernels per variable per step (each a pass
 * over the variable and a fresh tensor), on the critical path of every step, and in data-parallel
 * training on the main thread while the workers wait. FusedAdamOptimizer is that optimizer (same
 * state, same serialisation, same float32 operations in the same order) with applyGradients doing
 * each variable in one LayerLabAdam kernel (adam.ts). Where that kernel is not registered (another
 * backend, or wasm before LayerLab's kernels are) it is tfjs's AdamOptimizer unchanged.
 *
 * This module loads no backend: importing it must not register wasm (optimizers.ts imports it).
 */
import * as tf from '@tensorflow/tfjs';
import type { AdamScalars } from './adam-js';

export const ADAM = 'LayerLabAdam';

/** The kernel's attributes: the scalars of one Adam step (c1, c2 from the optimizer's accumulated powers). */
export type AdamAttrs = AdamScalars;

/** tfjs AdamOptimizer's private state, as this file and the fused Dense trainer read and write it. */
export interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    if (tf.getBackend() !== 'wasm' || !tf.getKernel(ADAM, 'wasm')) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    // 1 − βᵗ in float32, as tfjs computes sub(1, accBeta) on float32 tensors.
    const c1 = Math.fround(1 - s.accBeta1.dataSync()[0]!);
    const c2 = Math.fround(1 - s.accBeta2.dataSync()[0]!);
    const attrs: AdamAttrs = {
      lr: s.learningRate,
      beta1: s.beta1,
      beta2: s.beta2,
      epsilon: s.epsilon,
      c1,
      c2,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        s.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const g = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (g == null) return;
        const m = s.accumulatedFirstMoment[i]!.variable;
        const v = s.accumulatedSecondMoment[i]!.variable;
        const [w2, m2, v2] = tf
          .engine()
          .runKernel(ADAM, { value, m, v, g }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2!);
        v.assign(v2!);
        value.assign(w2!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}

/**
 * Adam as one kernel per variable on the wasm backend.
 *
 * tfjs's AdamOptimizer spends about a dozen element-wise kernels per variable per step (each a pass
 * over the variable and a fresh tensor), on the critical path of every step, and in data-parallel
 * training on the main thread while the workers wait. FusedAdamOptimizer is that optimizer (same
 * state, same serialisation, same float32 operations in the same order) with applyGradients doing
 * each variable in one pass (LayerLabAdam: kernels.c's adam, or a JS loop without SIMD). On any other
 * backend it is tfjs's AdamOptimizer unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels } from './simd';
import { asWasm, f32, type TensorInfo } from './wasm-util';

export const ADAM = 'LayerLabAdam';

interface AdamAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ, as float32 (computed from the optimizer's accumulated powers). */
  c1: number;
  c2: number;
}

/** Inputs value, m, v, gradient; outputs the new value, m and v (inputs are not modified). */
export function adamWasm(args: {
  inputs: { value: TensorInfo; m: TensorInfo; v: TensorInfo; g: TensorInfo };
  backend: unknown;
  attrs: AdamAttrs;
}): TensorInfo[] {
  const backend = asWasm(args.backend);
  const { value, m, v, g } = args.inputs;
  const { lr, beta1, beta2, epsilon, c1, c2 } = args.attrs;
  const size = tf.util.sizeFromShape(value.shape);
  const w2 = backend.makeOutput(value.shape.slice(), 'float32');
  const m2 = backend.makeOutput(value.shape.slice(), 'float32');
  const v2 = backend.makeOutput(value.shape.slice(), 'float32');
  const simd = simdKernels(backend);
  const [omb1, omb2] = [Math.fround(1 - beta1), Math.fround(1 - beta2)];
  if (simd) {
    simd.adam(
      addr(backend, value),
      addr(backend, m),
      addr(backend, v),
      addr(backend, g),
      addr(backend, w2),
      addr(backend, m2),
      addr(backend, v2),
      size,
      lr,
      beta1,
      omb1,
      beta2,
      omb2,
      epsilon,
      c1,
      c2,
    );
    return [w2, m2, v2];
  }
  const [W, M, V, G] = [f32(backend, value), f32(backend, m), f32(backend, v), f32(backend, g)];
  const [W2, M2, V2] = [f32(backend, w2), f32(backend, m2), f32(backend, v2)];
  const r = Math.fround;
  const [b1, b2, eps, nlr] = [r(beta1), r(beta2), r(epsilon), r(-lr)];
  for (let i = 0; i < size; i++) {
    const gi = G[i]!;
    const mn = r(r(M[i]! * b1) + r(gi * omb1));
    const vn = r(r(V[i]! * b2) + r(r(gi * gi) * omb2));
    M2[i] = mn;
    V2[i] = vn;
    W2[i] = r(r(r(r(mn / c1) / r(r(Math.sqrt(r(vn / c2))) + eps)) * nlr) + W[i]!);
  }
  return [w2, m2, v2];
}

interface AdamState {
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

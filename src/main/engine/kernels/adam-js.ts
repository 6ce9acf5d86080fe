/**
 * One Adam step over float32 arrays in tfjs's order of float32 operations (the reference both the wasm
 * kernel's scalar fallback and the fused Dense trainer use). The outputs may be the inputs (in place):
 * each element is read before it is written.
 */
export interface AdamScalars {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ in float32. */
  c1: number;
  c2: number;
}

export function adamJs(
  W: Float32Array,
  M: Float32Array,
  V: Float32Array,
  G: Float32Array,
  out: { W: Float32Array; M: Float32Array; V: Float32Array },
  a: AdamScalars,
): void {
  const r = Math.fround;
  const [b1, b2, eps, nlr] = [r(a.beta1), r(a.beta2), r(a.epsilon), r(-a.lr)];
  const [omb1, omb2] = [r(1 - a.beta1), r(1 - a.beta2)];
  const { c1, c2 } = a;
  for (let i = 0; i < W.length; i++) {
    const gi = G[i]!;
    const mn = r(r(M[i]! * b1) + r(gi * omb1));
    const vn = r(r(V[i]! * b2) + r(r(gi * gi) * omb2));
    out.M[i] = mn;
    out.V[i] = vn;
    out.W[i] = r(r(r(r(mn / c1) / r(r(Math.sqrt(r(vn / c2))) + eps)) * nlr) + W[i]!);
  }
}

/* Element-wise and per-variable kernels: ReLU/bias gradients, leading-axis sums, Adam. */
#include "common.h"

/* out = y > 0 ? dy : 0 (the ReLU gradient given the ReLU's output); dbias (if not 0) = Σ rows of out. */
EXPORT(relu_grad)
void relu_grad(const f32 *dy, const f32 *y, f32 *out, f32 *dbias, int rows, int c) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const int size = rows * c;
  if (!dbias || (c & 3)) {
    int i = 0;
    for (; i + 4 <= size; i += 4)
      wasm_v128_store(out + i, wasm_v128_and(wasm_v128_load(dy + i), wasm_f32x4_gt(wasm_v128_load(y + i), zero)));
    for (; i < size; i++) out[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    if (dbias) {
      zero_f32(dbias, c);
      for (int r = 0; r < rows; r++)
        for (int d = 0; d < c; d++) dbias[d] += out[r * c + d];
    }
    return;
  }
  zero_f32(dbias, c);
  for (int r = 0; r < rows; r++) {
    const f32 *g = dy + (long)r * c;
    const f32 *v = y + (long)r * c;
    f32 *o = out + (long)r * c;
    for (int d = 0; d < c; d += 4) {
      const v128_t m = wasm_v128_and(wasm_v128_load(g + d), wasm_f32x4_gt(wasm_v128_load(v + d), zero));
      wasm_v128_store(o + d, m);
      wasm_v128_store(dbias + d, wasm_f32x4_add(wasm_v128_load(dbias + d), m));
    }
  }
}

/* out[d] = Σ_r x[r·c + d] (a bias gradient: dy summed over every axis but the channels). */
EXPORT(sum_rows)
void sum_rows(const f32 *x, f32 *out, int rows, int c) {
  zero_f32(out, c);
  if (c & 3) {
    for (int r = 0; r < rows; r++)
      for (int d = 0; d < c; d++) out[d] += x[(long)r * c + d];
    return;
  }
  for (int r = 0; r < rows; r++) {
    const f32 *row = x + (long)r * c;
    for (int d = 0; d < c; d += 4)
      wasm_v128_store(out + d, wasm_f32x4_add(wasm_v128_load(out + d), wasm_v128_load(row + d)));
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Adam                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/*
 * One Adam step for one variable, in tfjs's AdamOptimizer's order of float32 operations:
 *   m' = m·β1 + g·(1 − β1);  v' = v·β2 + g²·(1 − β2)
 *   w' = (m' / c1) / (√(v' / c2) + ε) · (−lr) + w,   c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ.
 * Writes new arrays (w2, m2, v2); the inputs are left untouched.
 */
EXPORT(adam)
void adam(const f32 *w, const f32 *m, const f32 *v, const f32 *g, f32 *w2, f32 *m2, f32 *v2, int size, f32 lr,
          f32 b1, f32 omb1, f32 b2, f32 omb2, f32 eps, f32 c1, f32 c2) {
  const v128_t vb1 = wasm_f32x4_splat(b1), vomb1 = wasm_f32x4_splat(omb1);
  const v128_t vb2 = wasm_f32x4_splat(b2), vomb2 = wasm_f32x4_splat(omb2);
  const v128_t veps = wasm_f32x4_splat(eps), vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2);
  const v128_t vlr = wasm_f32x4_splat(-lr);
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    const v128_t gv = wasm_v128_load(g + i);
    const v128_t mn = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gv, vomb1));
    const v128_t vn =
        wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), vomb2));
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(mn, vc1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vn, vc2)), veps));
    wasm_v128_store(m2 + i, mn);
    wasm_v128_store(v2 + i, vn);
    wasm_v128_store(w2 + i, wasm_f32x4_add(wasm_f32x4_mul(step, vlr), wasm_v128_load(w + i)));
  }
  for (; i < size; i++) {
    const f32 mn = m[i] * b1 + g[i] * omb1;
    const f32 vn = v[i] * b2 + (g[i] * g[i]) * omb2;
    m2[i] = mn;
    v2[i] = vn;
    w2[i] = ((mn / c1) / (__builtin_sqrtf(vn / c2) + eps)) * -lr + w[i];
  }
}

/* Pooling gradients: MaxPoolGrad and AvgPoolGrad. */
#include "common.h"

/* ------------------------------------------------------------------------------------------------ */
/* MaxPoolGrad                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/*
 * dx = gradient of an NHWC max pool: each window routes dy to its first maximum in (ky, kx) order, as
 * tfjs's cpu backend does. Windows that do not overlap (stride ≥ window, no dilation) own their input
 * pixels, so the routing is a masked store, four channels at a time; overlapping windows accumulate.
 * taps: scratch for fh·fw ints.
 */
EXPORT(max_pool_grad)
void max_pool_grad(const f32 *x, const f32 *dy, f32 *dx, int *taps, int n, int h, int w, int c, int oh,
                   int ow, int fh, int fw, int sh, int sw, int dh, int dw, int top, int left) {
  const int disjoint = sh >= fh && sw >= fw && dh == 1 && dw == 1;
  /* Windows that tile x exactly write every element of dx below; otherwise start from zeros. */
  const int tiles = disjoint && sh == fh && sw == fw && top == 0 && left == 0 && oh * sh == h && ow * sw == w;
  if (!tiles) zero_f32(dx, n * h * w * c);
  const int c4 = c & ~3;
  for (int b = 0; b < n; b++) {
    const f32 *xb = x + (long)b * h * w * c;
    f32 *dxb = dx + (long)b * h * w * c;
    for (int oy = 0; oy < oh; oy++) {
      const int y0 = oy * sh - top;
      for (int ox = 0; ox < ow; ox++) {
        const int x0 = ox * sw - left;
        const f32 *g = dy + (((long)b * oh + oy) * ow + ox) * c;
        /* The window's taps inside the image, in (ky, kx) order (taps holds fh·fw ints). */
        int nt = 0;
        for (int ky = 0; ky < fh; ky++) {
          const int iy = y0 + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < fw; kx++) {
            const int ix = x0 + kx * dw;
            if (ix < 0 || ix >= w) continue;
            taps[nt++] = (iy * w + ix) * c;
          }
        }
        if (nt == 0) continue;
        if (disjoint) {
          int d = 0;
          for (; d < c4; d += 4) {
            v128_t best = wasm_v128_load(xb + taps[0] + d);
            for (int t = 1; t < nt; t++) best = wasm_f32x4_max(best, wasm_v128_load(xb + taps[t] + d));
            const v128_t gv = wasm_v128_load(g + d);
            v128_t found = wasm_i32x4_splat(0);
            for (int t = 0; t < nt; t++) {
              const v128_t hit = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(xb + taps[t] + d), best), found);
              found = wasm_v128_or(found, hit);
              wasm_v128_store(dxb + taps[t] + d, wasm_v128_and(hit, gv));
            }
          }
          for (; d < c; d++) {
            int at = taps[0];
            f32 best = xb[at + d];
            for (int t = 1; t < nt; t++)
              if (xb[taps[t] + d] > best) { best = xb[taps[t] + d]; at = taps[t]; }
            /* Every tap is written: dx was not zero-filled when the windows tile x. */
            for (int t = 0; t < nt; t++) dxb[taps[t] + d] = taps[t] == at ? g[d] : 0.0f;
          }
        } else {
          for (int d = 0; d < c; d++) {
            int at = taps[0];
            f32 best = xb[at + d];
            for (int t = 1; t < nt; t++)
              if (xb[taps[t] + d] > best) { best = xb[taps[t] + d]; at = taps[t]; }
            dxb[at + d] += g[d];
          }
        }
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* AvgPoolGrad                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/*
 * The gradient of an average pool, as tfjs's cpu backend defines it: every output window adds its dy to
 * each of its taps inside x, and the sums are divided by the window's full size fh·fw.
 */
EXPORT(avg_pool_grad)
void avg_pool_grad(const f32 *dy, f32 *dx, int n, int h, int w, int c, int oh, int ow, int fh, int fw, int sh,
                   int sw, int top, int left) {
  zero_f32(dx, n * h * w * c);
  for (int b = 0; b < n; b++) {
    f32 *dxb = dx + (long)b * h * w * c;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const f32 *g = dy + (((long)b * oh + oy) * ow + ox) * c;
        for (int ky = 0; ky < fh; ky++) {
          const int iy = oy * sh - top + ky;
          if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < fw; kx++) {
            const int ix = ox * sw - left + kx;
            if (ix < 0 || ix >= w) continue;
            f32 *d = dxb + ((long)iy * w + ix) * c;
            int k = 0;
            for (; k + 4 <= c; k += 4)
              wasm_v128_store(d + k, wasm_f32x4_add(wasm_v128_load(d + k), wasm_v128_load(g + k)));
            for (; k < c; k++) d[k] += g[k];
          }
        }
      }
    }
  }
  const v128_t scale = SPLAT(1.0f / (f32)(fh * fw));
  const long size = (long)n * h * w * c;
  long i = 0;
  for (; i + 4 <= size; i += 4) wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dx + i), scale));
  for (; i < size; i++) dx[i] *= 1.0f / (f32)(fh * fw);
}

/*
 * LayerLab's WebAssembly SIMD training kernels.
 *
 * Built by scripts/build-simd-kernels.sh (clang --target=wasm32 -msimd128) into kernels.wasm, whose
 * bytes are embedded in kernels-wasm.ts. The module imports tfjs-backend-wasm's own memory, so every
 * pointer below is an address in that heap: tensors are read and written in place, never copied.
 * Nothing here uses static data or the C stack (the build checks), so the module never writes outside
 * the buffers it is given.
 *
 * Layouts are TensorFlow's: NHWC activations, [fh, fw, ci, co] filters. Every kernel is checked against
 * the tfjs cpu backend (kernels.test.ts, fused-conv-relu.test.ts, fused-rnn.test.ts, adam.test.ts).
 *
 * Contents: max_pool_grad; relu_grad, sum_rows; conv_filter_grad (packed and packing-free paths);
 * conv_input_grad; gemm (Goto-style blocking, 4 × 8 register tiles); conv_forward; adam; lstm_forward,
 * lstm_backward; gru_forward, gru_backward. The 4 × 8 tile (8 accumulators, 2 loads, 4 broadcasts a
 * step) fits V8's 16 SIMD registers; on this machine it runs at about 34 GFLOP/s per core.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef float f32;

static inline int min_i(int a, int b) { return a < b ? a : b; }
static inline int max_i(int a, int b) { return a > b ? a : b; }

static inline void zero_f32(f32 *p, int n) {
  int i = 0;
  v128_t z = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, z);
  for (; i < n; i++) p[i] = 0.0f;
}

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
/* Element-wise                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

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
/* Conv2DBackpropFilter                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/* Rows of the batch·output-pixel axis handled per block (the packed operands stay in L1/L2). */
#define MB 128

/*
 * acc[4 × 8] += Σ_i a[i][0..4]ᵀ · b[i][0..8]: the inner kernel of the filter gradient. a is a packed
 * 4-row panel (4 floats per step), b a packed 8-column panel (8 floats per step), acc has row stride ld.
 */
static inline void micro_4x8(const f32 *a, const f32 *b, f32 *acc, int ld, int steps) {
  v128_t c00 = wasm_v128_load(acc), c01 = wasm_v128_load(acc + 4);
  v128_t c10 = wasm_v128_load(acc + ld), c11 = wasm_v128_load(acc + ld + 4);
  v128_t c20 = wasm_v128_load(acc + 2 * ld), c21 = wasm_v128_load(acc + 2 * ld + 4);
  v128_t c30 = wasm_v128_load(acc + 3 * ld), c31 = wasm_v128_load(acc + 3 * ld + 4);
  for (int i = 0; i < steps; i++) {
    const v128_t b0 = wasm_v128_load(b + 8 * i), b1 = wasm_v128_load(b + 8 * i + 4);
    v128_t a0 = wasm_v128_load32_splat(a + 4 * i);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    v128_t a1 = wasm_v128_load32_splat(a + 4 * i + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    v128_t a2 = wasm_v128_load32_splat(a + 4 * i + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    v128_t a3 = wasm_v128_load32_splat(a + 4 * i + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  wasm_v128_store(acc, c00), wasm_v128_store(acc + 4, c01);
  wasm_v128_store(acc + ld, c10), wasm_v128_store(acc + ld + 4, c11);
  wasm_v128_store(acc + 2 * ld, c20), wasm_v128_store(acc + 2 * ld + 4, c21);
  wasm_v128_store(acc + 3 * ld, c30), wasm_v128_store(acc + 3 * ld + 4, c31);
}

/* Scratch floats conv_filter_grad needs (the caller allocates them in the heap). */
EXPORT(conv_filter_grad_scratch)
int conv_filter_grad_scratch(int fh, int fw, int ci, int co) {
  const int kp = (fh * fw * ci + 3) & ~3;
  const int cp = (co + 7) & ~7;
  return kp * cp + kp * MB + cp * MB;
}

/* Defined below: the packing-free path for unpadded convolutions. */
static inline int direct_ok(int h, int w, int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl,
                            int top, int left);
static void conv_filter_grad_direct(const f32 *x, const f32 *dy, f32 *dw, f32 *acc, int n, int h, int w, int ci,
                                    int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl);

/*
 * dw[ky, kx, c, o] = Σ_{b, oy, ox} x[b, oy·sh − top + ky·dh, ox·sw − left + kx·dw, c] · dy[b, oy, ox, o]
 * as a matrix product over the n·oh·ow axis, block by block: the patch rows (k = (ky·fw + kx)·ci + c)
 * are packed four at a time straight from x (no patch matrix), dy eight channels at a time.
 */
EXPORT(conv_filter_grad)
void conv_filter_grad(const f32 *x, const f32 *dy, f32 *dw, f32 *scratch, int n, int h, int w, int ci,
                      int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl, int top,
                      int left) {
  /* Few input channels: packing would be scalar, the direct path wins (3.4 → 1.0 ms on the seed's first
     layer); with ci ≥ 4 the packed panels are faster (8.3 vs 10.0 ms on its second). */
  if (ci < 4 && direct_ok(h, w, oh, ow, co, fh, fw, sh, sw, dh, dwl, top, left)) {
    conv_filter_grad_direct(x, dy, dw, scratch, n, h, w, ci, oh, ow, co, fh, fw, sh, sw, dh, dwl);
    return;
  }
  const int K = fh * fw * ci;
  const int kp = (K + 3) & ~3;
  const int cp = (co + 7) & ~7;
  f32 *acc = scratch;            /* [kp][cp] */
  f32 *ap = acc + kp * cp;       /* [kp/4][MB][4] */
  f32 *bp = ap + kp * MB;        /* [cp/8][MB][8] */
  zero_f32(acc, kp * cp);
  const int M = n * oh * ow;
  const int vec_ci = (ci & 3) == 0;
  for (int m0 = 0; m0 < M; m0 += MB) {
    const int mb = min_i(MB, M - m0);
    /* Pack dy: bp[ot][i][j] = dy[m0 + i][8·ot + j]. */
    for (int i = 0; i < mb; i++) {
      const f32 *row = dy + (long)(m0 + i) * co;
      for (int ot = 0; ot < cp / 8; ot++) {
        f32 *dst = bp + ((long)ot * MB + i) * 8;
        const int o0 = ot * 8;
        if (o0 + 8 <= co) {
          wasm_v128_store(dst, wasm_v128_load(row + o0));
          wasm_v128_store(dst + 4, wasm_v128_load(row + o0 + 4));
        } else {
          for (int j = 0; j < 8; j++) dst[j] = o0 + j < co ? row[o0 + j] : 0.0f;
        }
      }
    }
    /* Pack the patches: ap[kt][i][l] = x at patch row k = 4·kt + l of output pixel m0 + i. */
    for (int i = 0; i < mb; i++) {
      const int m = m0 + i;
      const int b = m / (oh * ow);
      const int r = m - b * oh * ow;
      const int oy = r / ow, ox = r - (r / ow) * ow;
      const f32 *xb = x + (long)b * h * w * ci;
      for (int ky = 0; ky < fh; ky++) {
        const int iy = oy * sh - top + ky * dh;
        for (int kx = 0; kx < fw; kx++) {
          const int ix = ox * sw - left + kx * dwl;
          const int k0 = (ky * fw + kx) * ci;
          const int inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          const f32 *src = xb + ((long)iy * w + ix) * ci;
          if (vec_ci) {
            for (int c = 0; c < ci; c += 4) {
              const int k = k0 + c;
              f32 *dst = ap + ((long)(k >> 2) * MB + i) * 4;
              wasm_v128_store(dst, inside ? wasm_v128_load(src + c) : wasm_f32x4_splat(0.0f));
            }
          } else {
            for (int c = 0; c < ci; c++) {
              const int k = k0 + c;
              ap[((long)(k >> 2) * MB + i) * 4 + (k & 3)] = inside ? src[c] : 0.0f;
            }
          }
        }
      }
      for (int k = K; k < kp; k++) ap[((long)(k >> 2) * MB + i) * 4 + (k & 3)] = 0.0f;
    }
    for (int ot = 0; ot < cp / 8; ot++) {
      const f32 *b = bp + (long)ot * MB * 8;
      for (int kt = 0; kt < kp / 4; kt++)
        micro_4x8(ap + (long)kt * MB * 4, b, acc + (long)kt * 4 * cp + ot * 8, cp, mb);
    }
  }
  for (int k = 0; k < K; k++)
    for (int o = 0; o < co; o++) dw[(long)k * co + o] = acc[(long)k * cp + o];
}

/* ------------------------------------------------------------------------------------------------ */
/* Conv2DBackpropInput                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/* Adds a 4 × 8 tile held in two registers per row to dx rows d0..d3 (0 = the row falls outside x). */
#define ADD8(d, lo, hi)                                                   \
  if (d) {                                                                \
    wasm_v128_store(d, wasm_f32x4_add(wasm_v128_load(d), lo));            \
    wasm_v128_store((d) + 4, wasm_f32x4_add(wasm_v128_load((d) + 4), hi)); \
  }

/*
 * tile[4 × 8] = Σ_i a[i][0..4]ᵀ · b[i][0..8] from zero; then either added to the four dx rows (when the
 * eight columns are eight channels of one tap) or written to `spill` for a scalar scatter.
 */
static inline void micro_4x8_add(const f32 *a, const f32 *b, int steps, f32 *d0, f32 *d1, f32 *d2, f32 *d3,
                                 f32 *spill) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int i = 0; i < steps; i++) {
    const v128_t b0 = wasm_v128_load(b + 8 * i), b1 = wasm_v128_load(b + 8 * i + 4);
    v128_t a0 = wasm_v128_load32_splat(a + 4 * i);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    v128_t a1 = wasm_v128_load32_splat(a + 4 * i + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    v128_t a2 = wasm_v128_load32_splat(a + 4 * i + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    v128_t a3 = wasm_v128_load32_splat(a + 4 * i + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  if (spill) {
    wasm_v128_store(spill, c00), wasm_v128_store(spill + 4, c01);
    wasm_v128_store(spill + 8, c10), wasm_v128_store(spill + 12, c11);
    wasm_v128_store(spill + 16, c20), wasm_v128_store(spill + 20, c21);
    wasm_v128_store(spill + 24, c30), wasm_v128_store(spill + 28, c31);
    return;
  }
  ADD8(d0, c00, c01);
  ADD8(d1, c10, c11);
  ADD8(d2, c20, c21);
  ADD8(d3, c30, c31);
}

/* Scratch floats conv_input_grad needs. */
EXPORT(conv_input_grad_scratch)
int conv_input_grad_scratch(int fh, int fw, int ci, int co) {
  const int k8 = (fh * fw * ci + 7) & ~7;
  return k8 * co + MB * co + 3 * MB + 32;
}

/*
 * dx[b, oy·sh − top + ky·dh, ox·sw − left + kx·dw, c] += Σ_o dy[b, oy, ox, o] · w[ky, kx, c, o]:
 * the product dy[M, co] × wᵀ[co, K] computed in 4 × 8 tiles whose results are added straight into dx
 * (no column matrix, no separate col2im pass).
 */
EXPORT(conv_input_grad)
void conv_input_grad(const f32 *dy, const f32 *wt, f32 *dx, f32 *scratch, int n, int h, int w, int ci, int oh,
                     int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl, int top, int left) {
  const int K = fh * fw * ci;
  const int k8 = (K + 7) & ~7;
  f32 *bp = scratch;                   /* [k8/8][co][8] */
  f32 *ap = bp + k8 * co;              /* [MB/4][co][4] */
  int *rb = (int *)(ap + MB * co);     /* per block row: image index, or −1 past the end */
  int *ry = rb + MB;                   /* oy·sh − top */
  int *rx = ry + MB;                   /* ox·sw − left */
  f32 *spill = (f32 *)(rx + MB);       /* 32 floats */
  zero_f32(dx, n * h * w * ci);
  for (int kt = 0; kt < k8 / 8; kt++)
    for (int o = 0; o < co; o++)
      for (int j = 0; j < 8; j++) {
        const int k = kt * 8 + j;
        bp[((long)kt * co + o) * 8 + j] = k < K ? wt[(long)k * co + o] : 0.0f;
      }
  const int M = n * oh * ow;
  const int vec = (ci & 7) == 0;
  for (int m0 = 0; m0 < M; m0 += MB) {
    const int mb = min_i(MB, M - m0);
    const int mb4 = (mb + 3) & ~3;
    for (int i = 0; i < mb4; i++) {
      const int m = m0 + i;
      f32 *dst = ap + (long)(i >> 2) * co * 4 + (i & 3);
      if (i >= mb) {
        rb[i] = -1;
        for (int o = 0; o < co; o++) dst[o * 4] = 0.0f;
        continue;
      }
      const int b = m / (oh * ow);
      const int r = m - b * oh * ow;
      rb[i] = b;
      ry[i] = (r / ow) * sh - top;
      rx[i] = (r - (r / ow) * ow) * sw - left;
      const f32 *src = dy + (long)m * co;
      for (int o = 0; o < co; o++) dst[o * 4] = src[o];
    }
    for (int kt = 0; kt < k8 / 8; kt++) {
      const int k0 = kt * 8;
      const int tap = k0 / ci;
      const int c0 = k0 - tap * ci;
      const int ky = tap / fw, kx = tap - (tap / fw) * fw;
      const f32 *b = bp + (long)kt * co * 8;
      for (int i = 0; i < mb4; i += 4) {
        const f32 *a = ap + (long)(i >> 2) * co * 4;
        if (vec) {
          f32 *d[4];
          for (int r = 0; r < 4; r++) {
            const int bb = rb[i + r];
            const int iy = ry[i + r] + ky * dh, ix = rx[i + r] + kx * dwl;
            d[r] = bb >= 0 && iy >= 0 && iy < h && ix >= 0 && ix < w
                       ? dx + (((long)bb * h + iy) * w + ix) * ci + c0
                       : 0;
          }
          micro_4x8_add(a, b, co, d[0], d[1], d[2], d[3], 0);
        } else {
          micro_4x8_add(a, b, co, 0, 0, 0, 0, spill);
          for (int r = 0; r < 4; r++) {
            const int bb = rb[i + r];
            if (bb < 0) continue;
            for (int j = 0; j < 8; j++) {
              const int k = k0 + j;
              if (k >= K) break;
              const int t = k / ci, c = k - t * ci;
              const int iy = ry[i + r] + (t / fw) * dh, ix = rx[i + r] + (t - (t / fw) * fw) * dwl;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) dx[(((long)bb * h + iy) * w + ix) * ci + c] += spill[r * 8 + j];
            }
          }
        }
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Matrix product                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

#define GEMM_MC 128
#define GEMM_KC 512
#define GEMM_NC 512

/* tile[4 × 8] (+)= Σ_p a[p][0..4]ᵀ · b[p][0..8], then stored to c (row stride ldc) in full. */
static inline void micro_4x8_c(const f32 *a, const f32 *b, int steps, f32 *c, int ldc, int accumulate) {
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  if (accumulate) {
    c00 = wasm_v128_load(c), c01 = wasm_v128_load(c + 4);
    c10 = wasm_v128_load(c + ldc), c11 = wasm_v128_load(c + ldc + 4);
    c20 = wasm_v128_load(c + 2 * ldc), c21 = wasm_v128_load(c + 2 * ldc + 4);
    c30 = wasm_v128_load(c + 3 * ldc), c31 = wasm_v128_load(c + 3 * ldc + 4);
  } else {
    c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  }
  for (int i = 0; i < steps; i++) {
    const v128_t b0 = wasm_v128_load(b + 8 * i), b1 = wasm_v128_load(b + 8 * i + 4);
    v128_t a0 = wasm_v128_load32_splat(a + 4 * i);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    v128_t a1 = wasm_v128_load32_splat(a + 4 * i + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    v128_t a2 = wasm_v128_load32_splat(a + 4 * i + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    v128_t a3 = wasm_v128_load32_splat(a + 4 * i + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  wasm_v128_store(c, c00), wasm_v128_store(c + 4, c01);
  wasm_v128_store(c + ldc, c10), wasm_v128_store(c + ldc + 4, c11);
  wasm_v128_store(c + 2 * ldc, c20), wasm_v128_store(c + 2 * ldc + 4, c21);
  wasm_v128_store(c + 3 * ldc, c30), wasm_v128_store(c + 3 * ldc + 4, c31);
}

/* The packed panels' sizes for an m × n × k product (small products need small buffers). */
static inline int gemm_mc(int m) { return (min_i(m, GEMM_MC) + 3) & ~3; }
static inline int gemm_kc(int k) { return min_i(k, GEMM_KC); }
static inline int gemm_nc(int n) { return (min_i(n, GEMM_NC) + 7) & ~7; }

/* Scratch floats gemm needs for an m × n × k product. */
EXPORT(gemm_scratch)
int gemm_scratch(int m, int n, int k) { return gemm_mc(m) * gemm_kc(k) + gemm_kc(k) * gemm_nc(n) + 32; }

/*
 * c[i·n + j] = Σ_p A(i, p) · B(p, j) for i < m, j < n, where A(i, p) = a[i·ars + p·acs] and
 * B(p, j) = b[p·brs + j·bcs] (strides express either operand transposed). Blocked as in Goto's GEMM:
 * B packed KC × NC in 8-column panels, A packed MC × KC in 4-row panels; edge tiles go through `spill`.
 */
EXPORT(gemm)
void gemm(const f32 *a, int ars, int acs, const f32 *b, int brs, int bcs, f32 *c, int m, int n, int k,
          f32 *scratch) {
  f32 *ap = scratch;                            /* [MC/4][KC][4] */
  f32 *bp = ap + gemm_mc(m) * gemm_kc(k);       /* [NC/8][KC][8] */
  f32 *spill = bp + gemm_kc(k) * gemm_nc(n);    /* 32 floats */
  if (k == 0) {
    zero_f32(c, m * n);
    return;
  }
  for (int j0 = 0; j0 < n; j0 += GEMM_NC) {
    const int nc = min_i(GEMM_NC, n - j0);
    const int nt = (nc + 7) >> 3;
    for (int p0 = 0; p0 < k; p0 += GEMM_KC) {
      const int kc = min_i(GEMM_KC, k - p0);
      const int acc = p0 > 0;
      for (int t = 0; t < nt; t++) {
        f32 *dst = bp + (long)t * kc * 8;
        const int jj = j0 + t * 8;
        const int full = jj + 8 <= n;
        if (full && brs == 1 && (kc & 3) == 0) {
          /* Transposed B (each column contiguous along p): transpose 4 × 4 blocks of two column quads. */
          for (int q = 0; q < 8; q += 4) {
            const f32 *c0 = b + (long)p0 + (long)(jj + q) * bcs, *c1 = c0 + bcs, *c2 = c1 + bcs, *c3 = c2 + bcs;
            for (int p = 0; p < kc; p += 4) {
              const v128_t x0 = wasm_v128_load(c0 + p), x1 = wasm_v128_load(c1 + p);
              const v128_t x2 = wasm_v128_load(c2 + p), x3 = wasm_v128_load(c3 + p);
              const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
              const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
              wasm_v128_store(dst + 8 * p + q, wasm_i64x2_shuffle(t0, t1, 0, 2));
              wasm_v128_store(dst + 8 * p + 8 + q, wasm_i64x2_shuffle(t0, t1, 1, 3));
              wasm_v128_store(dst + 8 * p + 16 + q, wasm_i64x2_shuffle(t2, t3, 0, 2));
              wasm_v128_store(dst + 8 * p + 24 + q, wasm_i64x2_shuffle(t2, t3, 1, 3));
            }
          }
          continue;
        }
        for (int p = 0; p < kc; p++) {
          const f32 *src = b + (long)(p0 + p) * brs + (long)jj * bcs;
          if (full && bcs == 1) {
            wasm_v128_store(dst + 8 * p, wasm_v128_load(src));
            wasm_v128_store(dst + 8 * p + 4, wasm_v128_load(src + 4));
          } else {
            for (int j = 0; j < 8; j++) dst[8 * p + j] = jj + j < n ? src[(long)j * bcs] : 0.0f;
          }
        }
      }
      for (int i0 = 0; i0 < m; i0 += GEMM_MC) {
        const int mc = min_i(GEMM_MC, m - i0);
        const int mt = (mc + 3) >> 2;
        for (int t = 0; t < mt; t++) {
          f32 *dst = ap + (long)t * kc * 4;
          const int ii = i0 + t * 4;
          if (ii + 4 <= m && acs == 1 && (kc & 3) == 0) {
            /* Four rows, contiguous along p: transpose 4 × 4 blocks. */
            const f32 *r0 = a + (long)ii * ars + p0, *r1 = r0 + ars, *r2 = r1 + ars, *r3 = r2 + ars;
            for (int p = 0; p < kc; p += 4) {
              const v128_t x0 = wasm_v128_load(r0 + p), x1 = wasm_v128_load(r1 + p);
              const v128_t x2 = wasm_v128_load(r2 + p), x3 = wasm_v128_load(r3 + p);
              const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
              const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
              wasm_v128_store(dst + 4 * p, wasm_i64x2_shuffle(t0, t1, 0, 2));
              wasm_v128_store(dst + 4 * p + 4, wasm_i64x2_shuffle(t0, t1, 1, 3));
              wasm_v128_store(dst + 4 * p + 8, wasm_i64x2_shuffle(t2, t3, 0, 2));
              wasm_v128_store(dst + 4 * p + 12, wasm_i64x2_shuffle(t2, t3, 1, 3));
            }
          } else if (ii + 4 <= m && ars == 1) {
            /* Column-major A (transposed operand): the four rows are contiguous at each p. */
            for (int p = 0; p < kc; p++)
              wasm_v128_store(dst + 4 * p, wasm_v128_load(a + (long)ii + (long)(p0 + p) * acs));
          } else {
            for (int p = 0; p < kc; p++)
              for (int r = 0; r < 4; r++)
                dst[4 * p + r] = ii + r < m ? a[(long)(ii + r) * ars + (long)(p0 + p) * acs] : 0.0f;
          }
        }
        for (int tj = 0; tj < nt; tj++) {
          const int jj = j0 + tj * 8;
          const f32 *bpan = bp + (long)tj * kc * 8;
          for (int ti = 0; ti < mt; ti++) {
            const int ii = i0 + ti * 4;
            const f32 *apan = ap + (long)ti * kc * 4;
            if (ii + 4 <= m && jj + 8 <= n) {
              micro_4x8_c(apan, bpan, kc, c + (long)ii * n + jj, n, acc);
            } else {
              const int rows = min_i(4, m - ii), cols = min_i(8, n - jj);
              for (int r = 0; r < 4; r++)
                for (int j = 0; j < 8; j++)
                  spill[r * 8 + j] = acc && r < rows && j < cols ? c[(long)(ii + r) * n + jj + j] : 0.0f;
              micro_4x8_c(apan, bpan, kc, spill, 8, 1);
              for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++) c[(long)(ii + r) * n + jj + j] = spill[r * 8 + j];
            }
          }
        }
      }
    }
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

/* ------------------------------------------------------------------------------------------------ */
/* Conv2D forward (+ bias, + ReLU)                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/* out rows 0..3 (row stride ld) = act(bias + Σ_p a[p][0..4]ᵀ · b[p][0..8]), act = ReLU when relu. */
static inline void micro_4x8_out(const f32 *a, const f32 *b, int steps, v128_t bias0, v128_t bias1, int relu,
                                 f32 *out, int ld) {
  v128_t c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
  for (int i = 0; i < steps; i++) {
    const v128_t b0 = wasm_v128_load(b + 8 * i), b1 = wasm_v128_load(b + 8 * i + 4);
    v128_t a0 = wasm_v128_load32_splat(a + 4 * i);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    v128_t a1 = wasm_v128_load32_splat(a + 4 * i + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    v128_t a2 = wasm_v128_load32_splat(a + 4 * i + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    v128_t a3 = wasm_v128_load32_splat(a + 4 * i + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  if (relu) {
    const v128_t z = wasm_f32x4_splat(0.0f);
    c00 = wasm_f32x4_max(c00, z), c01 = wasm_f32x4_max(c01, z), c10 = wasm_f32x4_max(c10, z);
    c11 = wasm_f32x4_max(c11, z), c20 = wasm_f32x4_max(c20, z), c21 = wasm_f32x4_max(c21, z);
    c30 = wasm_f32x4_max(c30, z), c31 = wasm_f32x4_max(c31, z);
  }
  wasm_v128_store(out, c00), wasm_v128_store(out + 4, c01);
  wasm_v128_store(out + ld, c10), wasm_v128_store(out + ld + 4, c11);
  wasm_v128_store(out + 2 * ld, c20), wasm_v128_store(out + 2 * ld + 4, c21);
  wasm_v128_store(out + 3 * ld, c30), wasm_v128_store(out + 3 * ld + 4, c31);
}

/* Scratch floats conv_forward needs. */
EXPORT(conv_forward_scratch)
int conv_forward_scratch(int fh, int fw, int ci, int co) {
  const int K = fh * fw * ci;
  return K * ((co + 7) & ~7) + MB * K + 32;
}

/*
 * y[b, oy, ox, o] = act(Σ_{ky, kx, c} x[b, oy·sh − top + ky·dh, ox·sw − left + kx·dw, c] · w[ky, kx, c, o]
 * + bias[o]) with act = ReLU when relu, else identity; bias may be 0 (none). The patches of four output
 * pixels are packed at a time straight from x (no patch matrix), the filter once per call.
 */
EXPORT(conv_forward)
void conv_forward(const f32 *x, const f32 *w, const f32 *bias, f32 *y, f32 *scratch, int relu, int n, int h,
                  int wd, int ci, int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl, int top,
                  int left) {
  const int K = fh * fw * ci;
  const int cp = (co + 7) & ~7;
  f32 *bp = scratch;               /* [cp/8][K][8] */
  f32 *ap = bp + (long)K * cp;     /* [MB/4][K][4] */
  f32 *spill = ap + (long)MB * K;  /* 32 floats */
  for (int t = 0; t < cp / 8; t++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < 8; j++) {
        const int o = t * 8 + j;
        bp[((long)t * K + k) * 8 + j] = o < co ? w[(long)k * co + o] : 0.0f;
      }
  const int M = n * oh * ow;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int m0 = 0; m0 < M; m0 += MB) {
    const int mb = min_i(MB, M - m0);
    const int mb4 = (mb + 3) & ~3;
    /* Pack: ap[i/4][k][i%4] = patch value k of output pixel m0 + i (0 outside x or past M), four
       pixels at a time so that four channels of four pixels go in as one 4 × 4 transpose. */
    for (int i = 0; i < mb4; i += 4) {
      f32 *dst = ap + (long)(i >> 2) * K * 4;
      int pb[4], py[4], px[4];
      for (int rr = 0; rr < 4; rr++) {
        const int m = m0 + i + rr;
        if (i + rr >= mb) {
          pb[rr] = -1, py[rr] = 0, px[rr] = 0;
          continue;
        }
        const int b = m / (oh * ow);
        const int r = m - b * oh * ow;
        pb[rr] = b, py[rr] = (r / ow) * sh - top, px[rr] = (r - (r / ow) * ow) * sw - left;
      }
      for (int ky = 0; ky < fh; ky++) {
        for (int kx = 0; kx < fw; kx++) {
          const f32 *src[4];
          for (int rr = 0; rr < 4; rr++) {
            const int iy = py[rr] + ky * dh, ix = px[rr] + kx * dwl;
            src[rr] = pb[rr] >= 0 && iy >= 0 && iy < h && ix >= 0 && ix < wd
                          ? x + (((long)pb[rr] * h + iy) * wd + ix) * ci
                          : 0;
          }
          f32 *d = dst + (long)(ky * fw + kx) * ci * 4;
          if (ci == 1 && sw == 1 && src[0] && src[1] == src[0] + 1 && src[2] == src[0] + 2 && src[3] == src[0] + 3) {
            /* One channel, stride 1, four neighbours in a row: one load. */
            wasm_v128_store(d, wasm_v128_load(src[0]));
            continue;
          }
          int c = 0;
          for (; c + 4 <= ci; c += 4) {
            const v128_t x0 = src[0] ? wasm_v128_load(src[0] + c) : zero;
            const v128_t x1 = src[1] ? wasm_v128_load(src[1] + c) : zero;
            const v128_t x2 = src[2] ? wasm_v128_load(src[2] + c) : zero;
            const v128_t x3 = src[3] ? wasm_v128_load(src[3] + c) : zero;
            const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
            const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
            wasm_v128_store(d + 4 * c, wasm_i64x2_shuffle(t0, t1, 0, 2));
            wasm_v128_store(d + 4 * c + 4, wasm_i64x2_shuffle(t0, t1, 1, 3));
            wasm_v128_store(d + 4 * c + 8, wasm_i64x2_shuffle(t2, t3, 0, 2));
            wasm_v128_store(d + 4 * c + 12, wasm_i64x2_shuffle(t2, t3, 1, 3));
          }
          for (; c < ci; c++)
            for (int rr = 0; rr < 4; rr++) d[4 * c + rr] = src[rr] ? src[rr][c] : 0.0f;
        }
      }
    }
    for (int t = 0; t < cp / 8; t++) {
      const f32 *bpan = bp + (long)t * K * 8;
      const int o0 = t * 8;
      const v128_t bias0 = bias && o0 + 8 <= co ? wasm_v128_load(bias + o0) : zero;
      const v128_t bias1 = bias && o0 + 8 <= co ? wasm_v128_load(bias + o0 + 4) : zero;
      for (int i = 0; i < mb4; i += 4) {
        if (i + 4 <= mb && o0 + 8 <= co) {
          micro_4x8_out(ap + (long)(i >> 2) * K * 4, bpan, K, bias0, bias1, relu, y + (long)(m0 + i) * co + o0, co);
          continue;
        }
        micro_4x8_c(ap + (long)(i >> 2) * K * 4, bpan, K, spill, 8, 0);
        for (int rr = 0; rr < 4 && i + rr < mb; rr++) {
          f32 *out = y + (long)(m0 + i + rr) * co + o0;
          if (o0 + 8 <= co) {
            v128_t lo = wasm_f32x4_add(wasm_v128_load(spill + rr * 8), bias0);
            v128_t hi = wasm_f32x4_add(wasm_v128_load(spill + rr * 8 + 4), bias1);
            if (relu) lo = wasm_f32x4_max(lo, zero), hi = wasm_f32x4_max(hi, zero);
            wasm_v128_store(out, lo);
            wasm_v128_store(out + 4, hi);
          } else {
            for (int j = 0; o0 + j < co; j++) {
              f32 v = spill[rr * 8 + j] + (bias ? bias[o0 + j] : 0.0f);
              out[j] = relu && v < 0.0f ? 0.0f : v;
            }
          }
        }
      }
    }
  }
}

/*
 * The filter gradient of an unpadded convolution whose windows all lie inside x ("valid" padding) and
 * whose output channels come in eights, for few input channels: no packing at all. For each image, each 4 × 8 tile of dw
 * accumulates over the image's output pixels, reading the four patch values straight from x at fixed
 * offsets from the pixel's window (o0..o3) and eight dy channels from dy's row; one image of x and dy
 * stays in L1/L2 while every tile passes over it.
 */
static inline void micro_4x8_direct(const f32 *xp, int o0, int o1, int o2, int o3, int xstep, int xrow,
                                    const f32 *dyp, int co, int oh, int ow, f32 *acc, int ld) {
  v128_t c00 = wasm_v128_load(acc), c01 = wasm_v128_load(acc + 4);
  v128_t c10 = wasm_v128_load(acc + ld), c11 = wasm_v128_load(acc + ld + 4);
  v128_t c20 = wasm_v128_load(acc + 2 * ld), c21 = wasm_v128_load(acc + 2 * ld + 4);
  v128_t c30 = wasm_v128_load(acc + 3 * ld), c31 = wasm_v128_load(acc + 3 * ld + 4);
  for (int oy = 0; oy < oh; oy++) {
    const f32 *xr = xp + (long)oy * xrow;
    const f32 *d = dyp + (long)oy * ow * co;
    for (int ox = 0; ox < ow; ox++, xr += xstep, d += co) {
      const v128_t b0 = wasm_v128_load(d), b1 = wasm_v128_load(d + 4);
      v128_t a0 = wasm_v128_load32_splat(xr + o0);
      c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
      c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
      v128_t a1 = wasm_v128_load32_splat(xr + o1);
      c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
      c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
      v128_t a2 = wasm_v128_load32_splat(xr + o2);
      c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
      c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
      v128_t a3 = wasm_v128_load32_splat(xr + o3);
      c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
      c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    }
  }
  wasm_v128_store(acc, c00), wasm_v128_store(acc + 4, c01);
  wasm_v128_store(acc + ld, c10), wasm_v128_store(acc + ld + 4, c11);
  wasm_v128_store(acc + 2 * ld, c20), wasm_v128_store(acc + 2 * ld + 4, c21);
  wasm_v128_store(acc + 3 * ld, c30), wasm_v128_store(acc + 3 * ld + 4, c31);
}

/* Whether conv_filter_grad_direct applies: no padding, every window inside x, co a multiple of 8. */
static inline int direct_ok(int h, int w, int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl,
                            int top, int left) {
  return top == 0 && left == 0 && (co & 7) == 0 && (oh - 1) * sh + (fh - 1) * dh < h &&
         (ow - 1) * sw + (fw - 1) * dwl < w;
}

static void conv_filter_grad_direct(const f32 *x, const f32 *dy, f32 *dw, f32 *acc, int n, int h, int w, int ci,
                                    int oh, int ow, int co, int fh, int fw, int sh, int sw, int dh, int dwl) {
  const int K = fh * fw * ci;
  const int kp = (K + 3) & ~3;
  zero_f32(acc, kp * co);
  for (int b = 0; b < n; b++) {
    const f32 *xb = x + (long)b * h * w * ci;
    const f32 *dyb = dy + (long)b * oh * ow * co;
    for (int ot = 0; ot < co / 8; ot++) {
      for (int kt = 0; kt < kp / 4; kt++) {
        int off[4];
        for (int r = 0; r < 4; r++) {
          /* Rows past K repeat row K − 1; their sums land in acc rows ≥ K, never copied out. */
          const int k = min_i(4 * kt + r, K - 1);
          const int t = k / ci, c = k - t * ci;
          off[r] = ((t / fw) * dh * w + (t - (t / fw) * fw) * dwl) * ci + c;
        }
        micro_4x8_direct(xb, off[0], off[1], off[2], off[3], sw * ci, sh * w * ci, dyb + ot * 8, co, oh, ow,
                         acc + (long)kt * 4 * co + ot * 8, co);
      }
    }
  }
  for (int i = 0; i < K * co; i++) dw[i] = acc[i];
}

/* ------------------------------------------------------------------------------------------------ */
/* LSTM (Keras/tfjs-layers semantics: gates i, f, c, o; tanh activation; sigmoid or hard sigmoid)   */
/* ------------------------------------------------------------------------------------------------ */

#define SPLAT wasm_f32x4_splat

/* eˣ, four at a time: Cephes's expf (range reduction by ln 2, degree-6 polynomial), ~1 ulp. */
static inline v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, SPLAT(-87.3f)), SPLAT(88.3f));
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, SPLAT(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, SPLAT(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, SPLAT(-2.12194440e-4f)));
  v128_t p = SPLAT(1.9875691500E-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.3981999507E-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(8.3334519073E-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(4.1665795894E-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.6666665459E-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(5.0000001201E-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), wasm_f32x4_add(r, SPLAT(1.0f)));
  const v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, e);
}

static inline v128_t sigmoid4(v128_t x) {
  return wasm_f32x4_div(SPLAT(1.0f), wasm_f32x4_add(SPLAT(1.0f), exp4(wasm_f32x4_neg(x))));
}

/* tanh x = 1 − 2 / (e²ˣ + 1) (saturates cleanly at ±1). */
static inline v128_t tanh4(v128_t x) {
  return wasm_f32x4_sub(SPLAT(1.0f), wasm_f32x4_div(SPLAT(2.0f), wasm_f32x4_add(exp4(wasm_f32x4_add(x, x)), SPLAT(1.0f))));
}

/* Keras's hard sigmoid: clip(0.2·x + 0.5, 0, 1). */
static inline v128_t hard_sigmoid4(v128_t x) {
  return wasm_f32x4_min(wasm_f32x4_max(wasm_f32x4_add(wasm_f32x4_mul(x, SPLAT(0.2f)), SPLAT(0.5f)), SPLAT(0.0f)),
                        SPLAT(1.0f));
}

static inline v128_t gate4(v128_t z, int hard) { return hard ? hard_sigmoid4(z) : sigmoid4(z); }

/* d gate / d z from the gate's value s: s(1 − s) for the sigmoid, 0.2 inside the hard sigmoid's ramp. */
static inline v128_t gate_slope4(v128_t s, int hard) {
  if (!hard) return wasm_f32x4_mul(s, wasm_f32x4_sub(SPLAT(1.0f), s));
  const v128_t inside = wasm_v128_and(wasm_f32x4_gt(s, SPLAT(0.0f)), wasm_f32x4_lt(s, SPLAT(1.0f)));
  return wasm_v128_and(inside, SPLAT(0.2f));
}

/* Loads/stores of n ≤ 4 floats (the tail of a row whose length is not a multiple of 4). */
static inline v128_t load_n(const f32 *p, int n) {
  if (n >= 4) return wasm_v128_load(p);
  v128_t v = SPLAT(0.0f);
  if (n > 0) v = wasm_f32x4_replace_lane(v, 0, p[0]);
  if (n > 1) v = wasm_f32x4_replace_lane(v, 1, p[1]);
  if (n > 2) v = wasm_f32x4_replace_lane(v, 2, p[2]);
  return v;
}
static inline void store_n(f32 *p, v128_t v, int n) {
  if (n >= 4) { wasm_v128_store(p, v); return; }
  if (n > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* Scratch floats lstm_forward and lstm_backward need. */
EXPORT(lstm_scratch)
int lstm_scratch(int b, int t, int d, int u) {
  const int big = b * t * 4 * u;
  const int gs = GEMM_MC * GEMM_KC + GEMM_KC * GEMM_NC + 32;
  return big + b * t * u + 3 * b * 4 * u + gs;
}

/*
 * Forward over all timesteps. x [b, t, d], w [d, 4u], r [u, 4u], bias [4u]. Writes the gates after their
 * activations g [b, t, 4u] (i, f, c̃, o), the cells c [b, t, u] and the outputs h [b, t, u], all kept for
 * the backward pass; y gets h (every step) or its last step. The input projection x·w of all steps is
 * one product; each step adds h₋₁·r.
 */
EXPORT(lstm_forward)
void lstm_forward(const f32 *x, const f32 *w, const f32 *r, const f32 *bias, f32 *y, f32 *g, f32 *c, f32 *h,
                  f32 *scratch, int B, int T, int D, int U, int return_sequences, int hard) {
  const int G = 4 * U;
  f32 *zx = scratch;                       /* [B·T, 4U] */
  f32 *zr = zx + (long)B * T * G;          /* [B, 4U] */
  f32 *gs = zr + (long)3 * B * G + (long)B * T * U;
  gemm(x, D, 1, w, G, 1, zx, B * T, G, D, gs);
  for (int t = 0; t < T; t++) {
    if (t > 0) gemm(h + (long)(t - 1) * U, T * U, 1, r, G, 1, zr, B, G, U, gs);
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *zxr = zx + row * G;
      const f32 *zrr = zr + (long)bb * G;
      f32 *gr = g + row * G;
      f32 *cr = c + row * U;
      f32 *hr = h + row * U;
      const f32 *cprev = t > 0 ? c + (row - 1) * U : 0;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        v128_t zi = wasm_f32x4_add(load_n(zxr + k, n), load_n(bias + k, n));
        v128_t zf = wasm_f32x4_add(load_n(zxr + U + k, n), load_n(bias + U + k, n));
        v128_t zc = wasm_f32x4_add(load_n(zxr + 2 * U + k, n), load_n(bias + 2 * U + k, n));
        v128_t zo = wasm_f32x4_add(load_n(zxr + 3 * U + k, n), load_n(bias + 3 * U + k, n));
        if (t > 0) {
          zi = wasm_f32x4_add(zi, load_n(zrr + k, n));
          zf = wasm_f32x4_add(zf, load_n(zrr + U + k, n));
          zc = wasm_f32x4_add(zc, load_n(zrr + 2 * U + k, n));
          zo = wasm_f32x4_add(zo, load_n(zrr + 3 * U + k, n));
        }
        const v128_t gi = gate4(zi, hard), gf = gate4(zf, hard), gc = tanh4(zc), go = gate4(zo, hard);
        const v128_t cp = cprev ? load_n(cprev + k, n) : SPLAT(0.0f);
        const v128_t cn = wasm_f32x4_add(wasm_f32x4_mul(gf, cp), wasm_f32x4_mul(gi, gc));
        const v128_t hn = wasm_f32x4_mul(go, tanh4(cn));
        store_n(gr + k, gi, n), store_n(gr + U + k, gf, n), store_n(gr + 2 * U + k, gc, n);
        store_n(gr + 3 * U + k, go, n), store_n(cr + k, cn, n), store_n(hr + k, hn, n);
      }
    }
  }
  if (return_sequences) {
    for (long i = 0; i < (long)B * T * U; i++) y[i] = h[i];
  } else {
    for (int bb = 0; bb < B; bb++)
      for (int k = 0; k < U; k++) y[(long)bb * U + k] = h[((long)bb * T + T - 1) * U + k];
  }
}

/*
 * Backpropagation through time for lstm_forward: dy is [b, t, u] (every step) or [b, u] (last step).
 * Writes dx [b, t, d], dw [d, 4u], dr [u, 4u], db [4u]. The pre-activation gradients of every step
 * (dz [b, t, 4u]) are kept so that dw = xᵀ·dz, dr = h₋₁ᵀ·dz and dx = dz·wᵀ are three products.
 */
EXPORT(lstm_backward)
void lstm_backward(const f32 *dy, const f32 *x, const f32 *w, const f32 *r, const f32 *g, const f32 *c,
                   const f32 *h, f32 *dx, f32 *dw, f32 *dr, f32 *db, f32 *scratch, int B, int T, int D, int U,
                   int return_sequences, int hard) {
  const int G = 4 * U;
  f32 *dz = scratch;                         /* [B·T, 4U] */
  f32 *hprev = dz + (long)B * T * G;         /* [B·T, U]: h shifted one step (0 at t = 0) */
  f32 *dh = hprev + (long)B * T * U;         /* [B, U] */
  f32 *dc = dh + (long)B * G;                /* [B, U] */
  f32 *dhr = dc + (long)B * G;               /* [B, U]: dz_t·rᵀ */
  f32 *gs = dhr + (long)B * G;
  zero_f32(dh, B * U);
  zero_f32(dc, B * U);
  for (int t = T - 1; t >= 0; t--) {
    if (t < T - 1) {
      /* dh += dz_{t+1} · rᵀ */
      gemm(dz + (long)(t + 1) * G, T * G, 1, r, 1, G, dhr, B, U, G, gs);
      for (long i = 0; i < (long)B * U; i++) dh[i] += dhr[i];
    }
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *gr = g + row * G;
      const f32 *cr = c + row * U;
      const f32 *cprev = t > 0 ? c + (row - 1) * U : 0;
      const f32 *dyr = return_sequences ? dy + row * U : (t == T - 1 ? dy + (long)bb * U : 0);
      f32 *dhb = dh + (long)bb * U;
      f32 *dcb = dc + (long)bb * U;
      f32 *dzr = dz + row * G;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        v128_t dhv = load_n(dhb + k, n);
        if (dyr) dhv = wasm_f32x4_add(dhv, load_n(dyr + k, n));
        const v128_t gi = load_n(gr + k, n), gf = load_n(gr + U + k, n);
        const v128_t gc = load_n(gr + 2 * U + k, n), go = load_n(gr + 3 * U + k, n);
        const v128_t tc = tanh4(load_n(cr + k, n));
        const v128_t cp = cprev ? load_n(cprev + k, n) : SPLAT(0.0f);
        const v128_t dov = wasm_f32x4_mul(dhv, tc);
        const v128_t dcv = wasm_f32x4_add(
            wasm_f32x4_mul(wasm_f32x4_mul(dhv, go), wasm_f32x4_sub(SPLAT(1.0f), wasm_f32x4_mul(tc, tc))),
            load_n(dcb + k, n));
        store_n(dzr + k, wasm_f32x4_mul(wasm_f32x4_mul(dcv, gc), gate_slope4(gi, hard)), n);
        store_n(dzr + U + k, wasm_f32x4_mul(wasm_f32x4_mul(dcv, cp), gate_slope4(gf, hard)), n);
        store_n(dzr + 2 * U + k,
                wasm_f32x4_mul(wasm_f32x4_mul(dcv, gi), wasm_f32x4_sub(SPLAT(1.0f), wasm_f32x4_mul(gc, gc))), n);
        store_n(dzr + 3 * U + k, wasm_f32x4_mul(dov, gate_slope4(go, hard)), n);
        store_n(dcb + k, wasm_f32x4_mul(dcv, gf), n);
        store_n(dhb + k, SPLAT(0.0f), n);
      }
    }
  }
  /* h₋₁ for every step, then the three products and the bias gradient. */
  for (int bb = 0; bb < B; bb++)
    for (int t = 0; t < T; t++)
      for (int k = 0; k < U; k++)
        hprev[((long)bb * T + t) * U + k] = t > 0 ? h[((long)bb * T + t - 1) * U + k] : 0.0f;
  gemm(x, 1, D, dz, G, 1, dw, D, G, B * T, gs);
  gemm(hprev, 1, U, dz, G, 1, dr, U, G, B * T, gs);
  gemm(dz, G, 1, w, 1, G, dx, B * T, D, G, gs);
  zero_f32(db, G);
  for (long row = 0; row < (long)B * T; row++)
    for (int j = 0; j < G; j++) db[j] += dz[row * G + j];
}

/* ------------------------------------------------------------------------------------------------ */
/* GRU (Keras/tfjs-layers semantics, no reset_after: gates z, r, h̃; tanh; sigmoid or hard sigmoid) */
/* ------------------------------------------------------------------------------------------------ */

/* Scratch floats gru_forward and gru_backward need. */
EXPORT(gru_scratch)
int gru_scratch(int b, int t, int d, int u) {
  const int gs = GEMM_MC * GEMM_KC + GEMM_KC * GEMM_NC + 32;
  return b * t * 3 * u + 2 * b * t * u + u * 3 * u + 6 * b * 3 * u + gs;
}

/*
 * Forward over all steps. x [b, t, d], w [d, 3u], r [u, 3u] (columns: z, r | h̃), bias [3u]. Keeps
 * the gates after activation g [b, t, 3u] (z, r, h̃) and the outputs h [b, t, u]; y gets h (every step)
 * or its last step.
 *   z = σ(xw_z + h₋₁r_z + b_z), r = σ(xw_r + h₋₁r_r + b_r), h̃ = tanh(xw_h + b_h + (r·h₋₁)r_h),
 *   h = z·h₋₁ + (1 − z)·h̃
 */
EXPORT(gru_forward)
void gru_forward(const f32 *x, const f32 *w, const f32 *rk, const f32 *bias, f32 *y, f32 *g, f32 *h,
                 f32 *scratch, int B, int T, int D, int U, int return_sequences, int hard) {
  const int G = 3 * U;
  f32 *xm = scratch;                    /* [B·T, 3U] */
  f32 *inner = xm + (long)B * T * G;    /* [B, 2U] */
  f32 *rh = inner + (long)B * G;        /* [B, U] */
  f32 *rec = rh + (long)B * G;          /* [B, U] */
  f32 *gs = rec + (long)B * G + (long)2 * B * T * U + (long)U * G + (long)3 * B * G;
  gemm(x, D, 1, w, G, 1, xm, B * T, G, D, gs);
  for (int t = 0; t < T; t++) {
    const int first = t == 0;
    if (!first) gemm(h + (long)(t - 1) * U, T * U, 1, rk, G, 1, inner, B, 2 * U, U, gs);
    /* z and r, then r·h₋₁ */
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *xr = xm + row * G;
      const f32 *ir = inner + (long)bb * 2 * U;
      const f32 *hp = first ? 0 : h + (row - 1) * U;
      f32 *gr = g + row * G;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        v128_t az = wasm_f32x4_add(load_n(xr + k, n), load_n(bias + k, n));
        v128_t ar = wasm_f32x4_add(load_n(xr + U + k, n), load_n(bias + U + k, n));
        if (!first) az = wasm_f32x4_add(az, load_n(ir + k, n)), ar = wasm_f32x4_add(ar, load_n(ir + U + k, n));
        const v128_t z = gate4(az, hard), r = gate4(ar, hard);
        store_n(gr + k, z, n), store_n(gr + U + k, r, n);
        store_n(rh + (long)bb * U + k, hp ? wasm_f32x4_mul(r, load_n(hp + k, n)) : SPLAT(0.0f), n);
      }
    }
    if (!first) gemm(rh, U, 1, rk + 2 * U, G, 1, rec, B, U, U, gs);
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *xr = xm + row * G;
      const f32 *hp = first ? 0 : h + (row - 1) * U;
      f32 *gr = g + row * G;
      f32 *hr = h + row * U;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        v128_t ah = wasm_f32x4_add(load_n(xr + 2 * U + k, n), load_n(bias + 2 * U + k, n));
        if (!first) ah = wasm_f32x4_add(ah, load_n(rec + (long)bb * U + k, n));
        const v128_t hh = tanh4(ah);
        const v128_t z = load_n(gr + k, n);
        const v128_t hprev = hp ? load_n(hp + k, n) : SPLAT(0.0f);
        store_n(gr + 2 * U + k, hh, n);
        store_n(hr + k, wasm_f32x4_add(wasm_f32x4_mul(z, hprev), wasm_f32x4_mul(wasm_f32x4_sub(SPLAT(1.0f), z), hh)), n);
      }
    }
  }
  if (return_sequences) {
    for (long i = 0; i < (long)B * T * U; i++) y[i] = h[i];
  } else {
    for (int bb = 0; bb < B; bb++)
      for (int k = 0; k < U; k++) y[(long)bb * U + k] = h[((long)bb * T + T - 1) * U + k];
  }
}

/*
 * Backpropagation through time for gru_forward. dy is [b, t, u] or [b, u]; writes dx [b, t, d],
 * dw [d, 3u], dr [u, 3u], db [3u]. Pre-activation gradients of every step (da [b, t, 3u]) and the
 * r·h₋₁ of every step are kept, so that dw, dx and both parts of dr are products over all steps.
 */
EXPORT(gru_backward)
void gru_backward(const f32 *dy, const f32 *x, const f32 *w, const f32 *rk, const f32 *g, const f32 *h, f32 *dx,
                  f32 *dw, f32 *dr, f32 *db, f32 *scratch, int B, int T, int D, int U, int return_sequences,
                  int hard) {
  const int G = 3 * U;
  f32 *da = scratch;                        /* [B·T, 3U] */
  f32 *rhs = da + (long)B * T * G;          /* [B·T, U]: r·h₋₁ per step */
  f32 *hprev = rhs + (long)B * T * U;       /* [B·T, U]: h₋₁ per step */
  f32 *part = hprev + (long)B * T * U;      /* [U, 3U]: a product before it is placed into dr */
  f32 *dh = part + (long)U * G;             /* [B, U] */
  f32 *drh = dh + (long)B * G;              /* [B, U]: d(r·h₋₁) */
  f32 *back = drh + (long)B * G;            /* [B, U]: da_{zr}·r_{zr}ᵀ */
  f32 *gs = back + (long)B * G + (long)3 * B * G;
  for (int bb = 0; bb < B; bb++)
    for (int t = 0; t < T; t++)
      for (int k = 0; k < U; k++) {
        const long row = (long)bb * T + t;
        const f32 hp = t > 0 ? h[(row - 1) * U + k] : 0.0f;
        hprev[row * U + k] = hp;
        rhs[row * U + k] = g[row * G + U + k] * hp;
      }
  zero_f32(dh, B * U);
  for (int t = T - 1; t >= 0; t--) {
    /* Gradient of the candidate's pre-activation first: it feeds d(r·h₋₁). */
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *gr = g + row * G;
      const f32 *dyr = return_sequences ? dy + row * U : (t == T - 1 ? dy + (long)bb * U : 0);
      f32 *dhb = dh + (long)bb * U;
      f32 *dar = da + row * G;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        v128_t dhv = load_n(dhb + k, n);
        if (dyr) dhv = wasm_f32x4_add(dhv, load_n(dyr + k, n));
        store_n(dhb + k, dhv, n);
        const v128_t z = load_n(gr + k, n), hh = load_n(gr + 2 * U + k, n);
        const v128_t dhh = wasm_f32x4_mul(dhv, wasm_f32x4_sub(SPLAT(1.0f), z));
        store_n(dar + 2 * U + k, wasm_f32x4_mul(dhh, wasm_f32x4_sub(SPLAT(1.0f), wasm_f32x4_mul(hh, hh))), n);
      }
    }
    /* d(r·h₋₁) = da_h̃ · r_h̃ᵀ */
    gemm(da + (long)t * G + 2 * U, T * G, 1, rk + 2 * U, 1, G, drh, B, U, U, gs);
    for (int bb = 0; bb < B; bb++) {
      const long row = (long)bb * T + t;
      const f32 *gr = g + row * G;
      const f32 *hpr = hprev + row * U;
      f32 *dhb = dh + (long)bb * U;
      f32 *dar = da + row * G;
      const f32 *drhb = drh + (long)bb * U;
      for (int k = 0; k < U; k += 4) {
        const int n = min_i(4, U - k);
        const v128_t dhv = load_n(dhb + k, n);
        const v128_t z = load_n(gr + k, n), r = load_n(gr + U + k, n), hh = load_n(gr + 2 * U + k, n);
        const v128_t hp = load_n(hpr + k, n), d_rh = load_n(drhb + k, n);
        const v128_t dz = wasm_f32x4_mul(dhv, wasm_f32x4_sub(hp, hh));
        const v128_t dr_ = wasm_f32x4_mul(d_rh, hp);
        store_n(dar + k, wasm_f32x4_mul(dz, gate_slope4(z, hard)), n);
        store_n(dar + U + k, wasm_f32x4_mul(dr_, gate_slope4(r, hard)), n);
        /* The part of dh₋₁ that does not go through r_{zr}: through z directly and through r·h₋₁. */
        store_n(dhb + k, wasm_f32x4_add(wasm_f32x4_mul(dhv, z), wasm_f32x4_mul(d_rh, r)), n);
      }
    }
    if (t > 0) {
      /* dh₋₁ += da_{zr} · r_{zr}ᵀ */
      gemm(da + (long)t * G, T * G, 1, rk, 1, G, back, B, U, 2 * U, gs);
      for (long i = 0; i < (long)B * U; i++) dh[i] += back[i];
    }
  }
  gemm(x, 1, D, da, G, 1, dw, D, G, B * T, gs);
  gemm(da, G, 1, w, 1, G, dx, B * T, D, G, gs);
  /* dr = [h₋₁ᵀ · da_{zr} | (r·h₋₁)ᵀ · da_h̃], placed column block by column block. */
  gemm(hprev, 1, U, da, G, 1, part, U, 2 * U, B * T, gs);
  for (int i = 0; i < U; i++)
    for (int j = 0; j < 2 * U; j++) dr[(long)i * G + j] = part[(long)i * 2 * U + j];
  gemm(rhs, 1, U, da + 2 * U, G, 1, part, U, U, B * T, gs);
  for (int i = 0; i < U; i++)
    for (int j = 0; j < U; j++) dr[(long)i * G + 2 * U + j] = part[(long)i * U + j];
  zero_f32(db, G);
  for (long row = 0; row < (long)B * T; row++)
    for (int j = 0; j < G; j++) db[j] += da[row * G + j];
}

/* ------------------------------------------------------------------------------------------------ */
/* Depthwise filter gradient, AvgPoolGrad                                                          */
/* ------------------------------------------------------------------------------------------------ */

/* acc[c] += x[c] · y[c] for c < n, four at a time. */
static inline void mul_add_rows(f32 *acc, const f32 *x, const f32 *y, int n) {
  int c = 0;
  for (; c + 4 <= n; c += 4)
    wasm_v128_store(acc + c, wasm_f32x4_add(wasm_v128_load(acc + c),
                                            wasm_f32x4_mul(wasm_v128_load(x + c), wasm_v128_load(y + c))));
  for (; c < n; c++) acc[c] += x[c] * y[c];
}

/* Scratch floats depthwise_filter_grad needs. */
EXPORT(depthwise_filter_grad_scratch)
int depthwise_filter_grad_scratch(int fh, int fw, int ci, int mult) { return fh * fw * ci * mult; }

/*
 * dw[ky, kx, c, q] = Σ_{b, oy, ox} x[b, oy·sh − top + ky·dh, ox·sw − left + kx·dw, c] · dy[b, oy, ox, c·mult + q].
 * Each image is summed into `img` first, then added to dw (shorter float32 sums than one long run).
 */
EXPORT(depthwise_filter_grad)
void depthwise_filter_grad(const f32 *x, const f32 *dy, f32 *dw, f32 *img, int n, int h, int w, int ci,
                           int oh, int ow, int mult, int fh, int fw, int sh, int sw, int dh, int dwl, int top,
                           int left) {
  const int co = ci * mult;
  const int size = fh * fw * co;
  zero_f32(dw, size);
  for (int b = 0; b < n; b++) {
    zero_f32(img, size);
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const f32 *g = dy + (((long)b * oh + oy) * ow + ox) * co;
        for (int ky = 0; ky < fh; ky++) {
          const int iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < fw; kx++) {
            const int ix = ox * sw - left + kx * dwl;
            if (ix < 0 || ix >= w) continue;
            const f32 *xp = x + (((long)b * h + iy) * w + ix) * ci;
            f32 *acc = img + (ky * fw + kx) * co;
            if (mult == 1) {
              mul_add_rows(acc, xp, g, ci);
            } else {
              for (int c = 0; c < ci; c++)
                for (int q = 0; q < mult; q++) acc[c * mult + q] += xp[c] * g[c * mult + q];
            }
          }
        }
      }
    }
    for (int i = 0; i < size; i += 4) {
      if (i + 4 <= size) wasm_v128_store(dw + i, wasm_f32x4_add(wasm_v128_load(dw + i), wasm_v128_load(img + i)));
      else for (int j = i; j < size; j++) dw[j] += img[j];
    }
  }
}

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

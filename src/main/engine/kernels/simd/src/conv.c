/* Convolutions: forward, filter gradient (packed and packing-free), input gradient, depthwise filter gradient. */
#include "common.h"

/* ------------------------------------------------------------------------------------------------ */
/* Conv2D forward (+ bias, + ReLU)                                                                  */
/* ------------------------------------------------------------------------------------------------ */

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
          for (; c + 4 <= ci; c += 4)
            transpose4_store(src[0] ? wasm_v128_load(src[0] + c) : zero, src[1] ? wasm_v128_load(src[1] + c) : zero,
                             src[2] ? wasm_v128_load(src[2] + c) : zero, src[3] ? wasm_v128_load(src[3] + c) : zero,
                             d + 4 * c, 4);
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
          tile_out(ap + (long)(i >> 2) * K * 4, bpan, K, bias0, bias1, relu, y + (long)(m0 + i) * co + o0, co);
          continue;
        }
        tile_packed(ap + (long)(i >> 2) * K * 4, bpan, K, spill, 8, 0);
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

/* ------------------------------------------------------------------------------------------------ */
/* Conv2DBackpropFilter                                                                             */
/* ------------------------------------------------------------------------------------------------ */
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
        tile_direct(xb, off[0], off[1], off[2], off[3], sw * ci, sh * w * ci, dyb + ot * 8, co, oh, ow,
                         acc + (long)kt * 4 * co + ot * 8, co);
      }
    }
  }
  for (int i = 0; i < K * co; i++) dw[i] = acc[i];
}

/* Scratch floats conv_filter_grad needs (the caller allocates them in the heap). */
EXPORT(conv_filter_grad_scratch)
int conv_filter_grad_scratch(int fh, int fw, int ci, int co) {
  const int kp = (fh * fw * ci + 3) & ~3;
  const int cp = (co + 7) & ~7;
  return kp * cp + kp * MB + cp * MB;
}

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
        tile_packed(ap + (long)kt * MB * 4, b, mb, acc + (long)kt * 4 * cp + ot * 8, cp, 1);
    }
  }
  for (int k = 0; k < K; k++)
    for (int o = 0; o < co; o++) dw[(long)k * co + o] = acc[(long)k * cp + o];
}

/* ------------------------------------------------------------------------------------------------ */
/* Conv2DBackpropInput                                                                              */
/* ------------------------------------------------------------------------------------------------ */

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
          tile_add(a, b, co, d[0], d[1], d[2], d[3], 0);
        } else {
          tile_add(a, b, co, 0, 0, 0, 0, spill);
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
/* DepthwiseConv2dNativeBackpropFilter                                                              */
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

/* Recurrent layers as whole-sequence kernels: LSTM and GRU forward and backpropagation through time. */
#include "common.h"

/* ------------------------------------------------------------------------------------------------ */
/* LSTM (Keras/tfjs-layers semantics: gates i, f, c, o; tanh; sigmoid or hard sigmoid gates)        */
/* ------------------------------------------------------------------------------------------------ */

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

/* The layer's output from its hidden states h [b, t, u]: all of them, or each sequence's last. */
static void layer_output(const f32 *h, f32 *y, int B, int T, int U, int return_sequences) {
  if (return_sequences) {
    for (long i = 0; i < (long)B * T * U; i++) y[i] = h[i];
    return;
  }
  for (int bb = 0; bb < B; bb++)
    for (int k = 0; k < U; k++) y[(long)bb * U + k] = h[((long)bb * T + T - 1) * U + k];
}

/* hprev[b, t] = h[b, t − 1], and 0 at t = 0: every step's incoming state, for whole-sequence products. */
static void previous_steps(const f32 *h, f32 *hprev, int B, int T, int U) {
  for (int bb = 0; bb < B; bb++)
    for (int t = 0; t < T; t++)
      for (int k = 0; k < U; k++)
        hprev[((long)bb * T + t) * U + k] = t > 0 ? h[((long)bb * T + t - 1) * U + k] : 0.0f;
}

/* Scratch floats lstm_forward and lstm_backward need. */
EXPORT(lstm_scratch)
int lstm_scratch(int b, int t, int d, int u) {
  const int big = b * t * 4 * u;
  const int gs = GEMM_SCRATCH_MAX;
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
  layer_output(h, y, B, T, U, return_sequences);
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
  previous_steps(h, hprev, B, T, U);
  gemm(x, 1, D, dz, G, 1, dw, D, G, B * T, gs);
  gemm(hprev, 1, U, dz, G, 1, dr, U, G, B * T, gs);
  gemm(dz, G, 1, w, 1, G, dx, B * T, D, G, gs);
  sum_rows(dz, db, B * T, G);
}

/* ------------------------------------------------------------------------------------------------ */
/* GRU (Keras/tfjs-layers semantics, no reset_after: gates z, r, h̃; tanh; sigmoid or hard sigmoid) */
/* ------------------------------------------------------------------------------------------------ */

/* Scratch floats gru_forward and gru_backward need. */
EXPORT(gru_scratch)
int gru_scratch(int b, int t, int d, int u) {
  const int gs = GEMM_SCRATCH_MAX;
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
  layer_output(h, y, B, T, U, return_sequences);
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
  previous_steps(h, hprev, B, T, U);
  for (long row = 0; row < (long)B * T; row++)
    for (int k = 0; k < U; k++) rhs[row * U + k] = g[row * G + U + k] * hprev[row * U + k];
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
  sum_rows(da, db, B * T, G);
}

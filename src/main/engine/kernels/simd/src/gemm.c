/* The blocked matrix product (Goto-style packing around the 4 × 8 tile of common.h). */
#include "common.h"


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
            for (int p = 0; p < kc; p += 4)
              transpose4_store(wasm_v128_load(c0 + p), wasm_v128_load(c1 + p), wasm_v128_load(c2 + p),
                               wasm_v128_load(c3 + p), dst + 8 * p + q, 8);
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
            for (int p = 0; p < kc; p += 4)
              transpose4_store(wasm_v128_load(r0 + p), wasm_v128_load(r1 + p), wasm_v128_load(r2 + p),
                               wasm_v128_load(r3 + p), dst + 4 * p, 4);
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
              tile_packed(apan, bpan, kc, c + (long)ii * n + jj, n, acc);
            } else {
              const int rows = min_i(4, m - ii), cols = min_i(8, n - jj);
              for (int r = 0; r < 4; r++)
                for (int j = 0; j < 8; j++)
                  spill[r * 8 + j] = acc && r < rows && j < cols ? c[(long)(ii + r) * n + jj + j] : 0.0f;
              tile_packed(apan, bpan, kc, spill, 8, 1);
              for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++) c[(long)(ii + r) * n + jj + j] = spill[r * 8 + j];
            }
          }
        }
      }
    }
  }
}

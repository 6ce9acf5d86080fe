/*
 * LayerLab's WebAssembly SIMD training kernels: what every source file shares.
 *
 * scripts/build-simd-kernels.sh compiles every src/ C file (clang --target=wasm32 -msimd128) into one module,
 * kernels.wasm, whose bytes are embedded in kernels-wasm.ts. The module imports tfjs-backend-wasm's own
 * memory, so every pointer is an address in that heap: tensors are read and written in place, never
 * copied. Nothing uses static data or the C stack (the build checks), so the module never writes
 * outside the buffers it is given.
 *
 * Layouts are TensorFlow's: NHWC activations, [fh, fw, ci, co] filters. Every kernel is checked against
 * the tfjs cpu backend (the .test.ts files in src/main/engine/kernels).
 *
 * Files: pool.c (MaxPoolGrad, AvgPoolGrad), elementwise.c (ReLU/bias gradients, sums, Adam), gemm.c
 * (the blocked matrix product), conv.c (Conv2D forward and gradients, depthwise filter gradient), rnn.c
 * (LSTM and GRU over whole sequences).
 */
#ifndef LAYERLAB_KERNELS_COMMON_H
#define LAYERLAB_KERNELS_COMMON_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define SPLAT wasm_f32x4_splat

typedef float f32;

/* Rows of the batch·output-pixel axis handled per block (the packed operands stay in L1/L2). */
#define MB 128

/* gemm's blocks (gemm.c), and the most scratch it ever needs. */
#define GEMM_MC 128
#define GEMM_KC 512
#define GEMM_NC 512
#define GEMM_SCRATCH_MAX (GEMM_MC * GEMM_KC + GEMM_KC * GEMM_NC + 32)

static inline int min_i(int a, int b) { return a < b ? a : b; }

static inline void zero_f32(f32 *p, int n) {
  int i = 0;
  const v128_t z = SPLAT(0.0f);
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, z);
  for (; i < n; i++) p[i] = 0.0f;
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
  if (n >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  if (n > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* Stores the 4 × 4 transpose of rows x0..x3: column j goes to d + j·stride. */
static inline void transpose4_store(v128_t x0, v128_t x1, v128_t x2, v128_t x3, f32 *d, int stride) {
  const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
  const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
  wasm_v128_store(d, wasm_i64x2_shuffle(t0, t1, 0, 2));
  wasm_v128_store(d + stride, wasm_i64x2_shuffle(t0, t1, 1, 3));
  wasm_v128_store(d + 2 * stride, wasm_i64x2_shuffle(t2, t3, 0, 2));
  wasm_v128_store(d + 3 * stride, wasm_i64x2_shuffle(t2, t3, 1, 3));
}

/*
 * The 4 × 8 register tile every product here is built from: 8 accumulators (row r, columns 0..3 and
 * 4..7), and per step 2 loads of B, 4 broadcasts of A, 8 multiplies and 8 adds. It fits V8's 16 SIMD
 * registers and runs at about 34 GFLOP/s per core on the machine this was written on. The variants
 * below differ only in how the tile starts, where A's four values come from, and where it ends.
 */
#define TILE v128_t c00, c01, c10, c11, c20, c21, c30, c31
#define TILE_SET(lo, hi) (c00 = c10 = c20 = c30 = (lo), c01 = c11 = c21 = c31 = (hi))
#define TILE_LOAD(p, ld)                                                                               \
  (c00 = wasm_v128_load(p), c01 = wasm_v128_load((p) + 4), c10 = wasm_v128_load((p) + (ld)),            \
   c11 = wasm_v128_load((p) + (ld) + 4), c20 = wasm_v128_load((p) + 2 * (ld)),                          \
   c21 = wasm_v128_load((p) + 2 * (ld) + 4), c30 = wasm_v128_load((p) + 3 * (ld)),                      \
   c31 = wasm_v128_load((p) + 3 * (ld) + 4))
#define TILE_STORE(p, ld)                                                                              \
  (wasm_v128_store(p, c00), wasm_v128_store((p) + 4, c01), wasm_v128_store((p) + (ld), c10),            \
   wasm_v128_store((p) + (ld) + 4, c11), wasm_v128_store((p) + 2 * (ld), c20),                          \
   wasm_v128_store((p) + 2 * (ld) + 4, c21), wasm_v128_store((p) + 3 * (ld), c30),                      \
   wasm_v128_store((p) + 3 * (ld) + 4, c31))
/* One step: rows r = 0..3 take the scalar at a_r, columns the 8 floats at b. */
#define TILE_STEP(a0, a1, a2, a3, b)                                                                   \
  do {                                                                                                 \
    const v128_t b0_ = wasm_v128_load(b), b1_ = wasm_v128_load((b) + 4);                               \
    v128_t s_ = wasm_v128_load32_splat(a0);                                                            \
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(s_, b0_)), c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(s_, b1_)); \
    s_ = wasm_v128_load32_splat(a1);                                                                   \
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(s_, b0_)), c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(s_, b1_)); \
    s_ = wasm_v128_load32_splat(a2);                                                                   \
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(s_, b0_)), c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(s_, b1_)); \
    s_ = wasm_v128_load32_splat(a3);                                                                   \
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(s_, b0_)), c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(s_, b1_)); \
  } while (0)
/* A step over packed panels: a holds 4 floats per step, b 8. */
#define TILE_PACKED_STEP(a, b, i) TILE_STEP((a) + 4 * (i), (a) + 4 * (i) + 1, (a) + 4 * (i) + 2, (a) + 4 * (i) + 3, (b) + 8 * (i))

/* c (row stride ldc) = (accumulate ? c : 0) + Σ_i a[i][0..4]ᵀ · b[i][0..8] over packed panels. */
static inline void tile_packed(const f32 *a, const f32 *b, int steps, f32 *c, int ldc, int accumulate) {
  TILE;
  if (accumulate) TILE_LOAD(c, ldc);
  else TILE_SET(SPLAT(0.0f), SPLAT(0.0f));
  for (int i = 0; i < steps; i++) TILE_PACKED_STEP(a, b, i);
  TILE_STORE(c, ldc);
}

/* Adds a tile row (two registers) to d, unless d is 0 (the row falls outside the output). */
static inline void add_row8(f32 *d, v128_t lo, v128_t hi) {
  if (!d) return;
  wasm_v128_store(d, wasm_f32x4_add(wasm_v128_load(d), lo));
  wasm_v128_store(d + 4, wasm_f32x4_add(wasm_v128_load(d + 4), hi));
}

/*
 * The packed product from zero, then either added to the four rows d0..d3 (when the eight columns are
 * eight consecutive outputs of each row) or written to `spill` (4 × 8) for a scalar scatter.
 */
static inline void tile_add(const f32 *a, const f32 *b, int steps, f32 *d0, f32 *d1, f32 *d2, f32 *d3, f32 *spill) {
  TILE;
  TILE_SET(SPLAT(0.0f), SPLAT(0.0f));
  for (int i = 0; i < steps; i++) TILE_PACKED_STEP(a, b, i);
  if (spill) {
    TILE_STORE(spill, 8);
    return;
  }
  add_row8(d0, c00, c01), add_row8(d1, c10, c11), add_row8(d2, c20, c21), add_row8(d3, c30, c31);
}

/* out (row stride ld) = act(bias + the packed product), act = ReLU when relu. */
static inline void tile_out(const f32 *a, const f32 *b, int steps, v128_t bias0, v128_t bias1, int relu, f32 *out,
                            int ld) {
  TILE;
  TILE_SET(bias0, bias1);
  for (int i = 0; i < steps; i++) TILE_PACKED_STEP(a, b, i);
  if (relu) {
    const v128_t z = SPLAT(0.0f);
    c00 = wasm_f32x4_max(c00, z), c01 = wasm_f32x4_max(c01, z), c10 = wasm_f32x4_max(c10, z);
    c11 = wasm_f32x4_max(c11, z), c20 = wasm_f32x4_max(c20, z), c21 = wasm_f32x4_max(c21, z);
    c30 = wasm_f32x4_max(c30, z), c31 = wasm_f32x4_max(c31, z);
  }
  TILE_STORE(out, ld);
}

/*
 * acc (row stride ld) += Σ over an image's oh × ow output pixels of x at the pixel's window + o0..o3
 * (rows) times dy's 8 channels at the pixel (columns): the packing-free filter gradient (conv.c).
 */
static inline void tile_direct(const f32 *xp, int o0, int o1, int o2, int o3, int xstep, int xrow, const f32 *dyp,
                               int co, int oh, int ow, f32 *acc, int ld) {
  TILE;
  TILE_LOAD(acc, ld);
  for (int oy = 0; oy < oh; oy++) {
    const f32 *xr = xp + (long)oy * xrow;
    const f32 *d = dyp + (long)oy * ow * co;
    for (int ox = 0; ox < ow; ox++, xr += xstep, d += co) TILE_STEP(xr + o0, xr + o1, xr + o2, xr + o3, d);
  }
  TILE_STORE(acc, ld);
}

/* Defined in gemm.c and elementwise.c, used across files. */
void gemm(const f32 *a, int ars, int acs, const f32 *b, int brs, int bcs, f32 *c, int m, int n, int k, f32 *scratch);
void sum_rows(const f32 *x, f32 *out, int rows, int c);

#endif

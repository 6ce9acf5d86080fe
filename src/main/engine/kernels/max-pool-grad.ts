/**
 * MaxPoolGrad for the wasm backend, replacing tfjs-backend-wasm's direct loop: one pass over the output
 * windows, each routing its gradient to the first maximum of its window (as the cpu backend does).
 * Channels are the innermost loop so every read is contiguous.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels, withScratch } from './simd';
import { asWasm, f32, type TensorInfo } from './wasm-util';

export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: unknown;
  attrs: {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
}): TensorInfo {
  const backend = asWasm(args.backend);
  const { dy, input } = args.inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const out = backend.makeOutput(input.shape.slice(), 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    withScratch(backend, fh * fw, (taps) =>
      simd.max_pool_grad(
        addr(backend, input),
        addr(backend, dy),
        addr(backend, out),
        taps,
        n,
        h,
        w,
        c,
        oh,
        ow,
        fh,
        fw,
        sh,
        sw,
        dh,
        dw,
        top,
        left,
      ),
    );
    return out;
  }
  const dx = f32(backend, out);
  const xs = f32(backend, input);
  const dys = f32(backend, dy);
  dx.fill(0);
  const bestV = new Float32Array(c);
  const bestI = new Int32Array(c);
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - left;
        const dyBase = ((b * oh + oy) * ow + ox) * c;
        const inside = y0 >= 0 && x0 >= 0 && y0 + (fh - 1) * dh < h && x0 + (fw - 1) * dw < w;
        if (inside && fh === 2 && fw === 2) {
          // The common 2×2 window, unrolled.
          const p0 = ((b * h + y0) * w + x0) * c;
          const p1 = p0 + dw * c;
          const p2 = p0 + dh * rowStride;
          const p3 = p2 + dw * c;
          for (let d = 0; d < c; d++) {
            let best = xs[p0 + d]!;
            let at = p0 + d;
            const v1 = xs[p1 + d]!;
            if (v1 > best) {
              best = v1;
              at = p1 + d;
            }
            const v2 = xs[p2 + d]!;
            if (v2 > best) {
              best = v2;
              at = p2 + d;
            }
            if (xs[p3 + d]! > best) at = p3 + d;
            dx[at] += dys[dyBase + d]!;
          }
          continue;
        }
        let first = true;
        for (let ky = 0; ky < fh; ky++) {
          const iy = y0 + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < fw; kx++) {
            const ix = x0 + kx * dw;
            if (ix < 0 || ix >= w) continue;
            const base = ((b * h + iy) * w + ix) * c;
            if (first) {
              for (let d = 0; d < c; d++) {
                bestV[d] = xs[base + d]!;
                bestI[d] = base + d;
              }
              first = false;
              continue;
            }
            for (let d = 0; d < c; d++) {
              const v = xs[base + d]!;
              if (v > bestV[d]!) {
                bestV[d] = v;
                bestI[d] = base + d;
              }
            }
          }
        }
        if (first) continue;
        for (let d = 0; d < c; d++) dx[bestI[d]!] += dys[dyBase + d]!;
      }
    }
  }
  return out;
}

/**
 * DepthwiseConv2dNativeBackpropFilter / BackpropInput for the wasm backend.
 * BackpropInput with stride 1 and no dilation is the depthwise convolution of dy with the filter rotated
 * by 180° (XNNPACK, through the backend's own kernel), then a sum over each channel's multipliers;
 * the filter gradient runs in conv.c (depthwise_filter_grad; 48 ms → under 2 ms on a [64, 28, 28, 32]
 * input); everything else is computed in JS directly on the wasm heap.
 * Filter layout [kh, kw, ci, mult]; dy channel c·mult + q pairs input channel c with multiplier q.
 */
import {
  filterGradGeom,
  inputGradGeom,
  fullConvPad,
  type ConvGeom,
  type FilterGradArgs,
  type InputGradArgs,
} from './conv-args';
import { addr, simdKernels, withScratch } from './simd';
import { asWasm, depthwiseWasm, f32, sumInnermost, view, type TensorInfo } from './wasm-util';

export function depthwiseConv2dBackpropFilterWasm(args: FilterGradArgs): TensorInfo {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs;
  const g = filterGradGeom('DepthwiseConv2dNativeBackpropFilter', args, true);
  const { n, h, w, ci, oh, ow, co, fh, fw, sh, sw, dh, dw, top, left } = g;
  const mult = co / ci;

  const out = backend.makeOutput([fh, fw, ci, mult], 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const dims = [n, h, w, ci, oh, ow, mult, fh, fw, sh, sw, dh, dw, top, left] as const;
    withScratch(backend, simd.depthwise_filter_grad_scratch(fh, fw, ci, mult), (scratch) =>
      simd.depthwise_filter_grad(addr(backend, x), addr(backend, dy), addr(backend, out), scratch, ...dims),
    );
    return out;
  }
  const acc = new Float64Array(fh * fw * co);
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
  forEachTap(g, (dyBase, xBase, wBase) => {
    if (mult === 1) {
      for (let c = 0; c < ci; c++) acc[wBase + c] += xs[xBase + c]! * dys[dyBase + c]!;
      return;
    }
    for (let c = 0; c < ci; c++) {
      const xv = xs[xBase + c]!;
      const o = c * mult;
      for (let q = 0; q < mult; q++) acc[wBase + o + q] += xv * dys[dyBase + o + q]!;
    }
  });
  f32(backend, out).set(acc);
  return out;
}

export function depthwiseConv2dBackpropInputWasm(args: InputGradArgs): TensorInfo {
  const backend = asWasm(args.backend);
  const { dy, filter } = args.inputs;
  const g = inputGradGeom('DepthwiseConv2dNativeBackpropInput', args, true);
  const { n, h, w, ci, co, fh, fw } = g;
  const mult = co / ci;

  const pad = fullConvPad(g);
  if (pad) {
    // R[ky, kx, c·mult + q, 0] = W[fh−1−ky, fw−1−kx, c, q]: the filter's layout already is [.., c·mult + q].
    const rot = backend.makeOutput([fh, fw, co, 1], 'float32');
    const src = f32(backend, filter);
    const dst = f32(backend, rot);
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const s0 = ((fh - 1 - ky) * fw + (fw - 1 - kx)) * co;
        dst.set(src.subarray(s0, s0 + co), (ky * fw + kx) * co);
      }
    }
    const y = depthwiseWasm(backend, dy, rot, pad);
    backend.disposeData(rot.dataId);
    if (mult === 1) return y;
    const out = sumInnermost(backend, view(y, [n, h, w, ci, mult]));
    backend.disposeData(y.dataId);
    return out;
  }

  const acc = new Float64Array(n * h * w * ci);
  const out = backend.makeOutput([n, h, w, ci], 'float32');
  const dys = f32(backend, dy);
  const ws = f32(backend, filter);
  forEachTap(g, (dyBase, xBase, wBase) => {
    if (mult === 1) {
      for (let c = 0; c < ci; c++) acc[xBase + c] += ws[wBase + c]! * dys[dyBase + c]!;
      return;
    }
    for (let c = 0; c < ci; c++) {
      const o = c * mult;
      let sum = 0;
      for (let q = 0; q < mult; q++) sum += ws[wBase + o + q]! * dys[dyBase + o + q]!;
      acc[xBase + c] += sum;
    }
  });
  f32(backend, out).set(acc);
  return out;
}

/**
 * Calls visit(dyBase, xBase, wBase) with the element offsets of every (output pixel, filter tap) pair
 * whose input pixel lies inside x: the loop both portable depthwise gradients share.
 */
function forEachTap(g: ConvGeom, visit: (dyBase: number, xBase: number, wBase: number) => void): void {
  const { n, h, w, ci, oh, ow, co, fh, fw, sh, sw, dh, dw, top, left } = g;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ky = 0; ky < fh; ky++) {
        const iy = oy * sh - top + ky * dh;
        if (iy < 0 || iy >= h) continue;
        for (let ox = 0; ox < ow; ox++) {
          const dyBase = ((b * oh + oy) * ow + ox) * co;
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= w) continue;
            visit(dyBase, ((b * h + iy) * w + ix) * ci, (ky * fw + kx) * co);
          }
        }
      }
    }
  }
}

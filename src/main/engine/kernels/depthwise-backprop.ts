/**
 * DepthwiseConv2dNativeBackpropFilter / BackpropInput for the wasm backend, computed in JS directly on
 * the wasm heap (depthwise convolutions are cheap: n·oh·ow·ci·mult·kh·kw multiply-adds).
 * Filter layout [kh, kw, ci, mult]; dy channel c·mult + q pairs input channel c with multiplier q.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, assertNHWC, f32, type TensorInfo } from './wasm-util';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
interface CommonAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

function convInfo(xShape: number[], filterShape: number[], attrs: CommonAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
    'channelsLast',
  );
}

export function depthwiseConv2dBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: unknown;
  attrs: CommonAttrs & { filterShape: [number, number, number, number] };
}): TensorInfo {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs;
  assertNHWC(args.attrs.dataFormat, 'DepthwiseConv2dNativeBackpropFilter');
  const info = convInfo(x.shape, args.attrs.filterShape, args.attrs);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const mult = info.outChannels / ci;
  const co = info.outChannels;

  const acc = new Float64Array(fh * fw * co);
  const out = backend.makeOutput([fh, fw, ci, mult], 'float32');
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
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
            const xBase = ((b * h + iy) * w + ix) * ci;
            const wBase = (ky * fw + kx) * co;
            if (mult === 1) {
              for (let c = 0; c < ci; c++) acc[wBase + c] += xs[xBase + c] * dys[dyBase + c];
            } else {
              for (let c = 0; c < ci; c++) {
                const xv = xs[xBase + c];
                const o = c * mult;
                for (let q = 0; q < mult; q++) acc[wBase + o + q] += xv * dys[dyBase + o + q];
              }
            }
          }
        }
      }
    }
  }
  f32(backend, out).set(acc);
  return out;
}

export function depthwiseConv2dBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: unknown;
  attrs: CommonAttrs & { inputShape: [number, number, number, number] };
}): TensorInfo {
  const backend = asWasm(args.backend);
  const { dy, filter } = args.inputs;
  assertNHWC(args.attrs.dataFormat, 'DepthwiseConv2dNativeBackpropInput');
  const info = convInfo(args.attrs.inputShape, filter.shape, args.attrs);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const mult = info.outChannels / ci;
  const co = info.outChannels;

  const acc = new Float64Array(n * h * w * ci);
  const out = backend.makeOutput(info.inShape.slice(), 'float32');
  const dys = f32(backend, dy);
  const ws = f32(backend, filter);
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
            const xBase = ((b * h + iy) * w + ix) * ci;
            const wBase = (ky * fw + kx) * co;
            if (mult === 1) {
              for (let c = 0; c < ci; c++) acc[xBase + c] += ws[wBase + c] * dys[dyBase + c];
            } else {
              for (let c = 0; c < ci; c++) {
                const o = c * mult;
                let s = 0;
                for (let q = 0; q < mult; q++) s += ws[wBase + o + q] * dys[dyBase + o + q];
                acc[xBase + c] += s;
              }
            }
          }
        }
      }
    }
  }
  f32(backend, out).set(acc);
  return out;
}

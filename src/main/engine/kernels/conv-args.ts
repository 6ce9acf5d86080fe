/**
 * Argument setup shared by the wasm convolution-gradient kernels: the attributes tfjs passes, the
 * NHWC geometry computed from them, and the padding of the stride-1 "full convolution" shortcut.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNHWC, type TensorInfo } from './wasm-util';

export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

type Shape4 = [number, number, number, number];

/** What tfjs passes to a conv (or depthwise conv) filter-gradient kernel. */
export interface FilterGradArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: unknown;
  attrs: ConvAttrs & { filterShape: Shape4 };
}

/** What tfjs passes to a conv (or depthwise conv) input-gradient kernel. */
export interface InputGradArgs {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: unknown;
  attrs: ConvAttrs & { inputShape: Shape4 };
}

/**
 * An NHWC convolution's geometry: x [n, h, w, ci], filter [fh, fw, ·, ·], y [n, oh, ow, co], strides
 * sh × sw, dilations dh × dw, and the padding before (top, left) and after (bottom, right).
 */
export interface ConvGeom {
  n: number;
  h: number;
  w: number;
  ci: number;
  oh: number;
  ow: number;
  co: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Checks the data format (NHWC only) and computes the geometry of a conv (or depthwise conv). */
export function convGeom(
  kernel: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  depthwise: boolean,
): ConvGeom {
  assertNHWC(attrs.dataFormat, kernel);
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    ci: info.inChannels,
    oh: info.outHeight,
    ow: info.outWidth,
    co: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dh: info.dilationHeight,
    dw: info.dilationWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
    bottom: info.padInfo.bottom,
    right: info.padInfo.right,
  };
}

/** The geometry of a filter-gradient kernel's convolution (x from the inputs, the filter's shape from attrs). */
export function filterGradGeom(kernel: string, args: FilterGradArgs, depthwise: boolean): ConvGeom {
  return convGeom(kernel, args.inputs.x.shape, args.attrs.filterShape, args.attrs, depthwise);
}

/** The geometry of an input-gradient kernel's convolution (x's shape from attrs, the filter from the inputs). */
export function inputGradGeom(kernel: string, args: InputGradArgs, depthwise: boolean): ConvGeom {
  return convGeom(kernel, args.attrs.inputShape, args.inputs.filter.shape, args.attrs, depthwise);
}

/**
 * With stride 1 and no dilation, dx is the full convolution of dy with the filter rotated by 180°: this
 * is that convolution's NHWC padding (k − 1 − pad on each side), or null where the shortcut does not
 * apply (strided or dilated, or a padding larger than k − 1).
 */
export function fullConvPad(g: ConvGeom): number[][] | null {
  const pads = [g.fh - 1 - g.top, g.fh - 1 - g.bottom, g.fw - 1 - g.left, g.fw - 1 - g.right];
  if (g.sh !== 1 || g.sw !== 1 || g.dh !== 1 || g.dw !== 1 || !pads.every((p) => p >= 0)) return null;
  return [
    [0, 0],
    [pads[0]!, pads[1]!],
    [pads[2]!, pads[3]!],
    [0, 0],
  ];
}

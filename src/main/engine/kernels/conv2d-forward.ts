/**
 * Conv2D and FusedConv2D (bias, and ReLU or no activation) for the wasm backend through conv.c's
 * conv_forward: patches packed four output pixels at a time straight from x, 4 × 8 register tiles, bias
 * and ReLU in the output pass (the seed CNN's second layer: 10.0 ms with XNNPACK, 7.6 ms here). Any
 * other case (another activation, PReLU weights, NCHW, a non-float32 tensor, no SIMD) goes to the
 * backend's own kernel.
 */
import { convGeom, type ConvAttrs } from './conv-args';
import { addr, geometryArgs, simdKernels, withScratch } from './simd';
import { asWasm, type TensorInfo, type WasmBackend } from './wasm-util';

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

interface ConvInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** y = act(conv(x, filter) + bias) through conv.c, or null when this case is not ours. */
export function convForwardSimd(
  backendIn: unknown,
  inputs: ConvInputs,
  attrs: ConvAttrs,
  activation: string | undefined,
): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const act = activation ?? 'linear';
  if (act !== 'linear' && act !== 'relu') return null;
  if (preluActivationWeights) return null;
  if (attrs.dataFormat === 'NCHW') return null;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4) return null;
  // A bias must be one value per output channel (tfjs also allows broadcastable shapes).
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3]))
    return null;
  const backend: WasmBackend = asWasm(backendIn);
  const simd = simdKernels(backend);
  if (!simd) return null;
  const g = convGeom('Conv2D', x.shape, filter.shape, attrs, false);
  const out = backend.makeOutput([g.n, g.oh, g.ow, g.co], 'float32');
  withScratch(backend, simd.conv_forward_scratch(g.fh, g.fw, g.ci, g.co), (scratch) =>
    simd.conv_forward(
      addr(backend, x),
      addr(backend, filter),
      bias ? addr(backend, bias) : 0,
      addr(backend, out),
      scratch,
      act === 'relu' ? 1 : 0,
      ...geometryArgs(g),
    ),
  );
  return out;
}

export function makeConv2DWasm(native: KernelFn) {
  return function conv2DWasm(args: { inputs: ConvInputs; backend: unknown; attrs: ConvAttrs }): TensorInfo {
    return (
      convForwardSimd(args.backend, args.inputs, args.attrs, 'linear') ??
      (native(args as never) as TensorInfo)
    );
  };
}

export function makeFusedConv2DWasm(native: KernelFn) {
  return function fusedConv2DWasm(args: {
    inputs: ConvInputs;
    backend: unknown;
    attrs: ConvAttrs & { activation?: string };
  }): TensorInfo {
    return (
      convForwardSimd(args.backend, args.inputs, args.attrs, args.attrs.activation) ??
      (native(args as never) as TensorInfo)
    );
  };
}

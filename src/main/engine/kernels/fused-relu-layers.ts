/**
 * Conv2D + bias + ReLU, and Dense + bias + ReLU, as one op each while training on wasm.
 *
 * tfjs fuses a Conv2D layer's bias and ReLU into one FusedConv2D kernel only outside gradient
 * recording; while training it runs Conv2D, Add, Relu forward and Step, Cast, Multiply, Sum backward,
 * six passes over the layer's largest activation (a quarter of the seed CNN's step beyond the convs).
 * Here the layers' Conv.call is wrapped so that, on the wasm backend while gradients are recorded, a
 * 2-D channels-last ReLU convolution with a bias and no dilation runs as one op, LayerLabConv2DBiasRelu:
 *   forward:  the backend's FusedConv2D (bias and ReLU applied in the convolution's output pass);
 *   backward: one pass (LayerLabReluGradBias) giving dy·[y > 0] and its per-channel sum (the bias
 *             gradient), then the usual Conv2DBackpropInput / Conv2DBackpropFilter kernels.
 * A ReLU Dense layer on a 2-D input is treated the same way (LayerLabDenseBiasRelu: the backend's
 * _FusedMatMul forward; the same one-pass ReLU and bias gradient, then two products backward).
 * Every other layer, backend or mode takes tfjs's own path. The model, its weights and its saved
 * topology are unchanged: this is only how the same function is evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels } from './simd';
import { asWasm, f32, type TensorInfo } from './wasm-util';

export const RELU_GRAD_BIAS = 'LayerLabReluGradBias';

/** dyMasked = dy·[y > 0] and dBias[c] = Σ over every other axis of dyMasked (channels innermost). */
export function reluGradBiasWasm(args: {
  inputs: { dy: TensorInfo; y: TensorInfo };
  backend: unknown;
}): TensorInfo[] {
  const backend = asWasm(args.backend);
  const { dy, y } = args.inputs;
  const c = dy.shape[dy.shape.length - 1]!;
  const rows = tf.util.sizeFromShape(dy.shape) / c;
  const masked = backend.makeOutput(dy.shape.slice(), 'float32');
  const dBias = backend.makeOutput([c], 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simd.relu_grad(addr(backend, dy), addr(backend, y), addr(backend, masked), addr(backend, dBias), rows, c);
    return [masked, dBias];
  }
  const g = f32(backend, dy);
  const v = f32(backend, y);
  const out = f32(backend, masked);
  const acc = new Float64Array(c);
  for (let r = 0, i = 0; r < rows; r++)
    for (let d = 0; d < c; d++, i++) {
      const m = v[i]! > 0 ? g[i]! : 0;
      out[i] = m;
      acc[d] += m;
    }
  f32(backend, dBias).set(acc);
  return [masked, dBias];
}

type Padding = 'valid' | 'same';

interface ConvLayerFields {
  rank: number;
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number[];
  activation: { getClassName(): string } | null;
}

export const CONV_BIAS_RELU = 'LayerLabConv2DBiasRelu';

interface ConvBiasReluAttrs {
  strides: [number, number];
  pad: Padding;
}

const convAttrs = (a: ConvBiasReluAttrs) => ({
  strides: a.strides,
  pad: a.pad,
  dataFormat: 'NHWC' as const,
  dilations: [1, 1] as [number, number],
  dimRoundingMode: undefined,
});

/** Forward: the backend's FusedConv2D with bias and ReLU (LayerLab's SIMD conv where it applies). */
export function convBiasReluWasm(args: {
  inputs: { x: TensorInfo; filter: TensorInfo; bias: TensorInfo };
  backend: unknown;
  attrs: ConvBiasReluAttrs;
}): TensorInfo {
  const fused = tf.getKernel('FusedConv2D', 'wasm');
  if (!fused) throw new Error('The wasm backend has no FusedConv2D kernel.');
  return fused.kernelFunc({
    inputs: args.inputs,
    backend: args.backend as tf.KernelBackend,
    attrs: { ...convAttrs(args.attrs), activation: 'relu' } as unknown as tf.NamedAttrMap,
  }) as TensorInfo;
}

/**
 * Backward, registered as the op's gradient so that tfjs evaluates only the gradients it needs (a first
 * layer's input gradient is never computed): one pass for dy·[y > 0] and the bias gradient, then the
 * usual convolution-gradient kernels.
 */
export const convBiasReluGradConfig: tf.GradConfig = {
  kernelName: CONV_BIAS_RELU,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const a = convAttrs(attrs as unknown as ConvBiasReluAttrs);
    const [masked, dBias] = tf
      .engine()
      .runKernel(RELU_GRAD_BIAS, { dy: dy as tf.Tensor, y }, {}) as tf.Tensor[];
    return {
      x: () =>
        tf.engine().runKernel('Conv2DBackpropInput', { dy: masked!, filter }, {
          ...a,
          inputShape: x.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: masked! }, {
          ...a,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      bias: () => dBias!,
    };
  },
};

/** Conv2D (NHWC, no dilation) + bias + ReLU as one recorded op (see the module comment). */
export function conv2dBiasRelu(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  strides: [number, number],
  pad: Padding,
): tf.Tensor4D {
  const attrs: ConvBiasReluAttrs = { strides, pad };
  return tf
    .engine()
    .runKernel(CONV_BIAS_RELU, { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** Whether a Conv layer's call can take conv2dBiasRelu right now. */
function fusable(layer: ConvLayerFields, input: tf.Tensor): boolean {
  return (
    layer.rank === 2 &&
    input.rank === 4 &&
    layer.bias != null &&
    layer.activation?.getClassName() === 'relu' &&
    layer.dataFormat === 'channelsLast' &&
    layer.dilationRate.every((d) => d === 1) &&
    (layer.padding === 'valid' || layer.padding === 'same') &&
    training(CONV_BIAS_RELU)
  );
}

export const DENSE_BIAS_RELU = 'LayerLabDenseBiasRelu';

/** Forward: the backend's _FusedMatMul (bias and ReLU in XNNPACK's output pass) on [m, k] × [k, n]. */
export function denseBiasReluWasm(args: {
  inputs: { x: TensorInfo; kernel: TensorInfo; bias: TensorInfo };
  backend: unknown;
}): TensorInfo {
  const fused = tf.getKernel('_FusedMatMul', 'wasm');
  if (!fused) throw new Error('The wasm backend has no _FusedMatMul kernel.');
  const { x, kernel, bias } = args.inputs;
  const [m, k] = x.shape as [number, number];
  const n = kernel.shape[1]!;
  const out = fused.kernelFunc({
    inputs: { a: { ...x, shape: [1, m, k] }, b: { ...kernel, shape: [1, k, n] }, bias },
    backend: args.backend as tf.KernelBackend,
    attrs: { transposeA: false, transposeB: false, activation: 'relu' } as unknown as tf.NamedAttrMap,
  }) as TensorInfo;
  return { dataId: out.dataId, shape: [m, n], dtype: 'float32' };
}

/** Backward: the one-pass ReLU and bias gradient, then dx = g·Wᵀ and dW = xᵀ·g, each only if needed. */
export const denseBiasReluGradConfig: tf.GradConfig = {
  kernelName: DENSE_BIAS_RELU,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [masked, dBias] = tf
      .engine()
      .runKernel(RELU_GRAD_BIAS, { dy: dy as tf.Tensor, y }, {}) as tf.Tensor[];
    return {
      x: () => tf.matMul(masked as tf.Tensor2D, kernel, false, true),
      kernel: () => tf.matMul(x, masked as tf.Tensor2D, true, false),
      bias: () => dBias!,
    };
  },
};

interface DenseLayerFields {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  activation: { getClassName(): string } | null;
  invokeCallHook?: (inputs: unknown, kwargs: unknown) => void;
}

/** While recording gradients on wasm: does this layer call become one of our ops? */
function training(opName: string): boolean {
  return (
    tf.getBackend() === 'wasm' && tf.engine().state.gradientDepth > 0 && tf.getKernel(opName, 'wasm') != null
  );
}

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) => tf.Tensor | tf.Tensor[];

/**
 * Replaces the `call` of the first prototype above `probe` that defines one with `wrap(original)`
 * (tfjs-layers' Conv for a Conv2D, Dense for a Dense).
 */
function wrapCall(probe: tf.layers.Layer, wrap: (original: Call) => Call): void {
  let proto = Object.getPrototypeOf(probe) as object | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'call')) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const target = proto as { call: Call };
  target.call = wrap(target.call);
}

const single = (inputs: tf.Tensor | tf.Tensor[]) =>
  Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;

let installed = false;

/** Wraps tfjs-layers' Conv.call (the base of Conv1D/2D/3D) and Dense.call once; see the module comment. */
export function installFusedReluLayers(): void {
  if (installed) return;
  installed = true;
  wrapCall(
    tf.layers.conv2d({ filters: 1, kernelSize: 1 }),
    (original) =>
      function (this: ConvLayerFields, inputs, kwargs) {
        const x = single(inputs);
        if (!x || !fusable(this, x)) return original.call(this, inputs, kwargs);
        return tf.tidy(() =>
          conv2dBiasRelu(
            x as tf.Tensor4D,
            this.kernel.read() as tf.Tensor4D,
            this.bias!.read() as tf.Tensor1D,
            [this.strides[0]!, this.strides[1]!],
            this.padding as Padding,
          ),
        );
      },
  );
  wrapCall(
    tf.layers.dense({ units: 1 }),
    (original) =>
      function (this: DenseLayerFields, inputs, kwargs) {
        const x = single(inputs);
        const ours =
          x != null &&
          x.rank === 2 &&
          x.dtype === 'float32' &&
          this.bias != null &&
          this.activation?.getClassName() === 'relu' &&
          training(DENSE_BIAS_RELU);
        if (!ours) return original.call(this, inputs, kwargs);
        this.invokeCallHook?.(inputs, kwargs);
        return tf.tidy(
          () =>
            tf
              .engine()
              .runKernel(
                DENSE_BIAS_RELU,
                { x: x!, kernel: this.kernel.read(), bias: this.bias!.read() },
                {},
              ) as tf.Tensor,
        );
      },
  );
}

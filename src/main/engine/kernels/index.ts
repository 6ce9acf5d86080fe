/**
 * Training kernels for tfjs-backend-wasm 4.22 (backendName 'wasm').
 *
 * Missing in wasm (without them `fit` throws on Conv/Depthwise/Separable/Embedding models):
 *   Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput,
 *   UnsortedSegmentSum.
 * Replaced for speed, most through LayerLab's SIMD module (simd/src/*.c) with the previous portable
 * path kept for engines without wasm SIMD:
 *   Conv2D, FusedConv2D, Conv2DBackpropInput, MaxPoolGrad, AvgPoolGrad, BatchMatMul (every float32
 *   product),
 *   Sum (over leading axes: bias gradients), Identity (shares the input's data),
 *   Unpack, SplitV, GatherV2, Concat (block copies inside the heap).
 * LayerLab's own ops: ReLU Conv2D and Dense layers (fused-relu-layers.ts), LSTM and GRU layers (fused-rnn.ts) and
 * Adam (fused-adam.ts) as one kernel each.
 * Importing this module loads @tensorflow/tfjs-backend-wasm (which registers the 'wasm' backend).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ADAM, adamWasm } from './adam';
import { makeAvgPoolGradWasm } from './avg-pool-grad';
import { makeBatchMatMulWasm } from './batch-mat-mul';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2DBackpropInputWasm } from './conv2d-backprop-input';
import { makeConv2DWasm, makeFusedConv2DWasm } from './conv2d-forward';
import { installFusedRnns, RNN_GRADIENTS, RNN_KERNELS } from './fused-rnn';
import { makeConcatWasm, makeGatherV2Wasm, makeSplitVWasm, makeUnpackWasm } from './copy-kernels';
import { depthwiseConv2dBackpropFilterWasm, depthwiseConv2dBackpropInputWasm } from './depthwise-backprop';
import {
  CONV_BIAS_RELU,
  convBiasReluGradConfig,
  convBiasReluWasm,
  DENSE_BIAS_RELU,
  denseBiasReluGradConfig,
  denseBiasReluWasm,
  installFusedReluLayers,
  RELU_GRAD_BIAS,
  reluGradBiasWasm,
} from './fused-relu-layers';
import { makeIdentityWasm } from './identity';
import { maxPoolGradWasm } from './max-pool-grad';
import { makeSumWasm } from './sum';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum';

const k = (f: unknown) => f as tf.KernelFunc;

/** Kernels that tfjs-backend-wasm does not have. */
export const WASM_MISSING_KERNELS: Readonly<Record<string, tf.KernelFunc>> = {
  Conv2DBackpropFilter: k(conv2DBackpropFilterWasm),
  DepthwiseConv2dNativeBackpropFilter: k(depthwiseConv2dBackpropFilterWasm),
  DepthwiseConv2dNativeBackpropInput: k(depthwiseConv2dBackpropInputWasm),
  UnsortedSegmentSum: k(unsortedSegmentSumWasm),
  // LayerLab's own: a Conv2D + bias + ReLU layer as one op while training (see fused-relu-layers.ts).
  [CONV_BIAS_RELU]: k(convBiasReluWasm),
  [DENSE_BIAS_RELU]: k(denseBiasReluWasm),
  [RELU_GRAD_BIAS]: k(reluGradBiasWasm),
  // LayerLab's own: LSTM and GRU layers as one op each (see fused-rnn.ts).
  ...Object.fromEntries(Object.entries(RNN_KERNELS).map(([name, f]) => [name, k(f)])),
  // LayerLab's own: one Adam step per variable (FusedAdamOptimizer, adam.ts).
  [ADAM]: k(adamWasm),
};

/** Faster replacements for kernels tfjs-backend-wasm has; each may wrap the native kernel. */
export const WASM_FASTER_KERNELS: Readonly<
  Record<string, (native: tf.KernelFunc | null) => tf.KernelFunc | null>
> = {
  Conv2DBackpropInput: () => k(conv2DBackpropInputWasm),
  MaxPoolGrad: () => k(maxPoolGradWasm),
  BatchMatMul: (native) => (native ? k(makeBatchMatMulWasm(native as never)) : null),
  Sum: (native) => (native ? k(makeSumWasm(native as never)) : null),
  Identity: (native) => (native ? k(makeIdentityWasm(native as never)) : null),
  Conv2D: (native) => (native ? k(makeConv2DWasm(native as never)) : null),
  FusedConv2D: (native) => (native ? k(makeFusedConv2DWasm(native as never)) : null),
  Unpack: (native) => (native ? k(makeUnpackWasm(native as never)) : null),
  SplitV: (native) => (native ? k(makeSplitVWasm(native as never)) : null),
  GatherV2: (native) => (native ? k(makeGatherV2Wasm(native as never)) : null),
  Concat: (native) => (native ? k(makeConcatWasm(native as never)) : null),
  AvgPoolGrad: (native) => (native ? k(makeAvgPoolGradWasm(native as never)) : null),
};

const ours = new WeakSet<tf.KernelFunc>(Object.values(WASM_MISSING_KERNELS));

/**
 * Registers the kernels above for the wasm backend. Idempotent. A kernel that wasm gained natively
 * (a later tfjs-backend-wasm) is left alone unless it is one we replace for speed.
 */
export function registerWasmTrainingKernels(): void {
  if (!tf.getGradient(CONV_BIAS_RELU)) tf.registerGradient(convBiasReluGradConfig);
  if (!tf.getGradient(DENSE_BIAS_RELU)) tf.registerGradient(denseBiasReluGradConfig);
  installFusedReluLayers();
  for (const g of RNN_GRADIENTS) if (!tf.getGradient(g.kernelName)) tf.registerGradient(g);
  installFusedRnns();
  for (const [kernelName, kernelFunc] of Object.entries(WASM_MISSING_KERNELS)) {
    if (tf.getKernel(kernelName, 'wasm')) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  for (const [kernelName, make] of Object.entries(WASM_FASTER_KERNELS)) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing && ours.has(existing.kernelFunc)) continue;
    const kernelFunc = make(existing?.kernelFunc ?? null);
    if (!kernelFunc) continue;
    ours.add(kernelFunc);
    // Keep the native kernel's setup/dispose hooks (they cwrap functions other code may rely on).
    if (existing) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...(existing ?? {}), kernelName, backendName: 'wasm', kernelFunc });
  }
}

export {
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  depthwiseConv2dBackpropFilterWasm,
  depthwiseConv2dBackpropInputWasm,
  maxPoolGradWasm,
  unsortedSegmentSumWasm,
};

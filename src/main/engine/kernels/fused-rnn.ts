/**
 * An LSTM layer as one op on wasm.
 *
 * tfjs-layers runs an LSTM step by step, about 15 small ops per timestep forward and 30 backward, and
 * tfjs spends several microseconds dispatching each: the lstm-text template issued ~9,700 kernels per
 * batch, most of its time. Here the layers' LSTM.call is wrapped so that, on the wasm backend with
 * LayerLab's SIMD kernels, a plain LSTM (tanh activation, sigmoid or hard-sigmoid gates, a bias, no
 * dropout, not stateful, not reversed, no mask or initial state, no returned state) runs as one op:
 *   forward:  kernels.c's lstm_forward (the input projection of all steps as one product);
 *   backward: lstm_backward (backpropagation through time, then three products for dx, dW, dR).
 * Any other LSTM, layer or backend takes tfjs's own path. Weights, saved models and exports are
 * unchanged: only how the same function is evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels, withScratch } from './simd';
import { asWasm, type TensorInfo } from './wasm-util';

export const LSTM_OP = 'LayerLabLSTM';
export const LSTM_GRAD = 'LayerLabLSTMGrad';

interface LstmAttrs {
  returnSequences: boolean;
  /** Gates through Keras's hard sigmoid (tfjs-layers' default) rather than the sigmoid. */
  hard: boolean;
}

function dims(x: TensorInfo, recurrent: TensorInfo): [number, number, number, number] {
  const [b, t, d] = x.shape as [number, number, number];
  return [b, t, d, recurrent.shape[0]!];
}

/** Outputs: y (every step or the last), then the gates, cells and hidden states kept for the gradient. */
export function lstmWasm(args: {
  inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo };
  backend: unknown;
  attrs: LstmAttrs;
}): TensorInfo[] {
  const backend = asWasm(args.backend);
  const simd = simdKernels(backend);
  if (!simd) throw new Error('LayerLabLSTM needs the SIMD kernels (the layer only uses it where they load).');
  const { x, kernel, recurrentKernel, bias } = args.inputs;
  const [b, t, d, u] = dims(x, recurrentKernel);
  const { returnSequences, hard } = args.attrs;
  const y = backend.makeOutput(returnSequences ? [b, t, u] : [b, u], 'float32');
  const gates = backend.makeOutput([b, t, 4 * u], 'float32');
  const cells = backend.makeOutput([b, t, u], 'float32');
  const hs = backend.makeOutput([b, t, u], 'float32');
  withScratch(backend, simd.lstm_scratch(b, t, d, u), (scratch) =>
    simd.lstm_forward(
      addr(backend, x),
      addr(backend, kernel),
      addr(backend, recurrentKernel),
      addr(backend, bias),
      addr(backend, y),
      addr(backend, gates),
      addr(backend, cells),
      addr(backend, hs),
      scratch,
      b,
      t,
      d,
      u,
      returnSequences ? 1 : 0,
      hard ? 1 : 0,
    ),
  );
  return [y, gates, cells, hs];
}

/** Outputs dx, dKernel, dRecurrentKernel, dBias. */
export function lstmGradWasm(args: {
  inputs: Record<'dy' | 'x' | 'kernel' | 'recurrentKernel' | 'gates' | 'cells' | 'hs', TensorInfo>;
  backend: unknown;
  attrs: LstmAttrs;
}): TensorInfo[] {
  const backend = asWasm(args.backend);
  const simd = simdKernels(backend);
  if (!simd) throw new Error('LayerLabLSTMGrad needs the SIMD kernels.');
  const { dy, x, kernel, recurrentKernel, gates, cells, hs } = args.inputs;
  const [b, t, d, u] = dims(x, recurrentKernel);
  const dx = backend.makeOutput(x.shape.slice(), 'float32');
  const dKernel = backend.makeOutput(kernel.shape.slice(), 'float32');
  const dRecurrent = backend.makeOutput(recurrentKernel.shape.slice(), 'float32');
  const dBias = backend.makeOutput([4 * u], 'float32');
  withScratch(backend, simd.lstm_scratch(b, t, d, u), (scratch) =>
    simd.lstm_backward(
      addr(backend, dy),
      addr(backend, x),
      addr(backend, kernel),
      addr(backend, recurrentKernel),
      addr(backend, gates),
      addr(backend, cells),
      addr(backend, hs),
      addr(backend, dx),
      addr(backend, dKernel),
      addr(backend, dRecurrent),
      addr(backend, dBias),
      scratch,
      b,
      t,
      d,
      u,
      args.attrs.returnSequences ? 1 : 0,
      args.attrs.hard ? 1 : 0,
    ),
  );
  return [dx, dKernel, dRecurrent, dBias];
}

/** The op's gradient: one backward kernel, its outputs handed out per input. */
export const lstmGradConfig: tf.GradConfig = {
  kernelName: LSTM_OP,
  inputsToSave: ['x', 'kernel', 'recurrentKernel'],
  outputsToSave: [false, true, true, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, kernel, recurrentKernel, gates, cells, hs] = saved;
    const [dx, dKernel, dRecurrent, dBias] = tf
      .engine()
      .runKernel(
        LSTM_GRAD,
        {
          dy,
          x: x!,
          kernel: kernel!,
          recurrentKernel: recurrentKernel!,
          gates: gates!,
          cells: cells!,
          hs: hs!,
        },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    return { x: () => dx!, kernel: () => dKernel!, recurrentKernel: () => dRecurrent!, bias: () => dBias! };
  },
};

interface LstmLayerFields {
  cell: {
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    useBias: boolean;
    dropout: number;
    recurrentDropout: number;
    kernel: { read(): tf.Tensor };
    recurrentKernel: { read(): tf.Tensor };
    bias: { read(): tf.Tensor } | null;
  };
  stateful: boolean;
  goBackwards: boolean;
  returnState: boolean;
  returnSequences: boolean;
}

/** Whether this LSTM call can be the fused op; the reason it cannot otherwise (for the tests). */
export function fusableLstm(layer: LstmLayerFields, input: tf.Tensor | null, kwargs: unknown): boolean {
  const kw = (kwargs ?? {}) as { mask?: unknown; initialState?: unknown };
  const gates = layer.cell.recurrentActivation.getClassName();
  return (
    input != null &&
    input.rank === 3 &&
    input.dtype === 'float32' &&
    tf.getBackend() === 'wasm' &&
    tf.getKernel(LSTM_OP, 'wasm') != null &&
    simdKernels(asWasm(tf.backend())) != null &&
    layer.cell.activation.getClassName() === 'tanh' &&
    (gates === 'sigmoid' || gates === 'hardSigmoid') &&
    layer.cell.useBias &&
    layer.cell.bias != null &&
    !(layer.cell.dropout > 0) &&
    !(layer.cell.recurrentDropout > 0) &&
    !layer.stateful &&
    !layer.goBackwards &&
    !layer.returnState &&
    kw.mask == null &&
    kw.initialState == null
  );
}

let installed = false;

/** Wraps tfjs-layers' LSTM.call once; see the module comment. */
export function installFusedLstm(): void {
  if (installed) return;
  installed = true;
  const proto = Object.getPrototypeOf(tf.layers.lstm({ units: 1 })) as {
    call: (inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) => tf.Tensor | tf.Tensor[];
  };
  const original = proto.call;
  proto.call = function (this: LstmLayerFields, inputs, kwargs) {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
    if (!fusableLstm(this, x, kwargs)) return original.call(this, inputs, kwargs);
    const attrs: LstmAttrs = {
      returnSequences: this.returnSequences,
      hard: this.cell.recurrentActivation.getClassName() === 'hardSigmoid',
    };
    return tf.tidy(() => {
      const outs = tf.engine().runKernel(
        LSTM_OP,
        {
          x: x!,
          kernel: this.cell.kernel.read(),
          recurrentKernel: this.cell.recurrentKernel.read(),
          bias: this.cell.bias!.read(),
        },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      return outs[0]!;
    });
  };
}

/**
 * LSTM and GRU layers as one op each on wasm.
 *
 * tfjs-layers runs a recurrent layer step by step, 15–30 small ops per timestep, and tfjs spends
 * several microseconds dispatching each: the lstm-text template issued ~9,700 kernels per batch, most
 * of its time. Here the layers' LSTM.call and GRU.call are wrapped so that, on the wasm backend with
 * LayerLab's SIMD kernels, a plain layer (tanh activation, sigmoid or hard-sigmoid gates, a bias, no
 * dropout, not stateful, not reversed, no mask or initial state, no returned state) runs as one op:
 *   forward:  rnn.c's lstm_forward / gru_forward (the input projection of all steps as one product);
 *   backward: lstm_backward / gru_backward (backpropagation through time, then whole-sequence products
 *             for dx, dW and dR).
 * Any other layer, configuration or backend takes tfjs's own path. Weights, saved models and exports
 * are unchanged: only how the same function is evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import { rnnConfigFusable, type RnnLayerConfig } from './rnn-config';
import { addr, simdKernels, withScratch, type SimdKernels } from './simd';
import { asWasm, type TensorInfo, type WasmBackend } from './wasm-util';

export type RnnKind = 'LSTM' | 'GRU';

/** Per kind: its op names, gate count, and the state it keeps for the backward pass besides h. */
const KINDS = {
  LSTM: { op: 'LayerLabLSTM', grad: 'LayerLabLSTMGrad', gates: 4, cells: true },
  GRU: { op: 'LayerLabGRU', grad: 'LayerLabGRUGrad', gates: 3, cells: false },
} as const;

export const LSTM_OP = KINDS.LSTM.op;
export const LSTM_GRAD = KINDS.LSTM.grad;
export const GRU_OP = KINDS.GRU.op;
export const GRU_GRAD = KINDS.GRU.grad;

interface RnnAttrs {
  returnSequences: boolean;
  /** Gates through Keras's hard sigmoid (tfjs-layers' default) rather than the sigmoid. */
  hard: boolean;
}

function dims(x: TensorInfo, recurrent: TensorInfo): [number, number, number, number] {
  const [b, t, d] = x.shape as [number, number, number];
  return [b, t, d, recurrent.shape[0]!];
}

function kernelsOf(backend: WasmBackend, op: string): SimdKernels {
  const simd = simdKernels(backend);
  if (!simd) throw new Error(`${op} needs the SIMD kernels (layers only use it where they load).`);
  return simd;
}

type RnnInputs = { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo };

/**
 * The forward kernel of `kind`. Outputs: y (every step or the last), then what the gradient needs: the
 * gates, (LSTM) the cells, and the hidden states.
 */
function makeForward(kind: RnnKind) {
  const spec = KINDS[kind];
  return function rnnForward(args: { inputs: RnnInputs; backend: unknown; attrs: RnnAttrs }): TensorInfo[] {
    const backend = asWasm(args.backend);
    const simd = kernelsOf(backend, spec.op);
    const { x, kernel, recurrentKernel, bias } = args.inputs;
    const [b, t, d, u] = dims(x, recurrentKernel);
    const { returnSequences, hard } = args.attrs;
    const y = backend.makeOutput(returnSequences ? [b, t, u] : [b, u], 'float32');
    const gates = backend.makeOutput([b, t, spec.gates * u], 'float32');
    const cells = spec.cells ? backend.makeOutput([b, t, u], 'float32') : null;
    const hs = backend.makeOutput([b, t, u], 'float32');
    const [px, pw, pr, pb] = [x, kernel, recurrentKernel, bias].map((i) => addr(backend, i)) as number[];
    const tail = [b, t, d, u, returnSequences ? 1 : 0, hard ? 1 : 0] as const;
    const [py, pg, ph] = [addr(backend, y), addr(backend, gates), addr(backend, hs)];
    if (kind === 'LSTM') {
      withScratch(backend, simd.lstm_scratch(b, t, d, u), (s) =>
        simd.lstm_forward(px!, pw!, pr!, pb!, py, pg, addr(backend, cells!), ph, s, ...tail),
      );
      return [y, gates, cells!, hs];
    }
    withScratch(backend, simd.gru_scratch(b, t, d, u), (s) =>
      simd.gru_forward(px!, pw!, pr!, pb!, py, pg, ph, s, ...tail),
    );
    return [y, gates, hs];
  };
}

/** The backward kernel of `kind`. Outputs: dx, dKernel, dRecurrentKernel, dBias. */
function makeBackward(kind: RnnKind) {
  const spec = KINDS[kind];
  return function rnnBackward(args: {
    inputs: Record<'dy' | 'x' | 'kernel' | 'recurrentKernel' | 'gates' | 'hs', TensorInfo> & {
      cells?: TensorInfo;
    };
    backend: unknown;
    attrs: RnnAttrs;
  }): TensorInfo[] {
    const backend = asWasm(args.backend);
    const simd = kernelsOf(backend, spec.grad);
    const { dy, x, kernel, recurrentKernel, gates, cells, hs } = args.inputs;
    const [b, t, d, u] = dims(x, recurrentKernel);
    const outs = [x, kernel, recurrentKernel].map((i) => backend.makeOutput(i.shape.slice(), 'float32'));
    outs.push(backend.makeOutput([spec.gates * u], 'float32'));
    const [pdx, pdw, pdr, pdb] = outs.map((o) => addr(backend, o)) as number[];
    const [pdy, px, pw, pr, pg, ph] = [dy, x, kernel, recurrentKernel, gates, hs].map((i) =>
      addr(backend, i),
    ) as number[];
    const tail = [b, t, d, u, args.attrs.returnSequences ? 1 : 0, args.attrs.hard ? 1 : 0] as const;
    if (kind === 'LSTM') {
      withScratch(backend, simd.lstm_scratch(b, t, d, u), (s) =>
        simd.lstm_backward(
          pdy!,
          px!,
          pw!,
          pr!,
          pg!,
          addr(backend, cells!),
          ph!,
          pdx!,
          pdw!,
          pdr!,
          pdb!,
          s,
          ...tail,
        ),
      );
    } else {
      withScratch(backend, simd.gru_scratch(b, t, d, u), (s) =>
        simd.gru_backward(pdy!, px!, pw!, pr!, pg!, ph!, pdx!, pdw!, pdr!, pdb!, s, ...tail),
      );
    }
    return outs;
  };
}

/** The op's gradient: one backward kernel, its outputs handed out per input. */
function gradConfig(kind: RnnKind): tf.GradConfig {
  const spec = KINDS[kind];
  return {
    kernelName: spec.op,
    inputsToSave: ['x', 'kernel', 'recurrentKernel'],
    outputsToSave: spec.cells ? [false, true, true, true] : [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const [x, kernel, recurrentKernel, gates, ...rest] = saved as tf.Tensor[];
      const state: tf.NamedTensorMap = spec.cells ? { cells: rest[0]!, hs: rest[1]! } : { hs: rest[0]! };
      const [dx, dKernel, dRecurrent, dBias] = tf
        .engine()
        .runKernel(
          spec.grad,
          { dy, x: x!, kernel: kernel!, recurrentKernel: recurrentKernel!, gates: gates!, ...state },
          attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
      return { x: () => dx!, kernel: () => dKernel!, recurrentKernel: () => dRecurrent!, bias: () => dBias! };
    },
  };
}

/** The kernels and gradients to register for the wasm backend. */
export const RNN_KERNELS: Readonly<Record<string, unknown>> = {
  [KINDS.LSTM.op]: makeForward('LSTM'),
  [KINDS.LSTM.grad]: makeBackward('LSTM'),
  [KINDS.GRU.op]: makeForward('GRU'),
  [KINDS.GRU.grad]: makeBackward('GRU'),
};
export const RNN_GRADIENTS: readonly tf.GradConfig[] = [gradConfig('LSTM'), gradConfig('GRU')];

interface RnnLayerFields extends RnnLayerConfig {
  cell: RnnLayerConfig['cell'] & {
    kernel: { read(): tf.Tensor };
    recurrentKernel: { read(): tf.Tensor };
    bias: { read(): tf.Tensor } | null;
  };
  returnSequences: boolean;
}

/** Whether this LSTM or GRU call can be the fused op. */
export function fusableRnn(
  kind: RnnKind,
  layer: RnnLayerFields,
  input: tf.Tensor | null,
  kwargs: unknown,
): boolean {
  const kw = (kwargs ?? {}) as { mask?: unknown; initialState?: unknown };
  return (
    input != null &&
    input.rank === 3 &&
    input.dtype === 'float32' &&
    tf.getBackend() === 'wasm' &&
    tf.getKernel(KINDS[kind].op, 'wasm') != null &&
    simdKernels(asWasm(tf.backend())) != null &&
    rnnConfigFusable(layer) &&
    layer.cell.bias != null &&
    kw.mask == null &&
    kw.initialState == null
  );
}

let installed = false;

/** Wraps tfjs-layers' LSTM.call and GRU.call once; see the module comment. */
export function installFusedRnns(): void {
  if (installed) return;
  installed = true;
  const probes: [RnnKind, tf.layers.Layer][] = [
    ['LSTM', tf.layers.lstm({ units: 1 })],
    ['GRU', tf.layers.gru({ units: 1 })],
  ];
  for (const [kind, probe] of probes) {
    const proto = Object.getPrototypeOf(probe) as {
      call: (inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) => tf.Tensor | tf.Tensor[];
    };
    const original = proto.call;
    proto.call = function (this: RnnLayerFields, inputs, kwargs) {
      const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
      if (!fusableRnn(kind, this, x, kwargs)) return original.call(this, inputs, kwargs);
      const attrs: RnnAttrs = {
        returnSequences: this.returnSequences,
        hard: this.cell.recurrentActivation.getClassName() === 'hardSigmoid',
      };
      return tf.tidy(() => {
        const outs = tf.engine().runKernel(
          KINDS[kind].op,
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
}

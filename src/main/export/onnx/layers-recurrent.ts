import { transpose, type LayerCtx, type LayerFamily, type LayerWeight } from './types';

/** ONNX gate order as Keras block indices: LSTM Keras i,f,c,o → ONNX i,o,f,c; GRU z,r,h is the same order. */
const GATES: Record<string, number[]> = { LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };

/** Keras [in, G·u] (gate blocks as columns) → ONNX [G·u, in] with the blocks in ONNX order. */
function gateRows(w: LayerWeight, order: number[], u: number): Float32Array {
  const t = transpose(w.data, w.shape, [1, 0]);
  const cols = w.shape[0];
  const out = new Float32Array(t.data.length);
  order.forEach((block, at) =>
    out.set(t.data.subarray(block * u * cols, (block + 1) * u * cols), at * u * cols),
  );
  return out;
}

function gateBias(bias: LayerWeight | undefined, order: number[], u: number): Float32Array {
  // ONNX has an input bias and a recurrent bias (Wb, Rb); Keras's single bias goes to Wb, Rb stays zero.
  const out = new Float32Array(2 * order.length * u);
  if (bias) order.forEach((block, at) => out.set(bias.data.subarray(block * u, (block + 1) * u), at * u));
  return out;
}

/** W, R, B of one direction, from that direction's Keras weights [kernel, recurrent_kernel, bias?]. */
function direction(weights: LayerWeight[], cell: string, u: number) {
  const find = (s: string) => weights.find((w) => w.name === s || w.name.endsWith(`/${s}`));
  const kernel = find('kernel');
  const recurrent = find('recurrent_kernel');
  if (!kernel || !recurrent) throw new Error(`The ${cell} layer's kernel weights are missing.`);
  const order = GATES[cell];
  return {
    w: gateRows(kernel, order, u),
    r: gateRows(recurrent, order, u),
    b: gateBias(find('bias'), order, u),
    inDim: kernel.shape[0],
  };
}

const cat = (parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** One ONNX LSTM/GRU node over 1 or 2 directions; returns each direction's Keras-shaped output. */
function recurrentNode(
  c: LayerCtx,
  cell: string,
  cfg: Record<string, unknown>,
  dirWeights: LayerWeight[][],
): string[] {
  const u = Number(cfg.units);
  const g = GATES[cell].length;
  const dirs = dirWeights.map((w) => direction(w, cell, u));
  const n = dirs.length;
  const W = c.g.weight(`${c.name}/W`, cat(dirs.map((d) => d.w)), [n, g * u, dirs[0].inDim]);
  const R = c.g.weight(`${c.name}/R`, cat(dirs.map((d) => d.r)), [n, g * u, u]);
  const B = c.g.weight(`${c.name}/B`, cat(dirs.map((d) => d.b)), [n, 2 * g * u]);
  // onnxruntime runs only the time-major layout: [batch, steps, f] → [steps, batch, f].
  const x = c.g.op('Transpose', [c.inputs[0]], { perm: { ints: [1, 0, 2] } }, `${c.name}/time_major`);
  const attrs = { hidden_size: { i: u }, direction: { s: n === 2 ? 'bidirectional' : 'forward' } };
  const [y, yh] = c.g.opMulti(
    cell,
    [x, W, R, B],
    2,
    cell === 'GRU' ? { ...attrs, linear_before_reset: { i: 0 } } : attrs,
    c.name,
  );
  return dirs.map((_d, i) => {
    const index = c.g.int64([i], []);
    if (!cfg.returnSequences) return c.g.op('Gather', [yh, index], { axis: { i: 0 } }, `${c.name}/h`);
    // Y: [steps, dirs, batch, u]; the reverse direction's outputs are already aligned to forward time.
    const seq = c.g.op('Gather', [y, index], { axis: { i: 1 } }, `${c.name}/seq`);
    return c.g.op('Transpose', [seq], { perm: { ints: [1, 0, 2] } }, `${c.name}/batch_major`);
  });
}

function merge(c: LayerCtx, mode: string, [f, b]: string[]): string {
  if (mode === 'concat') return c.g.op('Concat', [f, b], { axis: { i: -1 } }, c.name);
  if (mode === 'sum') return c.g.op('Add', [f, b], {}, c.name);
  if (mode === 'mul') return c.g.op('Mul', [f, b], {}, c.name);
  return c.g.op('Mul', [c.g.op('Add', [f, b]), c.g.scalar(0.5)], {}, c.name);
}

function checkCell(cell: string, cfg: Record<string, unknown>): string | null {
  if (!(cell in GATES)) return `${cell} has no ONNX form here.`;
  if ((cfg.activation ?? 'tanh') !== 'tanh')
    return `${cell} with activation "${String(cfg.activation)}" is not supported (tanh only).`;
  if (cfg.recurrentActivation !== 'sigmoid')
    return `${cell} with recurrent activation "${String(cfg.recurrentActivation)}" is not supported (sigmoid only).`;
  if (cfg.goBackwards || cfg.stateful || cfg.returnState)
    return `${cell} with go_backwards, stateful or return_state is not supported.`;
  if (cfg.resetAfter) return 'GRU with reset_after=True is not supported.';
  return null;
}

const inner = (cfg: Record<string, unknown>) =>
  cfg.layer as { className: string; config: Record<string, unknown> };

/** LSTM, GRU and their Bidirectional wrapper. */
export const recurrentFamily: LayerFamily = {
  mappers: {
    LSTM: (c) => recurrentNode(c, 'LSTM', c.config, [c.weights])[0],
    GRU: (c) => recurrentNode(c, 'GRU', c.config, [c.weights])[0],
    Bidirectional: (c) => {
      const { className, config } = inner(c.config);
      const half = c.weights.length / 2;
      const outs = recurrentNode(c, className, config, [c.weights.slice(0, half), c.weights.slice(half)]);
      return merge(c, String(c.config.mergeMode ?? 'concat'), outs);
    },
  },
  checks: {
    LSTM: (c) => checkCell('LSTM', c.config),
    GRU: (c) => checkCell('GRU', c.config),
    Bidirectional: (c) => {
      const mode = c.config.mergeMode ?? 'concat';
      if (!['concat', 'sum', 'mul', 'ave'].includes(String(mode)))
        return `Bidirectional merge mode "${String(mode)}" is not supported.`;
      return checkCell(inner(c.config).className, inner(c.config).config);
    },
  },
};

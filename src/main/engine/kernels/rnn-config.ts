/**
 * Which LSTM/GRU layer configurations LayerLab runs as one fused op on wasm (fused-rnn.ts), judged from
 * the layer's configuration alone. Loads no backend, so the worker-count choice can use it too.
 */
export interface RnnLayerConfig {
  cell: {
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    useBias: boolean;
    dropout: number;
    recurrentDropout: number;
  };
  stateful: boolean;
  goBackwards: boolean;
  returnState: boolean;
}

/** Layer classes with a fused op. */
export const FUSED_RNN_CLASSES = new Set(['LSTM', 'GRU']);

/** tanh activation, sigmoid or hard-sigmoid gates, a bias, no dropout, not stateful, reversed or returning state. */
export function rnnConfigFusable(layer: RnnLayerConfig): boolean {
  const gates = layer.cell.recurrentActivation.getClassName();
  return (
    layer.cell.activation.getClassName() === 'tanh' &&
    (gates === 'sigmoid' || gates === 'hardSigmoid') &&
    layer.cell.useBias &&
    !(layer.cell.dropout > 0) &&
    !(layer.cell.recurrentDropout > 0) &&
    !layer.stateful &&
    !layer.goBackwards &&
    !layer.returnState
  );
}

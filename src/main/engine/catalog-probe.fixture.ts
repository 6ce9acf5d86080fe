import type { LayerNode, ModelGraph } from '../../shared/graph/types';
import type { Params } from '../../shared/layers/types';
import { chain } from '../../shared/templates';

/** Test fixtures: one small graph per catalog kind (shared by the compile and the training tests). */
type Step = Omit<LayerNode, 'id'>;
const image: Step = { kind: 'InputImage', name: 'in', params: { height: 8, width: 8, channels: 3 } };
const tokens: Step = { kind: 'InputSequence', name: 'in', params: { length: 6, vocabSize: 20 } };
const seq: Step[] = [tokens, { kind: 'Embedding', name: 'emb', params: { vocabSize: 20, outputDim: 8 } }];

/** What feeds each kind in the smoke graph, and the params it is tried with. */
export const FIXTURES: Record<string, { pre: Step[]; params?: Params; fanIn?: number }> = {
  InputImage: { pre: [] },
  InputVector: { pre: [] },
  InputSequence: { pre: [] },
  Dense: { pre: [{ kind: 'InputVector', name: 'in', params: { features: 5 } }], params: { units: 7 } },
  Flatten: { pre: [image] },
  Reshape: {
    pre: [{ kind: 'InputVector', name: 'in', params: { features: 12 } }],
    params: { targetShape: [2, 3, 2] },
  },
  Dropout: { pre: [image] },
  Activation: { pre: [image], params: { activation: 'tanh' } },
  Embedding: { pre: [tokens], params: { vocabSize: 20, outputDim: 4 } },
  Conv1D: { pre: seq, params: { filters: 5, kernelSize: 3, strides: 2, padding: 'same' } },
  Conv2D: { pre: [image], params: { filters: 4, kernelSize: 3, strides: 2, padding: 'valid' } },
  SeparableConv2D: { pre: [image], params: { filters: 5, kernelSize: 3, depthMultiplier: 2 } },
  DepthwiseConv2D: { pre: [image], params: { kernelSize: 3, depthMultiplier: 2, padding: 'same' } },
  MaxPool1D: { pre: seq, params: { poolSize: 2 } },
  MaxPool2D: { pre: [image], params: { poolSize: 3, strides: 2, padding: 'same' } },
  AveragePool2D: { pre: [image], params: { poolSize: 2 } },
  GlobalAveragePool1D: { pre: seq },
  GlobalAveragePool2D: { pre: [image] },
  BatchNormalization: { pre: [image] },
  LayerNormalization: { pre: seq },
  LSTM: { pre: seq, params: { units: 5, returnSequences: true } },
  GRU: { pre: seq, params: { units: 5 } },
  Bidirectional: { pre: seq, params: { cell: 'GRU', units: 3, mergeMode: 'concat', returnSequences: true } },
  PositionalEmbedding: { pre: [tokens], params: { vocabSize: 20, embedDim: 8 } },
  TransformerEncoder: { pre: seq, params: { numHeads: 2, ffDim: 6 } },
  Add: { pre: [image], fanIn: 2 },
  Concatenate: { pre: [image], params: { axis: -1 }, fanIn: 3 },
  Multiply: { pre: seq, fanIn: 2 },
  Output: { pre: [{ kind: 'InputVector', name: 'in', params: { features: 5 } }], params: { classes: 3 } },
};


/** A small valid graph around one layer kind ("probe"), with Flatten → Output after it. */
export function probeGraph(kind: string): ModelGraph {
  const { pre, params = {}, fanIn = 1 } = FIXTURES[kind];
  const steps: Step[] = [...pre, { kind, name: 'probe', params }];
  if (kind !== 'Output')
    steps.push({ kind: 'Flatten', name: 'flat', params: {} }, { kind: 'Output', name: 'out', params: { classes: 2 } });
  const { graph } = chain(steps);
  const probe = graph.nodes.find((n) => n.name === 'probe')!;
  // Extra fan-in edges come from the node that feeds the probe.
  const feeder = graph.edges.find((e) => e.target === probe.id);
  for (let port = 1; port < fanIn; port++)
    graph.edges.push({ id: `extra${port}`, source: feeder!.source, target: probe.id, targetPort: port });
  return graph;
}

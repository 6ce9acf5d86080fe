import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../../shared/graph/types';
import { analyzeGraph } from '../../shared/validate/analyze';
import { incomingEdges } from '../../shared/graph/topology';
import { getLayerSpec } from '../../shared/layers/catalog';
import type { CompiledLayer } from '../../shared/layers/types';
import { ApiError } from '../../shared/api/errors';
import { registerCustomLayers } from './custom-layers';

type LayerCtor = new (config: Record<string, unknown>) => tf.layers.Layer;

/** Build a tfjs layer from its class name and camelCase config, nested wrappers (Bidirectional) included. */
export function instantiateLayer(compiled: CompiledLayer, name?: string): tf.layers.Layer {
  registerCustomLayers();
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[compiled.className];
  if (!entry) throw new ApiError('invalid_graph', `No tfjs layer named ${compiled.className}.`);
  const config: Record<string, unknown> = { ...compiled.config };
  const inner = config.layer as CompiledLayer | undefined;
  if (inner && typeof inner === 'object' && 'className' in inner) config.layer = instantiateLayer(inner);
  if (name) config.name = name;
  return new (entry[0] as unknown as LayerCtor)(config);
}

/**
 * Graph → tf.LayersModel through the functional API. Refuses an invalid graph with the checker's first
 * error, so training and export never see a graph the editor would mark red.
 */
export function compileGraph(graph: ModelGraph): tf.LayersModel {
  const analysis = analyzeGraph(graph);
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error');
  if (firstError) {
    const node = graph.nodes.find((n) => n.id === firstError.nodeId);
    throw new ApiError('invalid_graph', node ? `${node.name}: ${firstError.message}` : firstError.message, firstError);
  }
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const outputs = new Map<string, tf.SymbolicTensor>();
  const inputs: tf.SymbolicTensor[] = [];
  let output: tf.SymbolicTensor | null = null;
  for (const id of analysis.order) {
    const node = nodes.get(id)!;
    const spec = getLayerSpec(node.kind)!;
    const params = analysis.params[id];
    if (spec.inputs.max === 0) {
      const shape = analysis.shapes[id] as number[];
      const t = tf.input({ shape, name: node.name });
      inputs.push(t);
      outputs.set(id, t);
      continue;
    }
    const sources = incoming.get(id)!.map((e) => outputs.get(e.source)!);
    const inShapes = incoming.get(id)!.map((e) => analysis.shapes[e.source]);
    const layer = instantiateLayer(spec.compile(params, inShapes), node.name);
    const out = layer.apply(sources.length === 1 ? sources[0] : sources) as tf.SymbolicTensor;
    outputs.set(id, out);
    if (node.kind === 'Output') output = out;
  }
  if (!output) throw new ApiError('invalid_graph', 'The graph has no Output layer.');
  return tf.model({ inputs, outputs: output });
}

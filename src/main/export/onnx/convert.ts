import type * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../shared/api/errors';
import { OnnxGraph, valueInfo } from './builder';
import { encodeModel } from './proto';
import { coreFamily } from './layers-core';
import { convFamily } from './layers-conv';
import { recurrentFamily } from './layers-recurrent';
import { attentionFamily } from './layers-attention';
import type { LayerCheck, LayerMapper, LayerWeight } from './types';

/** The opset we write: 17 is the first with a LayerNormalization op. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;
/** Name of the ONNX graph's output (class probabilities). */
export const ONNX_OUTPUT = 'output';

const FAMILIES = [coreFamily, convFamily, recurrentFamily, attentionFamily];
const MAPPERS: Record<string, LayerMapper> = Object.assign({}, ...FAMILIES.map((f) => f.mappers));
const CHECKS: Record<string, LayerCheck> = Object.assign({}, ...FAMILIES.map((f) => f.checks ?? {}));

/** tfjs class names the ONNX exporter can write. */
export const ONNX_LAYER_CLASSES: readonly string[] = ['InputLayer', ...Object.keys(MAPPERS)];

interface Walked {
  layer: tf.layers.Layer;
  className: string;
  config: Record<string, unknown>;
  inputs: { source: string; shape: (number | null)[] }[];
}

/**
 * Layers of a model in order, each with the layers feeding it. A tf.Sequential's `layers` leaves out its
 * InputLayer, so the model's input layers come first when missing.
 */
function walk(model: tf.LayersModel): Walked[] {
  const inputLayers = model.inputs.map((t) => t.sourceLayer).filter((l) => !model.layers.includes(l));
  return [...inputLayers, ...model.layers].map((layer) => {
    const node = layer.inboundNodes[0];
    const tensors = (node?.inputTensors ?? []) as tf.SymbolicTensor[];
    return {
      layer,
      className: layer.getClassName(),
      config: layer.getConfig() as Record<string, unknown>,
      inputs:
        layer.getClassName() === 'InputLayer'
          ? []
          : tensors.map((t) => ({ source: t.sourceLayer.name, shape: t.shape })),
    };
  });
}

/** Every reason the model cannot be written as ONNX (empty = it can). Reads no weights. */
export function onnxProblems(model: tf.LayersModel): string[] {
  const problems: string[] = [];
  if (model.outputs.length !== 1) problems.push('Only single-output models can be exported.');
  for (const w of walk(model)) {
    if (w.className === 'InputLayer') continue;
    if (!MAPPERS[w.className]) {
      problems.push(`${w.layer.name}: the ${w.className} layer has no ONNX form.`);
      continue;
    }
    if (w.layer.inboundNodes.length !== 1)
      problems.push(`${w.layer.name}: shared layers (used twice) are not supported.`);
    const why = CHECKS[w.className]?.({
      className: w.className,
      config: w.config,
      inputShapes: w.inputs.map((i) => i.shape),
    });
    if (why) problems.push(`${w.layer.name} (${w.className}): ${why}`);
  }
  return problems;
}

const weightsOf = (layer: tf.layers.Layer): LayerWeight[] =>
  layer.weights.map((v) => ({
    name: v.originalName,
    shape: [...v.shape] as number[],
    data: v.read().dataSync() as Float32Array,
  }));

/**
 * A trained tfjs model → ONNX bytes (opset 17). Refuses, listing every unsupported layer, before
 * building anything; the caller writes the bytes.
 */
export function toOnnx(
  model: tf.LayersModel,
  graphName = 'layerlab',
): { bytes: Uint8Array; inputNames: string[] } {
  const problems = onnxProblems(model);
  if (problems.length)
    throw new ApiError('invalid_graph', `This model cannot be exported to ONNX: ${problems.join(' ')}`, {
      problems,
    });
  const g = new OnnxGraph();
  const values = new Map<string, string>();
  const inputs: Record<string, unknown>[] = [];
  for (const w of walk(model)) {
    if (w.className === 'InputLayer') {
      const shape = (w.config.batchInputShape as (number | null)[]) ?? [null];
      inputs.push(valueInfo(w.layer.name, shape));
      values.set(w.layer.name, w.layer.name);
      continue;
    }
    const out = MAPPERS[w.className]({
      g,
      name: w.layer.name,
      className: w.className,
      config: w.config,
      inputs: w.inputs.map((i) => values.get(i.source)!),
      inputShapes: w.inputs.map((i) => i.shape),
      weights: weightsOf(w.layer),
    });
    values.set(w.layer.name, out);
  }
  const last = model.outputs[0];
  g.op('Identity', [values.get(last.sourceLayer.name)!], {}, 'final');
  const final = g.nodes[g.nodes.length - 1] as { output: string[] };
  final.output = [ONNX_OUTPUT];
  const bytes = encodeModel({
    ir_version: IR_VERSION,
    producer_name: 'LayerLab',
    producer_version: '1',
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: graphName,
      node: g.nodes,
      initializer: g.initializers,
      input: inputs,
      output: [valueInfo(ONNX_OUTPUT, last.shape)],
    },
  });
  return { bytes, inputNames: inputs.map((i) => i.name as string) };
}

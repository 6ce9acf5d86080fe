import type { ModelGraph } from '../graph/types';
import type { CompiledLayer } from '../layers/types';
import { KERAS_CUSTOM_LAYERS } from './keras-custom';
import { exportPlan, snake, type PlanStep } from './plan';

/** Config keys written as positional arguments, per class (Keras's own order). */
const POSITIONAL: Record<string, string[]> = {
  Dense: ['units'],
  Conv1D: ['filters', 'kernelSize'],
  Conv2D: ['filters', 'kernelSize'],
  SeparableConv2D: ['filters', 'kernelSize'],
  DepthwiseConv2D: ['kernelSize'],
  MaxPooling1D: ['poolSize'],
  MaxPooling2D: ['poolSize'],
  AveragePooling2D: ['poolSize'],
  Dropout: ['rate'],
  Activation: ['activation'],
  Reshape: ['targetShape'],
  Embedding: ['inputDim', 'outputDim'],
  LSTM: ['units'],
  GRU: ['units'],
  Bidirectional: ['layer'],
};

/** Values equal to Keras's defaults are left out, so the code reads like hand-written Keras. */
const DEFAULTS: Record<string, unknown> = {
  strides: 1,
  padding: 'valid',
  activation: 'linear',
  axis: -1,
  momentum: 0.99,
  epsilon: 0.001,
  returnSequences: false,
  recurrentActivation: 'sigmoid',
  mergeMode: 'concat',
  depthMultiplier: 1,
};

/** A JSON value as a Python literal: lists become tuples, true → True, null → None. */
export function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
  if (typeof v === 'object' && 'className' in v) return layerCall(v as CompiledLayer);
  return 'None';
}

const isDefault = (key: string, v: unknown, config: Record<string, unknown>): boolean => {
  if (key === 'strides' && Array.isArray(v)) {
    const pool = config.poolSize as number[] | undefined;
    return v.every((s, i) => s === (pool ? pool[i] : 1));
  }
  if (key === 'strides' && typeof v === 'number') return v === (config.poolSize ?? 1);
  return key in DEFAULTS && DEFAULTS[key] === v;
};

/** `keras.layers.Conv2D(32, (3, 3), activation="relu", name="conv2d_1")` for one compiled layer. */
function layerCall(compiled: CompiledLayer, name?: string): string {
  const { className } = compiled;
  const config: Record<string, unknown> = { ...compiled.config };
  // One-element windows (Conv1D, MaxPooling1D) read better as plain numbers: Conv1D(8, 3).
  for (const key of ['kernelSize', 'poolSize', 'strides'])
    if (Array.isArray(config[key]) && (config[key] as unknown[]).length === 1)
      config[key] = (config[key] as unknown[])[0];
  // tfjs's GRU is Keras's GRU with reset_after=False.
  if (className === 'GRU') config.resetAfter = false;
  const positional = POSITIONAL[className] ?? [];
  const args = positional.filter((k) => k in config).map((k) => pyValue(config[k]));
  for (const [key, v] of Object.entries(config))
    if (!positional.includes(key) && !isDefault(key, v, config)) args.push(`${snake(key)}=${pyValue(v)}`);
  if (name) args.push(`name=${JSON.stringify(name)}`);
  const prefix = className in KERAS_CUSTOM_LAYERS ? '' : 'keras.layers.';
  return `${prefix}${className}(${args.join(', ')})`;
}

function stepLine(step: PlanStep): string {
  const { node, compiled, variable, inputs } = step;
  if (step.spec.inputs.max === 0) {
    const dtype = node.kind === 'InputSequence' ? ', dtype="int32"' : '';
    return `    ${variable} = keras.Input(shape=${pyValue(step.shape)}${dtype}, name=${JSON.stringify(node.name)})`;
  }
  // Keras's Flatten accepts a flat input (tfjs needs a Reshape there).
  // Keras's TransformerEncoder creates its sublayers in __init__, so it takes the feature size up front.
  const layer =
    node.kind === 'Flatten'
      ? { className: 'Flatten', config: {} }
      : compiled.className === 'TransformerEncoder'
        ? { ...compiled, config: { ...compiled.config, embedDim: step.shape[step.shape.length - 1] } }
        : compiled;
  const arg = inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`;
  return `    ${variable} = ${layerCall(layer, node.name)}(${arg})`;
}

/** The graph as a Keras 3 (Python) functional-model definition, ready to compile and fit. */
export function toKeras(graph: ModelGraph, modelName = 'layerlab_model'): string {
  const plan = exportPlan(graph);
  modelName = modelName.replace(/[^A-Za-z0-9_]/g, '_');
  const custom = [...new Set(plan.map((s) => s.compiled.className).filter((c) => c in KERAS_CUSTOM_LAYERS))];
  const inputs = plan.filter((s) => s.spec.inputs.max === 0).map((s) => s.variable);
  const out = plan.find((s) => s.node.kind === 'Output')!;
  const loss = snake(String(out.params.loss ?? 'sparseCategoricalCrossentropy'));
  const lines = [
    `"""${modelName}: exported from LayerLab as a Keras 3 functional model."""`,
    'import keras',
    '',
    ...custom.flatMap((c) => ['', KERAS_CUSTOM_LAYERS[c]]),
    '',
    'def build_model():',
    ...plan.map(stepLine),
    `    return keras.Model(inputs=${inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`}, outputs=${out.variable}, name=${JSON.stringify(modelName)})`,
    '',
    '',
    'if __name__ == "__main__":',
    '    model = build_model()',
    `    model.compile(optimizer="adam", loss=${JSON.stringify(loss)}, metrics=["accuracy"])`,
    '    model.summary()',
    '',
  ];
  return lines.join('\n').replace(/\n{4,}/g, '\n\n\n');
}

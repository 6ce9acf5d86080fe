import type { ModelGraph } from '../graph/types';
import type { CompiledLayer } from '../layers/types';
import { TFJS_CUSTOM_LAYERS } from './tfjs-custom';
import { exportPlan, type PlanStep } from './plan';

/** tf.layers factory for a class name: Conv2D → conv2d, MaxPooling2D → maxPooling2d, LSTM → lstm. */
export function tfjsFactory(className: string): string {
  if (/^[A-Z]+$/.test(className)) return className.toLowerCase();
  return className[0].toLowerCase() + className.slice(1).replace(/(\d)D$/, '$1d');
}

/** A config object as a JS literal; nested layers (Bidirectional) become factory calls. */
function jsValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    if ('className' in v) return layerExpr(v as CompiledLayer);
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${jsValue(x)}`)
      .join(', ')} }`;
  }
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(v);
}

function layerExpr(compiled: CompiledLayer, name?: string): string {
  const config = name ? { ...compiled.config, name } : compiled.config;
  if (compiled.className in TFJS_CUSTOM_LAYERS) return `new ${compiled.className}(${jsValue(config)})`;
  return `tf.layers.${tfjsFactory(compiled.className)}(${jsValue(config)})`;
}

function stepLine(step: PlanStep): string {
  const { node, variable, inputs } = step;
  if (step.spec.inputs.max === 0)
    return `  const ${variable} = tf.input({ shape: ${jsValue(step.shape)}, name: ${jsValue(node.name)} });`;
  const arg = inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`;
  return `  const ${variable} = ${layerExpr(step.compiled, node.name)}.apply(${arg});`;
}

/** The graph as TensorFlow.js (JavaScript, ES module) code that builds the same tf.LayersModel. */
export function toTfjs(graph: ModelGraph, modelName = 'layerlab_model'): string {
  const plan = exportPlan(graph);
  const custom = [...new Set(plan.map((s) => s.compiled.className).filter((c) => c in TFJS_CUSTOM_LAYERS))];
  const inputs = plan.filter((s) => s.spec.inputs.max === 0).map((s) => s.variable);
  const out = plan.find((s) => s.node.kind === 'Output')!;
  const lines = [
    `// ${modelName.replace(/\n/g, ' ')}: exported from LayerLab for TensorFlow.js 4.x.`,
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...custom.map((c) => TFJS_CUSTOM_LAYERS[c]),
    '/** Build the model; compile it with the loss below, e.g. model.compile({ optimizer: "adam", loss: LOSS }). */',
    'export function buildModel() {',
    ...plan.map(stepLine),
    `  return tf.model({ inputs: ${inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`}, outputs: ${out.variable}, name: ${jsValue(modelName)} });`,
    '}',
    '',
    `export const LOSS = ${jsValue(String(out.params.loss ?? 'sparseCategoricalCrossentropy'))};`,
    '',
  ];
  return lines.join('\n');
}

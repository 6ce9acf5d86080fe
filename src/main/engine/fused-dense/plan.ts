/**
 * Which models the fused Dense trainer (step.ts) can train, read from the compiled tfjs model: a chain
 * of Dense layers (Flatten and Dropout between them allowed) ending in a softmax trained with
 * (sparse) categorical cross-entropy, without regularisers or constraints, with Adam, AdamW or SGD and no
 * class weights. Anything else says why not, in words for logs and the bench, and trains through tfjs.
 */
import * as tf from '@tensorflow/tfjs';

export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export interface FusedDenseLayer {
  kind: 'dense';
  name: string;
  inputs: number;
  units: number;
  activation: DenseActivation;
  /** Index of the kernel (and bias, when used) in model.trainableWeights. */
  kernelIndex: number;
  biasIndex: number | null;
}

export interface FusedDropout {
  kind: 'dropout';
  rate: number;
}

export interface FusedDensePlan {
  features: number;
  classes: number;
  steps: (FusedDenseLayer | FusedDropout)[];
  optimizer: 'adam' | 'sgd';
}

const ACTIVATIONS = new Set<DenseActivation>(['linear', 'relu', 'sigmoid', 'tanh', 'softmax']);
const LOSSES = new Set(['sparseCategoricalCrossentropy', 'categoricalCrossentropy']);

type LayerConfig = Record<string, unknown>;

/** The single layer feeding `layer`, or null when it has several inputs (not a chain). */
function inboundLayer(layer: tf.layers.Layer): tf.layers.Layer | null {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
  if (nodes.length !== 1 || nodes[0]!.inboundLayers.length !== 1) return null;
  return nodes[0]!.inboundLayers[0]!;
}

/** The optimizer kind the fused step reproduces, or null. AdamW is Adam here (its decay runs per batch). */
function optimizerKind(optimizer: tf.Optimizer): 'adam' | 'sgd' | null {
  // By class name: tfjs's optimizers answer instanceof for one another (Optimizer duck-types instances).
  const name = optimizer.getClassName();
  return name === 'Adam' ? 'adam' : name === 'SGD' ? 'sgd' : null;
}

export function planFusedDense(
  model: tf.LayersModel,
  opts: { loss: string; classWeights?: number[] | null },
): { plan: FusedDensePlan } | { reason: string } {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return { reason: 'the model has several inputs or outputs' };
  if (!LOSSES.has(opts.loss)) return { reason: `the loss is ${opts.loss}` };
  if (opts.classWeights) return { reason: 'class weights are on' };
  const optimizer = model.optimizer ? optimizerKind(model.optimizer) : null;
  if (!optimizer) return { reason: 'the optimizer is not Adam, AdamW or SGD' };

  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const features = inputShape.reduce((a, b) => a * b, 1);
  const trainable = model.trainableWeights;
  const steps: FusedDensePlan['steps'] = [];
  let width = features;
  let flat = inputShape.length === 1;
  let previous: tf.layers.Layer | null = null;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (previous && inboundLayer(layer) !== previous) return { reason: 'the layers do not form a single chain' };
    previous = layer;
    const config = layer.getConfig() as LayerConfig;
    if (cls === 'InputLayer') continue;
    if (cls === 'Flatten') {
      flat = true;
      continue;
    }
    if (cls === 'Dropout') {
      const rate = Number(config.rate);
      if (config.noiseShape != null || !(rate >= 0 && rate < 1)) return { reason: `${layer.name} is a Dropout with a noise shape` };
      if (rate > 0) steps.push({ kind: 'dropout', rate });
      continue;
    }
    if (cls !== 'Dense') return { reason: `${layer.name} is a ${cls} layer` };
    if (!flat) return { reason: `${layer.name} applies to each position of a multi-dimensional input` };
    for (const key of ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'])
      if (config[key] != null) return { reason: `${layer.name} has a ${key.replace(/([A-Z])/g, ' $1').toLowerCase()}` };
    const activation = String(config.activation) as DenseActivation;
    if (!ACTIVATIONS.has(activation)) return { reason: `${layer.name} uses the ${activation} activation` };
    const [kernel, bias] = layer.trainableWeights;
    if (!kernel || layer.trainableWeights.length !== (config.useBias ? 2 : 1)) return { reason: `${layer.name} is frozen` };
    const units = Number(config.units);
    steps.push({
      kind: 'dense',
      name: layer.name,
      inputs: width,
      units,
      activation,
      kernelIndex: trainable.indexOf(kernel),
      biasIndex: bias ? trainable.indexOf(bias) : null,
    });
    width = units;
  }
  const dense = steps.filter((s): s is FusedDenseLayer => s.kind === 'dense');
  const last = dense[dense.length - 1];
  if (!last || steps[steps.length - 1] !== last) return { reason: 'the model does not end in a Dense layer' };
  if (last.activation !== 'softmax') return { reason: 'the output is not a softmax' };
  if (dense.slice(0, -1).some((d) => d.activation === 'softmax')) return { reason: 'a hidden layer uses softmax' };
  if (dense.some((d) => d.kernelIndex < 0 || (d.biasIndex ?? 0) < 0)) return { reason: 'a weight is not trainable' };
  if (model.trainableWeights.length !== dense.reduce((n, d) => n + (d.biasIndex === null ? 1 : 2), 0))
    return { reason: 'the model has other trainable weights' };
  if (model.nonTrainableWeights.length) return { reason: 'the model has frozen weights' };
  return { plan: { features, classes: last.units, steps, optimizer } };
}

import type { ParamValue } from '../graph/types';
import { getLayerSpec } from '../layers/catalog';

/** How one training setting reads to a person: its label and how its values are written. */
interface SettingText {
  label: string;
  /** Written value; `undefined`/`null` never reach it (they read as "—"). */
  show?: (v: ParamValue) => string;
}

const percent = (v: ParamValue) => (typeof v === 'number' ? `${Math.round(v * 1000) / 10} %` : String(v));
const zeroMeans = (word: string, unit = '') => (v: ParamValue) => (v === 0 ? word : `${String(v)}${unit}`);
const OPTIMIZERS: Record<string, string> = {
  adam: 'Adam',
  adamw: 'AdamW',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  rmsprop: 'RMSprop',
};

/** Every training setting (Hyperparams keys) with the label the Train page uses. */
export const HYPERPARAM_TEXT: Readonly<Record<string, SettingText>> = {
  optimizer: { label: 'Optimizer', show: (v) => OPTIMIZERS[String(v)] ?? String(v) },
  learningRate: { label: 'Learning rate' },
  batchSize: { label: 'Batch size', show: (v) => `${String(v)} samples` },
  epochs: { label: 'Epochs' },
  validationSplit: { label: 'Validation split', show: percent },
  seed: { label: 'Random seed' },
  trainLimit: { label: 'Training samples used', show: zeroMeans('all') },
  testLimit: { label: 'Test samples used', show: zeroMeans('all') },
  weightDecay: { label: 'Weight decay (AdamW)' },
  earlyStoppingPatience: { label: 'Early stopping patience', show: zeroMeans('off', ' epochs') },
  restoreBestWeights: { label: "Keep the best epoch's weights" },
  reduceLrPatience: { label: 'Learning-rate cut patience', show: zeroMeans('off', ' epochs') },
  reduceLrFactor: { label: 'Learning-rate cut factor', show: (v) => `× ${String(v)}` },
  minLearningRate: { label: 'Lowest learning rate' },
  stopOnNaN: { label: 'Stop when the loss is NaN' },
  classWeights: { label: 'Class weights', show: (v) => (v === 'balanced' ? 'Balanced' : 'None') },
  dataset: { label: 'Dataset' },
  datasetVersion: { label: 'Dataset version' },
};

/** A value as a person reads it: "—" for absent, Yes/No, "3 × 3" for sizes. */
export function showValue(v: ParamValue | undefined | null): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.join(' × ');
  return String(v);
}

/**
 * A compare key (`learningRate`, `dataset`, `dense_1.units`, `dropout_1.kind`) as a label, and its values
 * as text. `kindOf` finds a layer's kind by its name, for the param's catalog label.
 */
export function describeSetting(
  key: string,
  kindOf: (layerName: string) => string | undefined,
): { label: string; show: (v: ParamValue | undefined | null) => string } {
  const dot = key.lastIndexOf('.');
  if (dot < 0) {
    const text = HYPERPARAM_TEXT[key];
    const show = text?.show;
    return {
      label: text?.label ?? key,
      show: (v) => (v === undefined || v === null ? '—' : show ? show(v) : showValue(v)),
    };
  }
  const layer = key.slice(0, dot);
  const param = key.slice(dot + 1);
  if (param === 'kind')
    return {
      label: `${layer}: layer type`,
      show: (v) => (v === undefined || v === null ? '—' : (getLayerSpec(String(v))?.label ?? String(v))),
    };
  const spec = getLayerSpec(kindOf(layer) ?? '')?.params[param];
  return { label: `${layer}: ${spec?.label ?? param}`, show: showValue };
}

import type * as tf from '@tensorflow/tfjs';

/** The one signature a served model has (TF Serving's default name for it). */
export const SIGNATURE = 'serving_default';
/** The one version served, and the version label that names it. */
export const VERSION = '1';
export const LABELS: Readonly<Record<string, string>> = { stable: VERSION };

/** What one sample of the model's input must be: read once from the model when the service starts. */
export interface InputSpec {
  /** Input name (TF Serving's named input), from preprocessing.json or the model. */
  name: string;
  /** Per-sample shape, no batch dimension. */
  shape: number[];
  /** Numbers per sample. */
  size: number;
  /**
   * Set when the input feeds an embedding directly: every value must be a whole token id in
   * [0, vocab). An id past the table makes the embedding lookup fail (cpu) or read past it (wasm) for
   * the whole batch, so it is refused per request instead.
   */
  vocab: number | null;
  /** Output name and numbers per sample (class probabilities). */
  outputName: string;
  outputSize: number;
}

const EMBEDDING_SIZE_KEYS = ['inputDim', 'vocabSize'] as const;

/** Reads the input and output of a single-input, single-output model. */
export function inputSpecOf(model: tf.LayersModel, inputName?: string): InputSpec {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error('Only models with one input and one output can be served.');
  const input = model.inputs[0];
  const shape = input.shape.slice(1).map((d) => d ?? 1);
  const outShape = model.outputs[0].shape.slice(1).map((d) => d ?? 1);
  let vocab: number | null = null;
  for (const layer of model.layers) {
    const fedByInput = layer.inboundNodes.some((n) => n.inputTensors.includes(input));
    if (!fedByInput) continue;
    const config = layer.getConfig() as Record<string, unknown>;
    for (const key of EMBEDDING_SIZE_KEYS) {
      const v = config[key];
      if (typeof v === 'number' && v > 0) vocab = vocab === null ? v : Math.min(vocab, v);
    }
  }
  return {
    name: inputName || input.name.replace(/:\d+$/, ''),
    shape,
    size: shape.reduce((a, b) => a * b, 1),
    vocab,
    outputName: model.outputNames?.[0] ?? 'output_0',
    outputSize: outShape.reduce((a, b) => a * b, 1),
  };
}

const tensorInfo = (name: string, shape: number[]) => ({
  dtype: 'DT_FLOAT',
  tensor_shape: { dim: [-1, ...shape].map((size) => ({ size: String(size), name: '' })), unknown_rank: false },
  name: `${SIGNATURE}_${name}:0`,
});

/** GET …/metadata: TF Serving's GetModelMetadataResponse with the one signature. */
export function metadataOf(model: string, spec: InputSpec) {
  return {
    model_spec: { name: model, signature_name: '', version: VERSION },
    metadata: {
      signature_def: {
        signature_def: {
          [SIGNATURE]: {
            inputs: { [spec.name]: tensorInfo(spec.name, spec.shape) },
            outputs: { [spec.outputName]: tensorInfo(spec.outputName, [spec.outputSize]) },
            method_name: 'tensorflow/serving/predict',
          },
        },
      },
    },
  };
}

/** GET /v1/models/<m>: TF Serving's GetModelStatusResponse. */
export const statusOf = () => ({
  model_version_status: [{ version: VERSION, state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
});

import type { Hyperparams } from '../../shared/api/schemas';
import type { ModelGraph } from '../../shared/graph/types';
import { toKeras } from '../../shared/codegen/keras';
import type { Preprocessing } from './preprocessing';

/** Keras optimizer construction per LayerLab optimizer (tfjs's "adamw" runs as plain Adam; so does this). */
const OPTIMIZER: Record<Hyperparams['optimizer'], (lr: string) => string> = {
  adam: (lr) => `keras.optimizers.Adam(learning_rate=${lr}, epsilon=1e-7)`,
  adamw: (lr) => `keras.optimizers.Adam(learning_rate=${lr}, epsilon=1e-7)`,
  sgd: (lr) => `keras.optimizers.SGD(learning_rate=${lr})`,
  momentum: (lr) => `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.9)`,
  rmsprop: (lr) => `keras.optimizers.RMSprop(learning_rate=${lr})`,
};

const py = (v: unknown) => JSON.stringify(v);

function dataLoader(datasetId: string | undefined, prep: Preprocessing): string[] {
  const divide = prep.scaling
    ? ` / ${prep.scaling.divideBy}.0  # preprocessing.json: ${prep.scaling.description}`
    : '';
  if (datasetId === 'builtin:mnist')
    return [
      'def load_data():',
      '    """MNIST from keras.datasets, scaled and shaped exactly as LayerLab trained it."""',
      '    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
      `    x_train = x_train.astype("float32").reshape((-1, *INPUT_SHAPE))${divide}`,
      `    x_test = x_test.astype("float32").reshape((-1, *INPUT_SHAPE))${divide}`,
      '    return (x_train, y_train), (x_test, y_test)',
    ];
  return [
    '# Point this at your data: a CSV with a header row, one column per input value and a label column.',
    'DATA_CSV = "path/to/your_data.csv"',
    'LABEL_COLUMN = "label"',
    '',
    '',
    'def load_data(test_fraction=0.2):',
    '    """Rows of a CSV → (x_train, y_train), (x_test, y_test), labels mapped to LABELS indices."""',
    '    with open(DATA_CSV, newline="") as f:',
    '        rows = list(csv.DictReader(f))',
    '    features = [c for c in rows[0] if c != LABEL_COLUMN]',
    '    x = np.array([[float(r[c]) for c in features] for r in rows], dtype="float32")',
    '    y = np.array([LABELS.index(r[LABEL_COLUMN]) for r in rows], dtype="int64")',
    `    x = x.reshape((-1, *INPUT_SHAPE))${divide}`,
    '    split = int(len(x) * (1 - test_fraction))',
    '    return (x[:split], y[:split]), (x[split:], y[split:])',
  ];
}

/**
 * A runnable train.py in the style of the classic Keras MNIST example: the graph from `toKeras`, the
 * dataset's loading and preprocessing, and the experiment's hyperparameters.
 */
export function kerasTrainScript(opts: {
  graph: ModelGraph;
  name: string;
  hyperparams: Hyperparams;
  preprocessing: Preprocessing;
  datasetId?: string;
}): string {
  const { hyperparams: hp, preprocessing: prep } = opts;
  const model = toKeras(opts.graph, opts.name).split('\nif __name__ == "__main__":')[0].trimEnd();
  const [doc, ...rest] = model.split('\n');
  const output = opts.graph.nodes.find((n) => n.kind === 'Output');
  const loss = String(output?.params.loss ?? 'sparseCategoricalCrossentropy')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  const categorical = loss === 'categorical_crossentropy';
  return [
    doc.replace(/"""$/, ''),
    '',
    'Run: python train.py   (needs tensorflow>=2.16 or keras>=3 with a backend, and numpy)',
    '"""',
    'import csv',
    '',
    'import numpy as np',
    ...rest,
    '',
    '',
    `INPUT_SHAPE = ${py(prep.inputShape)
      .replace('[', '(')
      .replace(/]$/, prep.inputShape.length === 1 ? ',)' : ')')}`,
    `LABELS = ${py(prep.labels)}`,
    `BATCH_SIZE = ${hp.batchSize}`,
    `EPOCHS = ${hp.epochs}`,
    `LEARNING_RATE = ${hp.learningRate}`,
    `VALIDATION_SPLIT = ${hp.validationSplit}`,
    `SEED = ${hp.seed}`,
    `TRAIN_LIMIT = ${hp.trainLimit}  # 0 = all training samples`,
    '',
    '',
    ...dataLoader(opts.datasetId, prep),
    '',
    '',
    'def main():',
    '    keras.utils.set_random_seed(SEED)',
    '    (x_train, y_train), (x_test, y_test) = load_data()',
    '    if TRAIN_LIMIT:',
    '        x_train, y_train = x_train[:TRAIN_LIMIT], y_train[:TRAIN_LIMIT]',
    ...(categorical
      ? [
          '    y_train = keras.utils.to_categorical(y_train, len(LABELS))',
          '    y_test = keras.utils.to_categorical(y_test, len(LABELS))',
        ]
      : []),
    '    model = build_model()',
    '    model.summary()',
    `    model.compile(optimizer=${OPTIMIZER[hp.optimizer]('LEARNING_RATE')}, loss=${py(loss)}, metrics=["accuracy"])`,
    '    model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, validation_split=VALIDATION_SPLIT)',
    '    score = model.evaluate(x_test, y_test, verbose=0)',
    '    print("Test loss:", score[0])',
    '    print("Test accuracy:", score[1])',
    `    model.save(${py(`${opts.name.replace(/[^\w-]/g, '_') || 'model'}.keras`)})`,
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}

/** README beside train.py: how to run it, and how to scale it out. */
export function kerasReadme(name: string): string {
  return `# ${name}: Keras training script

Exported from LayerLab. \`train.py\` rebuilds the same graph (same layer names and shapes) with Keras 3,
loads the data with the same preprocessing (see \`preprocessing.json\`) and trains it with the same
optimizer, learning rate, batch size, epochs and validation split.

    pip install "tensorflow>=2.16"   # or keras>=3 with jax / torch
    python train.py

The script trains from scratch; to use LayerLab's trained weights, export as TF.js or ONNX instead.

## Bigger machines

- **Several GPUs in one machine**: build and compile the model inside a
  \`tf.distribute.MirroredStrategy()\` scope and scale the batch size with the number of replicas:

      strategy = tf.distribute.MirroredStrategy()
      with strategy.scope():
          model = build_model()
          model.compile(...)
      model.fit(x_train, y_train, batch_size=BATCH_SIZE * strategy.num_replicas_in_sync, ...)

- **Several machines**: \`tf.distribute.MultiWorkerMirroredStrategy()\` the same way, with a \`TF_CONFIG\`
  environment variable on each worker naming the cluster and that worker's index.
`;
}

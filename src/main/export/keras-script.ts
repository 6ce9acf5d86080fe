import type { Hyperparams } from '../../shared/api/schemas';
import type { ModelGraph } from '../../shared/graph/types';
import { toKeras } from '../../shared/codegen/keras';
import { kerasCaveats } from '../../shared/codegen/keras-caveats';
import type { Preprocessing } from './preprocessing';

/**
 * train.py: the graph from `toKeras`, the dataset version's preprocessed arrays from data.npz (written
 * beside it, already split as LayerLab split them), and every training setting LayerLab used. Settings
 * without an exact Keras counterpart are named in a comment (the same lines as kerasCaveats, which the
 * export panel shows).
 */

/** Keras optimizer per LayerLab optimizer, with tfjs's defaults where Keras's differ (epsilon). */
const OPTIMIZER: Record<Hyperparams['optimizer'], string> = {
  adam: 'keras.optimizers.Adam(learning_rate=LEARNING_RATE, epsilon=1e-7)',
  adamw: 'keras.optimizers.AdamW(learning_rate=LEARNING_RATE, weight_decay=WEIGHT_DECAY, epsilon=1e-7)',
  sgd: 'keras.optimizers.SGD(learning_rate=LEARNING_RATE)',
  momentum: 'keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=0.9)',
  rmsprop: 'keras.optimizers.RMSprop(learning_rate=LEARNING_RATE, rho=0.9, epsilon=1e-7)',
};

const py = (v: unknown) => JSON.stringify(v);
const pyBool = (b: boolean) => (b ? 'True' : 'False');
const lossName = (graph: ModelGraph) =>
  String(graph.nodes.find((n) => n.kind === 'Output')?.params.loss ?? 'sparseCategoricalCrossentropy')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();

function settings(hp: Hyperparams): string[] {
  return [
    `BATCH_SIZE = ${hp.batchSize}`,
    `EPOCHS = ${hp.epochs}`,
    `LEARNING_RATE = ${hp.learningRate}`,
    `OPTIMIZER = ${py(hp.optimizer)}`,
    `WEIGHT_DECAY = ${hp.weightDecay}  # AdamW only: decoupled decay of lr × this per step`,
    `SEED = ${hp.seed}`,
    `VALIDATION_SPLIT = ${hp.validationSplit}  # already applied: data.npz holds the validation rows LayerLab held out`,
    `TRAIN_LIMIT = ${hp.trainLimit}  # 0 = all training samples (already applied in data.npz)`,
    `TEST_LIMIT = ${hp.testLimit}  # 0 = all test samples (already applied in data.npz)`,
    `EARLY_STOPPING_PATIENCE = ${hp.earlyStoppingPatience}  # 0 = off`,
    `RESTORE_BEST_WEIGHTS = ${pyBool(hp.restoreBestWeights)}`,
    `REDUCE_LR_PATIENCE = ${hp.reduceLrPatience}  # 0 = off`,
    `REDUCE_LR_FACTOR = ${hp.reduceLrFactor}`,
    `MIN_LEARNING_RATE = ${hp.minLearningRate}`,
    `STOP_ON_NAN = ${pyBool(hp.stopOnNaN)}`,
    `CLASS_WEIGHTS = ${py(hp.classWeights)}  # "balanced": n / (classes × class count), as Keras users know it`,
  ];
}

const BODY = (loss: string) => [
  'def load_data():',
  '    """The dataset version exactly as LayerLab trained on it: preprocessed (see preprocessing.json) and',
  '    split by LayerLab\'s seeded shuffle into train / validation / test."""',
  '    if not os.path.exists(DATA_FILE):',
  '        raise SystemExit(f"{DATA_FILE} is missing: export the model from LayerLab again with its dataset present.")',
  '    with np.load(DATA_FILE) as d:',
  '        return (d["x_train"], d["y_train"]), (d["x_val"], d["y_val"]), (d["x_test"], d["y_test"])',
  '',
  '',
  'def make_optimizer():',
  '    if OPTIMIZER == "adamw":',
  `        optimizer = ${OPTIMIZER.adamw}`,
  '        # LayerLab decays only kernels and embeddings, never biases or normalisation scales.',
  '        optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])',
  '        return optimizer',
  '    return OPTIMIZERS[OPTIMIZER]()',
  '',
  '',
  'def make_callbacks(monitor):',
  '    callbacks = []',
  '    if STOP_ON_NAN:',
  '        callbacks.append(keras.callbacks.TerminateOnNaN())',
  '    if EARLY_STOPPING_PATIENCE:',
  '        callbacks.append(',
  '            keras.callbacks.EarlyStopping(',
  '                monitor=monitor, patience=EARLY_STOPPING_PATIENCE, min_delta=0, restore_best_weights=RESTORE_BEST_WEIGHTS',
  '            )',
  '        )',
  '    if REDUCE_LR_PATIENCE:',
  '        callbacks.append(',
  '            keras.callbacks.ReduceLROnPlateau(',
  '                monitor=monitor, factor=REDUCE_LR_FACTOR, patience=REDUCE_LR_PATIENCE, min_lr=MIN_LEARNING_RATE, min_delta=0',
  '            )',
  '        )',
  '    return callbacks',
  '',
  '',
  'def balanced_class_weights(y, classes):',
  '    counts = np.bincount(y, minlength=classes)',
  '    present = int((counts > 0).sum())',
  '    return {c: (len(y) / (present * n) if n else 0.0) for c, n in enumerate(counts.tolist())}',
  '',
  '',
  'def main():',
  '    keras.utils.set_random_seed(SEED)',
  '    (x_train, y_train), (x_val, y_val), (x_test, y_test) = load_data()',
  '    class_weight = balanced_class_weights(y_train, len(LABELS)) if CLASS_WEIGHTS == "balanced" else None',
  ...(loss === 'categorical_crossentropy'
    ? ['    y_train, y_val, y_test = (keras.utils.to_categorical(y, len(LABELS)) for y in (y_train, y_val, y_test))']
    : []),
  '    # Bigger machines: build and compile inside `with tf.distribute.MirroredStrategy().scope():` (one machine,',
  '    # several GPUs; multiply BATCH_SIZE by strategy.num_replicas_in_sync) or MultiWorkerMirroredStrategy',
  '    # (several machines, TF_CONFIG on each). See README.md.',
  '    model = build_model()',
  '    model.summary()',
  `    model.compile(optimizer=make_optimizer(), loss=${py(loss)}, metrics=["accuracy"])`,
  '    validation = (x_val, y_val) if len(x_val) else None',
  '    # The callbacks watch the validation loss, or the training loss when there is no validation split.',
  '    monitor = "val_loss" if validation else "loss"',
  '    model.fit(',
  '        x_train,',
  '        y_train,',
  '        batch_size=min(BATCH_SIZE, len(x_train)),',
  '        epochs=EPOCHS,',
  '        validation_data=validation,',
  '        shuffle=True,',
  '        class_weight=class_weight,',
  '        callbacks=make_callbacks(monitor),',
  '    )',
  '    score = model.evaluate(x_test, y_test, verbose=0)',
  '    print("Test loss:", score[0])',
  '    print("Test accuracy:", score[1])',
  `    model.save(MODEL_FILE)`,
  '    # Reload once: a custom layer that does not rebuild from its config fails here, not in production.',
  '    keras.models.load_model(MODEL_FILE)',
  '    print("Saved", MODEL_FILE)',
  '',
  '',
  'if __name__ == "__main__":',
  '    main()',
  '',
];

/** A runnable train.py for Keras 3 (TensorFlow 2.16+, or keras>=3 with jax / torch). */
export function kerasTrainScript(opts: {
  graph: ModelGraph;
  name: string;
  hyperparams: Hyperparams;
  preprocessing: Preprocessing;
}): string {
  const { hyperparams: hp, preprocessing: prep } = opts;
  const model = toKeras(opts.graph, opts.name).split('\nif __name__ == "__main__":')[0].trimEnd();
  const [doc, ...rest] = model.split('\n');
  const caveats = kerasCaveats(hp);
  const file = `${opts.name.replace(/[^\w-]/g, '_') || 'model'}.keras`;
  return [
    doc.replace(/"""$/, ''),
    '',
    'Run: python train.py   (needs tensorflow>=2.16 or keras>=3 with a backend, and numpy)',
    '"""',
    '# Where LayerLab and Keras differ (no exact Keras equivalent):',
    ...caveats.map((c) => `#   - ${c}`),
    'import os',
    '',
    'import numpy as np',
    ...rest,
    '',
    '',
    `INPUT_SHAPE = ${py(prep.inputShape).replace('[', '(').replace(/]$/, prep.inputShape.length === 1 ? ',)' : ')')}`,
    `LABELS = ${py(prep.labels)}`,
    ...settings(hp),
    'DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.npz")',
    `MODEL_FILE = ${py(file)}`,
    'OPTIMIZERS = {',
    ...(['adam', 'sgd', 'momentum', 'rmsprop'] as const).map((o) => `    ${py(o)}: lambda: ${OPTIMIZER[o]},`),
    '}',
    '',
    '',
    ...BODY(lossName(opts.graph)),
  ].join('\n');
}

/** README beside train.py: what is in the folder, how to run it, how to scale it out. */
export function kerasReadme(name: string, caveats: readonly string[], hasData: boolean): string {
  return `# ${name}: Keras training script

Exported from LayerLab. \`train.py\` rebuilds the same graph (same layer names and shapes) with Keras 3 and
trains it with the same settings as the LayerLab run: optimizer (AdamW with its weight decay), learning
rate, batch size, epochs, early stopping, learning-rate reduction, stop on NaN and class weights.

| file | what |
|---|---|
| \`train.py\` | the model, the settings and the training loop |
| \`data.npz\` | ${hasData ? 'the dataset version\'s preprocessed arrays, split as LayerLab split them (x/y_train, x/y_val, x/y_test)' : 'missing: the dataset\'s samples were not available when this was exported'} |
| \`preprocessing.json\` | how raw data became those arrays (for new data) |

    pip install "tensorflow>=2.16"   # or keras>=3 with jax / torch
    python train.py

The script trains from scratch; to use LayerLab's trained weights, export as TF.js or ONNX instead.

## Where Keras differs

${caveats.map((c) => `- ${c}`).join('\n')}

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

import type { Hyperparams } from '../api/schemas';

/**
 * Where a Keras run of the exported train.py cannot match LayerLab's run exactly, in plain words: the
 * script carries these as comments and the export panel shows them before and after a Keras export.
 */
export function kerasCaveats(hp: Hyperparams): string[] {
  const out = [
    'Weights start from Keras\'s own random initialisation and batches shuffle with Keras\'s generator: the same seed gives different numbers than TensorFlow.js, so figures will be close, not identical.',
  ];
  if (hp.stopOnNaN)
    out.push('Stop on NaN: LayerLab marks the run failed at the first NaN or infinite loss; Keras\'s TerminateOnNaN ends training and the script goes on to evaluate and save.');
  if (hp.reduceLrPatience > 0)
    out.push('Learning-rate reduction: LayerLab checks the plateau once per epoch from the saved history (so a resumed run decides the same); Keras\'s ReduceLROnPlateau does the same per epoch but keeps its count in memory only.');
  if (hp.optimizer === 'rmsprop')
    out.push('RMSprop: TensorFlow.js adds epsilon inside the square root (√(v + ε)), Keras outside it (√v + ε); steps differ slightly while v is tiny.');
  return out;
}

import { enableProdMode } from '@tensorflow/tfjs-core';

/**
 * Silence tfjs's own console warnings, among them the cpu backend's "Hi, looks like you are running
 * TensorFlow.js in Node.js … install our node backend" banner, printed on the first tensor written to the
 * cpu backend in Node. Call it where the backend is our deliberate choice and we say which one runs
 * ourselves (the CLI's in-process export, evaluation and serving; `doctor`), and in tests.
 *
 * The switch is tfjs's public `enableProdMode()`: in tfjs 4.22 the PROD flag is read only by its logger
 * (log.warn / log.info) and by two flag-override warnings; it changes no computation. (IS_TEST, the other
 * flag that silences the logger, also turns on memory-leak checks around every kernel.)
 */
export function quietTfjs(): void {
  enableProdMode();
}

/**
 * The lstm-text template (100 token ids → Embedding 32 → LSTM 32 → 2 classes) on the spam built-in,
 * tokenised as the app does, compiled by the app and trained through its training step.
 * BENCH_LSTM_SAMPLES (default BENCH_SAMPLES) samples; the cpu backend only when BENCH_BACKENDS names it.
 */
import { lstmTextCase } from '../lib/template-cases';
import { templateTfjsCase } from '../lib/template-bench';

export default templateTfjsCase(lstmTextCase);

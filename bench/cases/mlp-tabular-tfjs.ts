/**
 * The tabular-mlp template (Dense 16 → Dense 16 → 3 classes) on the Iris built-in, compiled by the app
 * and trained through its training step. BENCH_MLP_SAMPLES (default 8 × BENCH_SAMPLES) samples.
 */
import { mlpTabular } from '../lib/template-cases';
import { templateTfjsCase } from '../lib/template-bench';

export default templateTfjsCase(mlpTabular);

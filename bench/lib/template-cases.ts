/** The template cases' settings, shared by their -tfjs and -torch halves so both measure the same thing. */
import { lstmText, tabularMlp } from '../../src/shared/templates';
import type { TemplateCaseSpec } from './template-bench';

export const mlpTabular: TemplateCaseSpec = {
  prefix: 'mlp-tabular',
  template: tabularMlp,
  samplesEnv: 'BENCH_MLP_SAMPLES',
  scale: 8,
  description: 'tabular-mlp template (Dense16-Dense16-3) on Iris rows, batch 64, Adam 1e-3',
};

export const lstmTextCase: TemplateCaseSpec = {
  prefix: 'lstm-text',
  template: lstmText,
  samplesEnv: 'BENCH_LSTM_SAMPLES',
  scale: 1,
  description: 'lstm-text template (100 tokens, Embedding32-LSTM32-2) on spam e-mails, batch 64, Adam 1e-3',
  skipBackends: {
    // tfjs-backend-cpu's UnsortedSegmentSum (the Embedding gradient) loops over all 10,000 token ids with
    // a masked sum of the whole gradient each: about 280 s per batch of 64 on this machine.
    cpu: 'the Embedding gradient (UnsortedSegmentSum over 10,000 ids) takes minutes per batch on tfjs cpu',
  },
};

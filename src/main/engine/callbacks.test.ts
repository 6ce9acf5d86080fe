import { describe, expect, it } from 'vitest';
import { hyperparamsSchema } from '../../shared/api/schemas';
import { replayCallbacks } from './callbacks';

const epochs = (losses: number[]) => losses.map((l, i) => ({ epoch: i + 1, loss: 9, accuracy: 0, valLoss: l, valAccuracy: 0, seconds: 1 }));

describe('epoch callbacks replayed from history', () => {
  it('early stopping fires after `patience` epochs without improvement and names the best epoch', () => {
    const hp = hyperparamsSchema.parse({ earlyStoppingPatience: 2 });
    expect(replayCallbacks(epochs([1, 0.8, 0.9]), hp).stop).toBe(false);
    const s = replayCallbacks(epochs([1, 0.8, 0.9, 0.85]), hp);
    expect(s).toMatchObject({ stop: true, bestEpoch: 2, bestLoss: 0.8 });
    expect(s.note).toMatch(/best epoch 2/);
  });

  it('reduce-LR-on-plateau multiplies the rate per plateau, down to the floor', () => {
    const hp = hyperparamsSchema.parse({ learningRate: 0.01, reduceLrPatience: 1, reduceLrFactor: 0.1, minLearningRate: 0.00005 });
    expect(replayCallbacks(epochs([1, 0.5]), hp).learningRate).toBe(0.01);
    expect(replayCallbacks(epochs([1, 0.5, 0.6]), hp).learningRate).toBeCloseTo(0.001);
    expect(replayCallbacks(epochs([1, 0.5, 0.6, 0.7]), hp).learningRate).toBeCloseTo(0.0001);
    expect(replayCallbacks(epochs([1, 0.5, 0.6, 0.7, 0.8]), hp).learningRate).toBeCloseTo(0.00005);
  });

  it('is off by default, and uses training loss when there is no validation', () => {
    const hp = hyperparamsSchema.parse({});
    const s = replayCallbacks(epochs([1, 2, 3, 4, 5, 6]), hp);
    expect(s).toMatchObject({ stop: false, learningRate: 0.001, bestEpoch: 1 });
    const noVal = [{ epoch: 1, loss: 0.3, accuracy: 0, valLoss: null, valAccuracy: null, seconds: 1 }];
    expect(replayCallbacks(noVal, hp).bestLoss).toBe(0.3);
  });
});

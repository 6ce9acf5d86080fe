import { describe, expect, it } from 'vitest';
import { epochTicks, valueTicks } from './axis-ticks';

describe('compare chart axes', () => {
  it('labels every epoch of a short run and a round step of a long one, always from epoch 1', () => {
    expect(epochTicks(1)).toEqual([1]);
    expect(epochTicks(3)).toEqual([1, 2, 3]);
    expect(epochTicks(10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(epochTicks(12)).toEqual([1, 2, 4, 6, 8, 10, 12]);
    expect(epochTicks(100)).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(epochTicks(1000).length).toBeLessThanOrEqual(11);
  });

  it('puts y gridlines on round values inside the range', () => {
    expect(valueTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(valueTicks(0.6, 1)).toEqual([0.6, 0.7, 0.8, 0.9, 1]);
    const loss = valueTicks(0.13, 2.41);
    expect(loss).toEqual([0.5, 1, 1.5, 2]);
    expect(valueTicks(0.5, 0.5)).toEqual([0.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { nextRunName } from './run-names';

describe('run names', () => {
  it('numbers the runs of a model: #1, #2, … after the highest one there', () => {
    expect(nextRunName('My MNIST CNN', [])).toBe('My MNIST CNN #1');
    expect(nextRunName('My MNIST CNN', ['My MNIST CNN #1', 'Other #7'])).toBe('My MNIST CNN #2');
    expect(nextRunName('My MNIST CNN', ['My MNIST CNN #1', 'My MNIST CNN #4', 'baseline (renamed)'])).toBe('My MNIST CNN #5');
    // A run stored before numbering, under the bare model name, counts as #1.
    expect(nextRunName('My MNIST CNN', ['My MNIST CNN'])).toBe('My MNIST CNN #2');
  });

  it('treats the model name literally and names an unnamed model', () => {
    expect(nextRunName('cnn (3x3) v1.2', ['cnn (3x3) v1.2 #2', 'cnn (3x3) v1x2 #9'])).toBe('cnn (3x3) v1.2 #3');
    expect(nextRunName('  ', [])).toBe('Untitled model #1');
    expect(nextRunName('net', ['net #1 copy', 'network #3'])).toBe('net #1');
  });
});

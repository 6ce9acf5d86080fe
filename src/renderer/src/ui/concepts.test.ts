import { describe, expect, it } from 'vitest';
import { CONCEPTS } from './concepts';

describe('concept help texts', () => {
  const all = Object.entries(CONCEPTS);

  it('covers what the Train page asks about: validation split, epochs, learning rate, batch size, overfitting', () => {
    expect(Object.keys(CONCEPTS).sort()).toEqual(['batchSize', 'epochs', 'learningRate', 'overfitting', 'validationSplit']);
  });

  it('says each in one to three sentences, with a question as the button name', () => {
    for (const [id, c] of all) {
      const sentences = c.text.split(/(?<=[.!?])\s+(?=[A-Z0-9])/);
      expect(sentences.length, id).toBeGreaterThanOrEqual(1);
      expect(sentences.length, id).toBeLessThanOrEqual(3);
      expect(c.question, id).toMatch(/^What .+\?$/);
    }
  });

  it('tells how overfitting shows on the curves', () => {
    expect(CONCEPTS.overfitting.text).toMatch(/training loss keeps falling while validation loss .* rise/);
  });
});

import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { ConfusionMatrix, matrixLayout } from './ConfusionMatrix';

const matrix = [
  [49, 1, 0],
  [5, 42, 3],
  [0, 4, 46],
];

describe('ConfusionMatrix labels (server render)', () => {
  it('short class names sit level above their columns, as before', () => {
    expect(matrixLayout(['0', '1', '9'])).toEqual({ left: 56, top: 36, upright: false });
    const html = renderToString(createElement(ConfusionMatrix, { matrix, classes: ['cat', 'dog', 'owl'] }));
    expect(html).not.toContain('rotate(');
  });

  it('names wider than a cell are written upwards with room above, so neighbours cannot overlap', () => {
    const layout = matrixLayout(['lost', 'nurture', 'won']);
    expect(layout.upright).toBe(true);
    // "nurture" is 7 characters: the label band above the cells and the left margin both make room for it.
    expect(layout.top).toBeGreaterThanOrEqual(18 + 7 * 7);
    const html = renderToString(createElement(ConfusionMatrix, { matrix, classes: ['lost', 'nurture', 'won'] }));
    expect(html.match(/rotate\(-90/g)).toHaveLength(3);
  });

  it('a long row name widens the left margin instead of being cut off; very long names are shortened', () => {
    const long = 'a very long class name indeed';
    const layout = matrixLayout(['x', long]);
    expect(layout.left).toBeGreaterThan(18 * 7);
    const html = renderToString(createElement(ConfusionMatrix, { matrix: [[1, 0], [0, 1]], classes: ['x', long] }));
    expect(html).toContain('a very long class…');
    // The full name stays in the cells' tooltips.
    expect(html).toContain(`true ${long}, predicted x`);
  });
});

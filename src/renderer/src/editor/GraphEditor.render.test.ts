import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { mnistCnn } from '../../../shared/templates';
import { LAYER_SPECS } from '../../../shared/layers/catalog';
import { GraphEditor } from './GraphEditor';

describe('GraphEditor (server render smoke test)', () => {
  const html = renderToString(createElement(GraphEditor, { graph: mnistCnn.graph, layout: mnistCnn.layout, onChange: () => {} }));

  it('offers every catalog kind in the palette', () => {
    for (const s of LAYER_SPECS) expect(html).toContain(`data-testid="palette-item-${s.kind}"`);
  });

  it('renders the canvas, toolbar, inspector and summary with their test ids', () => {
    for (const id of ['canvas', 'palette-search', 'undo', 'redo', 'auto-arrange', 'inspector', 'model-summary'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('121,930');
    expect(html).toContain('Shapes check out');
  });
});

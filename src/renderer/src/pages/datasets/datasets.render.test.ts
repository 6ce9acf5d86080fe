import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { CsvInspection, DatasetPreview } from '../../../../shared/api/types';
import { ClassBalance } from './ClassBalance';
import { PreviewTable } from './PreviewTable';
import { SchemaTable } from './SchemaTable';
import { defaultChoices, importRequest, inputWidth } from './import-logic';

const inspection: CsvInspection = {
  path: '/data/shop.csv',
  encoding: 'utf-8',
  delimiter: ',',
  hasHeader: true,
  columns: [
    { name: 'id', type: 'numeric', idLike: true, missing: 0, distinct: 30, examples: ['1', '2'] },
    { name: 'size', type: 'numeric', idLike: false, missing: 2, distinct: 9, examples: ['1.5'] },
    { name: 'colour', type: 'categorical', idLike: false, missing: 0, distinct: 3, examples: ['red'] },
    { name: 'kind', type: 'categorical', idLike: false, missing: 0, distinct: 2, examples: ['a', 'b'] },
  ],
  sample: [],
  sampledRows: 30,
  suggestedLabel: 'kind',
};

describe('dataset pages (server render smoke test and import logic)', () => {
  it('the schema table offers a role per column (not for the label)', () => {
    const html = renderToString(createElement(SchemaTable, { inspection, label: 'kind', choices: defaultChoices(inspection), onChange: () => {} }));
    for (const c of ['id', 'size', 'colour']) expect(html).toContain(`data-testid="column-role-${c}"`);
    expect(html).not.toContain('data-testid="column-role-kind"');
  });

  it('counts the input width: ignored columns and the label left out, one-hot columns one per category', () => {
    const choices = defaultChoices(inspection);
    expect(inputWidth(inspection, 'kind', choices, 10)).toEqual({ width: 1 + 3, estimate: true });
    expect(inputWidth(inspection, 'kind', { ...choices, colour: { ...choices.colour, encoding: 'index' } }, 10)).toEqual({ width: 2, estimate: false });
    expect(inputWidth(inspection, 'kind', { ...choices, colour: { ...choices.colour, role: 'ignore' } }, 10)).toEqual({ width: 1, estimate: false });
  });

  it('turns the choices into an importCsv request: id-like ignored, label left out, numbers z-scored', () => {
    const req = importRequest('/data/shop.csv', 'shop', 'kind', defaultChoices(inspection), { train: 0.8, val: 0.1, test: 0.1 }, 1, { vocabSize: 100, length: 10 }, 'imp-1');
    expect(req.columns).toEqual({
      id: { role: 'ignore' },
      size: { role: 'feature', type: 'numeric', missing: 'mean', scaling: 'zscore' },
      colour: { role: 'feature', type: 'categorical', missing: 'mostFrequent', encoding: 'onehot' },
    });
  });

  it('renders the preview table and the class balance chart', () => {
    const preview: DatasetPreview = {
      versionId: 'ds-1@1',
      kind: 'table',
      columns: ['split', 'size', 'kind'],
      rows: [['train', '1.5', 'a'], ['test', null, 'b']],
      offset: 0,
      total: 2,
      stats: [],
      classBalance: [{ className: 'a', train: 8, val: 1, test: 1 }],
    };
    expect(renderToString(createElement(PreviewTable, { preview, onPage: () => {} }))).toContain('data-testid="preview-table"');
    const chart = renderToString(createElement(ClassBalance, { balance: preview.classBalance }));
    expect(chart).toContain('data-testid="class-balance"');
    expect(chart).toContain('>10<');
  });
});

import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { ColumnSuggestion, CsvInspection, DatasetPreview } from '../../../../shared/api/types';
import { ClassBalance } from './ClassBalance';
import { PreviewTable } from './PreviewTable';
import { SchemaTable } from './SchemaTable';
import { defaultChoices, importRequest, inputWidth } from './import-logic';

const suggest = (type: ColumnSuggestion['type'], role: ColumnSuggestion['role'], reason: string): ColumnSuggestion => ({
  role,
  type,
  missing: type === 'numeric' ? 'mean' : 'mostFrequent',
  scaling: type === 'numeric' ? 'zscore' : 'none',
  encoding: 'onehot',
  maxCategories: 20,
  reason,
});
const inspection: CsvInspection = {
  path: '/data/shop.csv',
  encoding: 'utf-8',
  delimiter: ',',
  hasHeader: true,
  columns: [
    { name: 'id', type: 'numeric', idLike: true, missing: 0, distinct: 30, examples: ['1', '2'], suggestion: suggest('numeric', 'ignore', 'Left out: a running number.') },
    { name: 'size', type: 'numeric', idLike: false, missing: 2, distinct: 9, examples: ['1.5'], suggestion: suggest('numeric', 'feature', 'Z-scored.') },
    { name: 'colour', type: 'categorical', idLike: false, missing: 0, distinct: 3, examples: ['red'], suggestion: suggest('categorical', 'feature', 'One-hot.') },
    { name: 'kind', type: 'categorical', idLike: false, missing: 0, distinct: 2, examples: ['a', 'b'], suggestion: suggest('categorical', 'feature', 'One-hot.') },
  ],
  sample: [],
  sampledRows: 30,
  rows: 30,
  suggestedLabel: 'kind',
  labelReason: 'a class-like name',
  text: null,
  raggedRows: [],
  problems: [],
  importable: true,
};

describe('dataset pages (server render smoke test and import logic)', () => {
  it('the schema table offers a role per column (not for the label) and shows why each default was chosen', () => {
    const html = renderToString(createElement(SchemaTable, { inspection, label: 'kind', choices: defaultChoices(inspection), onChange: () => {} }));
    for (const c of ['id', 'size', 'colour']) expect(html).toContain(`data-testid="column-role-${c}"`);
    expect(html).not.toContain('data-testid="column-role-kind"');
    expect(html).toContain('Left out: a running number.');
    expect(html).toContain('data-testid="column-topk-colour"');
  });

  it('counts the input width: ignored columns and the label left out, one-hot columns one per category', () => {
    const choices = defaultChoices(inspection);
    expect(inputWidth(inspection, 'kind', choices, 10)).toEqual({ width: 1 + 3, estimate: true });
    expect(inputWidth(inspection, 'kind', { ...choices, colour: { ...choices.colour, encoding: 'index' } }, 10)).toEqual({ width: 2, estimate: false });
    expect(inputWidth(inspection, 'kind', { ...choices, colour: { ...choices.colour, role: 'ignore' } }, 10)).toEqual({ width: 1, estimate: false });
    // Capped one-hot: the kept categories plus one "other" column.
    expect(inputWidth(inspection, 'kind', { ...choices, colour: { ...choices.colour, maxCategories: 2 } }, 10)).toEqual({ width: 1 + 2 + 1, estimate: true });
  });

  it('turns the choices into an importCsv request: id-like ignored, label left out, numbers z-scored', () => {
    const req = importRequest('/data/shop.csv', 'shop', 'kind', defaultChoices(inspection), { train: 0.8, val: 0.1, test: 0.1 }, 1, { vocabSize: 100, length: 10 }, 'imp-1');
    expect(req.columns).toEqual({
      id: { role: 'ignore' },
      size: { role: 'feature', type: 'numeric', missing: 'mean', scaling: 'zscore' },
      colour: { role: 'feature', type: 'categorical', missing: 'mostFrequent', encoding: 'onehot', maxCategories: 20 },
    });
    expect(req.text).toEqual({ vocabSize: 100, length: 10 });
    expect(importRequest('/d.csv', 'd', 'kind', defaultChoices(inspection), { train: 0.8, val: 0.1, test: 0.1 }, 1, undefined, 'imp-2').text).toBeUndefined();
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

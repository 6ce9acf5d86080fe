import { describe, expect, it } from 'vitest';
import type { ExperimentSummary } from '../../../../shared/api/types';
import { hyperparamsSchema } from '../../../../shared/api/schemas';
import { datasetLabel, filterExperiments, sortExperiments } from './table-model';

const row = (name: string, over: Partial<ExperimentSummary> = {}): ExperimentSummary => ({
  id: name,
  name,
  status: 'completed',
  datasetId: 'builtin:mnist',
  datasetVersionId: 'builtin:mnist@1',
  hyperparams: hyperparamsSchema.parse({}),
  backend: 'wasm',
  backendAdapter: null,
  createdAt: '2026-01-01T00:00:00Z',
  startedAt: null,
  finishedAt: null,
  epochsDone: 2,
  lastAccuracy: null,
  bestValAccuracy: null,
  testAccuracy: null,
  testLoss: null,
  error: null,
  paramCount: 1,
  tags: [],
  notes: '',
  bestValEpoch: null,
  lastValAccuracy: null,
  lastValLoss: null,
  lastEpoch: null,
  ...over,
});

describe('experiments table model', () => {
  const list = [
    row('b', { testAccuracy: 0.9, tags: ['baseline'] }),
    row('a', { testAccuracy: null, status: 'draft' }),
    row('c', { testAccuracy: 0.95, hyperparams: hyperparamsSchema.parse({ learningRate: 0.01 }) }),
  ];
  it('sorts both ways with missing values last', () => {
    expect(sortExperiments(list, { key: 'testAccuracy', dir: 'desc' }).map((e) => e.name)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(sortExperiments(list, { key: 'testAccuracy', dir: 'asc' }).map((e) => e.name)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(sortExperiments(list, { key: 'name', dir: 'asc' }).map((e) => e.name)).toEqual(['a', 'b', 'c']);
  });
  it('filters by text, tag:, status: and key params', () => {
    expect(filterExperiments(list, 'tag:baseline').map((e) => e.name)).toEqual(['b']);
    expect(filterExperiments(list, 'status:draft').map((e) => e.name)).toEqual(['a']);
    expect(filterExperiments(list, 'lr=0.01').map((e) => e.name)).toEqual(['c']);
    expect(filterExperiments(list, '  ')).toHaveLength(3);
  });
  it('names a run\'s dataset by its name and version, never by its internal id', () => {
    const uploaded = row('d', { datasetId: 'ds-fac902cf', datasetVersionId: 'ds-fac902cf@2' });
    const datasets = [{ id: 'ds-fac902cf', name: 'leads export' }];
    expect(datasetLabel(uploaded, datasets)).toBe('leads export v2');
    // Deleted since, or imported from a bundle whose data lives elsewhere: said in words.
    expect(datasetLabel(uploaded, [])).toBe('dataset not in this data folder v2');
    expect(datasetLabel(uploaded, [])).not.toContain('ds-');
    // The filter box finds runs by the name shown.
    expect(filterExperiments([...list, uploaded], 'leads', datasets).map((e) => e.name)).toEqual(['d']);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { tabularMlp } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { tempHost } from './helpers';

// includeData: an experiment on an imported CSV dataset travels with the data, so the other project can use it.
const a = tempHost();
const b = tempHost();
afterAll(() => {
  a.cleanup();
  b.cleanup();
});
const apiA = createClient(inProcessTransport(a.host.handlers, a.host.bus));
const apiB = createClient(inProcessTransport(b.host.handlers, b.host.bus));

describe('bundle with data', () => {
  it('an imported dataset version, its samples and preview rows come along with includeData', async () => {
    const csv = join(a.dataDir, 'tiny.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 2 ? 'yes' : 'no'}`);
    writeFileSync(csv, ['a,b,label', ...rows].join('\n'));
    const ds = await apiA.call('datasets.importCsv', { path: csv, name: 'tiny', label: 'label' });
    const graph = {
      ...tabularMlp.graph,
      nodes: tabularMlp.graph.nodes.map((n) =>
        n.kind === 'InputVector' ? { ...n, params: { features: 2 } } : n,
      ),
    };
    const exp = await apiA.call('experiments.create', { name: 'on tiny', graph, datasetId: ds.datasetId });
    const path = join(a.dataDir, 'tiny.layerlab');
    await apiA.call('experiments.exportBundle', { ids: [exp.id], path, includeData: true });
    const res = await apiB.call('experiments.importBundle', { path });
    expect(res.skipped).toEqual([]);
    expect(res.imported[0]).toMatchObject({ name: exp.name, datasetVersionId: ds.versionId });
    expect(res.imported[0].id).not.toBe(exp.id); // re-issued on import
    expect((await apiB.call('datasets.list', {})).find((d) => d.id === ds.datasetId)).toMatchObject({
      versionId: ds.versionId,
    });
    const pa = await apiA.call('datasets.preview', { versionId: ds.versionId });
    const pb = await apiB.call('datasets.preview', { versionId: ds.versionId });
    expect(pb.rows).toEqual(pa.rows);
    expect(pb.classBalance).toEqual(pa.classBalance);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../src/shared/api/client';
import { ApiError } from '../src/shared/api/errors';
import { mnistCnn } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { startWebServer } from '../src/main/transport/http-server';
import { nodeHttpTransport } from '../src/main/transport/http-client';
import { newToken } from '../src/main/transport/security';
import { refused, tempHost } from './helpers';

/** The same suite against every transport: they must behave identically. */
const env = tempHost();
const token = newToken();
let server: Awaited<ReturnType<typeof startWebServer>>;
const clients: Record<string, () => ApiClient> = {
  'in-process': () => createClient(inProcessTransport(env.host.handlers, env.host.bus)),
  http: () => createClient(nodeHttpTransport(`http://127.0.0.1:${server.port}`, token)),
};

beforeAll(async () => {
  server = await startWebServer({ handlers: env.host.handlers, bus: env.host.bus, token });
});
afterAll(async () => {
  await server.app.close();
  env.cleanup();
});

for (const [name, make] of Object.entries(clients)) {
  describe(`contract over ${name}`, () => {
    it('answers app.info and lists the built-in MNIST dataset and the seed template', async () => {
      const api = make();
      expect((await api.call('app.info', {})).name).toBe('LayerLab');
      const datasets = await api.call('datasets.list', {});
      expect(datasets.find((d) => d.id === 'builtin:mnist')).toMatchObject({ trainCount: 60000, testCount: 10000, inputShape: [28, 28, 1] });
      const templates = await api.call('templates.list', {});
      expect(templates[0].id).toBe('mnist-cnn');
    });

    it('refuses bad input with a clear invalid_input error naming the field', async () => {
      const api = make();
      const err = await refused(api.call('experiments.get', { id: 42 } as never));
      expect(err).toBeInstanceOf(ApiError);
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(/experiments\.get: Invalid input at id/);
      const extra = await refused(api.call('app.info', { surprise: true } as never));
      expect(extra.code).toBe('invalid_input');
      const badGraph = await refused(
        api.call('experiments.create', { name: 'x', datasetId: 'builtin:mnist', graph: { nodes: [{ id: 'a' }], edges: [] } } as never),
      );
      expect(badGraph.message).toMatch(/graph\.nodes\.0\.kind/);
    });

    it('refuses an unknown method and a missing experiment', async () => {
      const api = make();
      const unknown = await refused(api.call('nope.never' as never, {} as never));
      expect(unknown.code).toBe('unknown_method');
      const missing = await refused(api.call('experiments.get', { id: 'does-not-exist' }));
      expect(missing.code).toBe('not_found');
    });

    it('creates, renames, lists and deletes an experiment', async () => {
      const api = make();
      const exp = await api.call('experiments.create', {
        name: `seed ${name}`,
        graph: mnistCnn.graph,
        layout: mnistCnn.layout,
        datasetId: 'builtin:mnist',
        hyperparams: { epochs: 1 },
      });
      expect(exp).toMatchObject({ status: 'draft', paramCount: 121930, hyperparams: { epochs: 1, batchSize: 64, optimizer: 'adam' } });
      await api.call('experiments.rename', { id: exp.id, name: 'renamed' });
      const detail = await api.call('experiments.get', { id: exp.id });
      expect(detail.name).toBe('renamed');
      expect(detail.graph.nodes).toHaveLength(8);
      expect((await api.call('experiments.list', {})).some((e) => e.id === exp.id)).toBe(true);
      const noModel = await refused(api.call('experiments.saveModel', { id: exp.id, directory: '/tmp/x' }));
      expect(noModel.code).toBe('conflict');
      expect(await api.call('experiments.delete', { id: exp.id })).toEqual({ deleted: true });
    });

    it('refuses to train an invalid graph with the checker message', async () => {
      const api = make();
      const graph = { nodes: mnistCnn.graph.nodes.filter((n) => n.kind !== 'Flatten'), edges: [] };
      const exp = await api.call('experiments.create', { name: 'broken', graph, datasetId: 'builtin:mnist' });
      const err = await refused(api.call('training.start', { id: exp.id }));
      expect(err.code).toBe('invalid_graph');
      expect(err.message).toMatch(/cannot be trained yet/);
    });

    it('reports the training backend and why better ones are not used', async () => {
      const report = await make().call('system.backends', {});
      expect(report.candidates.map((c) => c.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
      expect(report.candidates.every((c) => c.reason.length > 0)).toBe(true);
    });
  });
}

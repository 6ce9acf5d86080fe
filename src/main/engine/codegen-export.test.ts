import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TEMPLATES } from '../../shared/templates';
import { toKeras } from '../../shared/codegen/keras';
import { toTfjs } from '../../shared/codegen/tfjs';
import { compileGraph } from './compile';
import { allLayersGraph } from '../../shared/codegen/all-layers.fixture';
import { LAYER_SPECS } from '../../shared/layers/catalog';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Run generated ES-module code as a function of `tf` and return its buildModel(). */
function runGenerated(code: string): tf.LayersModel {
  const body = code.replace(/^import .*$/m, '').replace(/^export /gm, '');
  return new Function('tf', `${body}\nreturn buildModel();`)(tf) as tf.LayersModel;
}

describe('exports of every template', () => {
  it('generated Python passes py_compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-keras-'));
    try {
      const graphs = [
        ...TEMPLATES.map((t) => [t.id, t.graph] as const),
        ['all_layers', allLayersGraph] as const,
      ];
      const files = graphs.map(([id, graph]) => {
        const file = join(dir, `${id.replace(/-/g, '_')}.py`);
        writeFileSync(file, toKeras(graph, id));
        return file;
      });
      execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the all-layers fixture uses every kind', () => {
    expect(new Set(allLayersGraph.nodes.map((n) => n.kind))).toEqual(new Set(LAYER_SPECS.map((s) => s.kind)));
  });

  for (const t of [...TEMPLATES, { id: 'all-layers', graph: allLayersGraph }])
    it(`${t.id}: generated TF.js code builds the same model and, with the same weights, predicts the same`, () => {
      const reference = compileGraph(t.graph);
      const generated = runGenerated(toTfjs(t.graph, t.id));
      expect(generated.layers.map((l) => [l.name, l.getClassName(), l.outputShape])).toEqual(
        reference.layers.map((l) => [l.name, l.getClassName(), l.outputShape]),
      );
      expect(generated.countParams()).toBe(reference.countParams());
      generated.setWeights(reference.getWeights());
      const x = reference.inputs.map((i) =>
        tf.randomUniform([2, ...(i.shape.slice(1) as number[])], 0, 50, 'int32').toFloat(),
      );
      const [a, b] = [reference.predict(x), generated.predict(x)] as tf.Tensor[];
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      reference.dispose();
      generated.dispose();
    });
});

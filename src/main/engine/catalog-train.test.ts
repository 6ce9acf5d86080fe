import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { LAYER_SPECS } from '../../shared/layers/catalog';
import { analyzeGraph } from '../../shared/validate/analyze';
import { compileGraph } from './compile';
import { registerWasmTrainingKernels } from './kernels';
import { probeGraph } from './catalog-probe.fixture';

/**
 * Inputs a graph accepts: small token ids for sequence inputs (a bare Input → Flatten → Output graph
 * would otherwise saturate its softmax and learn nothing in one step), noise otherwise.
 */
function inputsFor(graph: ReturnType<typeof probeGraph>, n: number): tf.Tensor {
  const input = graph.nodes.find((node) => node.kind.startsWith('Input'))!;
  const shape = analyzeGraph(graph).shapes[input.id] as number[];
  if (input.kind === 'InputSequence') return tf.randomUniform([n, ...shape], 0, 3, 'int32').toFloat();
  return tf.randomNormal([n, ...shape]);
}

// The issue asks for one training step of every catalog layer on the portable backend and the reference one.
for (const backend of ['cpu', 'wasm'] as const) {
  describe(`every catalog layer trains one step on ${backend}`, () => {
    for (const spec of LAYER_SPECS) {
      it(spec.kind, async () => {
        if (backend === 'wasm') registerWasmTrainingKernels();
        await tf.setBackend(backend);
        const graph = probeGraph(spec.kind);
        const model = compileGraph(graph);
        model.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy' });
        const classes = model.outputs[0].shape[1] as number;
        const x = inputsFor(graph, 4);
        const y = tf.tensor2d([0, 1, 0, classes - 1], [4, 1]);
        const before = model.getWeights().map((w) => w.dataSync().slice());
        const loss = (await model.trainOnBatch(x, y)) as number;
        expect(Number.isFinite(loss)).toBe(true);
        const after = model.getWeights().map((w) => w.dataSync());
        expect(after.some((w, i) => w.some((v, j) => v !== before[i][j]))).toBe(true);
        tf.dispose([x, y]);
        model.dispose();
      });
    }
  });
}

import type * as tf from '@tensorflow/tfjs';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Hyperparams } from '../../shared/api/schemas';
import type { ExportFormat, ParityReport } from '../../shared/api/types';
import type { ModelGraph } from '../../shared/graph/types';
import { saveModelFiles } from '../engine/model-files';
import { put, writeFilesAtomically } from './files';
import { kerasCaveats } from '../../shared/codegen/keras-caveats';
import { kerasArrays } from './keras-data';
import { kerasReadme, kerasTrainScript } from './keras-script';
import { writeNpz } from './npz';
import { ONNX_OUTPUT, toOnnx } from './onnx/convert';
import { onnxParity, paritySamples, tfjsParity } from './parity';
import type { Preprocessing } from './preprocessing';
import { customClassesOf, customLayersModule, LOAD_JS, onnxReadme, tfjsReadme } from './tfjs-folder';

export { buildPreprocessing, type Preprocessing } from './preprocessing';
export { toOnnx, onnxProblems, ONNX_OPSET, ONNX_OUTPUT } from './onnx/convert';
export { PARITY_TOLERANCE } from './parity';

/** One export: the in-app model, what it was trained on, and where the files go. */
export interface ExportJob {
  format: ExportFormat;
  /** Absolute destination folder (created when missing; other files in it are left alone). */
  directory: string;
  model: tf.LayersModel;
  name: string;
  preprocessing: Preprocessing;
  /** The editor graph (the Keras script is generated from it). */
  graph?: ModelGraph;
  hyperparams?: Hyperparams;
  datasetId?: string;
  /** Project folder, for reading an imported dataset's test split (built-ins need none). */
  dataDir?: string;
  /** Held-out samples in the parity check (default 200). */
  paritySamples?: number;
}

export interface ExportOutput {
  files: string[];
  parity: ParityReport | null;
  /** Keras: where the script cannot match the LayerLab run exactly (kerasCaveats). */
  notes?: string[];
}

const prepJson = (p: Preprocessing) => `${JSON.stringify(p, null, 2)}\n`;

/** parity.json beside the model: the check that was run on this very folder. */
async function writeParity(directory: string, parity: ParityReport): Promise<string[]> {
  const body = { format: 'layerlab-parity', version: 1, ...parity };
  return writeFilesAtomically(directory, (s) => [put(s, 'parity.json', `${JSON.stringify(body, null, 2)}\n`)]);
}

/**
 * Write an export and check it: TF.js and ONNX files are reloaded in an independent runtime and fed the
 * same held-out samples as the in-app model (top-1 agreement and max |Δp| in the report). Refusals
 * (a layer without an ONNX form, a Keras export without a graph) happen before anything is written.
 */
export async function exportModel(job: ExportJob): Promise<ExportOutput> {
  const { directory, model, preprocessing } = job;
  const data = job.preprocessing.dataset?.versionId ?? job.datasetId ?? null;
  const samples = () => paritySamples(model, data, job.paritySamples ?? 200, job.dataDir);
  if (job.format === 'onnx') {
    const { bytes, inputNames } = toOnnx(model, job.name.replace(/[^\w.-]/g, '_'));
    const files = await writeFilesAtomically(directory, (s) => [
      put(s, 'model.onnx', bytes),
      put(s, 'preprocessing.json', prepJson(preprocessing)),
      put(s, 'README.md', onnxReadme(job.name, inputNames, ONNX_OUTPUT)),
    ]);
    const parity = await onnxParity(model, join(directory, 'model.onnx'), inputNames, await samples());
    return { files: [...files, ...(await writeParity(directory, parity))], parity };
  }
  if (job.format === 'tfjs') {
    const files = await writeFilesAtomically(directory, async (s) => {
      const names = await saveModelFiles(model, join(s, 'tfjs'));
      for (const n of names) renameSync(join(s, 'tfjs', n), join(s, n));
      const custom = customClassesOf(model.layers.map((l) => l.getClassName()));
      return [
        ...names,
        put(s, 'preprocessing.json', prepJson(preprocessing)),
        put(s, 'custom-layers.js', customLayersModule(custom)),
        put(s, 'load.js', LOAD_JS),
        put(s, 'README.md', tfjsReadme(job.name, custom)),
      ];
    });
    const parity = await tfjsParity(model, directory, await samples());
    return { files: [...files, ...(await writeParity(directory, parity))], parity };
  }
  if (!job.graph || !job.hyperparams)
    throw new ApiError(
      'invalid_input',
      'A Keras script is generated from the editor graph; this model has none (imported models export as TF.js or ONNX).',
    );
  const script = kerasTrainScript({ graph: job.graph, name: job.name, hyperparams: job.hyperparams, preprocessing });
  const arrays = data ? await kerasArrays(data, job.hyperparams, model, job.dataDir) : null;
  const caveats = kerasCaveats(job.hyperparams);
  const files = await writeFilesAtomically(directory, (s) => [
    put(s, 'train.py', script),
    put(s, 'README.md', kerasReadme(job.name, caveats, arrays !== null)),
    put(s, 'preprocessing.json', prepJson(preprocessing)),
    ...(arrays ? [(writeNpz(join(s, 'data.npz'), arrays), 'data.npz')] : []),
  ]);
  return { files, parity: null, notes: caveats };
}

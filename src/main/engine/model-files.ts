import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { readUserFile, readUserText } from '../fs/user-files';
import { parseModelManifest } from './model-manifest';
import { registerCustomLayers } from './custom-layers';
import { crashPoint } from './checkpoint';
import { ensureBackend } from './backend';

/**
 * Save a model as TF.js Layers files (model.json + weights.bin) into `dir`, atomically: written to a
 * sibling temp folder first and renamed into place, so a crash never leaves a half-written model visible.
 */
export async function saveModelFiles(model: tf.LayersModel, dir: string): Promise<string[]> {
  await ensureBackend(); // reading weights out is a tfjs call (see ensureBackend for why this matters)
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsManifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: 'LayerLab',
        weightsManifest,
      };
      writeFileSync(join(tmp, 'model.json'), JSON.stringify(json));
      crashPoint('model-save');
      const weights = artifacts.weightData as ArrayBuffer;
      writeFileSync(join(tmp, 'weights.bin'), new Uint8Array(weights));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Move the old folder aside rather than deleting it first: a crash in between leaves a whole model.
  const old = `${dir}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return ['model.json', 'weights.bin'];
}

/** Upper bounds for an imported model: model.json (topology) and all weight files together. */
const MAX_MANIFEST_BYTES = 64 * 2 ** 20;
const MAX_WEIGHT_BYTES = 2 * 2 ** 30 - 1;

/**
 * Load a TF.js Layers model folder from disk. The manifest is validated first (weight paths must be
 * plain file names: `../`, sub-folders and absolute paths are refused before any weight is read), and
 * every file is read as a regular file whose real path lies inside the folder (a symlink pointing out
 * is refused), with byte limits counted while reading.
 */
export async function loadModelFiles(dir: string): Promise<tf.LayersModel> {
  // The first tfjs call of export, serving and import in the host: the backend must be chosen and ready.
  await ensureBackend();
  registerCustomLayers();
  const root = resolve(dir);
  const within = { within: root };
  const text = await readUserText(join(root, 'model.json'), { ...within, what: 'The model file', maxBytes: MAX_MANIFEST_BYTES });
  const parsed = parseModelManifest(text);
  if (!parsed.ok) throw new ApiError('invalid_input', `${root}: ${parsed.message}.`);
  const json = parsed.manifest;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let budget = MAX_WEIGHT_BYTES;
  for (const group of json.weightsManifest) {
    specs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
    for (const p of group.paths) {
      const part = await readUserFile(join(root, p), { ...within, what: "The model's weights file", maxBytes: budget });
      budget -= part.length;
      parts.push(part);
    }
  }
  const total = parts.reduce((a, b) => a + b.length, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    weightData.set(part, at);
    at += part.length;
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }),
  );
}

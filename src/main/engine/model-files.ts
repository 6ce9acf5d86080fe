import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { registerCustomLayers } from './custom-layers';
import { crashPoint } from './checkpoint';

/**
 * Save a model as TF.js Layers files (model.json + weights.bin) into `dir`, atomically: written to a
 * sibling temp folder first and renamed into place, so a crash never leaves a half-written model visible.
 */
export async function saveModelFiles(model: tf.LayersModel, dir: string): Promise<string[]> {
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

/**
 * Load a TF.js Layers model folder from disk. Every weight path in the manifest must stay inside the
 * folder: a `../` path is refused before any file is read.
 */
export async function loadModelFiles(dir: string): Promise<tf.LayersModel> {
  registerCustomLayers();
  const root = resolve(dir);
  const json = JSON.parse(readFileSync(join(root, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      const file = resolve(root, p);
      if (!file.startsWith(root + sep)) throw new Error(`The model's weight path "${p}" points outside its folder; refusing to read it.`);
    }
  }
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) parts.push(readFileSync(resolve(root, p)));
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

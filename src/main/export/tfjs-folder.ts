import { TFJS_CUSTOM_LAYERS } from '../../shared/codegen/tfjs-custom';

/**
 * The files that make a TF.js export folder self-contained: the custom layers' source as an ES module,
 * a load.js that shows the two lines to load the model, and a README. The custom layers take `tf` as an
 * argument instead of importing it, so they register with the caller's own TensorFlow.js instance (a
 * second copy of tfjs would have its own registry and the model would still not load).
 */

/** Custom layer classes (by tfjs class name) that a saved model uses. */
export function customClassesOf(classNames: readonly string[]): string[] {
  return [...new Set(classNames.filter((c) => c in TFJS_CUSTOM_LAYERS))].sort();
}

/** custom-layers.js: `registerCustomLayers(tf)` defines and registers the given classes. */
export function customLayersModule(classes: readonly string[]): string {
  const bodies = classes.map((c) => TFJS_CUSTOM_LAYERS[c].replace(/^(?=.)/gm, '  '));
  return [
    '// Custom layers of this model, exported from LayerLab for TensorFlow.js 4.x (ES module).',
    '// model.json names these classes; TensorFlow.js can build them only once they are registered:',
    '//   registerCustomLayers(tf);  // before tf.loadLayersModel',
    classes.length ? '' : '// This model uses only built-in TensorFlow.js layers: registering is a no-op.',
    '',
    '/** Define the custom layer classes against your `tf` and register them; returns them by name. */',
    'export function registerCustomLayers(tf) {',
    ...bodies,
    `  return { ${classes.join(', ')} };`,
    '}',
    '',
  ].join('\n');
}

/** load.js: the browser and Node ways to load the folder, both through registerCustomLayers. */
export const LOAD_JS = `// Load this model with plain TensorFlow.js 4.x, outside LayerLab. The two lines:
//
//   import { registerCustomLayers } from './custom-layers.js';   registerCustomLayers(tf);
//   const model = await tf.loadLayersModel('model.json');        // a URL in the browser
//
// In Node without @tensorflow/tfjs-node (which adds file:// URLs), loadFromFolder reads the files itself.
import { registerCustomLayers } from './custom-layers.js';

export { registerCustomLayers };

/** Browser (or any URL TensorFlow.js can fetch): the model.json of this folder. */
export async function loadModel(tf, url = 'model.json') {
  registerCustomLayers(tf);
  return tf.loadLayersModel(url);
}

/** Node: read model.json and the weight files named in it from \`dir\`. */
export async function loadFromFolder(tf, dir) {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  registerCustomLayers(tf);
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const weightSpecs = manifest.weightsManifest.flatMap((group) => group.weights);
  const parts = [];
  for (const group of manifest.weightsManifest) for (const path of group.paths) parts.push(await readFile(join(dir, path)));
  const all = Buffer.concat(parts);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs, weightData }));
}
`;

const PREP_README = `## Inputs

\`preprocessing.json\` says how raw data becomes the model's input, step by step:

- **images**: \`image\` gives the size, colour mode and scale (e.g. resize to 28×28, grayscale, divide by 255).
- **tables**: \`columns\` lists every input column in order with its treatment: numbers are filled when
  missing and scaled as \`(x - center) / scale\` with the training split's statistics; categories are
  one-hot over \`categories\` (plus an "other" column where \`other\` is true); dates split into \`parts\`,
  each scaled; yes/no columns become 1/0.
- **text**: \`text.tokenizer\` gives the rules (lower-case, words matched by \`pattern\`), \`text.vocabulary\`
  the words in id order starting at \`firstId\`; unknown words get \`unknownId\`, short texts are padded
  with \`padId\` to \`length\`.

\`labels\` names the output classes by index.

## Parity

\`parity.json\` records the check LayerLab ran after writing this folder: held-out test samples of the
dataset (\`source\`) predicted by the app and by this folder's files in an independent runtime, with the
top-1 agreement and the largest difference in any class probability (\`maxAbsDiff\`).
`;

/** README.md of a TF.js export folder. */
export function tfjsReadme(name: string, classes: readonly string[]): string {
  const custom = classes.length
    ? `It uses custom layers (${classes.join(', ')}): their source is in \`custom-layers.js\`, and they must be
registered before loading, or TensorFlow.js stops with "Unknown layer".`
    : 'It uses only built-in TensorFlow.js layers; `custom-layers.js` is kept so loading reads the same for every model.';
  return `# ${name}: TensorFlow.js model

Exported from LayerLab as a TF.js Layers model for TensorFlow.js 4.x. ${custom}

| file | what |
|---|---|
| \`model.json\`, \`weights.bin\` | the model's topology and trained weights |
| \`custom-layers.js\` | ES module: \`registerCustomLayers(tf)\` defines and registers the custom layers |
| \`load.js\` | \`loadModel(tf, url)\` for the browser, \`loadFromFolder(tf, dir)\` for Node |
| \`preprocessing.json\` | every input transform, and the class names |
| \`parity.json\` | the parity check of this folder against the app |

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import { loadModel } from './load.js';
const model = await loadModel(tf, 'model.json');
\`\`\`

${PREP_README}`;
}

/** README.md of an ONNX export folder. */
export function onnxReadme(name: string, inputNames: readonly string[], output: string): string {
  return `# ${name}: ONNX model

Exported from LayerLab as ONNX (opset 17). Inputs: ${inputNames.map((n) => `\`${n}\``).join(', ')} (float32,
batch first, channels last); output \`${output}\`: class probabilities.

| file | what |
|---|---|
| \`model.onnx\` | the model with its trained weights |
| \`preprocessing.json\` | every input transform, and the class names |
| \`parity.json\` | the parity check of this file against the app (onnxruntime) |

\`\`\`python
import onnxruntime as ort
session = ort.InferenceSession("model.onnx")
probabilities = session.run(["${output}"], {"${inputNames[0] ?? 'input'}": x})[0]
\`\`\`

${PREP_README}`;
}

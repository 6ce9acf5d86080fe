import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * A TF.js export checked outside the app: a separate Node process that imports plain @tensorflow/tfjs and
 * only the files of the export folder (load.js → custom-layers.js), loads the model and predicts the
 * samples. Nothing of LayerLab's own registry is in that process, so a custom layer the folder fails to
 * carry fails the check ("Unknown layer"), as it would for a user.
 */

/** The child's source (an ES module run with `node --input-type=module -e`). */
const CHILD_SOURCE = `
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
const { PARITY_TFJS: tfjsPath, PARITY_DIR: dir } = process.env;
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const job = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const tf = await import(pathToFileURL(tfjsPath).href);
const { loadFromFolder } = await import(pathToFileURL(join(dir, 'load.js')).href);
const model = await loadFromFolder(tf, dir);
const floats = (b64) => { const b = Buffer.from(b64, 'base64'); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const inputs = job.inputs.map(floats);
const size = (s) => s.reduce((a, b) => a * b, 1);
const out = [];
for (let at = 0; at < job.count; at += 64) {
  const n = Math.min(64, job.count - at);
  const xs = inputs.map((x, k) => tf.tensor(x.subarray(at * size(job.shapes[k]), (at + n) * size(job.shapes[k])), [n, ...job.shapes[k]]));
  const y = model.predict(xs.length === 1 ? xs[0] : xs);
  out.push(...y.dataSync());
  tf.dispose([...xs, y]);
}
const bytes = Buffer.from(Float32Array.from(out).buffer);
process.stdout.write('\\nPARITY_RESULT ' + JSON.stringify({ probs: bytes.toString('base64'), version: tf.version.tfjs, backend: tf.getBackend() }) + '\\n');
`;

export interface ChildPrediction {
  probs: Float32Array;
  /** e.g. "TensorFlow.js 4.22.0 (cpu), separate Node process, export folder files only". */
  runtime: string;
}

const b64 = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');

/** Predict `inputs` with the TF.js export in `dir`, in a child process of plain tfjs. */
export function predictInChild(
  dir: string,
  s: { inputs: Float32Array[]; shapes: number[][]; count: number },
  timeoutMs = 300_000,
): Promise<ChildPrediction> {
  const tfjsPath = createRequire(import.meta.url).resolve('@tensorflow/tfjs');
  return new Promise((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE makes the Electron binary behave as node; plain node ignores it.
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SOURCE], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', PARITY_TFJS: tfjsPath, PARITY_DIR: dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`The separate TensorFlow.js process could not start: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('PARITY_RESULT '));
      if (code !== 0 || !line) {
        // The child's first error line says what the folder lacks (e.g. "ValueError: Unknown layer: …").
        const why = stderr.split('\n').find((l) => /\w*Error: /.test(l))?.replace(/^.*?(\w*Error: )/, '$1') ?? `exit code ${code}`;
        reject(new Error(`Plain TensorFlow.js could not load and run the exported folder: ${why.trim()}`));
        return;
      }
      const r = JSON.parse(line.slice('PARITY_RESULT '.length)) as { probs: string; version: string; backend: string };
      const buf = Buffer.from(r.probs, 'base64');
      resolve({
        probs: new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)),
        runtime: `TensorFlow.js ${r.version} (${r.backend}) in a separate Node process with only the folder's files`,
      });
    });
    child.stdin.end(JSON.stringify({ count: s.count, shapes: s.shapes, inputs: s.inputs.map(b64) }));
  });
}

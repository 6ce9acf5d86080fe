/**
 * The backend ladder: tfjs-node-gpu (CUDA) → tfjs-node → WebGPU (hardware adapter) → WebAssembly →
 * plain JavaScript. A software WebGPU adapter (lavapipe, SwiftShader) is never chosen by itself (it runs
 * on the CPU, slower than wasm) but can be pinned: the settings' pin, or LAYERLAB_BACKEND (CLI --backend).
 *
 * `detectBackends` tries each rung and says in plain words why it is or is not used; `activateBackend`
 * switches TensorFlow.js to the chosen one (falling down the ladder, and updating the report, when it
 * fails to start). The native packages are optionalDependencies that fail to install where libtensorflow
 * cannot be downloaded; there the answer is wasm, completed for training by our kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendCandidate, BackendReport } from '../../shared/api/types';
import type { GpuAdapterInfo } from '../../shared/api/types';
import { simdKernelsStatus } from './kernels/simd';
import { adapterText, probeWebGpu, registerWebGpuBackend } from './webgpu';
import { maxTrainWorkers } from './parallel';

export type BackendName = BackendCandidate['name'];

export interface DetectOptions {
  /** A backend the user pinned in the settings; used when available. */
  pinned?: BackendName | null;
  /** Loads a package (default: dynamic import). Tests pass a fake to simulate installed packages. */
  load?: (pkg: string) => Promise<unknown>;
  /** Where LAYERLAB_BACKEND is read from (default process.env); it overrides the settings' pin. */
  env?: NodeJS.ProcessEnv;
}

const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

/**
 * The pin in force: LAYERLAB_BACKEND (set by the CLI's --backend, CI and tests) over the settings' pin.
 * An unknown name in the variable is an error in plain words rather than silently ignored.
 */
export function resolvePin(pinned: BackendName | null | undefined, env: NodeJS.ProcessEnv = process.env): BackendName | null {
  const fromEnv = env.LAYERLAB_BACKEND?.trim();
  if (fromEnv) {
    if (!(BACKEND_NAMES as readonly string[]).includes(fromEnv)) {
      throw new Error(
        `LAYERLAB_BACKEND is "${fromEnv}", which is not a backend; use one of ${BACKEND_NAMES.join(', ')}`,
      );
    }
    return fromEnv as BackendName;
  }
  return pinned ?? null;
}

interface Rung {
  name: BackendName;
  label: string;
  /** The npm package behind the rung. */
  pkg: string;
  /** The name the package registers with tf.registerBackend. */
  tfName: string;
}

export const LADDER: readonly Rung[] = [
  {
    name: 'tensorflow-gpu',
    label: 'TensorFlow with CUDA (tfjs-node-gpu)',
    pkg: '@tensorflow/tfjs-node-gpu',
    tfName: 'tensorflow',
  },
  {
    name: 'tensorflow',
    label: 'TensorFlow native CPU (tfjs-node)',
    pkg: '@tensorflow/tfjs-node',
    tfName: 'tensorflow',
  },
  {
    name: 'webgpu',
    label: 'WebGPU (Dawn, tfjs-backend-webgpu)',
    pkg: 'webgpu',
    tfName: 'webgpu',
  },
  {
    name: 'wasm',
    label: 'WebAssembly (tfjs-backend-wasm)',
    pkg: '@tensorflow/tfjs-backend-wasm',
    tfName: 'wasm',
  },
  { name: 'cpu', label: 'Plain JavaScript (tfjs cpu)', pkg: '@tensorflow/tfjs', tfName: 'cpu' },
];

const shortPkg = (pkg: string) => pkg.replace('@tensorflow/', '');

const defaultLoad = (pkg: string): Promise<unknown> => import(/* @vite-ignore */ pkg);

/** Turns a load error into one plain line. */
export function describeLoadError(pkg: string, err: unknown): string {
  const e = err as { code?: string; message?: string } | null;
  const message = String(e?.message ?? err ?? 'unknown error');
  const notFound =
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message);
  // A missing dependency of an installed package is a load failure, not "not installed".
  if (notFound && message.includes(pkg)) return `${shortPkg(pkg)} is not installed`;
  const firstLine = message.split('\n').find((l) => l.trim()) ?? message;
  return `failed to load: ${firstLine.trim()}`;
}

interface Probe {
  ok: boolean;
  reason: string;
  adapter?: GpuAdapterInfo;
}

async function probe(rung: Rung, load: (pkg: string) => Promise<unknown>): Promise<Probe> {
  if (rung.name === 'webgpu') return probeWebGpu(load);
  if (rung.name === 'cpu') {
    return { ok: true, reason: 'always available; slow (about 2 samples/s on the seed CNN)' };
  }
  try {
    await load(rung.pkg);
  } catch (err) {
    return { ok: false, reason: describeLoadError(rung.pkg, err) };
  }
  if (rung.name === 'wasm') {
    const simd = await tf
      .env()
      .getAsync('WASM_HAS_SIMD_SUPPORT')
      .then(Boolean, () => false);
    const ours = simdKernelsStatus();
    // Each kernel runs on one thread, but training splits a batch across worker threads: say both, so
    // the line does not read as "this machine's other cores sit idle".
    const workers = maxTrainWorkers();
    const threads =
      workers > 1
        ? `; training a CNN splits each batch across ${workers} worker threads (LAYERLAB_TRAIN_WORKERS sets the number)`
        : '; training runs on one thread (one core, or LAYERLAB_TRAIN_WORKERS=1)';
    return {
      ok: true,
      reason:
        `loaded (${simd ? 'SIMD' : 'no SIMD'}) with LayerLab's training kernels` +
        (ours.on ? ' and SIMD kernels' : `; LayerLab's SIMD kernels ${ours.reason}`) +
        threads,
    };
  }
  return { ok: true, reason: `${shortPkg(rung.pkg)} loaded` };
}

export async function detectBackends(opts: DetectOptions = {}): Promise<BackendReport> {
  const load = opts.load ?? defaultLoad;
  const pinned = resolvePin(opts.pinned, opts.env);
  const probes: ({ rung: Rung } & Probe)[] = [];
  // The GPU and CPU builds of tfjs-node both register the 'tensorflow' backend; loading both would clash.
  let nativeLoaded: BackendName | null = null;
  for (const rung of LADDER) {
    if (rung.tfName === 'tensorflow' && nativeLoaded) {
      probes.push({
        rung,
        ok: false,
        reason: `not needed: ${nativeLoaded === 'tensorflow-gpu' ? 'tfjs-node-gpu' : 'tfjs-node'} is already loaded`,
      });
      continue;
    }
    const p = await probe(rung, load);
    if (p.ok && rung.tfName === 'tensorflow') nativeLoaded = rung.name;
    probes.push({ rung, ...p });
  }

  // A software GPU adapter is usable but never the automatic choice: it is slower than wasm.
  const automatic = probes.filter((p) => p.ok && !p.adapter?.software);
  const pinnedProbe = pinned ? probes.find((p) => p.rung.name === pinned) : undefined;
  const active: BackendName = pinnedProbe?.ok ? pinnedProbe.rung.name : automatic[0]!.rung.name;

  const candidates: BackendCandidate[] = probes.map(({ rung, ok, reason, adapter }) => {
    let why = reason;
    if (rung.name === active) {
      why = pinned === active ? `pinned by the user to ${active}; ${reason}` : `used: ${reason}`;
      if (pinned && pinned !== active) {
        why += ` (the pinned ${pinned} is unavailable)`;
      }
    } else if (ok && adapter?.software) {
      why =
        `software adapter present (${adapterText(adapter)}), not used by default: it runs on the CPU and ` +
        `trains slower than wasm; pin it (--backend webgpu, LAYERLAB_BACKEND=webgpu, or the backend picker) to check the GPU code path`;
    } else if (ok) {
      why =
        pinned === active
          ? `available, but the user pinned ${active}`
          : `available, but ${active} ranks higher`;
    } else if (rung.name === pinned) {
      why = `pinned by the user, but unavailable: ${reason}`;
    }
    return { name: rung.name, label: rung.label, available: ok, reason: why, ...(adapter ? { adapter } : {}) };
  });
  return { active, pinned, candidates };
}

function rungOf(name: BackendName): Rung {
  return LADDER.find((r) => r.name === name)!;
}

/**
 * Switches TensorFlow.js to report.active (registering our wasm training kernels for wasm) and returns
 * the name of the backend that now runs. When that backend fails to start it falls down the ladder and
 * updates the report (active, and the failed candidate's reason) so that what is shown stays true.
 */
export async function activateBackend(report: BackendReport): Promise<BackendName> {
  const name = await switchBackend(report);
  activated ??= Promise.resolve(name);
  return name;
}

async function switchBackend(report: BackendReport): Promise<BackendName> {
  const start = LADDER.findIndex((r) => r.name === report.active);
  const order = [report.active, ...LADDER.slice(start + 1).map((r) => r.name)];
  const failures: string[] = [];
  for (const name of order) {
    const cand = report.candidates.find((c) => c.name === name);
    if (name !== report.active && cand && !cand.available) continue;
    // Falling down the ladder never lands on a software GPU adapter unless the user pinned it.
    if (name !== report.active && cand?.adapter?.software && report.pinned !== name) continue;
    const rung = rungOf(name);
    let error = '';
    try {
      if (name === 'wasm') {
        const { registerWasmTrainingKernels } = await import('./kernels');
        registerWasmTrainingKernels();
      }
      if (name === 'webgpu') {
        await registerWebGpuBackend();
        const { registerWebGpuTrainingKernels } = await import('./webgpu-kernels');
        registerWebGpuTrainingKernels();
      }
      if (tf.findBackendFactory(rung.tfName) == null) {
        error = `${shortPkg(rung.pkg)} did not register the '${rung.tfName}' backend`;
      } else if (!(await tf.setBackend(rung.tfName))) {
        error = `${rung.tfName} backend failed to initialize`;
      } else {
        await tf.ready();
      }
    } catch (err) {
      error = String((err as Error)?.message ?? err).split('\n')[0]!;
    }
    if (!error) {
      if (name !== report.active) {
        report.active = name;
        if (cand) cand.reason = `used: ${failures.join('; ')}; fell back to ${name}`;
      }
      return name;
    }
    failures.push(`${name} failed to start (${error})`);
    if (cand) {
      cand.available = false;
      cand.reason = `failed to start: ${error}`;
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}

/** Set once this process has a backend that is switched to and ready (see ensureBackend). */
let activated: Promise<BackendName> | null = null;

/**
 * Makes sure this process's TensorFlow.js runs on a backend that is chosen, switched to and ready, and
 * returns its name. Await it before the first tfjs call on any path of the host (model load and save,
 * export, serving, evaluation).
 *
 * Why: importing tfjs-backend-wasm (as detectBackends does for the backend report) registers 'wasm' with
 * a higher priority than 'cpu' but does not initialise it; the next tfjs call that lets tfjs pick its
 * backend by itself then picks wasm and throws "The highest priority backend 'wasm' has not yet been
 * initialized". So whether export worked depended on whether the UI had asked for the backend report
 * first. Choosing explicitly (the same ladder as training) removes that dependence on call order.
 *
 * Runs once per process; a process whose backend was already chosen (the trainer; a test that picks cpu
 * as its reference) keeps it. The first caller's options win: a pin changed later applies to the next
 * training run, not to this process.
 */
export function ensureBackend(opts: DetectOptions = {}): Promise<BackendName> {
  // tf.getBackend() only reads the chosen name (null until someone chose); it initialises nothing.
  const chosen = tf.getBackend() as BackendName | null;
  if (chosen) activated ??= tf.ready().then(() => chosen);
  activated ??= detectBackends(opts)
    .then(switchBackend)
    .catch((err: unknown) => {
      activated = null; // let a later call try again rather than keep a failure forever
      throw err;
    });
  return activated;
}

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../index';
import { asWasm } from '../wasm-util';
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHA256 } from './kernels-wasm';
import { simdKernels } from './index';

const here = join(__dirname);

describe('LayerLab SIMD kernels module', () => {
  it('loads on this Node, on top of the wasm backend heap', async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    const k = simdKernels(asWasm(tf.backend()));
    expect(k, 'wasm SIMD is available in Node 20; the kernels must load').not.toBeNull();
    expect(typeof k!.conv_filter_grad).toBe('function');
    // Same instance for the same backend (instantiated once).
    expect(simdKernels(asWasm(tf.backend()))).toBe(k);
  });

  it('answers null when LAYERLAB_SIMD_KERNELS=0', async () => {
    await tf.setBackend('wasm');
    process.env.LAYERLAB_SIMD_KERNELS = '0';
    try {
      expect(simdKernels(asWasm(tf.backend()))).toBeNull();
    } finally {
      delete process.env.LAYERLAB_SIMD_KERNELS;
    }
  });

  it('embeds exactly kernels.wasm', () => {
    const bytes = readFileSync(join(here, 'kernels.wasm'));
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(KERNELS_WASM_SHA256);
  });

  const clang = spawnSync('clang-16', ['--version']).status === 0 ? 'clang-16' : null;
  it.skipIf(!clang)('kernels.wasm is the build of kernels.c (rebuilt with clang-16 and compared)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-simd-'));
    try {
      const out = join(dir, 'k.wasm');
      const r = spawnSync(
        clang!,
        [
          '--target=wasm32',
          '-msimd128',
          '-O3',
          '-ffast-math',
          '-fno-builtin',
          '-nostdlib',
          '-Wl,--no-entry',
          '-Wl,--import-memory',
          '-Wl,--strip-debug',
          '-o',
          out,
          join(here, 'kernels.c'),
        ],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(
        readFileSync(out).equals(readFileSync(join(here, 'kernels.wasm'))),
        'run scripts/build-simd-kernels.sh',
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!clang)
    console.log(
      'kernels.c rebuild check skipped: clang-16 is not installed here (apt-get install clang-16 lld-16)',
    );
});

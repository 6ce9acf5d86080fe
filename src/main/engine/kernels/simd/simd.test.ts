import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../index';
import { asWasm } from '../wasm-util';
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHA256 } from './kernels-wasm';
import { simdKernels, simdKernelsStatus } from './index';

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

  it('answers null when LAYERLAB_SIMD_KERNELS=0, and says so', async () => {
    await tf.setBackend('wasm');
    expect(simdKernelsStatus()).toEqual({ on: true, reason: 'on' });
    process.env.LAYERLAB_SIMD_KERNELS = '0';
    try {
      expect(simdKernels(asWasm(tf.backend()))).toBeNull();
      expect(simdKernelsStatus()).toEqual({ on: false, reason: 'off (LAYERLAB_SIMD_KERNELS=0)' });
    } finally {
      delete process.env.LAYERLAB_SIMD_KERNELS;
    }
  });

  it('embeds exactly kernels.wasm', () => {
    const bytes = readFileSync(join(here, 'kernels.wasm'));
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(KERNELS_WASM_SHA256);
  });

  // The build needs clang, wasm-ld and llvm-objdump (Debian: clang-16 lld-16); without them, skip.
  const has = (cmd: string) => spawnSync(cmd, ['--version']).status === 0;
  const clang = has('clang-16') && has('wasm-ld-16') && has('llvm-objdump-16');
  it.skipIf(!clang)('kernels.wasm is the build of src/*.c (rebuilt with clang-16 and compared)', () => {
    const script = join(here, '../../../../../scripts/build-simd-kernels.sh');
    const r = spawnSync('bash', [script, '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr || r.stdout).toBe(0);
  });
  if (!clang)
    console.log(
      'SIMD kernels rebuild check skipped: clang-16, wasm-ld-16 and llvm-objdump-16 are not all installed here (apt-get install clang-16 lld-16)',
    );
});

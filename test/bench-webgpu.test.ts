import { describe, expect, it } from 'vitest';
import { parseArgs } from '../bench/lib/args';
import { compareEachWithAnchor, roundsToRun, type RoundFigure } from '../bench/lib/rounds';
import { adapterVerdict, cnn32Data, webgpuTable } from '../bench/lib/webgpu-bench';

const LAVAPIPE = { vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', software: true };
const fig = (engine: string, threads: number, round: number, samplesPerSec: number, task = 'webgpu-seed-cnn-train'): RoundFigure => ({
  engine,
  threads,
  round,
  task,
  samples: 128,
  seconds: 128 / samplesPerSec,
  samplesPerSec,
  ...(engine === 'tfjs-webgpu' ? { extra: { adapter: LAVAPIPE } } : {}),
});

describe('webgpu bench case', () => {
  // webgpu and wasm each against PyTorch's best thread count (x1 here, faster than x2), paired by round.
  const figures = [
    fig('tfjs-webgpu', 1, 0, 18), fig('tfjs-wasm', 1, 0, 900), fig('pytorch-cpu', 1, 0, 1000), fig('pytorch-cpu', 2, 0, 500),
    fig('tfjs-webgpu', 1, 1, 20), fig('tfjs-wasm', 1, 1, 800), fig('pytorch-cpu', 1, 1, 800), fig('pytorch-cpu', 2, 1, 400),
    fig('tfjs-webgpu', 1, 2, 15), fig('tfjs-wasm', 1, 2, 1100), fig('pytorch-cpu', 1, 2, 1000), fig('pytorch-cpu', 2, 2, 600),
    fig('tfjs-webgpu', 1, 0, 5, 'webgpu-cnn32-train'),
  ];

  it('compares every one of our configurations (not only the best) with the anchor, per round', () => {
    const rows = compareEachWithAnchor(figures);
    expect(rows.map((r) => `${r.task} ${r.config}`)).toEqual([
      'webgpu-seed-cnn-train tfjs-webgpu x1',
      'webgpu-seed-cnn-train tfjs-wasm x1',
      'webgpu-cnn32-train tfjs-webgpu x1',
    ]);
    const gpu = rows[0]!;
    expect(gpu.anchor).toBe('pytorch-cpu x1');
    expect(gpu.samplesPerSec).toEqual({ median: 18, min: 15, max: 20, n: 3 });
    // 18/1000, 20/800, 15/1000 per round.
    expect(gpu.ratio!.median).toBeCloseTo(0.018, 10);
    expect(gpu.ratio!.max).toBeCloseTo(0.025, 10);
    expect(rows[1]!.ratio!.median).toBeCloseTo(1.0, 10);
    // No anchor ran for this task: the row stays, without a ratio.
    expect(rows[2]).toEqual({ task: 'webgpu-cnn32-train', config: 'tfjs-webgpu x1', samplesPerSec: { median: 5, min: 5, max: 5, n: 1 } });
  });

  it('prints the table with the anchor rows and names the software adapter as a path check, not GPU speed', () => {
    const table = webgpuTable(figures).join('\n');
    expect(table).toMatch(/webgpu-seed-cnn-train +tfjs-webgpu x1 +18\.0 \(15\.0–20\.0, 3 runs\) += 0\.018 \(0\.015–0\.025, 3 runs\) × pytorch-cpu x1/);
    expect(table).toMatch(/webgpu-seed-cnn-train +pytorch-cpu x2 +500\.0 \(400\.0–600\.0, 3 runs\)/);
    expect(table).toMatch(/webgpu-cnn32-train +tfjs-webgpu x1 +5\.0 \(1 run\) +no PyTorch anchor ran/);
    expect(table).toContain(
      'WebGPU adapter: mesa software, llvmpipe: Mesa 25.0.7 (LLVM 15.0.6). This is a software Vulkan device running on the CPU, not a GPU',
    );
    expect(webgpuTable([])).toEqual([]);
  });

  it('calls a hardware adapter a GPU', () => {
    expect(adapterVerdict({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', software: false })).toBe(
      'WebGPU adapter: nvidia hopper, NVIDIA H200 (a hardware GPU).',
    );
  });

  it('runs 3 rounds when only the webgpu case is named, the count given otherwise', () => {
    const webgpu = { name: 'webgpu', rounds: true, defaultRounds: 3 };
    const seed = { name: 'seed-cnn-tfjs', rounds: true };
    const quality = { name: 'quality', rounds: false };
    expect(roundsToRun([webgpu], 5, false)).toBe(3);
    expect(roundsToRun([webgpu, quality], 5, false)).toBe(3);
    expect(roundsToRun([webgpu], 5, true)).toBe(5);
    expect(roundsToRun([webgpu, seed], 5, false)).toBe(5);
    expect(parseArgs(['webgpu'], {})).toEqual({ only: ['webgpu'], rounds: 5, roundsGiven: false });
    expect(parseArgs(['webgpu', '--rounds', '1'], {}).roundsGiven).toBe(true);
    expect(parseArgs([], { BENCH_ROUNDS: '2' }).roundsGiven).toBe(true);
  });

  it('makes the same synthetic 32×32×3 images for the same seed, labels across all ten classes', () => {
    const a = cnn32Data(64);
    const b = cnn32Data(64);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(cnn32Data(64, 2).x.buffer))).toBe(false);
    expect(a.x.length).toBe(64 * 32 * 32 * 3);
    expect(new Set(a.y).size).toBe(10);
    expect(a.x.reduce((m, v) => Math.min(m, v), 1)).toBeGreaterThanOrEqual(0);
    expect(a.x.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
  });
});

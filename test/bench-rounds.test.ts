import { describe, expect, it } from 'vitest';
import { parseArgs } from '../bench/lib/args';
import { compareWithAnchor, formatSpread, schedule, spread, summarize, type RoundFigure } from '../bench/lib/rounds';

const fig = (engine: string, threads: number, round: number, samplesPerSec: number, task = 'seed-cnn-train'): RoundFigure => ({
  engine,
  threads,
  round,
  task,
  samples: 1000,
  seconds: 1000 / samplesPerSec,
  samplesPerSec,
});

describe('bench rounds', () => {
  it('median and range: odd and even counts', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(formatSpread(spread([3100, 2870, 3300]))).toBe('3,100 (2,870–3,300, 3 runs)');
  });

  it('runs each speed pair alternately, ours first, every round; other cases once after', () => {
    const cases = [
      { name: 'quality' },
      { name: 'seed-cnn-torch', rounds: true },
      { name: 'mlp-tabular-tfjs', rounds: true },
      { name: 'seed-cnn-tfjs', rounds: true },
      { name: 'mlp-tabular-torch', rounds: true },
    ];
    const order = schedule(cases, 2).map((s) => `${s.case.name}@${s.round}`);
    expect(order).toEqual([
      'mlp-tabular-tfjs@0', 'mlp-tabular-torch@0', 'seed-cnn-tfjs@0', 'seed-cnn-torch@0',
      'mlp-tabular-tfjs@1', 'mlp-tabular-torch@1', 'seed-cnn-tfjs@1', 'seed-cnn-torch@1',
      'quality@0',
    ]);
  });

  it('compares our best configuration with the anchor\'s best thread count, paired by round', () => {
    // PyTorch's one-thread figure beats its two-thread one: the ratio must divide by the one-thread run.
    const figures = [
      fig('tfjs-wasm', 1, 0, 2000), fig('tfjs-wasm', 2, 0, 3000), fig('pytorch-cpu', 1, 0, 2500), fig('pytorch-cpu', 2, 0, 2000),
      fig('tfjs-wasm', 1, 1, 1900), fig('tfjs-wasm', 2, 1, 2400), fig('pytorch-cpu', 1, 1, 2000), fig('pytorch-cpu', 2, 1, 1800),
      fig('tfjs-wasm', 1, 2, 2100), fig('tfjs-wasm', 2, 2, 3300), fig('pytorch-cpu', 1, 2, 3000), fig('pytorch-cpu', 2, 2, 2900),
      fig('tfjs-wasm', 1, 0, 900, 'no-anchor-task'),
    ];
    const summary = summarize(figures).find((s) => s.config === 'pytorch-cpu x1')!;
    expect(summary.samplesPerSec).toEqual({ median: 2500, min: 2000, max: 3000, n: 3 });
    const [c, ...rest] = compareWithAnchor(figures);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ task: 'seed-cnn-train', ours: 'tfjs-wasm x2', anchor: 'pytorch-cpu x1', oursMedian: 3000, anchorMedian: 2500 });
    // Per round: 3000/2500 = 1.2, 2400/2000 = 1.2, 3300/3000 = 1.1.
    expect(c!.ratio.median).toBeCloseTo(1.2, 10);
    expect(c!.ratio.min).toBeCloseTo(1.1, 10);
    expect(c!.ratio.n).toBe(3);
  });

  it('reads --rounds in both spellings and refuses a bad count in words', () => {
    expect(parseArgs(['seed-cnn-tfjs', '--rounds', '3', 'seed-cnn-torch'], {})).toEqual({ only: ['seed-cnn-tfjs', 'seed-cnn-torch'], rounds: 3, roundsGiven: true });
    expect(parseArgs(['--rounds=1'], {}).rounds).toBe(1);
    expect(parseArgs([], {}).rounds).toBe(5);
    expect(parseArgs([], { BENCH_ROUNDS: '2' }).rounds).toBe(2);
    expect(() => parseArgs(['--rounds', 'abc'], {})).toThrow('--rounds must be a whole number ≥ 1, got "abc"');
    expect(() => parseArgs(['--rounds=0'], {})).toThrow(/got "0"/);
  });
});

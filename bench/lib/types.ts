/** A bench case: prints figures and returns them; never asserts. Add one as bench/cases/<name>.ts. */
export interface BenchFigure {
  /** Which engine ran (e.g. 'tfjs-wasm', 'tfjs-cpu', 'pytorch-cpu'). */
  engine: string;
  /** What was measured (e.g. 'seed-cnn-train'). */
  task: string;
  samples: number;
  seconds: number;
  samplesPerSec: number;
  msPerBatch?: number;
  threads?: number;
  extra?: Record<string, unknown>;
}

export interface BenchContext {
  /** Samples for fast engines (env BENCH_SAMPLES, default 2048). */
  samples: number;
  /** Samples for the pure-JS cpu backend (env BENCH_CPU_SAMPLES, default 64). */
  cpuSamples: number;
  log: (line: string) => void;
}

export interface BenchCase {
  name: string;
  description: string;
  /**
   * A speed case with an anchor (or the anchor itself): run in alternating rounds with its pair and
   * reported as median and range (bench/lib/rounds.ts). Other cases run once.
   */
  rounds?: boolean;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

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
  /**
   * Rounds to run when the user did not say (--rounds, BENCH_ROUNDS) and every speed case selected has
   * one: a slow case (webgpu on a software adapter) stays within a few minutes.
   */
  defaultRounds?: number;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
  /**
   * Prints the case's own table after every round has run, from its figures of all rounds (each with its
   * 0-based round); the generic summaries are printed before it.
   */
  report?(figures: (BenchFigure & { round: number })[], log: (line: string) => void): void;
}

/**
 * Per-kernel wall-clock profile: wraps every kernel registered for a backend with a timer.
 * Synchronous backends (wasm, cpu) only; wall time includes the kernel's JS glue.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelStat {
  kernel: string;
  calls: number;
  ms: number;
}

export class KernelProfiler {
  private stats = new Map<string, KernelStat>();
  private originals: tf.KernelConfig[] = [];
  private depth = 0;

  constructor(private readonly backendName: string) {}

  start(): void {
    if (this.originals.length) return;
    const configs = tf.getKernelsForBackend(this.backendName);
    for (const cfg of configs) {
      this.originals.push(cfg);
      const inner = cfg.kernelFunc;
      const stat: KernelStat = { kernel: cfg.kernelName, calls: 0, ms: 0 };
      this.stats.set(cfg.kernelName, stat);
      tf.unregisterKernel(cfg.kernelName, this.backendName);
      tf.registerKernel({
        ...cfg,
        kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
          // A kernel that calls another (LayerLab's fused conv runs FusedConv2D) is timed once, as itself.
          if (this.depth > 0) return inner(args);
          this.depth++;
          const t0 = performance.now();
          try {
            return inner(args);
          } finally {
            stat.ms += performance.now() - t0;
            stat.calls++;
            this.depth--;
          }
        }) as tf.KernelFunc,
      });
    }
  }

  reset(): void {
    for (const s of this.stats.values()) {
      s.calls = 0;
      s.ms = 0;
    }
  }

  stop(): void {
    for (const cfg of this.originals) {
      tf.unregisterKernel(cfg.kernelName, this.backendName);
      tf.registerKernel(cfg);
    }
    this.originals = [];
  }

  report(): KernelStat[] {
    return [...this.stats.values()].filter((s) => s.calls > 0).sort((a, b) => b.ms - a.ms);
  }
}

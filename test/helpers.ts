import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '../src/main/host';
import { launchChildTrainer, type LaunchTrainer } from '../src/main/engine/launch-child';

/** A real host over a real SQLite file in a fresh temp folder. Call cleanup() in afterAll. */
export function tempHost(launchTrainer: LaunchTrainer = launchChildTrainer): { host: Host; dataDir: string; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-test-'));
  const host = createHost({ dataDir, host: 'cli', launchTrainer });
  return {
    host,
    dataDir,
    cleanup() {
      host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` returns a value (polling), or fail after `ms`. */
export async function waitFor<T>(check: () => T | undefined | null | false, ms = 60_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

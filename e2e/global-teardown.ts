import { rmSync } from 'node:fs';

/** Remove the run's temp root (see playwright.config.ts): the host's data folder and the specs' temp folders. */
export default function globalTeardown(): void {
  const root = process.env.LAYERLAB_E2E_ROOT;
  if (root && /layerlab-e2e-/.test(root)) rmSync(root, { recursive: true, force: true });
}

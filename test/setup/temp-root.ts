/**
 * Vitest globalSetup: every temp folder of a test run lives under one root, removed when the run ends, so
 * `npm test` leaves nothing in the temp directory even where a test (or a trainer process it started and
 * killed) could not clean up after itself. TMPDIR is what os.tmpdir() reads, in the test workers and in
 * every process they start, so code under test needs no knowledge of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'layerlab-tests-'));
  process.env.TMPDIR = root;
  process.env.LAYERLAB_TEST_TMP_ROOT = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}

import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('test temp folders', () => {
  it("live under the run's one root, in the tests and in the processes they start", () => {
    const runRoot = process.env.LAYERLAB_TEST_TMP_ROOT;
    expect(runRoot).toMatch(/layerlab-tests-/);
    expect(tmpdir()).toBe(runRoot);
    const child = execFileSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child).toBe(runRoot);
  });
});

describe("tfjs's node-backend banner", () => {
  // A fresh process each: tfjs prints it once per process, on the first write to the cpu backend.
  const run = (quiet: boolean) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import * as tf from '@tensorflow/tfjs';
         import { quietTfjs } from './src/main/engine/quiet-tfjs.ts';
         ${quiet ? 'quietTfjs();' : ''}
         await tf.setBackend('cpu');
         console.log(tf.tensor([1, 2]).sum().dataSync()[0]);`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
  const banner = /install our node backend/;

  it('is printed by tfjs on the cpu backend in Node without the switch', () => {
    const r = run(false);
    expect(r.stdout.trim()).toBe('3');
    expect(r.stderr).toMatch(banner);
  });

  it('is silenced by quietTfjs, and the result is the same', () => {
    const r = run(true);
    expect(r.stdout.trim()).toBe('3');
    expect(r.stderr).not.toMatch(banner);
  });
});

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built CLI bundle (out/main/cli.js) starts and answers through the same services.
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/layerlab.mjs', '--data-dir', mkdtempSync(join(tmpdir(), 'layerlab-cli-')), '--json', ...args], {
    encoding: 'utf8',
  });

test('built CLI: doctor and datasets answer in JSON lines', () => {
  const doctor = JSON.parse(cli('doctor').trim().split('\n').pop()!).result;
  expect(doctor.active).toBe('wasm');
  expect(doctor.candidates.find((c: { name: string }) => c.name === 'tensorflow-gpu').reason).toMatch(/not installed|failed to load/);
  const datasets = JSON.parse(cli('datasets').trim().split('\n').pop()!).result as { id: string }[];
  expect(datasets.map((d) => d.id)).toContain('builtin:mnist');
});

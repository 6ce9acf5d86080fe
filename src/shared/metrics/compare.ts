import type { ModelGraph, ParamValue } from '../graph/types';
import { diffGraphs, type GraphDiff } from './graph-diff';
import { describeSetting } from './setting-labels';
import { groupStats, welchTTest, type GroupStats, type WelchResult } from './stats';

/** The per-epoch figures compare needs (a subset of the contract's EpochMetrics). */
export interface EpochPoint {
  epoch: number;
  loss: number;
  valLoss: number | null;
  valAccuracy: number | null;
}

/** What compare reads of one experiment. */
export interface CompareInput {
  id: string;
  name: string;
  graph: ModelGraph;
  hyperparams: Record<string, ParamValue>;
  datasetId: string;
  datasetVersionId: string;
  /** The dataset's name and version as a person reads them ("MNIST digits", "MNIST digits v2"); ids when absent. */
  datasetLabel?: string;
  datasetVersionLabel?: string;
  epochs: EpochPoint[];
  testAccuracy: number | null;
}

/** The epoch with the best validation accuracy, else the lowest validation loss; null without validation. */
export interface BestEpoch {
  epoch: number;
  by: 'valAccuracy' | 'valLoss';
  value: number;
}

/** One row of the "only what differs" table: a setting and its value in each experiment (same order). */
export interface DiffRow {
  param: string;
  values: (ParamValue | undefined)[];
  /** The setting as a person reads it ("Learning rate", "dense_1: Units"). */
  label: string;
  /** Each value written out: "—" where the run has no such setting, names instead of dataset ids. */
  shown: string[];
}

/** Runs of the same graph, data and settings that differ only in seed. */
export interface SeedGroup {
  label: string;
  ids: string[];
  seeds: number[];
  /** Test accuracy across the seeds (fractions). */
  testAccuracy: GroupStats;
}

/** Pure result of comparing 2..8 experiments (the service adds evaluations). */
export interface CompareCore {
  best: (BestEpoch | null)[];
  diff: DiffRow[];
  /** Each experiment after the first against the first (the baseline). */
  graphDiffs: { baselineId: string; otherId: string; diff: GraphDiff }[];
  groups: SeedGroup[];
  /** Welch's t-test between each pair of seed groups. */
  tests: { a: string; b: string; result: WelchResult }[];
}

/** Best epoch by validation accuracy, falling back to validation loss. */
export function bestEpoch(epochs: EpochPoint[]): BestEpoch | null {
  let best: BestEpoch | null = null;
  for (const e of epochs)
    if (e.valAccuracy != null && (!best || e.valAccuracy > best.value))
      best = { epoch: e.epoch, by: 'valAccuracy', value: e.valAccuracy };
  if (best) return best;
  for (const e of epochs)
    if (e.valLoss != null && (!best || e.valLoss < best.value))
      best = { epoch: e.epoch, by: 'valLoss', value: e.valLoss };
  return best;
}

/** Settings flattened to `param → value`: hyperparams, dataset, and each layer's params as `layer.param`. */
export function flattenSettings(e: CompareInput, withSeed = true): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  for (const [k, v] of Object.entries(e.hyperparams)) if (withSeed || k !== 'seed') out.set(k, v);
  out.set('dataset', e.datasetId);
  out.set('datasetVersion', e.datasetVersionId);
  for (const n of e.graph.nodes) {
    out.set(`${n.name}.kind`, n.kind);
    for (const [k, v] of Object.entries(n.params)) out.set(`${n.name}.${k}`, v);
  }
  return out;
}

/** Only the settings whose value is not the same in every experiment. */
export function diffSettings(list: CompareInput[]): DiffRow[] {
  const flat = list.map((e) => flattenSettings(e));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  const kindOf = (layer: string) => flat.map((f) => f.get(`${layer}.kind`)).find((k) => k !== undefined)?.toString();
  const readable = (param: string, i: number): string | null =>
    param === 'dataset' ? (list[i].datasetLabel ?? null) : param === 'datasetVersion' ? (list[i].datasetVersionLabel ?? null) : null;
  return keys
    .map((param) => ({ param, values: flat.map((f) => f.get(param)) }))
    .filter((r) => new Set(r.values.map((v) => JSON.stringify(v ?? null))).size > 1)
    .map((r) => {
      const text = describeSetting(r.param, kindOf);
      return { ...r, label: text.label, shown: r.values.map((v, i) => readable(r.param, i) ?? text.show(v)) };
    });
}

/** Key of everything but the seed: runs sharing it form a seed group. */
function groupKey(e: CompareInput): string {
  return JSON.stringify([...flattenSettings(e, false).entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Seed groups among the experiments (two or more finished runs each). */
export function seedGroups(list: CompareInput[]): SeedGroup[] {
  const groups = new Map<string, CompareInput[]>();
  for (const e of list) {
    if (e.testAccuracy == null) continue;
    const k = groupKey(e);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups.values()]
    .filter((g) => g.length >= 2)
    .map((g) => ({
      label: g[0].name.replace(/\s*[·-]?\s*seed\s*\d+\s*$/i, '') || g[0].name,
      ids: g.map((e) => e.id),
      seeds: g.map((e) => Number(e.hyperparams.seed)),
      testAccuracy: groupStats(g.map((e) => e.testAccuracy as number)),
    }));
}

/** Everything compare computes from stored data, without touching files. */
export function compareExperiments(list: CompareInput[]): CompareCore {
  const groups = seedGroups(list);
  const acc = (g: SeedGroup) => g.ids.map((id) => list.find((e) => e.id === id)?.testAccuracy as number);
  const tests: CompareCore['tests'] = [];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++)
      tests.push({
        a: groups[i].label,
        b: groups[j].label,
        result: welchTTest(acc(groups[i]), acc(groups[j])),
      });
  return {
    best: list.map((e) => bestEpoch(e.epochs)),
    diff: diffSettings(list),
    graphDiffs: list
      .slice(1)
      .map((e) => ({ baselineId: list[0].id, otherId: e.id, diff: diffGraphs(list[0].graph, e.graph) })),
    groups,
    tests,
  };
}

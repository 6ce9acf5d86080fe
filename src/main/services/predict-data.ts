/**
 * The raw rows of a dataset version's test split, as imported (built-ins: as their loader read them), for
 * the Try it form's starting example and for checking a scored file against the stored evaluation.
 */
import type { PredictForm } from '../../shared/api/predict-types';
import { findBuiltin } from '../engine/data/builtins';
import { imageDataUrl } from '../engine/data/images';
import { loadDataset } from '../engine/data/load';
import type { PreparedVersion } from '../engine/data/prepared';
import { rawSplitRows, type RawSplit } from '../predict/raw-rows';
import type { ServiceContext } from './context';
import type { Predictor } from './predict-model';

/** Test images kept for Try it examples (the first ones of the split: a fair sample, see splitRows). */
const IMAGE_EXAMPLES = 200;

function storedRows(ctx: ServiceContext, versionId: string): { columns: string[]; rows: Iterable<(string | null)[]> } | null {
  const builtin = findBuiltin(versionId.replace(/@\d+$/, '')) as { prepared?: () => PreparedVersion } | undefined;
  if (builtin) {
    const p = builtin.prepared?.();
    if (!p) return null;
    const columns = (p.stats as { previewColumns?: string[] }).previewColumns ?? [];
    return { columns, rows: [...p.rows()].flat() };
  }
  const meta = ctx.repos.datasetData.meta(versionId);
  if (!meta) return null;
  const columns = (JSON.parse(meta.stats) as { previewColumns?: string[] }).previewColumns ?? [];
  const total = meta.train_count + meta.val_count + meta.test_count;
  return { columns, rows: ctx.repos.datasetData.rows(versionId, 0, total).rows };
}

export function testRowsSource(ctx: ServiceContext) {
  const tables = new Map<string, RawSplit | null>();
  const images = new Map<string, Promise<{ x: Float32Array; y: Int32Array; count: number; shape: number[] }>>();
  const rawTest = (p: Predictor): RawSplit | null => {
    if (!tables.has(p.versionId)) {
      const s = storedRows(ctx, p.versionId);
      tables.set(p.versionId, s && s.columns.length ? rawSplitRows(s.columns, s.rows, p.prep.recipe) : null);
    }
    return tables.get(p.versionId)!;
  };
  const testImages = (p: Predictor) => {
    if (!images.has(p.versionId))
      images.set(
        p.versionId,
        loadDataset(p.versionId, { train: 1, test: IMAGE_EXAMPLES }, { db: ctx.repos.db }).then((d) => ({ ...d.test, shape: d.inputShape })),
      );
    return images.get(p.versionId)!;
  };
  return {
    rawTest,
    /** A random test sample as the form shows it; null when the version kept no raw rows. */
    async example(p: Predictor, random: () => number): Promise<PredictForm['example']> {
      if (p.inputs.image) {
        const t = await testImages(p);
        if (t.count === 0) return null;
        const i = Math.floor(random() * t.count);
        const per = t.shape.reduce((a, b) => a * b, 1);
        return { row: null, image: await imageDataUrl(t.x.subarray(i * per, (i + 1) * per), t.shape), trueClass: p.classes[t.y[i]] ?? null };
      }
      const raw = rawTest(p);
      if (!raw || raw.rows.length === 0) return null;
      const cells = raw.rows[Math.floor(random() * raw.rows.length)];
      const columns = p.inputs.encoder?.recipe.columns.map((c) => c.name) ?? [];
      const row = Object.fromEntries(columns.map((c) => [c, cells[raw.columns.indexOf(c)] ?? null]));
      const label = p.label === null ? -1 : raw.columns.indexOf(p.label);
      return { row, image: null, trueClass: label >= 0 ? (cells[label] ?? null) : null };
    },
  };
}

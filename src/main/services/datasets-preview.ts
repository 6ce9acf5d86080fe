import type { HandlerInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DatasetImages, DatasetPreview, DatasetVersionInfo } from '../../shared/api/types';
import { blobToFloat32, blobToInt32 } from '../db/repos/dataset-data';
import { findBuiltin } from '../engine/data/builtins';
import { imageDataUrl } from '../engine/data/images';
import { classBalance, perSample, type PreparedStats, type PreparedVersion } from '../engine/data/prepared';
import { SPLITS } from '../engine/data/split';
import type { LoadedDataset } from '../engine/data/types';
import type { ServiceContext } from './context';

const emptySet = { x: new Float32Array(0), y: new Int32Array(0), count: 0 };

/** Loaded splits of a built-in, and its prepared form when it is a table. */
async function builtinData(id: string): Promise<{ loaded: LoadedDataset; prepared?: PreparedVersion } | null> {
  const b = findBuiltin(id.replace(/@\d+$/, ''));
  if (!b) return null;
  const prepared = (b as { prepared?: () => PreparedVersion }).prepared?.();
  return { loaded: await b.load({ train: 0, test: 0 }), prepared };
}

/** Previews, image thumbnails and versions of stored and built-in datasets. */
export function datasetPreviewService(ctx: ServiceContext) {
  const data = ctx.repos.datasetData;
  return {
    'datasets.preview': async ({ versionId, offset, limit }: HandlerInput<'datasets.preview'>): Promise<DatasetPreview> => {
      const builtin = await builtinData(versionId);
      if (builtin) {
        const { loaded, prepared } = builtin;
        const splits = { train: loaded.train, val: loaded.val ?? emptySet, test: loaded.test };
        if (prepared) {
          const rows: (string | null)[][] = [];
          let seen = 0;
          for (const chunk of prepared.rows()) {
            for (const r of chunk) {
              if (seen >= offset && rows.length < limit) rows.push(r);
              seen++;
            }
          }
          return { versionId, kind: prepared.kind, columns: prepared.stats.previewColumns, rows, offset, total: seen, ...pick(prepared.stats) };
        }
        // Built-in images: one row per sample (split, class, index).
        const total = splits.train.count + splits.val.count + splits.test.count;
        const rows: (string | null)[][] = [];
        for (let i = offset; i < Math.min(total, offset + limit); i++) {
          const s = i < splits.train.count ? 'train' : i < splits.train.count + splits.val.count ? 'val' : 'test';
          const at = s === 'train' ? i : s === 'val' ? i - splits.train.count : i - splits.train.count - splits.val.count;
          rows.push([s, loaded.classes[splits[s].y[at]], String(at)]);
        }
        return { versionId, kind: 'image', columns: ['split', 'class', 'index'], rows, offset, total, stats: [], classBalance: classBalance(loaded.classes, splits) };
      }
      const meta = data.meta(versionId);
      if (!meta) throw new ApiError('not_found', 'This dataset version no longer exists (it may have been deleted).');
      const stats = JSON.parse(meta.stats) as PreparedStats;
      const page = data.rows(versionId, offset, limit);
      return { versionId, kind: meta.kind, columns: stats.previewColumns, rows: page.rows, offset, total: page.total, ...pick(stats) };
    },

    'datasets.images': async ({ versionId, className, limit }: HandlerInput<'datasets.images'>): Promise<DatasetImages> => {
      const images: DatasetImages['images'] = [];
      const builtin = await builtinData(versionId);
      let shape: number[];
      let classes: string[];
      const take: { split: (typeof SPLITS)[number]; index: number; x: Float32Array }[] = [];
      if (builtin) {
        ({ inputShape: shape, classes } = builtin.loaded);
        const cls = classes.indexOf(className);
        const per = perSample(shape);
        const set = builtin.loaded.train;
        for (let i = 0; i < set.count && take.length < limit; i++)
          if (set.y[i] === cls) take.push({ split: 'train', index: i, x: set.x.subarray(i * per, (i + 1) * per) });
      } else {
        const meta = data.meta(versionId);
        if (!meta) throw new ApiError('not_found', 'This dataset version no longer exists (it may have been deleted).');
        shape = JSON.parse(meta.input_shape) as number[];
        classes = JSON.parse(meta.classes) as string[];
        const cls = classes.indexOf(className);
        const per = perSample(shape);
        for (const split of SPLITS) {
          let base = 0;
          for (const c of data.chunks(versionId, split)) {
            if (take.length >= limit) break;
            const y = blobToInt32(c.y);
            const x = y.includes(cls) ? blobToFloat32(c.x) : null;
            for (let i = 0; x && i < c.count && take.length < limit; i++)
              if (y[i] === cls) take.push({ split, index: base + i, x: x.subarray(i * per, (i + 1) * per) });
            base += c.count;
          }
        }
      }
      if (!classes.includes(className)) throw new ApiError('not_found', `Class "${className}" is not in ${versionId}.`);
      if (shape.length !== 3) throw new ApiError('invalid_input', `${versionId} does not hold images.`);
      for (const t of take) images.push({ split: t.split, index: t.index, dataUrl: await imageDataUrl(t.x, shape) });
      return { className, images };
    },

    'datasets.versions': ({ id }: HandlerInput<'datasets.versions'>): DatasetVersionInfo[] => {
      const rows = data.versions(id);
      if (rows.length === 0) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
      return rows.map((v) => ({
        versionId: v.id,
        version: v.version,
        createdAt: v.created_at,
        inputShape: JSON.parse(v.input_shape) as number[],
        classes: JSON.parse(v.classes) as string[],
        trainCount: v.train_count,
        valCount: v.val_count,
        testCount: v.test_count,
        recipe: summariseRecipe(JSON.parse(v.recipe) as Record<string, unknown>),
      }));
    },

    'datasets.delete': ({ id }: HandlerInput<'datasets.delete'>) => {
      if (findBuiltin(id)) throw new ApiError('invalid_input', `${id} is built in and cannot be deleted.`);
      return { deleted: data.deleteDataset(id) };
    },
  };
}

const pick = (s: PreparedStats) => ({ stats: s.columns, classBalance: s.classBalance });

/** The recipe without its bulky vocabulary (the count is kept). */
function summariseRecipe(r: Record<string, unknown>): Record<string, unknown> {
  const text = r.text as { vocabulary?: string[] } | null | undefined;
  if (!text?.vocabulary) return r;
  const { vocabulary, ...rest } = text;
  return { ...r, text: { ...rest, vocabularyWords: vocabulary.length } };
}

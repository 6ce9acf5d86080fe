/**
 * Using a trained model: Try it (one row, text or image → probabilities), and scoring a whole file
 * (predictions CSV, the rows that could not be scored, and an evaluation when the file holds the label).
 * Every input goes through the preprocessing training used (see predict/features.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import type { HandlerInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { PredictForm, PredictFormColumn, PredictResult, ScoreFileResult, UnscoredRow } from '../../shared/api/predict-types';
import type { ColumnRecipe } from '../engine/data/encode';
import { openUserFile, writeUserFile } from '../fs/write-user-file';
import { encodeRawRow, imageFeatures, RequestError, textColumnOf, tokenReport } from '../predict/features';
import { predictRows } from '../predict/run-model';
import { cancelled } from '../predict/score-table';
import type { ServiceContext } from './context';
import { fileEvaluations, LabelledRows, labelledRows, storeFileEvaluation } from './predict-evaluation';
import { readImagesForScoring } from '../predict/score-images';
import { scoreTable } from '../predict/score-table';
import { predictorCache, type Predictor } from './predict-model';
import { testRowsSource } from './predict-data';
import { predictionColumns, predictionHeader, predictionLines, predictionsCsv, type PredictionsLayout } from '../predict/predictions-csv';
import { permutationImportance } from '../predict/permutation-importance';
import { storedExplanations, storeImportance } from './predict-explanations';

const FILL_WORDS: Record<string, string> = { mean: 'the training mean', median: 'the training median', mostFrequent: 'the most frequent value', constant: 'the constant' };

function formColumn(c: ColumnRecipe): PredictFormColumn {
  const fill = typeof c.fill === 'number' ? Number(c.fill.toPrecision(4)) : c.fill;
  const whenEmpty =
    c.missing === 'drop' ? null
    : c.type === 'date' ? 'each date part takes its training mean'
    : c.type === 'text' ? 'no words'
    : `${FILL_WORDS[c.missing] ?? 'the fill value'}${fill !== null && fill !== '' ? ` (${fill})` : ''}`;
  return { name: c.name, type: c.type, categories: c.type === 'categorical' ? (c.categories ?? []) : null, whenEmpty };
}

/** A request error (bad input) as the contract's invalid-input error. */
const asApiError = (err: unknown) => (err instanceof RequestError ? new ApiError(err.status >= 500 ? 'internal' : 'invalid_input', err.message) : err);

export function predictService(ctx: ServiceContext) {
  const models = predictorCache(ctx);
  const tests = testRowsSource(ctx);
  const running = new Map<string, AbortController>();

  async function predictOne(p: Predictor, input: HandlerInput<'experiments.predict'>): Promise<PredictResult> {
    const t0 = performance.now();
    const x = new Float32Array(p.inputs.size);
    let tokens: Pick<PredictResult, 'unknownTokens' | 'tokensCut'> = {};
    if (input.image !== undefined) {
      const b64 = input.image.replace(/^data:[^,]*;base64,/, '');
      x.set(await imageFeatures(p.inputs, Buffer.from(b64, 'base64')));
    } else if (input.text !== undefined) {
      const column = textColumnOf(p.inputs);
      if (column === null) throw new RequestError(`"${p.name}" does not read one text column; fill in its columns instead.`);
      encodeRawRow(p.inputs, { [column]: input.text }, x, 0, 'The text');
      tokens = tokenReport(p.inputs, input.text);
    } else if (input.row !== undefined) {
      encodeRawRow(p.inputs, input.row, x, 0);
      const column = textColumnOf(p.inputs);
      if (column !== null && typeof input.row[column] === 'string') tokens = tokenReport(p.inputs, input.row[column]);
    } else throw new RequestError('Give a row of column values, a text, or an image to predict.');
    const [probabilities] = await predictRows(p.model, x, 1, p.inputs.shape);
    let best = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k] > probabilities[best]) best = k;
    return { classes: p.classes, probabilities, predicted: p.classes[best] ?? String(best), ...tokens, ms: performance.now() - t0 };
  }

  type ScoreProgress = (phase: 'reading' | 'predicting' | 'writing' | 'done', done: number, total: number | null) => void;
  type ScoreJob = { path: string; out: string; idColumn?: string; signal: AbortSignal; progress: ScoreProgress };
  type Scored = Omit<ScoreFileResult, 'scoreId' | 'out' | 'seconds'>;
  const noneScored = (path: string, unscored: UnscoredRow[]) =>
    new ApiError('invalid_input', `No row of ${basename(path)} could be scored. ${unscored.slice(0, 3).map((u) => `Row ${u.row || u.file}: ${u.reason}`).join(' ')}`);

  /** A folder of images: read and predicted whole (image sets are thousands of files, not millions of rows). */
  async function scoreImageFolder(p: Predictor, job: ScoreJob): Promise<Scored> {
    const data = await readImagesForScoring(job.path, p.inputs, { signal: job.signal, onProgress: (d, t) => job.progress('reading', d, t) });
    if (data.n === 0) throw noneScored(job.path, data.unscored);
    job.progress('predicting', 0, data.n);
    const rows = await predictRows(p.model, data.x, data.n, p.inputs.shape, (done) => {
      job.progress('predicting', done, data.n);
      return !job.signal.aborted;
    });
    if (job.signal.aborted) throw cancelled();
    job.progress('writing', 0, data.n);
    const csv = predictionsCsv(
      p.classes,
      rows.map((probabilities, i) => ({ rowNumber: data.rowNumbers[i], id: data.ids?.[i] ?? null, probabilities })),
      { idColumn: data.idColumn, withRowNumber: false },
    );
    writeUserFile(ctx.dataDir, job.out, csv.text, 'the predictions');
    const evaluation = data.labels ? storeFileEvaluation(ctx, p, job.path, labelledRows(p.classes, rows, data.labels)) : null;
    return { rows: data.total, scored: data.n, unscored: data.unscored, columns: csv.columns, evaluation };
  }

  /**
   * A CSV file: read, predicted and written a piece at a time (scoreTable), so a file of millions of rows
   * is never held whole; only the labelled rows' probabilities are kept for the evaluation (4 bytes per class).
   */
  async function scoreCsvFile(p: Predictor, job: ScoreJob): Promise<Scored> {
    const file = openUserFile(ctx.dataDir, job.out, 'the predictions');
    const labelled = new LabelledRows(p.classes);
    let layout: PredictionsLayout = { idColumn: null, withRowNumber: true };
    let read = { rows: 0, fraction: 0 };
    try {
      const r = await scoreTable(
        job.path,
        p.inputs,
        { label: p.label, idColumn: job.idColumn, signal: job.signal, onProgress: (rows, fraction) => (read = { rows, fraction }) },
        (idColumn) => {
          layout = { idColumn, withRowNumber: true };
          file.write(predictionHeader(p.classes, layout));
        },
        async (b) => {
          const rows = await predictRows(p.model, b.x, b.n, p.inputs.shape, () => !job.signal.aborted);
          if (job.signal.aborted) throw cancelled();
          file.write(predictionLines(p.classes, rows.map((probabilities, i) => ({ rowNumber: b.rowNumbers[i], id: b.ids?.[i] ?? null, probabilities })), layout));
          if (b.labels) labelled.add(rows, b.labels);
          // Rows read so far, of about as many as the part of the file read so far suggests.
          job.progress('predicting', read.rows, read.fraction > 0 ? Math.max(read.rows, Math.round(read.rows / read.fraction)) : null);
        },
      );
      if (r.scored === 0) throw noneScored(job.path, r.unscored);
      file.commit();
      const evaluation = labelled.any ? storeFileEvaluation(ctx, p, job.path, labelled.result()) : null;
      return { rows: r.total, scored: r.scored, unscored: r.unscored, columns: predictionColumns(p.classes, layout), evaluation };
    } catch (err) {
      file.discard();
      throw err;
    }
  }

  const handlers = {
    'experiments.predictForm': async ({ id, seed }: HandlerInput<'experiments.predictForm'>): Promise<PredictForm> => {
      const p = await models.get(id);
      let s = (seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
      const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
      return {
        experimentId: id,
        kind: p.kind,
        classes: p.classes,
        columns: p.inputs.encoder?.recipe.columns.map(formColumn) ?? [],
        image: p.inputs.image,
        example: await tests.example(p, random),
      };
    },
    'experiments.predict': async (input: HandlerInput<'experiments.predict'>): Promise<PredictResult> => {
      const p = await models.get(input.id);
      try {
        return await predictOne(p, input);
      } catch (err) {
        throw asApiError(err);
      }
    },
    'experiments.scoreFile': async (input: HandlerInput<'experiments.scoreFile'>): Promise<ScoreFileResult> => {
      const { id, path, out } = input;
      if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose the file by its full path (got "${path}").`);
      if (!existsSync(path)) throw new ApiError('not_found', `There is no file or folder at ${path}.`);
      if (!isAbsolute(out)) throw new ApiError('invalid_input', `Choose a full path for the predictions file (got "${out}").`);
      const scoreId = input.scoreId ?? randomUUID();
      if (running.has(scoreId)) throw new ApiError('conflict', `Scoring ${scoreId} is already running.`);
      const controller = new AbortController();
      running.set(scoreId, controller);
      const started = performance.now();
      const progress = (phase: 'reading' | 'predicting' | 'writing' | 'done', done: number, total: number | null) =>
        ctx.bus.emit('experiments.scoreProgress', { scoreId, phase, done, total });
      try {
        const p = await models.get(id);
        progress('reading', 0, null);
        const scored = await (statSync(path).isDirectory() ? scoreImageFolder : scoreCsvFile)(p, { path, out, idColumn: input.idColumn, signal: controller.signal, progress }).catch(
          (err: unknown) => {
            throw asApiError(err);
          },
        );
        progress('done', scored.scored, scored.scored);
        return { scoreId, out, ...scored, seconds: (performance.now() - started) / 1000 };
      } finally {
        running.delete(scoreId);
      }
    },
    'experiments.cancelScore': ({ scoreId }: HandlerInput<'experiments.cancelScore'>) => {
      const c = running.get(scoreId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },
    'experiments.importance': async ({ id, repeats }: HandlerInput<'experiments.importance'>) => {
      const p = await models.get(id);
      const encoder = p.inputs.encoder;
      if (!encoder || p.kind !== 'table') throw new ApiError('invalid_input', `Column importance is for table models; "${p.name}" reads ${p.kind === 'image' ? 'images' : 'a text'}.`);
      const raw = tests.rawTest(p);
      const labelAt = p.label === null || !raw ? -1 : raw.columns.indexOf(p.label);
      if (!raw || labelAt < 0) throw new ApiError('invalid_input', `The dataset of "${p.name}" kept no raw test rows with their label to shuffle.`);
      const columns = encoder.recipe.columns.map((c) => c.name);
      // Only rows the model can read and whose label it knows: the same rows for every shuffle.
      const rows: Record<string, string | null>[] = [];
      const labels: number[] = [];
      const probe = new Float32Array(p.inputs.size);
      for (const cells of raw.rows) {
        const label = p.classes.indexOf(cells[labelAt] ?? '');
        if (label < 0) continue;
        const row = Object.fromEntries(columns.map((c) => [c, cells[raw.columns.indexOf(c)] ?? null]));
        try {
          encodeRawRow(p.inputs, row, probe, 0);
        } catch {
          continue;
        }
        rows.push(row);
        labels.push(label);
      }
      if (rows.length === 0) throw new ApiError('invalid_input', `No test row of "${p.name}" could be read to shuffle.`);
      const importance = await permutationImportance({
        columns,
        rows,
        labels,
        size: p.inputs.size,
        // A shuffled cell can be one the strict check refuses only if the original was; those rows were left out.
        encode: (row, x, base) => encodeRawRow(p.inputs, row, x, base),
        predict: (x, n) => predictRows(p.model, x, n, p.inputs.shape),
        repeats: repeats ?? 5,
        seed: 1,
      });
      return storeImportance(ctx, id, importance);
    },
    'experiments.explanations': ({ id }: HandlerInput<'experiments.explanations'>) => storedExplanations(ctx, id),
    'experiments.fileEvaluations': ({ id }: HandlerInput<'experiments.fileEvaluations'>) => fileEvaluations(ctx, id),
  };
  return { handlers, dispose: () => models.dispose(), testRows: tests.rawTest, predictor: models.get };
}

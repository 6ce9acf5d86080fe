import { statSync } from 'node:fs';
import { readImagesForScoring } from '../predict/score-images';
import { readTableForScoring, type ScoringInput } from '../predict/score-table';
import type { Predictor } from './predict-model';

/** A CSV file (table and text models) or an image folder (image models) → rows ready to predict. */
export function readForScoring(
  path: string,
  p: Predictor,
  o: { idColumn?: string; signal: AbortSignal; onProgress: (done: number, total: number | null) => void },
): Promise<ScoringInput> {
  if (statSync(path).isDirectory()) return readImagesForScoring(path, p.inputs, o);
  return readTableForScoring(path, p.inputs, { label: p.label, idColumn: o.idColumn, signal: o.signal, onProgress: (rows) => o.onProgress(rows, null) });
}

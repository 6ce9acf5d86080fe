import type { ColumnSuggestion, CsvColumnInfo } from '../../../shared/api/types';
import { TextTally } from './running-stats';

/**
 * The import's defaults, the ones a careful data scientist would choose, each with its reason. The same
 * functions serve `inspect` (which shows them) and the import (which applies them to unset choices), so
 * the two always agree.
 */

/** One-hot columns keep this many most frequent categories; the rest share an "other" column. */
export const TOP_CATEGORIES = 20;
/** A categorical column where more than this share of the values differ is left out (names, free-form codes). */
const MOSTLY_UNIQUE = 0.5;
/** Text sequences: the 95th-percentile length, within these bounds. */
export const TEXT_LENGTH_BOUNDS = { min: 4, max: 256 } as const;
export const TEXT_VOCAB_MAX = 20_000;

type Inferred = Omit<CsvColumnInfo, 'suggestion'> & { idReason: string | null };

const base = (info: Inferred): Omit<ColumnSuggestion, 'reason'> => ({
  role: 'feature',
  type: info.type,
  missing: info.type === 'numeric' ? 'mean' : info.type === 'text' ? 'constant' : 'mostFrequent',
  scaling: info.type === 'numeric' || info.type === 'date' ? 'zscore' : 'none',
  encoding: 'onehot',
  maxCategories: TOP_CATEGORIES,
});

/** The default treatment of one column, from what inference saw in `present` non-missing values. */
export function columnSuggestion(info: Inferred, present: number): ColumnSuggestion {
  const d = base(info);
  const ignore = (reason: string): ColumnSuggestion => ({ ...d, role: 'ignore', reason });
  if (present === 0) return ignore('Left out: the column has no values.');
  if (info.idReason) return ignore(`Left out: ${info.idReason}; an identifier says nothing about new rows.`);
  if (info.distinct === 1 && info.type !== 'text') return ignore('Left out: every row has the same value, so it carries no information.');
  const filled = info.missing > 0 ? ' Missing cells take the training rows’ ' : '';
  switch (info.type) {
    case 'numeric':
      return { ...d, reason: `Z-scored with the training rows’ mean and standard deviation, so every number is on one scale.${filled ? `${filled}mean.` : ''}` };
    case 'boolean':
      return { ...d, reason: `Yes/no values become 1 and 0.${filled ? `${filled}most frequent value.` : ''}` };
    case 'date':
      return { ...d, reason: 'A date: turned into year, month, day of the year and weekday (and the hour when times are given), each z-scored; never one category per day.' };
    case 'text':
      return { ...d, reason: 'Free text: split into words, each word an id from a vocabulary built on the training rows.' };
    case 'categorical': {
      if (info.distinct > TOP_CATEGORIES && info.distinct > present * MOSTLY_UNIQUE)
        return ignore(`Left out: ${info.distinct} different values in ${present} rows (names or codes?), too many to learn from.`);
      if (info.distinct > TOP_CATEGORIES)
        return { ...d, reason: `One-hot: ${info.distinct} categories; the ${TOP_CATEGORIES} most frequent keep a column each and the rest share one “other” column.` };
      return { ...d, reason: `One-hot: one 0/1 column per category (${info.distinct}).${filled ? `${filled}most frequent category.` : ''}` };
    }
  }
}

const CLASS_NAMES = new Set([
  'label', 'labels', 'class', 'classes', 'target', 'species', 'category', 'categories', 'y', 'outcome', 'result', 'kind',
  'type', 'diagnosis', 'grade', 'status', 'variety', 'genre', 'sentiment', 'group', 'survived', 'churn', 'response', 'tag',
  'classification', 'verdict', 'decision', 'segment', 'tier', 'level', 'band', 'stage', 'quality', 'rating', 'income', 'default', 'fraud', 'spam',
]);
/** A column name that says "this is what to predict" (case, spaces and punctuation ignored). */
export const classLikeName = (name: string) => {
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return CLASS_NAMES.has(n) || CLASS_NAMES.has(n.replace(/_?(name|label|id|class)$/, '')) || /^(is|has)_/.test(n);
};

/**
 * The most plausible label: a class-like name counts most, then few distinct values (2–20) in a
 * categorical or yes/no column, then few missing cells; position only breaks ties (later wins).
 * Numbers qualify only with a class-like name and few values (e.g. "target" = 0/1).
 */
export function suggestLabel(columns: readonly CsvColumnInfo[], rows: number): { name: string; reason: string } | null {
  let best: { name: string; reason: string; score: number } | null = null;
  columns.forEach((c, i) => {
    const named = classLikeName(c.name);
    const few = c.distinct >= 2 && c.distinct <= 20;
    const usable =
      !c.idLike && c.distinct >= 2 && c.distinct <= 1000 &&
      (c.type === 'categorical' || c.type === 'boolean' || (c.type === 'numeric' && named && few));
    if (!usable) return;
    const score = (named ? 100 : 0) + (few ? 20 : c.distinct <= 100 ? 5 : 0) + (c.type === 'numeric' ? 0 : 10) - (20 * c.missing) / Math.max(1, rows) + i / columns.length;
    if (best && score <= best.score) return;
    const reason = named
      ? `“${c.name}” has a class-like name and ${c.distinct} distinct values.`
      : `“${c.name}” has few distinct values (${c.distinct}), as a class column does; no column has a class-like name.`;
    best = { name: c.name, reason, score };
  });
  const b = best as { name: string; reason: string } | null;
  return b ? { name: b.name, reason: b.reason } : null;
}

/**
 * Sequence length and vocabulary size from the texts themselves: the 95th-percentile word count (so
 * 95 % of texts are seen whole, within TEXT_LENGTH_BOUNDS), and every word seen at least twice (all
 * words when that leaves fewer than 50), plus the padding and unknown ids.
 */
export function textDefaults(texts: Iterable<string>): { length: number; vocabSize: number; reason: string } {
  const tally = new TextTally();
  for (const t of texts) tally.add(t);
  return textDefaultsOf(tally);
}

/** textDefaults from a tally folded one text at a time (the streaming import's pass 1). */
export function textDefaultsOf(tally: TextTally): { length: number; vocabSize: number; reason: string } {
  const p95 = tally.quantile(0.95);
  const length = Math.min(TEXT_LENGTH_BOUNDS.max, Math.max(TEXT_LENGTH_BOUNDS.min, p95));
  let repeated = 0;
  for (const c of tally.words.values()) if (c >= 2) repeated++;
  const words = repeated >= 50 ? repeated : tally.words.size;
  const vocabSize = Math.max(3, Math.min(TEXT_VOCAB_MAX, words + 2));
  const capped = p95 > TEXT_LENGTH_BOUNDS.max ? ` (capped at ${TEXT_LENGTH_BOUNDS.max})` : '';
  return {
    length,
    vocabSize,
    reason: `95 % of the texts have at most ${p95} words${capped}; ${words.toLocaleString('en')} words occur ${words === repeated ? 'at least twice' : 'at all'}${words + 2 > TEXT_VOCAB_MAX ? ` (the ${TEXT_VOCAB_MAX.toLocaleString('en')} most frequent are kept)` : ''}.`,
  };
}

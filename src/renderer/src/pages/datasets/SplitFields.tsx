import { splitProblem } from '../../../../shared/api/datasets-schemas';
import { NumberField } from '../../ui/NumberField';

/** Train/validation/test shares of a dataset, fractions that must add up to 1. */
export interface Split {
  train: number;
  val: number;
  test: number;
}

const fraction = (n: number) => (n >= 0 && n <= 1 ? null : 'Between 0 and 1.');
const pct = (n: number) => `${Math.round(n * 1000) / 10} %`;

/**
 * The three split fields and, under them, what they mean in rows, or one plain sentence when they do not
 * add up to 1 (the import is refused then rather than rescaled, so what the user typed is what happens).
 */
export function SplitFields({ split, rows, testIdPrefix = 'split', onChange }: { split: Split; rows?: number; testIdPrefix?: string; onChange(s: Split): void }) {
  const problem = splitProblem(split);
  // With a known row count (a CSV), each share also in rows; an image folder is counted only by the import.
  const rowsOf = (f: number, words = '') => (rows ? ` (${words}${Math.round(f * rows).toLocaleString()}${words ? ' rows' : ''})` : '');
  return (
    <>
      <NumberField label="Train" testId={`${testIdPrefix}-train`} value={split.train} step={0.05} check={fraction} onCommit={(train) => onChange({ ...split, train })} />
      <NumberField label="Validation" testId={`${testIdPrefix}-validation`} value={split.val} step={0.05} check={fraction} onCommit={(val) => onChange({ ...split, val })} />
      <NumberField label="Test" testId={`${testIdPrefix}-test`} value={split.test} step={0.05} check={fraction} onCommit={(test) => onChange({ ...split, test })} />
      <p className={problem ? 'app-error-text ds-split-note' : 'app-muted ds-split-note'} data-testid={`${testIdPrefix}-note`} role={problem ? 'alert' : undefined}>
        {problem ??
          `${pct(split.train)} to learn from${rowsOf(split.train, 'about ')}, ${pct(split.val)} held out while training to spot overfitting${rowsOf(split.val)}, ${pct(split.test)} kept for the final score${rowsOf(split.test)}.`}
      </p>
    </>
  );
}

import type { CsvColumnInfo } from '../../../../shared/api/types';

/** At most this many classes are drawn; the rest are summed in one line. */
const SHOWN = 12;

/** A sentence about a lopsided or thin label, or null when the classes look usable. */
export function balanceWarning(counts: { value: string; count: number }[], testShare: number): string | null {
  if (counts.length < 2) return counts.length === 1 ? `Every row has the same label (“${counts[0].value}”): there is nothing to tell apart.` : null;
  const total = counts.reduce((a, c) => a + c.count, 0);
  const rarest = counts[counts.length - 1];
  if (testShare > 0 && rarest.count * testShare < 1)
    return `“${rarest.value}” has only ${rarest.count} row${rarest.count === 1 ? '' : 's'}: the test set may hold none of it, so its score would mean little.`;
  if (counts[0].count / total >= 0.9)
    return `“${counts[0].value}” is ${Math.round((counts[0].count / total) * 100)} % of the rows: a model can score that much by always answering it. Consider “Class weights: balanced” on the Train page.`;
  return null;
}

/**
 * Rows per class of the chosen label, over the whole file, before anything is imported (from inspect's
 * value counts), so a lopsided or mistaken label shows before the import, not after training.
 */
export function LabelBalance({ column, testShare }: { column: CsvColumnInfo | undefined; testShare: number }) {
  if (!column) return null;
  if (!column.counts)
    return (
      <p className="app-warning" data-testid="label-balance" data-classes={column.distinct}>
        “{column.name}” has more than 50 different values ({column.distinct.toLocaleString()} in the first rows): as a label that would be that many classes. Is it the column you want to predict?
      </p>
    );
  const counts = column.counts;
  const total = counts.reduce((a, c) => a + c.count, 0);
  const max = Math.max(1, ...counts.map((c) => c.count));
  const rest = counts.slice(SHOWN);
  const warning = balanceWarning(counts, testShare);
  return (
    <figure className="ds-label-balance" data-testid="label-balance" data-classes={counts.length}>
      <figcaption>
        Classes of “{column.name}”: {counts.length} in {total.toLocaleString()} rows
      </figcaption>
      <ul aria-label={`Rows per class of ${column.name}`}>
        {counts.slice(0, SHOWN).map((c) => (
          <li key={c.value} data-testid="label-class" data-count={c.count}>
            <span className="ds-bar-label" title={c.value}>
              {c.value}
            </span>
            <span className="ds-bar-track">
              <span className="ds-bar" style={{ width: `${(c.count / max) * 100}%` }} />
            </span>
            <span className="ds-bar-count">
              {c.count.toLocaleString()} ({Math.round((c.count / total) * 100)} %)
            </span>
          </li>
        ))}
      </ul>
      {rest.length > 0 && (
        <small className="app-muted">
          and {rest.length} more classes with {rest.reduce((a, c) => a + c.count, 0).toLocaleString()} rows
        </small>
      )}
      {warning && (
        <p className="app-warning" data-testid="label-balance-warning">
          {warning}
        </p>
      )}
    </figure>
  );
}

/** The predictions file: one line per scored row, the classes' probabilities at full float32 precision. */
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export interface PredictionsLayout {
  idColumn: string | null;
  withRowNumber: boolean;
}

/** The file's columns: row number, the id column, the predicted class, then p_<class> per class. */
export const predictionColumns = (classes: string[], o: PredictionsLayout): string[] => [
  ...(o.withRowNumber ? ['row'] : []),
  ...(o.idColumn !== null ? [o.idColumn] : []),
  'predicted',
  ...classes.map((c) => `p_${c}`),
];

export const predictionHeader = (classes: string[], o: PredictionsLayout): string => `${predictionColumns(classes, o).map(quote).join(',')}\n`;

/** Lines (each ending with a line break) of scored rows. */
export function predictionLines(classes: string[], rows: { rowNumber: number; id: string | null; probabilities: number[] }[], o: PredictionsLayout): string {
  let text = '';
  for (const r of rows) {
    let best = 0;
    for (let k = 1; k < r.probabilities.length; k++) if (r.probabilities[k] > r.probabilities[best]) best = k;
    text += `${[
      ...(o.withRowNumber ? [String(r.rowNumber)] : []),
      ...(o.idColumn !== null ? [quote(r.id ?? '')] : []),
      quote(classes[best] ?? String(best)),
      ...r.probabilities.map((p) => String(p)),
    ].join(',')}\n`;
  }
  return text;
}

export function predictionsCsv(
  classes: string[],
  rows: { rowNumber: number; id: string | null; probabilities: number[] }[],
  o: PredictionsLayout,
): { text: string; columns: string[] } {
  return { text: predictionHeader(classes, o) + predictionLines(classes, rows, o), columns: predictionColumns(classes, o) };
}

/** The predictions file: one line per scored row, the classes' probabilities at full float32 precision. */
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function predictionsCsv(
  classes: string[],
  rows: { rowNumber: number; id: string | null; probabilities: number[] }[],
  o: { idColumn: string | null; withRowNumber: boolean },
): { text: string; columns: string[] } {
  const columns = [
    ...(o.withRowNumber ? ['row'] : []),
    ...(o.idColumn !== null ? [o.idColumn] : []),
    'predicted',
    ...classes.map((c) => `p_${c}`),
  ];
  const lines = [columns.map(quote).join(',')];
  for (const r of rows) {
    let best = 0;
    for (let k = 1; k < r.probabilities.length; k++) if (r.probabilities[k] > r.probabilities[best]) best = k;
    lines.push(
      [
        ...(o.withRowNumber ? [String(r.rowNumber)] : []),
        ...(o.idColumn !== null ? [quote(r.id ?? '')] : []),
        quote(classes[best] ?? String(best)),
        ...r.probabilities.map((p) => String(p)),
      ].join(','),
    );
  }
  return { text: lines.join('\n') + '\n', columns };
}

/** Escape a model name for use inside a RegExp. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The name of a model's next run: "<model> #n", one more than the highest number among the runs already
 * named after it, so three runs of "My CNN" read "My CNN #1", "#2", "#3" in Compare (renaming one later
 * leaves the numbering of the others alone).
 */
export function nextRunName(model: string, existing: readonly string[]): string {
  const base = model.trim() || 'Untitled model';
  const numbered = new RegExp(`^${literal(base)} #(\\d+)$`);
  let highest = 0;
  for (const name of existing) {
    const m = numbered.exec(name.trim());
    if (m) highest = Math.max(highest, Number(m[1]));
    else if (name.trim() === base) highest = Math.max(highest, 1);
  }
  return `${base} #${highest + 1}`;
}

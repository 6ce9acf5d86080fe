/** What a consumer of an exported model must do to raw data before predicting: stored as preprocessing.json. */
export interface Preprocessing {
  format: 'layerlab-preprocessing';
  version: 1;
  /** Model input names (ONNX/TF.js), in the model's order. */
  inputNames: string[];
  /** Per-sample input shape (no batch dimension), channels last. */
  inputShape: number[];
  /** Data kind the model was trained on. */
  kind: 'image' | 'table' | 'text' | 'unknown';
  /** Value scaling applied to raw inputs: x / divideBy (255 for 8-bit pixels), or null when none. */
  scaling: { divideBy: number; description: string } | null;
  /** Class names by output index. */
  labels: string[];
  /** Columns in input order, for rows given by column name (tables). */
  columns?: string[];
  /** Dataset and version the model was trained on, when known. */
  dataset?: { id: string; versionId: string };
  /** The dataset version's own recipe, verbatim. */
  recipe: Record<string, unknown>;
}

/** The preprocessing of a model trained on one dataset version. */
export function buildPreprocessing(opts: {
  inputNames: string[];
  inputShape: number[];
  kind: Preprocessing['kind'];
  labels: string[];
  recipe: Record<string, unknown>;
  dataset?: { id: string; versionId: string };
}): Preprocessing {
  const { recipe } = opts;
  // A recipe's "0..1" scale on images means 8-bit pixels divided by 255 (as the loaders do).
  const scaling =
    typeof recipe.divideBy === 'number'
      ? { divideBy: recipe.divideBy, description: `divide raw values by ${recipe.divideBy}` }
      : recipe.scale === '0..1' && opts.kind === 'image'
        ? { divideBy: 255, description: 'divide 8-bit pixel values (0..255) by 255 → 0..1' }
        : null;
  // Table recipes list their columns as objects ({ name, type, … }); older ones as plain names.
  const columns = Array.isArray(recipe.columns)
    ? recipe.columns.map((c: unknown) =>
        c && typeof c === 'object' && 'name' in c ? String(c.name) : String(c),
      )
    : undefined;
  return {
    format: 'layerlab-preprocessing',
    version: 1,
    inputNames: opts.inputNames,
    inputShape: opts.inputShape,
    kind: opts.kind,
    scaling,
    labels: opts.labels,
    ...(columns ? { columns } : {}),
    ...(opts.dataset ? { dataset: opts.dataset } : {}),
    recipe,
  };
}

import type { ColumnRecipe } from '../engine/data/encode';
import { FALSE, TRUE } from '../engine/data/table';
import { PAD_ID, TOKEN_PATTERN, UNKNOWN_ID } from '../engine/data/tokenize';

/**
 * What a consumer of an exported model must do to raw data before predicting: stored as
 * preprocessing.json. Version 2 spells out every transform (image size/colour/scale, each table column's
 * fill, scaling statistics, categories and date parts, the text vocabulary and tokenizer rules), all taken
 * from the dataset version's recipe, which the one encoder (engine/data/encode.ts) also reads: the file
 * and the app cannot disagree.
 */
export interface Preprocessing {
  format: 'layerlab-preprocessing';
  version: 2;
  /** Model input names (ONNX/TF.js), in the model's order. */
  inputNames: string[];
  /** Per-sample input shape (no batch dimension), channels last. */
  inputShape: number[];
  /** Data kind the model was trained on. */
  kind: 'image' | 'table' | 'text' | 'unknown';
  /** Value scaling in one line; `divideBy` where raw values are divided by one number (8-bit pixels). */
  scaling: { divideBy?: number; description: string } | null;
  /** Class names by output index. */
  labels: string[];
  /** Columns in input order, for rows given by column name (tables). */
  columns?: string[];
  /** Images: decode, resize and scale as in training. */
  image?: ImageSteps;
  /** Tables (and text columns): each column's transform, in feature order. */
  table?: { features: number; columns: ColumnStep[] };
  /** Text: tokenizer rules and the vocabulary (id = position + firstId). */
  text?: TextSteps;
  /** Dataset and version the model was trained on, when known. */
  dataset?: { id: string; versionId: string };
  /** The dataset version's own recipe, verbatim. */
  recipe: Record<string, unknown>;
}

export interface ImageSteps {
  width: number;
  height: number;
  color: 'grayscale' | 'rgb';
  /** How the picture is brought to width × height: stretched, never cropped. */
  resize: 'fill';
  /** Transparent pixels are laid on this colour first. */
  background: '#ffffff';
  /** 8-bit values divided by this (→ 0..1). */
  divideBy: number;
  layout: 'height, width, channels';
}

/** One table column, as the encoder applies it; `features` says where its values go. */
export interface ColumnStep {
  name: string;
  type: ColumnRecipe['type'];
  /** What a missing cell becomes ("drop" = training rows without one were left out). */
  missing: { strategy: ColumnRecipe['missing']; fill: number | string | null };
  /** Numbers (and date parts): x' = (x − center) / scale, fitted on the training split (z-score: mean and std). */
  scaling?: { method: ColumnRecipe['scaling']; center: number; scale: number };
  /** Categories: one-hot over `categories` (plus one "other" column), or index + 1 with 0 for unknown. */
  encoding?: { method: 'onehot' | 'index'; categories: string[]; other: boolean };
  /** Dates: how cells are written, then these parts, each scaled with its own training statistics. */
  date?: { order: string; parts: { name: string; center: number; scale: number }[] };
  /** Yes/no columns: which words read as 1 (anything else as 0). */
  boolean?: string;
  features: { offset: number; width: number };
}

export interface TextSteps {
  length: number;
  tokenizer: { lowercase: true; pattern: string; flags: string; description: string };
  padId: number;
  unknownId: number;
  firstId: number;
  vocabulary: string[];
}


function columnStep(c: ColumnRecipe): ColumnStep {
  const numeric = c.type === 'numeric' || c.type === 'boolean';
  return {
    name: c.name,
    type: c.type,
    missing: { strategy: c.missing, fill: c.fill },
    ...(numeric ? { scaling: { method: c.scaling, center: c.center, scale: c.scale } } : {}),
    ...(c.type === 'categorical' && c.categories
      ? { encoding: { method: c.encoding ?? 'onehot', categories: c.categories, other: Boolean(c.other) } }
      : {}),
    ...(c.type === 'date' ? { date: { order: c.dateOrder ?? 'ymd', parts: c.parts ?? [] } } : {}),
    ...(c.type === 'boolean' ? { boolean: `${[...TRUE].join(', ')} → 1; ${[...FALSE].join(', ')} → 0 (case ignored; anything else is missing)` } : {}),
    features: { offset: c.offset, width: c.width },
  };
}

const isColumnRecipe = (c: unknown): c is ColumnRecipe =>
  Boolean(c) && typeof c === 'object' && typeof (c as ColumnRecipe).name === 'string' && typeof (c as ColumnRecipe).offset === 'number';

/** The preprocessing of a model trained on one dataset version. */
export function buildPreprocessing(opts: {
  inputNames: string[];
  inputShape: number[];
  kind: Preprocessing['kind'];
  labels: string[];
  recipe: Record<string, unknown>;
  dataset?: { id: string; versionId: string };
}): Preprocessing {
  const { recipe, kind } = opts;
  const fitted = Array.isArray(recipe.columns) && recipe.columns.every(isColumnRecipe) ? recipe.columns : null;
  // Older recipes list columns as plain names.
  const columns = Array.isArray(recipe.columns)
    ? recipe.columns.map((c: unknown) => (c && typeof c === 'object' && 'name' in c ? String(c.name) : String(c)))
    : undefined;
  const textRecipe = recipe.text as { length?: number; vocabulary?: string[] } | null | undefined;
  const image: ImageSteps | undefined =
    kind === 'image' && opts.inputShape.length === 3
      ? {
          width: typeof recipe.width === 'number' ? recipe.width : opts.inputShape[1],
          height: typeof recipe.height === 'number' ? recipe.height : opts.inputShape[0],
          color: opts.inputShape[2] === 1 ? 'grayscale' : 'rgb',
          resize: 'fill',
          background: '#ffffff',
          divideBy: typeof recipe.divideBy === 'number' ? recipe.divideBy : 255,
          layout: 'height, width, channels',
        }
      : undefined;
  const scaling = image
    ? { divideBy: image.divideBy, description: `divide 8-bit pixel values (0..255) by ${image.divideBy} → 0..1` }
    : typeof recipe.divideBy === 'number'
      ? { divideBy: recipe.divideBy, description: `divide raw values by ${recipe.divideBy}` }
      : fitted?.some((c) => c.scaling !== 'none')
        ? { description: 'per column, with statistics of the training split: see table.columns[].scaling' }
        : null;
  return {
    format: 'layerlab-preprocessing',
    version: 2,
    inputNames: opts.inputNames,
    inputShape: opts.inputShape,
    kind,
    scaling,
    labels: opts.labels,
    ...(columns ? { columns } : {}),
    ...(image ? { image } : {}),
    ...(fitted ? { table: { features: Number(recipe.features ?? opts.inputShape[0]), columns: fitted.map(columnStep) } } : {}),
    ...(textRecipe?.vocabulary
      ? {
          text: {
            length: textRecipe.length ?? opts.inputShape[0],
            tokenizer: {
              lowercase: true,
              pattern: TOKEN_PATTERN,
              flags: 'gu',
              description: 'lower-case the text, then take every match of the pattern (letters and digits, then letters, digits, apostrophes, underscores) as a word',
            },
            padId: PAD_ID,
            unknownId: UNKNOWN_ID,
            firstId: 2,
            vocabulary: textRecipe.vocabulary,
          },
        }
      : {}),
    ...(opts.dataset ? { dataset: opts.dataset } : {}),
    recipe,
  };
}

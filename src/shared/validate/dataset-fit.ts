/**
 * Does the model fit the dataset it is about to train on? The model's input layer must take one sample of
 * the dataset as it is stored (its feature count, image size and channels, or sequence length) and its
 * output must predict as many classes as the dataset has. Each mismatch is said in plain words, naming the
 * layer by its name, with the parameter edits that fix it; the server refuses a run that does not fit
 * (instead of tfjs's "expected … shape [4] … received [9]"), and the Train page offers the fix.
 */
import type { ModelGraph } from '../graph/types';

export interface DatasetFacts {
  name: string;
  /** One sample's shape as stored: [features], [height, width, channels] or [length]. */
  inputShape: readonly number[];
  classes: readonly string[];
  /** What one sample is; words the message when a model is for another kind of data. */
  kind?: 'table' | 'image' | 'text';
  /** A text dataset's token ids run from 0 to vocabSize − 1 (padding, unknown, then its vocabulary). */
  vocabSize?: number;
}

export interface FitEdit {
  nodeId: string;
  param: string;
  value: number;
}

export interface FitProblem {
  message: string;
  edits: FitEdit[];
}

/** Which parameters of each input layer kind make up one sample's shape, in the stored order. */
const INPUT_PARAMS: Record<string, readonly string[]> = {
  InputVector: ['features'],
  InputImage: ['height', 'width', 'channels'],
  InputSequence: ['length'],
};

const describe = (kind: string, dims: readonly number[]): string =>
  kind === 'InputImage'
    ? `${dims[0]}×${dims[1]} images with ${dims[2]} channel${dims[2] === 1 ? '' : 's'}`
    : kind === 'InputSequence'
      ? `sequences of ${dims[0]} tokens`
      : `${dims[0]} number${dims[0] === 1 ? '' : 's'} per row`;

const KIND_WORDS: Record<string, string> = { table: 'tables', image: 'images', text: 'texts' };

/** What one sample of the dataset is, in words. */
function holds(d: DatasetFacts, dims: readonly number[]): string {
  if (d.kind === 'table') return `table rows of ${dims[0]} numbers`;
  if (d.kind === 'text') return `texts of ${dims[0]} tokens`;
  if (d.kind === 'image' || dims.length === 3) return `${dims[0]}×${dims[1]} images with ${dims[2]} channel${dims[2] === 1 ? '' : 's'}`;
  return `samples of shape ${dims.join('×')}`;
}

export function datasetFitProblems(graph: ModelGraph, dataset: DatasetFacts): FitProblem[] {
  const problems: FitProblem[] = [];
  const inputs = graph.nodes.filter((n) => INPUT_PARAMS[n.kind]);
  if (inputs.length === 1) {
    const input = inputs[0]!;
    const params = INPUT_PARAMS[input.kind]!;
    const has = params.map((p) => Number(input.params[p]));
    const wants = dataset.inputShape;
    if (wants.length !== params.length) {
      problems.push({
        message: `The input layer “${input.name}” takes ${describe(input.kind, has)}, but ${dataset.name} holds ${holds(dataset, wants)}: use the recommended model, or a template made for ${KIND_WORDS[dataset.kind ?? ''] ?? 'this kind of data'}.`,
        edits: [],
      });
    } else if (has.some((v, i) => v !== wants[i])) {
      problems.push({
        message: `The input layer “${input.name}” takes ${describe(input.kind, has)}, but ${dataset.name} gives ${describe(input.kind, wants)}.`,
        edits: params.map((param, i) => ({ nodeId: input.id, param, value: wants[i]! })).filter((e, i) => has[i] !== e.value),
      });
    }
  }
  problems.push(...vocabularyProblems(graph, dataset));
  const output = graph.nodes.find((n) => n.kind === 'Output');
  const classes = Number(output?.params.classes);
  // One sigmoid unit is a two-class head.
  const binaryHead = classes === 1 && dataset.classes.length === 2;
  if (output && Number.isFinite(classes) && classes !== dataset.classes.length && !binaryHead) {
    problems.push({
      message: `The output layer “${output.name}” predicts ${classes} classes, but ${dataset.name} has ${dataset.classes.length} (${dataset.classes.slice(0, 5).join(', ')}${dataset.classes.length > 5 ? ', …' : ''}).`,
      edits: [{ nodeId: output.id, param: 'classes', value: dataset.classes.length }],
    });
  }
  return problems;
}

/** Layers that look token ids up in a table, and so must know every id the dataset holds. */
const TOKEN_LAYERS = ['InputSequence', 'Embedding', 'PositionalEmbedding'];

/**
 * A word id beyond a layer's vocabulary size has no row to look up: tfjs would read garbage or throw. One
 * problem for all such layers, since one edit (the dataset's vocabulary size everywhere) fixes them.
 */
function vocabularyProblems(graph: ModelGraph, dataset: DatasetFacts): FitProblem[] {
  const needed = dataset.vocabSize;
  if (!needed) return [];
  const short = graph.nodes.filter((n) => TOKEN_LAYERS.includes(n.kind) && Number(n.params.vocabSize) < needed);
  if (short.length === 0) return [];
  const lookups = short.filter((n) => n.kind !== 'InputSequence');
  const named = (lookups.length ? lookups : short)[0]!;
  return [
    {
      message: `The layer “${named.name}” knows ${Number(named.params.vocabSize).toLocaleString('en-US')} word ids, but ${dataset.name} uses ${needed.toLocaleString('en-US')} (its vocabulary, padding and unknown words).`,
      edits: short.map((n) => ({ nodeId: n.id, param: 'vocabSize', value: needed })),
    },
  ];
}

/** How each adapted parameter reads in a sentence: “features” takes 10 numbers per row (was 4). */
const CHANGE_WORDS: Record<string, [string, string]> = {
  features: ['takes', 'numbers per row'],
  height: ['takes images', 'pixels high'],
  width: ['takes images', 'pixels wide'],
  channels: ['takes', 'colour channels'],
  length: ['takes', 'tokens per text'],
  vocabSize: ['knows', 'word ids'],
  classes: ['predicts', 'classes'],
};

export interface Adaptation {
  graph: ModelGraph;
  /** One line per changed setting: `“features”: features 4 → 10`. */
  changes: string[];
  /** Problems no edit fixes (a model for another kind of data). */
  remaining: FitProblem[];
}

/** The graph with every fixable problem's edits applied (the layout does not change), and what changed. */
export function adaptGraph(graph: ModelGraph, dataset: DatasetFacts): Adaptation {
  const problems = datasetFitProblems(graph, dataset);
  const remaining = problems.filter((p) => p.edits.length === 0);
  // A model for another kind of data is not half-adapted (a CNN's class count set for a table).
  if (remaining.length) return { graph, changes: [], remaining };
  const edits = problems.flatMap((p) => p.edits);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const changes = edits.map((e) => {
    const n = byId.get(e.nodeId)!;
    const words = CHANGE_WORDS[e.param] ?? ['sets', e.param];
    return `“${n.name}” ${words[0]} ${e.value.toLocaleString('en-US')} ${words[1]} (was ${Number(n.params[e.param]).toLocaleString('en-US')})`;
  });
  const adapted = edits.length
    ? {
        ...graph,
        nodes: graph.nodes.map((n) => {
          const mine = edits.filter((e) => e.nodeId === n.id);
          return mine.length ? { ...n, params: { ...n.params, ...Object.fromEntries(mine.map((e) => [e.param, e.value])) } } : n;
        }),
      }
    : graph;
  return { graph: adapted, changes, remaining };
}

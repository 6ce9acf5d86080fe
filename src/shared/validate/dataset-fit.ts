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
        message: `The input layer “${input.name}” takes ${describe(input.kind, has)}, but ${dataset.name} holds ${wants.length === 3 ? 'images' : wants.length === 1 ? 'rows or sequences' : 'samples'} of shape ${wants.join('×')}: choose a model made for this kind of data.`,
        edits: [],
      });
    } else if (has.some((v, i) => v !== wants[i])) {
      problems.push({
        message: `The input layer “${input.name}” takes ${describe(input.kind, has)}, but ${dataset.name} gives ${describe(input.kind, wants)}.`,
        edits: params.map((param, i) => ({ nodeId: input.id, param, value: wants[i]! })).filter((e, i) => has[i] !== e.value),
      });
    }
  }
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

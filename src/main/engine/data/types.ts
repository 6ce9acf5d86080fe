/** Samples held in memory as flat float features and integer class labels. */
export interface SampleSet {
  /** count × prod(inputShape) features, row-major. */
  x: Float32Array;
  /** Class index per sample. */
  y: Int32Array;
  count: number;
}

/** A dataset ready to train on: shape, labels and the three splits. */
export interface LoadedDataset {
  id: string;
  inputShape: number[];
  classes: string[];
  train: SampleSet;
  /** The stored validation split of an imported dataset (the trainer may instead cut one from train). */
  val?: SampleSet;
  test: SampleSet;
}

/** What the catalog of built-in datasets says about one (before loading any data). */
export interface BuiltinDatasetInfo {
  id: string;
  name: string;
  description: string;
  kind: 'image' | 'table' | 'text';
  inputShape: number[];
  classes: string[];
  trainCount: number;
  testCount: number;
  /** Text datasets: how many token ids the loader produces (0 … vocabSize − 1). */
  vocabSize?: number;
  /** Bump when the loader's output changes, so experiments record which data they saw. */
  version: number;
  load(limits: { train: number; test: number }): Promise<LoadedDataset> | LoadedDataset;
}

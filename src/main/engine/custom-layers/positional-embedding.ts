import * as tf from '@tensorflow/tfjs';

/** Config of the positional embedding as saved in model.json. */
export interface PositionalEmbeddingArgs {
  vocabSize: number;
  embedDim: number;
  sequenceLength: number;
  name?: string;
  trainable?: boolean;
}

/**
 * tf.gather whose gradient is one scatter-add. tf.gather's own gradient runs UnsortedSegmentSum, which
 * the cpu backend computes with one masked sum per vocabulary entry: ~50 s per step at 10k tokens.
 */
function embeddingLookup(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocab, dim] = table.shape as [number, number];
  const lookup = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, save: tf.GradSaveFunc) => {
    save([i]);
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.scatterND(tf.reshape(saved[0], [-1, 1]), tf.reshape(dy, [-1, dim]), [vocab, dim]),
        tf.zerosLike(saved[0]),
      ],
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return lookup(table, ids);
}

/**
 * Token embedding plus a learned position embedding: out[b, t] = tokens[ids[b, t]] + positions[t].
 * Input: [batch, steps] token ids (float or int); output: [batch, steps, embedDim].
 */
export class PositionalEmbedding extends tf.layers.Layer {
  static readonly className = 'PositionalEmbedding';
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly sequenceLength: number;
  private tokens: tf.LayerVariable | null = null;
  private positions: tf.LayerVariable | null = null;

  constructor(args: PositionalEmbeddingArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.embedDim = args.embedDim;
    this.sequenceLength = args.sequenceLength;
  }

  override build(): void {
    const uniform = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 });
    this.tokens = this.addWeight('token_embeddings', [this.vocabSize, this.embedDim], 'float32', uniform());
    this.positions = this.addWeight(
      'position_embeddings',
      [this.sequenceLength, this.embedDim],
      'float32',
      uniform(),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape, this.embedDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const ids = tf.cast(x, 'int32');
      const steps = x.shape[1] as number;
      const pos = tf.slice(this.positions!.read(), [0, 0], [steps, this.embedDim]);
      return tf.add(embeddingLookup(this.tokens!.read(), ids), pos);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      embedDim: this.embedDim,
      sequenceLength: this.sequenceLength,
    };
  }
}

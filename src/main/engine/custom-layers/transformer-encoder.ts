import * as tf from '@tensorflow/tfjs';
import { dense, layerNorm } from './layer-norm';

/** Config of the encoder block as saved in model.json. */
export interface TransformerEncoderArgs {
  numHeads: number;
  ffDim: number;
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

type WeightName =
  | 'wq'
  | 'bq'
  | 'wk'
  | 'bk'
  | 'wv'
  | 'bv'
  | 'wo'
  | 'bo'
  | 'ln1Gamma'
  | 'ln1Beta'
  | 'w1'
  | 'b1'
  | 'w2'
  | 'b2'
  | 'ln2Gamma'
  | 'ln2Beta';
type Weights = Record<WeightName, tf.LayerVariable>;

/**
 * One post-norm Transformer encoder block, written with standard ops only (matMul, softmax, moments) so
 * it trains on every backend:
 *   x1 = LayerNorm(x + MultiHeadSelfAttention(x));  out = LayerNorm(x1 + W2·relu(W1·x1 + b1) + b2)
 * Input and output: [batch, steps, features]; features must be divisible by numHeads.
 */
export class TransformerEncoder extends tf.layers.Layer {
  static readonly className = 'TransformerEncoder';
  readonly numHeads: number;
  readonly ffDim: number;
  readonly epsilon: number;
  private w: Weights | null = null;

  constructor(args: TransformerEncoderArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.ffDim = args.ffDim;
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1] as number;
    if (d % this.numHeads !== 0)
      throw new Error(`TransformerEncoder: ${this.numHeads} heads do not divide ${d} features.`);
    const glorot = () => tf.initializers.glorotUniform({});
    const zeros = () => tf.initializers.zeros();
    const ones = () => tf.initializers.ones();
    const add = (name: string, s: number[], init: ReturnType<typeof tf.initializers.zeros>) =>
      this.addWeight(name, s, 'float32', init);
    this.w = {
      wq: add('query/kernel', [d, d], glorot()),
      bq: add('query/bias', [d], zeros()),
      wk: add('key/kernel', [d, d], glorot()),
      bk: add('key/bias', [d], zeros()),
      wv: add('value/kernel', [d, d], glorot()),
      bv: add('value/bias', [d], zeros()),
      wo: add('attention_output/kernel', [d, d], glorot()),
      bo: add('attention_output/bias', [d], zeros()),
      ln1Gamma: add('layernorm_1/gamma', [d], ones()),
      ln1Beta: add('layernorm_1/beta', [d], zeros()),
      w1: add('ffn_1/kernel', [d, this.ffDim], glorot()),
      b1: add('ffn_1/bias', [this.ffDim], zeros()),
      w2: add('ffn_2/kernel', [this.ffDim, d], glorot()),
      b2: add('ffn_2/bias', [d], zeros()),
      ln2Gamma: add('layernorm_2/gamma', [d], ones()),
      ln2Beta: add('layernorm_2/beta', [d], zeros()),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const w = this.w!;
      const r = (v: tf.LayerVariable) => v.read();
      const [b, l, d] = x.shape as [number, number, number];
      const h = this.numHeads;
      const dh = d / h;
      // [b, l, d] → [b, h, l, dh]
      const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, l, h, dh]), [0, 2, 1, 3]);
      const q = heads(dense(x, r(w.wq), r(w.bq)));
      const k = heads(dense(x, r(w.wk), r(w.bk)));
      const v = heads(dense(x, r(w.wv), r(w.bv)));
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
      const attended = tf.matMul(tf.softmax(scores, -1), v);
      const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [b, l, d]);
      const attention = dense(merged, r(w.wo), r(w.bo));
      const x1 = layerNorm(tf.add(x, attention), r(w.ln1Gamma), r(w.ln1Beta), this.epsilon);
      const ff = dense(tf.relu(dense(x1, r(w.w1), r(w.b1))), r(w.w2), r(w.b2));
      return layerNorm(tf.add(x1, ff), r(w.ln2Gamma), r(w.ln2Beta), this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, ffDim: this.ffDim, epsilon: this.epsilon };
  }
}

/** JavaScript source of LayerLab's custom tfjs layers, as in src/main/engine/custom-layers (keep in step). */
export const TFJS_CUSTOM_LAYERS: Record<string, string> = {
  PositionalEmbedding: `/** Token embedding plus a learned position embedding: out[b, t] = tokens[ids[b, t]] + positions[t]. */
class PositionalEmbedding extends tf.layers.Layer {
  static className = 'PositionalEmbedding';
  constructor(args) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.embedDim = args.embedDim;
    this.sequenceLength = args.sequenceLength;
  }
  build() {
    const uniform = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 });
    this.tokens = this.addWeight('token_embeddings', [this.vocabSize, this.embedDim], 'float32', uniform());
    this.positions = this.addWeight('position_embeddings', [this.sequenceLength, this.embedDim], 'float32', uniform());
    this.built = true;
  }
  computeOutputShape(inputShape) {
    return [...inputShape, this.embedDim];
  }
  call(inputs) {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const ids = tf.cast(x, 'int32');
      const pos = tf.slice(this.positions.read(), [0, 0], [x.shape[1], this.embedDim]);
      // Gradient as one scatter-add: tf.gather's own is very slow on the cpu backend for large vocabularies.
      const [vocab, dim] = [this.vocabSize, this.embedDim];
      const lookup = tf.customGrad((table, i, save) => {
        save([i]);
        return {
          value: tf.gather(table, i),
          gradFunc: (dy, saved) => [
            tf.scatterND(tf.reshape(saved[0], [-1, 1]), tf.reshape(dy, [-1, dim]), [vocab, dim]),
            tf.zerosLike(saved[0]),
          ],
        };
      });
      return tf.add(lookup(this.tokens.read(), ids), pos);
    });
  }
  getConfig() {
    return { ...super.getConfig(), vocabSize: this.vocabSize, embedDim: this.embedDim, sequenceLength: this.sequenceLength };
  }
}
tf.serialization.registerClass(PositionalEmbedding);
`,
  TransformerEncoder: `/** One post-norm Transformer encoder block: LayerNorm(x + MHSA(x)), then LayerNorm(x1 + FFN(x1)). */
class TransformerEncoder extends tf.layers.Layer {
  static className = 'TransformerEncoder';
  constructor(args) {
    super(args);
    this.numHeads = args.numHeads;
    this.ffDim = args.ffDim;
    this.epsilon = args.epsilon ?? 1e-6;
  }
  build(inputShape) {
    const d = inputShape[inputShape.length - 1];
    const add = (name, shape, init) => this.addWeight(name, shape, 'float32', init);
    const glorot = () => tf.initializers.glorotUniform({});
    const zeros = () => tf.initializers.zeros();
    const ones = () => tf.initializers.ones();
    this.w = {
      wq: add('query/kernel', [d, d], glorot()), bq: add('query/bias', [d], zeros()),
      wk: add('key/kernel', [d, d], glorot()), bk: add('key/bias', [d], zeros()),
      wv: add('value/kernel', [d, d], glorot()), bv: add('value/bias', [d], zeros()),
      wo: add('attention_output/kernel', [d, d], glorot()), bo: add('attention_output/bias', [d], zeros()),
      ln1Gamma: add('layernorm_1/gamma', [d], ones()), ln1Beta: add('layernorm_1/beta', [d], zeros()),
      w1: add('ffn_1/kernel', [d, this.ffDim], glorot()), b1: add('ffn_1/bias', [this.ffDim], zeros()),
      w2: add('ffn_2/kernel', [this.ffDim, d], glorot()), b2: add('ffn_2/bias', [d], zeros()),
      ln2Gamma: add('layernorm_2/gamma', [d], ones()), ln2Beta: add('layernorm_2/beta', [d], zeros()),
    };
    this.built = true;
  }
  computeOutputShape(inputShape) {
    return inputShape;
  }
  call(inputs) {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const w = Object.fromEntries(Object.entries(this.w).map(([k, v]) => [k, v.read()]));
      const [b, l, d] = x.shape;
      const h = this.numHeads;
      const dh = d / h;
      const dense = (t, k, bias) => tf.reshape(tf.add(tf.matMul(tf.reshape(t, [-1, t.shape[2]]), k), bias), [b, l, k.shape[1]]);
      const norm = (t, gamma, beta) => {
        const { mean, variance } = tf.moments(t, -1, true);
        return tf.add(tf.mul(tf.mul(tf.sub(t, mean), tf.rsqrt(tf.add(variance, this.epsilon))), gamma), beta);
      };
      const heads = (t) => tf.transpose(tf.reshape(t, [b, l, h, dh]), [0, 2, 1, 3]);
      const q = heads(dense(x, w.wq, w.bq));
      const k = heads(dense(x, w.wk, w.bk));
      const v = heads(dense(x, w.wv, w.bv));
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
      const merged = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores, -1), v), [0, 2, 1, 3]), [b, l, d]);
      const x1 = norm(tf.add(x, dense(merged, w.wo, w.bo)), w.ln1Gamma, w.ln1Beta);
      const ff = dense(tf.relu(dense(x1, w.w1, w.b1)), w.w2, w.b2);
      return norm(tf.add(x1, ff), w.ln2Gamma, w.ln2Beta);
    });
  }
  getConfig() {
    return { ...super.getConfig(), numHeads: this.numHeads, ffDim: this.ffDim, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(TransformerEncoder);
`,
};

/** Python source of LayerLab's custom layers, written with stock Keras 3 layers; same math and weight counts as tfjs. */
export const KERAS_CUSTOM_LAYERS: Record<string, string> = {
  PositionalEmbedding: `@keras.saving.register_keras_serializable(package="layerlab")
class PositionalEmbedding(keras.layers.Layer):
    """Token embedding plus a learned embedding of each position (LayerLab's PositionalEmbedding)."""

    def __init__(self, vocab_size, embed_dim, sequence_length, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        self.embed_dim = embed_dim
        self.sequence_length = sequence_length
        # Sublayers are created here, not in build(), so Keras tracks them and a saved .keras file reloads.
        self.token_embeddings = keras.layers.Embedding(vocab_size, embed_dim)
        self.position_embeddings = keras.layers.Embedding(sequence_length, embed_dim)

    def build(self, input_shape):
        self.token_embeddings.build(input_shape)
        self.position_embeddings.build((self.sequence_length,))
        self.built = True

    def call(self, inputs):
        positions = keras.ops.arange(0, keras.ops.shape(inputs)[-1])
        return self.token_embeddings(inputs) + self.position_embeddings(positions)

    def get_config(self):
        return {
            **super().get_config(),
            "vocab_size": self.vocab_size,
            "embed_dim": self.embed_dim,
            "sequence_length": self.sequence_length,
        }
`,
  TransformerEncoder: `@keras.saving.register_keras_serializable(package="layerlab")
class TransformerEncoder(keras.layers.Layer):
    """One post-norm Transformer encoder block (LayerLab's TransformerEncoder):
    x1 = LayerNorm(x + MultiHeadSelfAttention(x)); out = LayerNorm(x1 + Dense(Dense_relu(x1)))."""

    def __init__(self, num_heads, ff_dim, embed_dim, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.ff_dim = ff_dim
        self.embed_dim = embed_dim
        self.epsilon = epsilon
        # Sublayers are created here (embed_dim is known up front) and built in build(): Keras 3 then
        # tracks their weights, and a saved .keras file reloads with them.
        self.attention = keras.layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim // num_heads)
        self.ffn_1 = keras.layers.Dense(ff_dim, activation="relu")
        self.ffn_2 = keras.layers.Dense(embed_dim)
        self.layernorm_1 = keras.layers.LayerNormalization(epsilon=epsilon)
        self.layernorm_2 = keras.layers.LayerNormalization(epsilon=epsilon)

    def build(self, input_shape):
        self.attention.build(input_shape, input_shape)
        self.layernorm_1.build(input_shape)
        self.ffn_1.build(input_shape)
        self.ffn_2.build((*input_shape[:-1], self.ff_dim))
        self.layernorm_2.build(input_shape)
        self.built = True

    def call(self, inputs):
        x = self.layernorm_1(inputs + self.attention(inputs, inputs))
        return self.layernorm_2(x + self.ffn_2(self.ffn_1(x)))

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self.num_heads,
            "ff_dim": self.ff_dim,
            "embed_dim": self.embed_dim,
            "epsilon": self.epsilon,
        }
`,
};

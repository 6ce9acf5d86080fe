import * as tf from '@tensorflow/tfjs';

/** Layer normalization over the last axis, from moments: (x − mean) / √(var + ε) · γ + β. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}

/** x · W + b over the last axis of a tensor of any rank ≥ 2 (reshaped to 2-D for a plain matMul). */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1];
  const outDim = kernel.shape[1] as number;
  const flat = tf.reshape(x, [-1, inDim]);
  const y = tf.add(tf.matMul(flat, kernel), bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

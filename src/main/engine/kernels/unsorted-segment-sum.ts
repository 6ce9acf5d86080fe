/**
 * UnsortedSegmentSum for the wasm backend (the gradient of Gather, hence of Embedding).
 * TensorFlow semantics: segmentIds has the shape of a prefix of x's shape; the output is
 * [numSegments, ...x.shape[segmentIds.rank:]]; ids outside [0, numSegments) are dropped.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, type TensorInfo } from './wasm-util';

export function unsortedSegmentSumWasm(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: unknown;
  attrs: { numSegments: number };
}): TensorInfo {
  const backend = asWasm(args.backend);
  const { x, segmentIds } = args.inputs;
  const { numSegments } = args.attrs;
  const r = segmentIds.shape.length;
  for (let i = 0; i < r; i++) {
    if (segmentIds.shape[i] !== x.shape[i]) {
      throw new Error(
        `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}].`,
      );
    }
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32 values, got ${x.dtype}.`);
  }
  const inner = tf.util.sizeFromShape(x.shape.slice(r));
  const count = tf.util.sizeFromShape(segmentIds.shape);
  // Summed in place in the output, in the values' own type and in row order, as the cpu backend does
  // (a float64 scratch of the whole table cost an allocation the size of the embedding per step).
  const out = backend.makeOutput([numSegments, ...x.shape.slice(r)], x.dtype);
  const acc = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const xs = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array | Float32Array;
  acc.fill(0);
  for (let i = 0; i < count; i++) {
    const s = ids[i]!;
    if (!(s >= 0 && s < numSegments)) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) acc[dst + j] += xs[src + j]!;
  }
  return out;
}

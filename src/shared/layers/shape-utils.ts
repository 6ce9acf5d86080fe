import type { Shape } from '../graph/types';

/** Render a shape the way the canvas shows it: 13×13×32, or "?" for unknown dims. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : shape.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** Product of known dims (unknown dims count as 1). */
export function sizeOf(shape: Shape): number {
  return shape.reduce<number>((acc, d) => acc * (d ?? 1), 1);
}

/** Output length of a convolution/pooling window along one axis (Keras semantics). */
export function windowOut(
  n: number | null,
  kernel: number,
  stride: number,
  padding: string,
  dilation = 1,
): number | null {
  if (n === null) return null;
  if (padding === 'same') return Math.ceil(n / stride);
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((n - effective) / stride) + 1;
}

/** Equal shapes, treating unknown dims as wildcards. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

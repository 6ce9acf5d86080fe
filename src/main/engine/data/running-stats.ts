import { seededRandom } from '../../../shared/random';
import { tokenize } from './tokenize';

/**
 * Statistics folded one value at a time, so a column is fitted without holding it. The in-memory import
 * feeds the same folds in the same row order, which is why both paths give bit-identical recipes.
 */

/** Count, mean and variance (Welford) with min and max. */
export class RunningMoments {
  n = 0;
  mean = 0;
  private m2 = 0;
  min = Infinity;
  max = -Infinity;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }
  /** Population standard deviation (what z-scoring on the training rows uses). */
  get sd(): number {
    return this.n ? Math.sqrt(this.m2 / this.n) : 0;
  }
}

/**
 * Counts per distinct value up to `cap` distinct values; values first seen after the cap are counted in
 * `overflow` only (a column of millions of distinct codes must not grow memory without bound).
 */
export class CappedCounts<K> {
  readonly counts = new Map<K, number>();
  overflow = 0;
  constructor(readonly cap = Infinity) {}
  add(v: K): void {
    const c = this.counts.get(v);
    if (c !== undefined) this.counts.set(v, c + 1);
    else if (this.counts.size < this.cap) this.counts.set(v, 1);
    else this.overflow++;
  }
}

/** A seeded uniform sample of at most `size` values (Algorithm R); holds every value while fewer came. */
export class Reservoir<T> {
  readonly items: T[] = [];
  seen = 0;
  private readonly rand: () => number;
  constructor(readonly size: number, seed: number) {
    this.rand = seededRandom(seed);
  }
  add(v: T): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(v);
    else {
      const j = Math.floor(this.rand() * this.seen);
      if (j < this.size) this.items[j] = v;
    }
  }
}

/** Word counts and a histogram of text lengths (in words): all that text defaults and the vocabulary need. */
export class TextTally {
  readonly words = new Map<string, number>();
  readonly lengths = new Map<number, number>();
  texts = 0;
  add(text: string): void {
    const words = tokenize(text);
    this.texts++;
    this.lengths.set(words.length, (this.lengths.get(words.length) ?? 0) + 1);
    for (const w of words) this.words.set(w, (this.words.get(w) ?? 0) + 1);
  }
  /** The length below which `q` of the texts fall (the ceil(n·q)-th smallest, as a sorted list gives). */
  quantile(q: number): number {
    if (this.texts === 0) return 0;
    const rank = Math.min(this.texts - 1, Math.ceil(this.texts * q) - 1);
    let seen = 0;
    for (const len of [...this.lengths.keys()].sort((a, b) => a - b)) {
      seen += this.lengths.get(len)!;
      if (seen > rank) return len;
    }
    return 0;
  }
}

/** Token ids reserved by every vocabulary. */
export const PAD_ID = 0;
export const UNKNOWN_ID = 1;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'_]*/gu;
/** The tokenizer's word pattern, for exports (flags "gu", applied to lower-cased text). */
export const TOKEN_PATTERN = WORD.source;

/** Lower-cased words and numbers of a text, in order. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * The `size - 2` most frequent words (ties broken alphabetically, so the vocabulary is deterministic);
 * ids start at 2 after padding (0) and unknown (1).
 */
export function buildVocabulary(texts: Iterable<string>, size: number): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of tokenize(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return vocabularyOf(counts, size);
}

/** buildVocabulary from word counts already made (the streaming import counts them in pass 1). */
export function vocabularyOf(counts: ReadonlyMap<string, number>, size: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, size - 2))
    .map(([w]) => w);
}

/** Map a vocabulary list to word → id. */
export const vocabularyIndex = (vocab: readonly string[]) => new Map(vocab.map((w, i) => [w, i + 2]));

/** Write the first `length` token ids of `text` into `out` at `offset`, padding the rest with 0. */
export function encodeText(text: string, index: Map<string, number>, length: number, out: Float32Array, offset: number): void {
  const words = tokenize(text);
  for (let i = 0; i < length; i++) out[offset + i] = i < words.length ? (index.get(words[i]) ?? UNKNOWN_ID) : PAD_ID;
}

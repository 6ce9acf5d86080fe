/** Display helpers: one place decides how numbers, times and shapes read. */

export const pct = (v: number | null | undefined, digits = 2): string =>
  v == null || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)} %`;

export const num = (v: number | null | undefined, digits = 4): string =>
  v == null || Number.isNaN(v) ? '—' : v.toFixed(digits);

export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

/** 75 → "1 min 15 s"; 4000 → "1 h 6 min". */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export const shape = (dims: number[]): string => dims.join(' × ');

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Seconds between two ISO times; an open run counts up to now. */
export function elapsed(start: string | null, end: string | null): number | null {
  if (!start) return null;
  const a = Date.parse(start);
  const b = end ? Date.parse(end) : Date.now();
  return Number.isNaN(a) || Number.isNaN(b) ? null : (b - a) / 1000;
}

/** 1536 → "1.5 KB", 3_000_000 → "2.9 MB". */
export function bytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * What one example hands the model, in plain words rather than "one sample is 9":
 * a table row → "each row gives the model 9 numbers"; an image → "each image gives the model 28 × 28 × 1 numbers (784)".
 */
export function inputWords(kind: 'table' | 'image' | string, dims: number[]): string {
  const total = dims.reduce((a, d) => a * d, 1);
  const what = kind === 'image' ? 'image' : 'row';
  if (dims.length <= 1) return `each ${what} gives the model ${int(total)} number${total === 1 ? '' : 's'}`;
  return `each ${what} gives the model ${shape(dims)} numbers (${int(total)} in all)`;
}

/** "1 request", "3 requests", "2 batches": a count with its noun. */
export const count = (n: number, noun: string, plural = `${noun}s`): string => `${int(n)} ${n === 1 ? noun : plural}`;

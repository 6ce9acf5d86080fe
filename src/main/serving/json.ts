/**
 * JSON as TF Serving reads and writes it: standard JSON plus the bare tokens `NaN`, `Infinity` and
 * `-Infinity` for floats (its api_rest.md, "JSON conformance"). Clients built for TF Serving (Python's
 * json module writes these tokens by default) must not be refused for them.
 */
import { randomBytes } from 'node:crypto';

/** A body that is not JSON (even allowing the three tokens), with a message that says where. */
export class JsonSyntaxError extends Error {}

const TOKENS = ['-Infinity', 'Infinity', 'NaN'] as const;
const VALUES: Record<(typeof TOKENS)[number], number> = { '-Infinity': -Infinity, Infinity, NaN };

/** Where JSON.parse stopped, in words, without its own phrasing (which differs between Node versions). */
function describeSyntaxError(err: unknown, text: string): string {
  const at = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  if (!at) return text.trim() === '' ? 'the body is empty' : 'it ends too early or has a stray character';
  const pos = Number(at[1]);
  const near = text.slice(Math.max(0, pos - 12), pos + 12).replace(/\s+/g, ' ');
  return `unexpected character at position ${pos} (near ${JSON.stringify(near)})`;
}

/**
 * Parse a request body. Plain JSON takes the fast path; only when that fails and the text has one of the
 * tokens is it rewritten: each token outside a string becomes a quoted marker (random per call, so no
 * client string can collide with it) that the reviver turns back into the number.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    if (!/NaN|Infinity/.test(text)) throw new JsonSyntaxError(describeSyntaxError(first, text));
    const marker = `~nonfinite-${randomBytes(8).toString('hex')}:`;
    const rewritten = replaceTokensOutsideStrings(text, marker);
    try {
      return JSON.parse(rewritten, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(marker)
          ? VALUES[value.slice(marker.length) as keyof typeof VALUES]
          : value,
      );
    } catch (err) {
      throw new JsonSyntaxError(describeSyntaxError(err, rewritten));
    }
  }
}

function replaceTokensOutsideStrings(text: string, marker: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    // Only where a value can start: N, I or -I.
    if (c !== 78 && c !== 73 && c !== 45) continue;
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (!token) continue;
    out += `${text.slice(from, i)}"${marker}${token}"`;
    i += token.length - 1;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** JSON text with non-finite numbers written as TF Serving writes them (NaN, Infinity, -Infinity), not null. */
export function stringifyLenient(value: unknown): string {
  let nonFinite = false;
  const marker = `~nonfinite-${randomBytes(8).toString('hex')}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      nonFinite = true;
      return `${marker}${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}`;
    }
    return v;
  });
  if (!nonFinite) return text;
  const quoted = JSON.stringify(marker).slice(1, -1);
  return text.replace(new RegExp(`"${quoted.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(NaN|-?Infinity)"`, 'g'), '$1');
}

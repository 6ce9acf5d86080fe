/**
 * CSV records from text that arrives in pieces (a file read a megabyte at a time), as Papa Parse splits
 * them (its rules, checked against it by test/csv-records.test.ts): fields split on the delimiter; a field
 * that starts with a quote runs to its closing quote ("" inside is one quote, delimiters and line breaks
 * inside are data), which may be followed by spaces and must then be followed by a delimiter, a line break
 * or the end; a quote anywhere else is an ordinary character. Lines end with \n or \r\n (or \r alone in a
 * file whose first megabyte has no \n); empty lines are skipped.
 *
 * Why not Papa itself: a streaming import reads every row of files with millions of them, and a line
 * without quotes, the usual case, is split here with one native split; and a record waiting for its
 * closing quote is not allowed to grow without bound.
 */

export type CsvSyntax = 'MissingQuotes' | 'InvalidQuotes' | 'RecordTooLong';

/** A malformed record; `code` says how (the caller words it, naming the row). */
export class CsvSyntaxError extends Error {
  constructor(readonly code: CsvSyntax) {
    super(code);
  }
}

/** A record held back waiting for more text is never allowed to grow past this many characters. */
export const MAX_RECORD_CHARS = 16_000_000;

const QUOTE = 34;
const CR = 13;
const LF = 10;
const NEED_MORE = -1;
/** Text read before the line break is guessed, when no \n comes earlier. */
const GUESS_CHARS = 1 << 20;

export class CsvRecords {
  private rest = '';
  /** The line break: \n (a \r before it is dropped), or \r in a file with no \n; null until known. */
  private newline: '\n' | '\r' | null = null;
  /** Characters consumed before `rest` (how far into the text the records reach). */
  cursor = 0;

  /** @param onRecord gets each record's fields; it returns false to stop. */
  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (fields: string[]) => boolean | void,
  ) {}

  private stopped = false;

  /** The next piece of text; every record it completes is handed over. */
  push(piece: string): void {
    if (this.stopped) return;
    const text = this.rest + piece;
    if (this.newline === null) {
      // Lines end with \n unless the first megabyte has \r but no \n (an old Mac file), as Papa guesses.
      if (text.includes('\n')) this.newline = '\n';
      else if (text.length >= GUESS_CHARS) this.newline = text.includes('\r') ? '\r' : '\n';
      else {
        this.rest = text;
        return;
      }
    }
    this.parse(text, false);
  }

  /** The text has ended: the last record (without a line break) is handed over. */
  end(): void {
    if (this.stopped) return;
    this.newline ??= !this.rest.includes('\n') && this.rest.includes('\r') ? '\r' : '\n';
    this.parse(this.rest, true);
  }

  private parse(text: string, final: boolean): void {
    const delimiter = this.delimiter;
    const newline = this.newline!;
    const len = text.length;
    let pos = 0;
    let quote = text.indexOf('"');
    while (pos < len && !this.stopped) {
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      const nl = text.indexOf(newline, pos);
      if (nl === -1 && !final) break;
      const lineEnd = nl === -1 ? len : nl;
      if (quote === -1 || quote > lineEnd) {
        // The usual line: no quote in it.
        let end = lineEnd;
        if (end > pos && newline === '\n' && text.charCodeAt(end - 1) === CR) end--;
        const line = text.slice(pos, end);
        pos = lineEnd + 1;
        if (line !== '' && this.onRecord(line.split(delimiter)) === false) this.stopped = true;
        continue;
      }
      const next = this.quotedRecord(text, pos, final);
      if (next === NEED_MORE) break;
      pos = next;
    }
    this.cursor += Math.min(pos, len);
    this.rest = pos < len ? text.slice(pos) : '';
    if (this.rest.length > MAX_RECORD_CHARS) throw new CsvSyntaxError('RecordTooLong');
  }

  /** A record with a quote in it, from `pos`: where the next record starts, or NEED_MORE. */
  private quotedRecord(text: string, pos: number, final: boolean): number {
    const delimiter = this.delimiter;
    const newline = this.newline!;
    const len = text.length;
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        let q: number;
        // The closing quote: the first quote not doubled.
        for (;;) {
          q = text.indexOf('"', from);
          if (q === -1) {
            if (final) throw new CsvSyntaxError('MissingQuotes');
            return NEED_MORE;
          }
          if (q + 1 === len && !final) return NEED_MORE; // "" or " at the end of this piece: cannot tell yet
          if (text.charCodeAt(q + 1) === QUOTE) {
            from = q + 2;
            continue;
          }
          break;
        }
        const value = text.slice(i + 1, q).replaceAll('""', '"');
        // Spaces may sit between the closing quote and what follows it.
        let k = q + 1;
        while (k < len && (text[k] === ' ' || text[k] === '\t') && !text.startsWith(delimiter, k)) k++;
        if (k === len) {
          if (!final) return NEED_MORE;
          // Spaces after the closing quote are allowed before a delimiter or line break only (Papa's rule).
          if (k > q + 1) throw new CsvSyntaxError('InvalidQuotes');
          fields.push(value);
          return this.emit(fields, len);
        }
        if (text.startsWith(delimiter, k)) {
          fields.push(value);
          i = k + delimiter.length;
          continue;
        }
        const c = text.charCodeAt(k);
        if (c === LF || (c === CR && newline === '\r')) {
          fields.push(value);
          return this.emit(fields, k + 1);
        }
        if (c === CR) {
          if (k + 1 === len && !final) return NEED_MORE;
          if (k + 1 === len || text.charCodeAt(k + 1) === LF) {
            fields.push(value);
            return this.emit(fields, k + 2);
          }
        }
        throw new CsvSyntaxError('InvalidQuotes');
      }
      // An unquoted field: up to the next delimiter or the end of the line.
      const d = text.indexOf(delimiter, i);
      const nl = text.indexOf(newline, i);
      if (nl === -1 && !final) return NEED_MORE;
      if (d !== -1 && (nl === -1 || d < nl)) {
        fields.push(text.slice(i, d));
        i = d + delimiter.length;
        continue;
      }
      let end = nl === -1 ? len : nl;
      if (end > i && newline === '\n' && text.charCodeAt(end - 1) === CR) end--;
      fields.push(text.slice(i, end));
      return this.emit(fields, nl === -1 ? len : nl + 1);
    }
  }

  private emit(fields: string[], next: number): number {
    // A record of one empty field ("") is skipped like an empty line, as Papa's skipEmptyLines does.
    if (fields.length === 1 && fields[0] === '') return next;
    if (this.onRecord(fields) === false) this.stopped = true;
    return next;
  }
}

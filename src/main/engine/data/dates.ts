/**
 * Dates and times in CSV cells. A date column becomes numbers a model can use (year, month, day of the
 * year, weekday, and the hour when times are present) instead of one category per distinct day.
 * The wall-clock time is read as written; a time-zone suffix is accepted and ignored, so the same cell
 * always gives the same parts on every machine.
 */

/** Field order of a slashed date: 2024-03-01 (ymd), 03/01/2024 (mdy), 01/03/2024 (dmy). */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';
export type DatePart = 'year' | 'month' | 'dayOfYear' | 'weekday' | 'hour';

export interface ParsedDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  hasTime: boolean;
}

const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([aApP][mM])?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const XYY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}$`);

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function build(year: number, month: number, day: number, t: (string | undefined)[]): ParsedDate | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const hasTime = t[0] !== undefined;
  let hour = hasTime ? Number(t[0]) : 0;
  const minute = hasTime ? Number(t[1]) : 0;
  const ampm = t[3]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || (t[2] !== undefined && Number(t[2]) > 60)) return null;
  return { year, month, day, hour, minute, hasTime };
}

/** A cell as a date in the given order, or null when it is not one. */
export function parseDate(v: string, order: DateOrder): ParsedDate | null {
  const s = v.trim();
  if (s.length < 8 || s.length > 40) return null;
  if (order === 'ymd') {
    const m = YMD.exec(s);
    return m ? build(Number(m[1]), Number(m[3]), Number(m[4]), m.slice(5)) : null;
  }
  const m = XYY.exec(s);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  return order === 'mdy' ? build(Number(m[4]), a, b, m.slice(5)) : build(Number(m[4]), b, a, m.slice(5));
}

/**
 * The order in which every value parses as a date, or null when some value is not a date. Day-first
 * is chosen only when some first field is over 12 (otherwise the US month-first reading is kept).
 */
export function detectDateOrder(values: readonly string[]): DateOrder | null {
  if (values.length === 0) return null;
  for (const order of ['ymd', 'mdy', 'dmy'] as const) if (values.every((v) => parseDate(v, order) !== null)) return order;
  return null;
}

/** The numeric parts of a date (weekday 0 = Sunday; day of year 1..366). */
export function dateParts(d: ParsedDate): Record<DatePart, number> {
  const t = Date.UTC(d.year, d.month - 1, d.day);
  const dayOfYear = Math.round((t - Date.UTC(d.year, 0, 1)) / 86_400_000) + 1;
  return { year: d.year, month: d.month, dayOfYear, weekday: new Date(t).getUTCDay(), hour: d.hour + d.minute / 60 };
}

/** The parts a date column yields: the hour only when some value has a time. */
export const datePartsFor = (hasTime: boolean): DatePart[] => ['year', 'month', 'dayOfYear', 'weekday', ...(hasTime ? (['hour'] as const) : [])];

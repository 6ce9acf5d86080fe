import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLenientJson, stringifyLenient } from '../src/main/serving/json';

/** TF Serving's JSON: standard JSON plus NaN, Infinity and -Infinity tokens, in and out. */
describe('lenient JSON', () => {
  it('reads NaN, Infinity and -Infinity tokens outside strings, and leaves strings alone', () => {
    const v = parseLenientJson('{"a": [1, NaN, Infinity, -Infinity, -2e3], "s": "NaN Infinity \\"NaN\\"", "n": {"x": NaN}}') as {
      a: number[];
      s: string;
      n: { x: number };
    };
    expect(v.a[0]).toBe(1);
    expect(v.a[1]).toBeNaN();
    expect(v.a[2]).toBe(Infinity);
    expect(v.a[3]).toBe(-Infinity);
    expect(v.a[4]).toBe(-2000);
    expect(v.s).toBe('NaN Infinity "NaN"');
    expect(v.n.x).toBeNaN();
  });

  it('refuses what is not JSON even with the tokens, saying where', () => {
    expect(() => parseLenientJson('{"a": [1, Nan]}')).toThrow(JsonSyntaxError);
    expect(() => parseLenientJson('{"a": NaNx}')).toThrow(/unexpected character at position/);
    expect(() => parseLenientJson('')).toThrow(/the body is empty/);
    expect(() => parseLenientJson('{"a": [1, 2')).toThrow(JsonSyntaxError);
  });

  it('writes non-finite numbers as the tokens, not null', () => {
    expect(stringifyLenient({ p: [0.5, NaN, Infinity, -Infinity], s: 'NaN' })).toBe('{"p":[0.5,NaN,Infinity,-Infinity],"s":"NaN"}');
    expect(stringifyLenient({ p: [1, 2] })).toBe('{"p":[1,2]}');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf } from './canonical-json.ts';

describe('canonicalJson / digestOf', () => {
  it('gives the same text and digest whatever the key order, at every depth', () => {
    const a = { b: '1.50', a: { z: [1, { y: true, x: null }], c: 'é' } };
    const b = { a: { c: 'é', z: [1, { x: null, y: true }] }, b: '1.50' };
    expect(canonicalJson(a)).toBe('{"a":{"c":"é","z":[1,{"x":null,"y":true}]},"b":"1.50"}');
    expect(digestOf(a)).toBe(digestOf(b));
  });

  it('is sha256 hex of the canonical text', () => {
    expect(digestOf({ b: 2, a: 1 })).toBe(createHash('sha256').update('{"a":1,"b":2}').digest('hex'));
  });

  it('keeps array order significant', () => {
    expect(digestOf(['1', '2'])).not.toBe(digestOf(['2', '1']));
  });

  it('distinguishes a decimal string from a different scale', () => {
    expect(digestOf({ amount: '10.0' })).not.toBe(digestOf({ amount: '10.00' }));
  });

  it('drops undefined object members like JSON does', () => {
    expect(canonicalJson({ a: '1', b: undefined })).toBe('{"a":"1"}');
  });

  it('writes values already in canonical order the same way as any other order', () => {
    // Integer-like keys are listed first by the engine, so {"9","10"} is not in UTF-16 order and must be re-sorted.
    expect(canonicalJson({ 9: 'nine', 10: 'ten' })).toBe('{"10":"ten","9":"nine"}');
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: -0, b: ['x', { c: null }] });
    expect(canonicalJson(bare as never)).toBe('{"a":0,"b":["x",{"c":null}]}');
    const tagged = Object.assign(['p', 'q'], { extra: 'ignored' });
    expect(canonicalJson({ list: tagged })).toBe('{"list":["p","q"]}');
    expect(canonicalJson({ a: 'lone \ud800 "quote"\n', b: true })).toBe(`{"a":${JSON.stringify('lone \ud800 "quote"\n')},"b":true}`);
    expect(() => canonicalJson({ a: 1, b: { c: 1.5 } })).toThrow(/\$\.b\.c is 1\.5/);
    expect(() => canonicalJson({ a: 1, toJSON: () => 'x' } as never)).toThrow(/toJSON is a function/);
  });

  it.each([
    ['a fractional number (money must be a decimal string)', { amount: 10.5 }, /\$\.amount is 10\.5/],
    ['NaN', { x: Number.NaN }, /only safe integers/],
    ['an unsafe integer', { x: 2 ** 60 }, /only safe integers/],
    ['a Date', { when: new Date(0) }, /is a Date/],
    ['undefined inside an array', ['a', undefined], /\$\[1\] is undefined/],
    [
      'a hole in a sparse array (deep)',
      { a: [{ b: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }) }] },
      /\$\.a\[0\]\.b\[1\] is a hole/,
    ],
    ['a function member', { x: { f: () => 1 } }, /\$\.x\.f is a function/],
  ])('throws on %s', (_name, value, message) => {
    expect(() => canonicalJson(value as never)).toThrow(message);
  });

  it('matches a straightforward reference serialiser on random values', () => {
    // The reference: sorted keys by UTF-16 code units, undefined members dropped, no whitespace.
    const reference = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${reference(x)}`).join(',')}}`;
    };
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const KEYS = ['a', 'B', 'é', 'aa', '', 'Z9', '\u{1F600}', 'line\n', '"q"', '10', '2'];
    const value = (depth: number): unknown => {
      const kind = rnd(depth > 3 ? 4 : 7);
      if (kind === 0) return null;
      if (kind === 1) return rnd(2) === 0;
      if (kind === 2) return rnd(1e6) - 5e5;
      if (kind === 3) return ['', '1.50', 'é"\\', '\u2028', '<&>'][rnd(5)];
      if (kind === 4) return Array.from({ length: rnd(4) }, () => value(depth + 1));
      const obj: Record<string, unknown> = {};
      for (let i = rnd(5); i > 0; i--) obj[KEYS[rnd(KEYS.length)]!] = rnd(6) === 0 ? undefined : value(depth + 1);
      return obj;
    };
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      expect(canonicalJson(v as never)).toBe(reference(v));
    }
  });
});

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

  it.each([
    ['a fractional number (money must be a decimal string)', { amount: 10.5 }, /\$\.amount is 10\.5/],
    ['NaN', { x: Number.NaN }, /only safe integers/],
    ['an unsafe integer', { x: 2 ** 60 }, /only safe integers/],
    ['a Date', { when: new Date(0) }, /is a Date/],
    ['undefined inside an array', ['a', undefined], /\$\[1\] is undefined/],
  ])('throws on %s', (_name, value, message) => {
    expect(() => canonicalJson(value as never)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const a = { b: '1.50', a: { z: [1, { y: true, x: null }], c: 'é' } };
    const b = { a: { c: 'é', z: [1, { x: null, y: true }] }, b: '1.50' };
    expect(canonicalJson(a)).toBe('{"a":{"c":"é","z":[1,{"x":null,"y":true}]},"b":"1.50"}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('orders keys by UTF-16 code units (uppercase first, astral before U+FFFF)', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3 })).toBe('{"B":2,"a":3,"b":1}');
    expect(canonicalJson({ '\uffff': 1, '😀': 2 })).toBe('{"😀":2,"\uffff":1}');
  });

  it('keeps array order', () => {
    expect(canonicalJson(['2', '1'])).toBe('["2","1"]');
  });

  it('writes numbers in their shortest round-trip form, -0 as 0', () => {
    expect(canonicalJson([1.5, 100, -0, 1e21, 0.1])).toBe('[1.5,100,0,1e+21,0.1]');
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('a"b\\c\n\t\u0001é')).toBe('"a\\"b\\\\c\\n\\t\\u0001é"');
  });

  it.each([
    ['undefined at the top', undefined, /\$ is undefined/],
    ['an undefined member', { a: undefined }, /\$\.a is undefined/],
    ['undefined in an array', ['a', undefined], /\$\[1\] is undefined/],
    ['a function', { f: () => 1 }, /\$\.f is function/],
    ['NaN', { x: Number.NaN }, /\$\.x is NaN/],
    ['Infinity', [Number.POSITIVE_INFINITY], /is Infinity/],
    ['a bigint', { n: 1n }, /is bigint/],
    ['a symbol', Symbol('s'), /is symbol/],
    ['a Date', { when: new Date(0) }, /is a Date/],
    ['a Map', new Map(), /is a Map/],
    ['a lone surrogate', { s: 'x\ud800' }, /lone UTF-16 surrogate/],
    ['a lone surrogate in a key', { ['\udc00']: 1 }, /lone UTF-16 surrogate/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('accepts a well-formed surrogate pair', () => {
    expect(canonicalJson('😀')).toBe('"😀"');
  });
});

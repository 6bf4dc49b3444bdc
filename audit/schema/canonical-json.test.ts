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
    ['a hole in a sparse array', Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), /\$\[1\] is undefined/],
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

  it('writes the RFC 8785 examples byte for byte (section 3.2.2 and the key-sorting example of 3.2.3)', () => {
    const mixed = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(mixed)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    const sorting = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(sorting)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('accepts a well-formed surrogate pair', () => {
    expect(canonicalJson('😀')).toBe('"😀"');
  });
});

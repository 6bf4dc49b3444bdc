import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The specification of canonical JSON is the audit log's writer (RFC 8785 for the values it accepts); core keeps a
// faster writer of its own and must agree with the specification byte for byte wherever both accept a value.
import { canonicalJson as specCanonical } from '../../../audit/schema/canonical-json.ts';
import { canonicalJson, digestOf, digestOfText, type JsonValue } from './canonical-json.ts';
import { changeSetDigest, digestOfStored } from './change-set-digest.ts';
import type { PlanItem } from './outbox.ts';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Characters that need escaping or sort unusually: quotes, controls, line separators, astral pairs, BMP top. */
const AWKWARD = [
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  'é',
  '€',
  '\uffff',
  '😀',
  '\u{10ffff}',
];

/** Well-formed strings: any code point (surrogate pairs included), and strings made only of awkward characters. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...AWKWARD) }),
  fc.constantFrom('', '1.50', '-0.00'),
);

/** Keys: any text, integer-like keys (which engines enumerate first) and keys differing only in case. */
const key = fc.oneof(
  text,
  fc.nat({ max: 1_000_000 }).map(String),
  fc.constantFrom('a', 'A', 'aa', 'B', '10', '9', '01', '-1', '__proto__'),
);

/** Numbers core accepts: safe integers (and -0). Amounts are decimal strings, so core refuses fractions by design. */
const integer = fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, -0, 1, -1));

const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    integer,
    text,
    fc.array(tie('json'), { maxLength: 6 }),
    // fast-check sometimes builds these with a null prototype, which both writers accept as plain objects.
    fc.dictionary(key, tie('json'), { maxKeys: 6 }),
  ),
}));

const identifier = fc.oneof(text, fc.constantFrom('gl:A:JE-1', 'sage300', 'intacct', 'GLBATCH'));
const planItem: fc.Arbitrary<PlanItem> = fc.record({
  idempotencyKey: identifier,
  targetSystem: identifier,
  objectType: identifier,
  sourceSystem: identifier,
  sourceKey: identifier,
  payload: json,
});

/** What an approval binds to, written by the specification: the item list with exactly these six members. */
function specItemsDigest(items: readonly PlanItem[]): string {
  const pick = items.map(({ idempotencyKey, targetSystem, objectType, sourceSystem, sourceKey, payload }) => ({
    idempotencyKey,
    targetSystem,
    objectType,
    sourceSystem,
    sourceKey,
    payload,
  }));
  return sha256(specCanonical(pick));
}

describe('core canonicalJson agrees with the specification (audit/schema)', () => {
  it('writes every JSON value exactly as the specification does', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(specCanonical(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same text for any member order, including integer-like keys', () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 8 }), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse()) as JsonValue;
        expect(canonicalJson(reversed)).toBe(specCanonical(value));
      }),
    );
  });

  it('digests the specification text: digestOf(v) is sha256 of it', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(digestOf(value)).toBe(sha256(specCanonical(value)));
        expect(digestOfText(canonicalJson(value))).toBe(digestOf(value));
      }),
    );
  });

  it('digests a change set, from parsed items and from stored texts, as sha256 of the specification text', () => {
    fc.assert(
      fc.property(fc.array(planItem, { maxLength: 8 }), (items) => {
        const expected = specItemsDigest(items);
        expect(changeSetDigest(items)).toBe(expected);
        expect(digestOfStored(items.map((i) => ({ ...i, payload: canonicalJson(i.payload) })))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('departs from the specification only where core is stricter or the specification refuses', () => {
    // Core refuses fractions (money must be a decimal string); the specification writes them per ECMAScript.
    expect(() => canonicalJson(1.5)).toThrow(/only safe integers/);
    expect(specCanonical(1.5)).toBe('1.5');
    // A lone surrogate: the specification refuses it (I-JSON); core writes JSON.stringify's escape, which stores
    // as ASCII, so a stored payload still hashes to what was hashed before it was stored.
    expect(() => specCanonical('\ud800')).toThrow(/lone UTF-16 surrogate/);
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { changeSetDigest, digestOfStored } from './change-set-digest.ts';
import { item } from './state.test-support.ts';

const stored = (items: ReturnType<typeof item>[]) => items.map((i) => ({ ...i, payload: canonicalJson(i.payload) }));

describe('change-set digest over stored texts', () => {
  it('equals the digest of the parsed items, for an empty set and a single item', () => {
    expect(digestOfStored([])).toBe(changeSetDigest([]));
    const one = [item(1, { b: '1.00', a: [{ z: 'é"\\\n', y: null }] })];
    expect(digestOfStored(stored(one))).toBe(changeSetDigest(one));
  });

  it('equals it when the document is hashed in several pieces, with keys and texts needing escapes', () => {
    const many = Array.from({ length: 400 }, (_, n) => ({
      ...item(n, { text: `line ${n} ${'x'.repeat(300)} "quoted" \u2028`, amount: `${n}.50` }),
      sourceKey: `JE-"${n}"`,
    }));
    expect(JSON.stringify(many).length).toBeGreaterThan(2 * 65_536);
    expect(digestOfStored(stored(many))).toBe(changeSetDigest(many));
  });

  it('changes with the order and with any byte of a payload', () => {
    const items = [item(1), item(2)];
    const base = digestOfStored(stored(items));
    expect(digestOfStored(stored([item(2), item(1)]))).not.toBe(base);
    expect(digestOfStored(stored([item(1), item(2, { amount: '2.01' })]))).not.toBe(base);
  });
});

import { describe, expect, it } from 'vitest';
import { controlIdFor } from './control-id.ts';

describe('controlIdFor', () => {
  it('is deterministic for a key and differs between keys', () => {
    expect(controlIdFor('s300:SAMINC:batch-17:entry-3')).toBe(controlIdFor('s300:SAMINC:batch-17:entry-3'));
    expect(controlIdFor('s300:SAMINC:batch-17:entry-3')).not.toBe(controlIdFor('s300:SAMINC:batch-17:entry-4'));
  });

  it('keeps a readable sanitized prefix and 24 hex chars of sha256', () => {
    // sha256("vendor/Acme & Co") begins df7af55d1a6a576e3db8e959 (computed once with `node -e`).
    expect(controlIdFor('vendor/Acme & Co')).toBe('vendor_Acme_Co~df7af55d1a6a576e3db8e959');
  });

  it('stays within 256 characters for very long keys, and long keys with a shared prefix still differ', () => {
    const a = controlIdFor('x'.repeat(5000) + 'a');
    const b = controlIdFor('x'.repeat(5000) + 'b');
    expect(a.length).toBeLessThanOrEqual(256);
    expect(a).not.toBe(b);
  });

  it('refuses an empty key (a bug in the caller)', () => {
    expect(() => controlIdFor('')).toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, echo } from './errors.ts';

const issuesOf = (schema: z.ZodType, value: unknown): string => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return describeIssues(parsed.error);
};

describe('echo', () => {
  it('keeps a short text as it is', () => {
    expect(echo('post_journal_entries')).toBe('post_journal_entries');
  });

  it('cuts a long text to 60 characters and says how long it was, never splitting a surrogate pair', () => {
    const emoji = '\u{1F600}'.repeat(100);
    const shown = echo(emoji);
    expect(shown).toBe(`${'\u{1F600}'.repeat(60)}…[200 chars]`);
    expect(/\p{Cs}/u.test(shown.replace(/\u{1F600}/gu, ''))).toBe(false);
  });
});

describe('describeIssues', () => {
  const args = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'expected YYYY-MM'), limit: z.number().int().max(5) }).strict();

  it('names each field with what it expects', () => {
    expect(issuesOf(args, { period: '2026-3', limit: 9 })).toBe('period: expected YYYY-MM; limit: Too big: expected number to be <=5');
  });

  it('names an unknown field with the fix, echoing a huge key only in part', () => {
    const message = issuesOf(args, { period: '2026-03', limit: 1, ['k'.repeat(900_000)]: 1 });
    expect(message).toBe(
      `(arguments): unknown field "${'k'.repeat(60)}…[900000 chars]"; remove it (the tool's input schema lists its fields)`,
    );
  });

  it('lists at most five unknown fields, and escapes what JSON cannot carry raw', () => {
    const extra = Object.fromEntries(['a', 'b', 'c', 'd', '\uD800', 'f', 'g'].map((k) => [k, 1]));
    const message = issuesOf(args, { period: '2026-03', limit: 1, ...extra });
    expect(message).toBe(
      '(arguments): unknown fields "a", "b", "c", "d", "\\ud800" and 2 more; remove them (the tool\'s input schema lists its fields)',
    );
  });

  it('cuts a refinement message that quotes a huge value', () => {
    const quoting = z.string().refine(() => false, { error: (i) => `not a journal: ${String(i.input)}` });
    const message = issuesOf(z.object({ journal: quoting }), { journal: 'j'.repeat(10_000) });
    expect(message.length).toBeLessThan(400);
    expect(message.startsWith('journal: not a journal: jjj')).toBe(true);
  });
});

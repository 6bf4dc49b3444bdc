import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ToolErrorCode } from '../governance/errors.ts';
import { EXIT, EXIT_MEANINGS, exitForError, exitForStatus } from './exit-codes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('./', import.meta.url));

/** The rows of the README's exit-code table (the table under "### Exit codes"), as [code, meaning]. */
function readmeTable(): [number, string][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit codes'));
  const rows: [number, string][] = [];
  for (const line of section.split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const m = /^\| (\d+) \| (.+) \|$/.exec(line);
    if (m) rows.push([Number(m[1]), m[2]!]);
  }
  return rows;
}

// Every code of the closed ToolErrorCode union: the Record makes the compiler refuse a missing or unknown one.
const EVERY_ERROR: Record<ToolErrorCode, number> = {
  forbidden: EXIT.refused,
  invalid_arguments: EXIT.usage,
  rate_limited: EXIT.rateLimited,
  not_found: EXIT.usage,
  approval_not_pending: EXIT.refused,
  self_approval: EXIT.refused,
  already_approved: EXIT.refused,
  not_an_approver: EXIT.refused,
  digest_mismatch: EXIT.refused,
  approval_expired: EXIT.refused,
  audit_unavailable: EXIT.internal,
  configuration: EXIT.usage,
  upstream_unavailable: EXIT.upstream,
  cancelled: EXIT.partial,
  internal: EXIT.internal,
};

describe('the one exit-code table', () => {
  it('is in the README word for word, one row per code', () => {
    const table = readmeTable();
    expect(table.length).toBeGreaterThan(0);
    expect(table).toEqual([...EXIT_MEANINGS].sort((a, b) => a[0] - b[0]));
  });

  it.each(Object.entries(EVERY_ERROR))('maps the tool error %s to exit %i, a row of the table', (code, exit) => {
    expect(exitForError(code as ToolErrorCode)).toBe(exit);
    expect(EXIT_MEANINGS.map(([c]) => c)).toContain(exit);
  });

  it.each([
    ['completed', EXIT.ok],
    ['executed', EXIT.ok],
    ['partial', EXIT.partial],
    ['cancelled', EXIT.partial],
    ['pending_approval', EXIT.pending],
    ['partially_approved', EXIT.pending],
    ['rejected', EXIT.refused],
  ])('maps the result status %s to exit %i', (status, exit) => {
    expect(exitForStatus(status)).toBe(exit);
  });

  // The commands are checked at their source: every governed call's error goes through exitForError, and no command
  // returns an exit code of its own making (a bare number), so the table above is every code a command can exit with.
  const sources = readdirSync(CLI)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'exit-codes.ts')
    .map((f) => [f, readFileSync(join(CLI, f), 'utf8')] as const);

  it.each(sources.filter(([, text]) => text.includes('governor.call(')))(
    '%s maps every governed error through exitForError',
    (_f, text) => {
      const calls = text.split('governor.call(').length - 1;
      expect(calls).toBeGreaterThan(0);
      expect(text.split('return exitForError(outcome.error.code)').length - 1).toBe(calls);
    },
  );

  it.each(sources)('%s exits only with codes of the table', (_f, text) => {
    expect(text).not.toMatch(/\b(?:return|done\(|exitCode\s*=|process\.exit\()\s*\d+\b/);
  });
});

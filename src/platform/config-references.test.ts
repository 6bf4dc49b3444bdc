import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from './config.ts';
import { checkToolReferences } from './config-references.ts';

const TOOLS = ['post_journal_entries', 'get_sync_status', 'sync_vendors', 'query_audit_log'].map((name) => ({
  name,
  input: z.object({ incremental: z.boolean().optional() }).strict(),
}));
const principal = { name: 'svc', roles: ['agent'] };

/** The problems of a config whose references are checked against TOOLS. */
function problems(raw: Record<string, unknown>): string[] {
  try {
    checkToolReferences(parseConfig({ principals: [principal], ...raw }, 'test', {}), TOOLS);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('tool names in the configuration', () => {
  it('refuses a misspelt tool in approvals.tools, rateLimits.tools and schedules[].tool, naming the path and the closest tool', () => {
    expect(
      problems({
        approvals: { tools: { post_journal_entry: { admin: 'auto' } } },
        rateLimits: { tools: { get_sync_stats: { calls: 5 } } },
        schedules: [{ name: 'nightly', tool: 'sync_vendor', everyMinutes: 60, principal: 'svc' }],
      }),
    ).toEqual([
      'approvals.tools.post_journal_entry: "post_journal_entry" is not a tool; did you mean "post_journal_entries"?',
      'rateLimits.tools.get_sync_stats: "get_sync_stats" is not a tool; did you mean "get_sync_status"?',
      'schedules[0].tool: "sync_vendor" is not a tool; did you mean "sync_vendors"?',
    ]);
  });

  it("refuses schedule arguments the tool's input schema refuses, naming the field", () => {
    const found = problems({
      schedules: [
        {
          name: 'gl',
          tool: 'post_journal_entries',
          arguments: { incremental: 'yes', peroid: '2026-03' },
          everyMinutes: 15,
          principal: 'svc',
        },
      ],
    });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^schedules\[0\]\.arguments\.incremental: /);
    expect(found[1]).toMatch(/^schedules\[0\]\.arguments: .*peroid/);
  });

  it('accepts tools that exist', () => {
    expect(
      problems({
        approvals: { tools: { post_journal_entries: { admin: 'auto' } } },
        rateLimits: { tools: { query_audit_log: { calls: 5 } } },
        schedules: [{ name: 'nightly', tool: 'sync_vendors', arguments: { incremental: true }, everyMinutes: 60, principal: 'svc' }],
      }),
    ).toEqual([]);
  });
});

describe('token hashes', () => {
  it('refuses two principals with the same token hash', () => {
    const hash = 'a'.repeat(64);
    expect(() =>
      parseConfig(
        {
          principals: [
            { name: 'ann', roles: ['analyst'], tokenSha256: hash },
            { name: 'bob', roles: ['admin'], tokenSha256: hash },
          ],
        },
        'test',
        {},
      ),
    ).toThrow(/principals\[1\]\.tokenSha256: the same token hash as principal "ann"/);
  });
});

describe('limit keys', () => {
  it('has documented defaults and refuses unknown keys inside the new sections', () => {
    const config = parseConfig({}, 'test', {});
    expect(config.server).toMatchObject({ maxHeaderBytes: 16_384, maxArgumentBytes: 65_536, maxSessionsPerPrincipal: 16 });
    expect(config.rateLimits.refused).toEqual({ calls: 30, windowSeconds: 60 });
    expect(config.rateLimits.unauthenticated).toEqual({ calls: 30, windowSeconds: 60 });
    expect(() => parseConfig({ rateLimits: { refused: { calls: 5, windw: 1 } } }, 'test', {})).toThrow(/rateLimits\.refused/);
  });
});

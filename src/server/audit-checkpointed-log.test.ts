import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent, AuditEventInput } from '../core/ports/audit-port.ts';
import { checkpointedLog } from './audit-checkpointed-log.ts';
import { openAuditLog, type AuditLog } from './audit-log.ts';

const opened: AuditLog[] = [];
afterEach(() => {
  for (const log of opened.splice(0)) log.close();
});

function openLog(): AuditLog {
  const log = openAuditLog(join(mkdtempSync(join(tmpdir(), 'sb-audit-cp-')), 'audit.db'));
  opened.push(log);
  return log;
}

const read: AuditEventInput = {
  kind: 'tool_call',
  principal: 'auditor',
  action: 'get_sync_status',
  decision: 'allowed',
  outcome: 'ok',
  changeSetId: null,
  detail: { arguments: { runs: 5 }, via: 'http' },
};

describe('checkpointedLog', () => {
  it("passes each append's durability through to the log (a read's relaxed row stays relaxed when checkpoints are on)", () => {
    const log = openLog();
    const append = vi.spyOn(log, 'append');
    const noted: AuditEvent[] = [];
    const audit = checkpointedLog(log, { noteAppend: (e) => noted.push(e) });

    const relaxed = audit.append(read, { durability: 'relaxed' });
    const durable = audit.append({ ...read, action: 'post_journal_entries', outcome: 'started' });

    expect(append.mock.calls.map(([, options]) => options)).toEqual([{ durability: 'relaxed' }, undefined]);
    // The checkpointer sees every stored row, in order, as the log stored it.
    expect(noted).toEqual([relaxed, durable]);
    expect(log.query({}).map((e) => e.hash)).toEqual([relaxed.hash, durable.hash]);
  });

  it('keeps the rest of the log as it is (query, head, close)', () => {
    const log = openLog();
    const audit = checkpointedLog(log, { noteAppend: () => undefined });
    const row = audit.append(read, { durability: 'relaxed' });
    expect(audit.path).toBe(log.path);
    expect(audit.query({ action: 'get_sync_status' })).toHaveLength(1);
    expect(audit.checkpointHead()).toMatchObject({ seq: row.seq, hash: row.hash });
  });
});
